/**
 * One-line structured logs for the trigger handlers. Fields are reason codes, trigger sources and counts:
 * never a username, an email address, a phone number or any attribute value.
 */
export type LogFields = Readonly<Record<string, string | number | boolean>>;

/** Writes `fields` as one JSON line at the given level. */
export function log(level: 'info' | 'warn' | 'error', fields: LogFields): void {
  console[level](JSON.stringify(fields));
}
