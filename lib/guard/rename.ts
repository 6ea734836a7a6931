import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { describeLocation } from './compare';
import { PoolLocation, PoolLockEntry } from './lock-entry';

/** Lock ids of the pools of each app, by lock file: which recorded pools this synth still describes. */
const registered = new WeakMap<IConstruct, Map<string, Set<string>>>();

/** Records that the app of `scope` describes the pool `id` of the lock file `file`. */
export function registerLockId(scope: IConstruct, file: string, id: string): void {
  const root = scope.node.root;
  const byFile = registered.get(root) ?? new Map<string, Set<string>>();
  registered.set(root, byFile);
  byFile.set(file, (byFile.get(file) ?? new Set()).add(id));
}

/** A recorded pool that this synth no longer describes, and why it looks like the new one. */
export interface VanishedPool {
  readonly id: string;
  readonly location: PoolLocation;
  /** `same stack`, or `same account, Region and path` for a stack that is no longer in the app. */
  readonly why: string;
}

/** The stack name of an entry: from its location, else from a default lock id `<stack>/<path>`. */
function locationOf(id: string, entry: PoolLockEntry): PoolLocation | undefined {
  if (entry.location) return entry.location;
  const slash = id.indexOf('/');
  return slash > 0 ? { stack: id.slice(0, slash), path: id.slice(slash + 1), logicalId: '' } : undefined;
}

/**
 * The recorded pools that a new pool (one the lock file has no entry for) may be replacing: entries of the
 * same lock file that no `CognitoAuth` of this app describes any more, and that lived
 * - in the same stack (the construct id or path changed: CloudFormation deletes the recorded pool), or
 * - in a stack this app no longer has, in the same account and Region (both known on both sides), at the
 *   same path (the stack was renamed: a new stack, a new empty pool).
 */
export function findVanishedPools(
  scope: IConstruct,
  file: string,
  pools: Readonly<Record<string, PoolLockEntry>>,
  current: PoolLocation,
): VanishedPool[] {
  const described = registered.get(scope.node.root)?.get(file) ?? new Set<string>();
  const stacks = new Set(
    scope.node.root.node
      .findAll()
      .filter((c): c is Stack => Stack.isStack(c))
      .map((s) => s.stackName),
  );
  const out: VanishedPool[] = [];
  for (const [id, entry] of Object.entries(pools)) {
    if (described.has(id)) continue;
    const location = locationOf(id, entry);
    if (!location) continue;
    // The same resource of the same stack under another lock id (lock.id changed): not a new pool.
    if (location.stack === current.stack && location.logicalId === current.logicalId) continue;
    if (location.stack === current.stack) {
      out.push({ id, location, why: `same stack ${JSON.stringify(current.stack)}` });
    } else if (
      !stacks.has(location.stack) &&
      location.account !== undefined &&
      location.account === current.account &&
      location.region !== undefined &&
      location.region === current.region &&
      location.path === current.path
    ) {
      out.push({ id, location, why: `same account, Region and path, in a stack this app no longer has` });
    }
  }
  return out;
}

/** The message of a refused rename, with the ways out. */
export function renameMessage(
  newId: string,
  current: PoolLocation,
  vanished: readonly VanishedPool[],
  file: string,
  contextKeys: { readonly acknowledgeReplacement: string; readonly newPool: string },
): string {
  const old = vanished.map((v) => `  - ${JSON.stringify(v.id)} (${describeLocation(v.location)}; ${v.why})`);
  return [
    `looks like a renamed pool: ${file} records ${vanished.length === 1 ? 'a pool' : 'pools'} that this app no longer describes, while the pool ${JSON.stringify(newId)} (${describeLocation(current)}) appears for the first time:`,
    ...old,
    'A new construct id (or path, or stack name) is not a rename for CloudFormation: it is a new resource. It creates a new, empty pool (new id, new clients, new domain) and deletes the recorded pool with every user, password and MFA enrolment (with RETAIN it is orphaned outside the stack instead, still holding the users but no longer managed or used).',
    'Ways out:',
    '  1. Keep the recorded construct id and stack name (rename back); the pool stays as it is.',
    '  2. Migrate: keep the old CognitoAuth beside the new one, move users (cognito-admin users import, or a user-migration trigger), point the apps at the new pool, and only then remove the old one.',
    `  3. If deleting the recorded pool is intended, acknowledge it: -c ${contextKeys.acknowledgeReplacement}=${vanished.map((v) => v.id).join(',')} (its entry is then removed).`,
    ...(vanished.some((v) => v.location.stack === current.stack)
      ? []
      : [
          `  4. If the recorded pool still exists in its own stack and this is a different, new pool (for example a new stage), say so: -c ${contextKeys.newPool}=${newId}`,
        ]),
  ].join('\n');
}
