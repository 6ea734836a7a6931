/**
 * Lost or corrupt local state never replaces a pool that holds users with an empty one: local mode finds
 * the pool of an earlier run again by its name, or stops and says how to recover; `--reset` stays the
 * explicit way to start clean.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AdminGetUserCommand,
  CreateUserPoolCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { emulatorClient, LocalStack, startLocal, StartLocalOptions } from '../../src/local/start-local';
import { CODE, devStack, signUp, START_TIMEOUT, synthesizeDev, tempDir, uniqueEmail } from '../e2e/helpers';

let dir: string;
let assemblyDir: string;
const running: LocalStack[] = [];

beforeAll(async () => {
  dir = tempDir('state');
  assemblyDir = await synthesizeDev(dir);
}, START_TIMEOUT);

afterEach(async () => {
  await Promise.all(running.splice(0).map((l) => l.stop()));
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function start(name: string, options: Partial<StartLocalOptions> = {}): Promise<LocalStack> {
  const local = await startLocal({
    assemblyDir,
    dir: path.join(dir, name),
    port: 0,
    code: CODE,
    quiet: true,
    ...options,
  });
  running.push(local);
  return local;
}

async function stop(local: LocalStack): Promise<void> {
  running.splice(running.indexOf(local), 1);
  await local.stop();
}

/** Starts, signs a user up, stops: a pool that holds a user. */
async function poolWithUser(name: string): Promise<{ poolId: string; clients: string[]; email: string }> {
  const local = await start(name);
  const stack = devStack(local);
  const email = uniqueEmail('example.org', 'kept');
  await signUp(stack, email);
  stack.cognito.destroy();
  const result = { poolId: stack.poolId, clients: local.pools[0].clients.map((c) => c.clientId), email };
  await stop(local);
  return result;
}

async function userExists(local: LocalStack, email: string): Promise<boolean> {
  const cognito = emulatorClient(local.endpoint, local.region);
  try {
    await cognito.send(new AdminGetUserCommand({ UserPoolId: local.pools[0].id, Username: email }));
    return true;
  } catch (e) {
    if ((e as Error).name === 'UserNotFoundException') return false;
    throw e;
  } finally {
    cognito.destroy();
  }
}

test('a lost state.json: the pool, its clients and its users are found again by name', async () => {
  const before = await poolWithUser('lost');
  fs.rmSync(path.join(dir, 'lost', 'state.json'));

  const local = await start('lost');
  expect(local.pools[0]).toMatchObject({ id: before.poolId, created: false });
  expect(local.pools[0].clients.map((c) => c.clientId)).toEqual(before.clients);
  expect(await userExists(local, before.email)).toBe(true);
  expect(local.notes.join('\n')).toMatch(
    new RegExp(
      `found ${before.poolId} \\(CognitoAuth-dev-\\w+\\) of an earlier run by its name and kept it, with its users`,
    ),
  );
  // The state names the pool again.
  const state = JSON.parse(fs.readFileSync(local.stateFile, 'utf8')) as { stacks: Record<string, unknown> };
  expect(JSON.stringify(state.stacks)).toContain(before.poolId);
});

test('a corrupt state.json is kept aside for a look, and the pool with its users is found again', async () => {
  const before = await poolWithUser('corrupt');
  fs.writeFileSync(path.join(dir, 'corrupt', 'state.json'), '{"version": 1, "stacks": {"CognitoAuth-de');

  const local = await start('corrupt');
  expect(local.pools[0]).toMatchObject({ id: before.poolId, created: false });
  expect(await userExists(local, before.email)).toBe(true);
  const kept = fs
    .readdirSync(path.join(dir, 'corrupt'))
    .filter((f) => f.startsWith('state.json.unreadable-'));
  expect(kept).toHaveLength(1);
  expect(fs.readFileSync(path.join(dir, 'corrupt', kept[0]), 'utf8')).toContain('CognitoAuth-de');
  expect(local.notes.join('\n')).toContain('is not valid JSON');
});

test('a state that names a pool the emulator no longer has: the pool is found by its name', async () => {
  const before = await poolWithUser('stale');
  const file = path.join(dir, 'stale', 'state.json');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replaceAll(before.poolId, 'local_Gone0000'));
  const local = await start('stale');
  expect(local.pools[0]).toMatchObject({ id: before.poolId, created: false });
  expect(await userExists(local, before.email)).toBe(true);
});

test('two pools by the name and no state: local mode stops with how to recover and changes nothing; --reset starts clean', async () => {
  const before = await poolWithUser('ambiguous');
  // A second pool by the same name, made while the first one ran.
  const local = await start('ambiguous');
  const cognito = emulatorClient(local.endpoint, local.region);
  const name = (await cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools?.[0]?.Name;
  await cognito.send(new CreateUserPoolCommand({ PoolName: name! }));
  cognito.destroy();
  await stop(local);
  fs.rmSync(path.join(dir, 'ambiguous', 'state.json'));

  await expect(start('ambiguous')).rejects.toThrow(
    /holds 2 pools named CognitoAuth-dev-\w+ .*local mode will not guess which one holds your users\. Restore state\.json from a backup, or start with --reset/s,
  );
  expect(fs.existsSync(path.join(dir, 'ambiguous', 'state.json'))).toBe(false);

  const again = await start('ambiguous', { reset: true });
  expect(again.pools[0].created).toBe(true);
  expect(again.pools[0].id).not.toBe(before.poolId);
  expect(await userExists(again, before.email)).toBe(false);
});

test('damaged emulator data: local mode stops with how to recover, and leaves the file as it was', async () => {
  const before = await poolWithUser('damaged');
  const file = path.join(dir, 'damaged', '.cognito', 'db', `${before.poolId}.json`);
  const damaged = fs.readFileSync(file, 'utf8').slice(0, 40);
  fs.writeFileSync(file, damaged);
  await expect(start('damaged')).rejects.toThrow(
    /Failed to load StormDB database file.*is damaged: restore it from a backup, or start with --reset/s,
  );
  expect(fs.readFileSync(file, 'utf8')).toBe(damaged);
});
