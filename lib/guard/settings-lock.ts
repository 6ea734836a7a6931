import * as path from 'node:path';
import { Stack, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { CognitoAuthError, show } from '../errors';
import { Comparison, compareEntry } from './compare';
import { PoolLockEntry, readPoolEntry } from './lock-entry';
import { findVanishedPools, registerLockId, renameMessage } from './rename';
import {
  LOCK_FILE_VERSION,
  LockFileContent,
  readLockFile,
  stableStringify,
  writeLockFile,
} from './lock-file';
import { DEFAULT_LOCK_FILE, ImmutableSettingsLockOptions, LOCK_CONTEXT, LockMode } from './lock-options';

/** The lock settings after props, context and environment. */
export interface ResolvedLock {
  readonly mode: LockMode;
  /** Absolute path of the lock file. */
  readonly file: string;
  /** Key of the pool in the file. */
  readonly id: string;
  /** Whether a refused change of this pool is acknowledged. */
  readonly acknowledged: boolean;
  /** Every lock id given in the acknowledge-replacement context key. */
  readonly acknowledgedIds: readonly string[];
  /** Whether this pool is declared new beside a recorded pool of another stack. */
  readonly declaredNew: boolean;
}

/** Resolves the lock settings of the pool of `scope`: the prop, else the context key, else the default. */
export function resolveLock(scope: Construct, options: ImmutableSettingsLockOptions = {}): ResolvedLock {
  const context = (key: string): string | undefined => {
    const value = scope.node.tryGetContext(key) as unknown;
    return value === undefined || value === null ? undefined : String(value);
  };
  const modeValue = options.mode ?? context(LOCK_CONTEXT.mode);
  if (modeValue !== undefined && !Object.values(LockMode).includes(modeValue as LockMode)) {
    const prop = options.mode !== undefined ? 'lock.mode' : `context ${LOCK_CONTEXT.mode}`;
    throw new CognitoAuthError(prop, `${show(modeValue)} is not a lock mode; use write, verify or off`);
  }
  const fileValue = options.file ?? context(LOCK_CONTEXT.file);
  if (fileValue !== undefined && !fileValue.trim()) {
    throw new CognitoAuthError('lock.file', 'is empty; give a path such as cognito-auth.lock.json');
  }
  // The CDK CLI (and the toolkit library) tell the app their version; an app synthesized in-process does not.
  const underCli = process.env.CDK_CLI_VERSION !== undefined;
  const ci = !!process.env.CI && !['false', '0'].includes(process.env.CI.toLowerCase());
  const mode =
    (modeValue as LockMode | undefined) ??
    (underCli || fileValue !== undefined ? (ci ? LockMode.VERIFY : LockMode.WRITE) : LockMode.OFF);

  const stack = Stack.of(scope);
  const relative = scope.node.path.slice(stack.node.path.length).replace(/^\//, '');
  const stackName = Token.isUnresolved(stack.stackName) ? stack.node.path : stack.stackName;
  const id = options.id ?? `${stackName}/${relative}`;
  if (!id.trim() || /[\r\n]/.test(id)) {
    throw new CognitoAuthError('lock.id', `${show(id)} is not allowed; use a non-empty single-line key`);
  }
  const ids = (key: string) =>
    (context(key) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const acknowledgedIds = ids(LOCK_CONTEXT.acknowledgeReplacement);
  return {
    mode,
    file: path.resolve(fileValue ?? DEFAULT_LOCK_FILE),
    id,
    acknowledged: acknowledgedIds.includes(id),
    acknowledgedIds,
    declaredNew: ids(LOCK_CONTEXT.newPool).includes(id),
  };
}

/**
 * Registers the lock check of `pool` on `scope`. It runs at synth, once the tree is complete (clients,
 * groups and providers can be added after the constructor), and throws a `CognitoAuthError` for a change
 * that cannot be applied in place.
 */
export function registerSettingsLock(
  scope: Construct,
  pool: cognito.UserPool,
  lock: ResolvedLock,
  clientName: (client: cognito.CfnUserPoolClient) => string,
): void {
  registerLockId(scope, lock.file, lock.id);
  if (lock.mode === LockMode.OFF) return;
  scope.node.addValidation({
    validate: () => {
      checkLock(scope, pool.node.defaultChild as cognito.CfnUserPool, lock, clientName);
      return [];
    },
  });
}

function checkLock(
  scope: Construct,
  pool: cognito.CfnUserPool,
  lock: ResolvedLock,
  clientName: (client: cognito.CfnUserPoolClient) => string,
): void {
  const current = readPoolEntry(scope, pool, clientName);
  const verify = lock.mode === LockMode.VERIFY;
  const update = `run "npx cdk synth" where the lock is written (without CI=true, or with -c ${LOCK_CONTEXT.mode}=write) and commit ${path.basename(lock.file)}`;
  const content: LockFileContent = readLockFile(lock.file) ?? { version: LOCK_FILE_VERSION, pools: {} };
  const recorded = content.pools[lock.id];
  if (!recorded) {
    const replaced = renamedFrom(scope, lock, content, current);
    if (verify) {
      throw new CognitoAuthError(
        'lock',
        `has no entry for the pool ${show(lock.id)} in ${lock.file}, and mode verify never writes one; ${update}`,
      );
    }
    const pools = { ...content.pools, [lock.id]: current };
    for (const id of replaced) delete pools[id];
    writeLockFile(lock.file, { version: LOCK_FILE_VERSION, pools });
    return;
  }
  const comparison = compareEntry(recorded, current);
  if (comparison.refused.length > 0 && !lock.acknowledged) {
    throw new CognitoAuthError(comparison.refused[0].setting, refusalMessage(lock, comparison));
  }
  if (stableStringify(comparison.next as never) === stableStringify(recorded as never)) return;
  if (verify) {
    const what =
      comparison.refused.length > 0
        ? `an acknowledged replacement (${comparison.refused.map((r) => r.setting).join(', ')})`
        : comparison.additions.join(', ') || 'changed values';
    throw new CognitoAuthError(
      'lock',
      `entry of the pool ${show(lock.id)} in ${lock.file} is out of date (not recorded yet: ${what}), and mode verify never writes it; ${update}`,
    );
  }
  writeLockFile(lock.file, {
    version: LOCK_FILE_VERSION,
    pools: { ...content.pools, [lock.id]: comparison.next },
  });
}

/**
 * For a pool the lock has no entry for: refuses it when it looks like a recorded pool under a new
 * construct id or stack name (see `findVanishedPools`), unless acknowledged. Returns the ids of the
 * recorded pools whose replacement is acknowledged, to drop from the file.
 */
function renamedFrom(
  scope: Construct,
  lock: ResolvedLock,
  content: LockFileContent,
  current: PoolLockEntry,
): string[] {
  if (!current.location) return [];
  const vanished = findVanishedPools(scope, lock.file, content.pools, current.location);
  if (vanished.length === 0) return [];
  const sameStack = vanished.some((v) => v.location.stack === current.location?.stack);
  if (!sameStack && lock.declaredNew) return [];
  if (vanished.every((v) => lock.acknowledgedIds.includes(v.id))) return vanished.map((v) => v.id);
  throw new CognitoAuthError(
    'lock',
    renameMessage(lock.id, current.location, vanished, lock.file, LOCK_CONTEXT),
  );
}

function refusalMessage(lock: ResolvedLock, comparison: Comparison): string {
  const n = comparison.refused.length;
  const lines = comparison.refused.map(
    (r) =>
      `  - ${r.setting}: recorded ${stableStringify(r.recorded)}, now asked ${stableStringify(r.requested)}.\n    Why it cannot change: ${r.reason}.`,
  );
  return [
    `cannot change: the pool ${show(lock.id)} exists with the settings recorded in ${lock.file}, and ${n === 1 ? 'this change' : `these ${n} changes`} cannot be applied to it in place:`,
    ...lines,
    'Ways out:',
    '  1. Keep the recorded value (for an attribute, declare a new one under another name instead of changing it).',
    '  2. Migrate to a new pool: add a second CognitoAuth under a new construct id (a new pool and lock id) and deploy it beside this one',
    '     (renaming this one instead would make CloudFormation delete its pool);',
    '     move users with `cognito-admin users import` (password hashes cannot be exported: imported users reset their password),',
    '     or attach a user-migration trigger that signs users in against the old pool and copies them on first sign-in;',
    '     point the apps at the new pool, then remove the old one (a retained pool must be deleted by hand).',
    `  3. If replacing this pool and losing what it holds is intended, acknowledge it for this synth: -c ${LOCK_CONTEXT.acknowledgeReplacement}=${lock.id}`,
    '     (the entry is then rewritten; for a schema change the pool must also be replaced, or CloudFormation fails the update).',
  ].join('\n');
}
