import type { IConstruct } from 'constructs';

/**
 * The one error class of the library's constructs. Thrown at synth, from a constructor or a method, when a
 * prop is invalid. The message names the prop, the value received and what is allowed, and then the
 * construct it was given to, so that two pools of one app are told apart, for example:
 * `groups[2].precedence 3 is already used by group "admins"; precedences must be unique (at Auth-prod/Auth)`.
 *
 * TypeScript and JavaScript only (`instanceof CognitoAuthError`, `.prop`, `.constructPath`): jsii has no
 * error classes, so other languages receive the same message in their jsii runtime's error.
 *
 * @jsii ignore
 */
export class CognitoAuthError extends Error {
  /** The prop path that was wrong, e.g. `groups[2].precedence`. */
  public readonly prop: string;
  private located?: string;

  /**
   * @param prop the prop path that was wrong, e.g. `groups[2].precedence`
   * @param message what was received and what is allowed
   * @param scope the construct the prop was given to, when known (else the first `CognitoAuth` it passes through)
   */
  constructor(prop: string, message: string, scope?: IConstruct) {
    super(`${prop} ${message}`);
    this.name = 'CognitoAuthError';
    this.prop = prop;
    if (scope) this.locate(scope);
  }

  /** Path of the construct the bad prop was given to, e.g. `Auth-prod/Auth`, when known. */
  public get constructPath(): string | undefined {
    return this.located;
  }

  /**
   * Names the construct the error belongs to, once: the innermost `CognitoAuth` (or other construct of
   * this library) that the error passes through. Returns the error, to rethrow.
   */
  public locate(scope: IConstruct): this {
    if (this.located !== undefined) return this;
    const path = scope.node.path;
    this.located = path;
    const before = this.message;
    this.message = `${before} (at ${path})`;
    if (this.stack) this.stack = this.stack.replace(before, this.message);
    return this;
  }
}
