/**
 * The one error class of the library's constructs. Thrown at synth, from a constructor, when a prop is
 * invalid. The message names the prop, the value received and what is allowed, for example:
 * `groups[2].precedence 3 is already used by group "admins"; precedences must be unique`.
 */
export class CognitoAuthError extends Error {
  /** The prop path that was wrong, e.g. `groups[2].precedence`. */
  public readonly prop: string;

  constructor(prop: string, message: string) {
    super(`${prop} ${message}`);
    this.name = 'CognitoAuthError';
    this.prop = prop;
  }
}

/** Renders a received value for an error message: strings quoted, objects as JSON. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
