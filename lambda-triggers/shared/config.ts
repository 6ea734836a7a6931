/**
 * Helpers shared by the trigger configuration modules (`lambda-triggers/<trigger>/config.ts`).
 *
 * The constructs import these modules to validate and serialize a trigger's configuration at synth; the
 * handlers import them to parse the same configuration from an environment variable at module load. This
 * module therefore never imports aws-cdk-lib, and stays small: it is bundled into every handler.
 */

/** One problem found in a trigger configuration. */
export interface ConfigIssue {
  /** Path of the offending value inside the configuration, e.g. `allowedDomains[2]`. */
  readonly path: string;
  /** What is wrong: the value received and what is allowed. */
  readonly message: string;
}

/** Options for a configuration validator. */
export interface ValidateOptions {
  /**
   * Returns true for a string whose value is not known yet (a CDK token at synth). Such values are not
   * checked. At runtime every value is resolved and nothing is skipped.
   * @default - no value is skipped
   */
  readonly isUnresolved?: (value: string) => boolean;
}

/** Thrown by a `parse...Config` function when the configuration is missing or invalid. */
export class TriggerConfigError extends Error {
  /** Every problem found. */
  public readonly issues: readonly ConfigIssue[];

  constructor(envVar: string, issues: readonly ConfigIssue[]) {
    super(`${envVar} is invalid: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
    this.name = 'TriggerConfigError';
    this.issues = issues;
  }
}

/** Renders a received value for a message: strings quoted, other values as JSON. */
export function show(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** True for a plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The issues found so far, and which values to skip. */
export interface Checker {
  readonly issues: ConfigIssue[];
  readonly unresolved: (value: string) => boolean;
}

/** Starts a validation. */
export function checker(options: ValidateOptions): Checker {
  return { issues: [], unresolved: options.isUnresolved ?? (() => false) };
}

/** True when `value` is a string whose value is not known yet: it is not checked. */
export function skip(c: Checker, value: unknown): boolean {
  return typeof value === 'string' && c.unresolved(value);
}

/** Records a problem with a free-form message. */
export function problem(c: Checker, path: string, message: string): void {
  c.issues.push({ path, message });
}

/** Records that `value` at `path` is not valid, and what is allowed there. */
export function invalid(c: Checker, path: string, value: unknown, allowed: string): void {
  problem(c, path, `${show(value)} is not valid; allowed: ${allowed}`);
}

/** Records every key of `value` that is not in `known`. */
export function unknownKeys(
  c: Checker,
  prefix: string,
  value: Record<string, unknown>,
  known: readonly string[],
): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) problem(c, prefix + key, `is not an option; allowed: ${known.join(', ')}`);
  }
}

/** Copies the keys in `known` that are set in `value`: the configuration part of a larger options object. */
export function pick<T extends object>(value: T, known: readonly string[]): T {
  const out: Record<string, unknown> = {};
  for (const key of known) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = v;
  }
  return out as T;
}

/** Reads a JSON configuration from an environment variable. */
export function readJsonEnv(env: Readonly<Record<string, string | undefined>>, name: string): unknown {
  try {
    return JSON.parse(env[name] ?? '') as unknown;
  } catch {
    throw new TriggerConfigError(name, [{ path: name, message: 'is not set to a JSON object' }]);
  }
}
