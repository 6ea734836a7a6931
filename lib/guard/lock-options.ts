/** What the immutable-settings lock does at synth. */
export enum LockMode {
  /**
   * Compare with the lock file, refuse changes Cognito cannot apply in place, and record new pools and
   * allowed additions (a new custom attribute, group, client, resource server, identity provider, domain).
   */
  WRITE = 'write',
  /**
   * Compare with the lock file and never write it: a refused change, a pool missing from the file, or an
   * addition the file does not hold yet all fail synth. For CI, where an update of the lock would be lost.
   */
  VERIFY = 'verify',
  /** No lock. */
  OFF = 'off',
}

/**
 * The immutable-settings lock: a JSON file, committed beside the CDK app, that records per user pool the
 * settings Cognito cannot change once the pool exists (sign-in aliases and username attributes, case
 * sensitivity, schema attributes) and the create-only identifiers (group names, identity provider names,
 * resource server identifiers, the domain, each client's secret setting). Synth refuses a change to them
 * unless it is acknowledged with `-c cognito-auth:acknowledge-replacement=<lock id>`.
 */
export interface ImmutableSettingsLockOptions {
  /**
   * What the lock does.
   * @default - context `cognito-auth:lock`; else, when the app runs under the CDK CLI or a lock file is
   * configured, VERIFY if the `CI` environment variable is set (and not `false` or `0`), WRITE otherwise;
   * else (an app synthesized in-process, as in unit tests) OFF
   */
  readonly mode?: LockMode;
  /**
   * Path of the lock file, relative to the working directory (the CDK CLI runs the app in the directory of
   * `cdk.json`).
   * @default - context `cognito-auth:lock-file`, else `cognito-auth.lock.json`
   */
  readonly file?: string;
  /**
   * Key of this pool in the lock file. Give one to keep the record when the construct moves in the tree
   * without its pool being replaced.
   * @default - `<stack name>/<path of the CognitoAuth in its stack>`, e.g. `CognitoAuth-prod/Auth`
   */
  readonly id?: string;
}

/** Context keys read by the lock. */
export const LOCK_CONTEXT = {
  /** `write`, `verify` or `off`. */
  mode: 'cognito-auth:lock',
  /** Path of the lock file. */
  file: 'cognito-auth:lock-file',
  /**
   * Lock ids (comma-separated) whose refused changes are accepted, and their entries rewritten; for a pool
   * that a renamed construct or stack replaces, the recorded pool's id (its entry is removed).
   */
  acknowledgeReplacement: 'cognito-auth:acknowledge-replacement',
  /**
   * Lock ids (comma-separated) of pools that are new beside a recorded pool of a stack this app no longer
   * has (for example a new stage), not a renamed one.
   */
  newPool: 'cognito-auth:new-pool',
} as const;

/** File name of the lock when none is configured. */
export const DEFAULT_LOCK_FILE = 'cognito-auth.lock.json';
