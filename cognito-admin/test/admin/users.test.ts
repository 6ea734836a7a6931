import * as fs from 'node:fs';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { AdminError } from '../../src/admin/errors';
import { addUserToGroup, createGroup, listGroups, removeUserFromGroup } from '../../src/admin/groups';
import { deleteUser, disableUser, enableUser, getUser, listUsers } from '../../src/admin/users';
import { groupsOf, runCli, startTestEmulator, TestEmulator, TestPool } from './helpers';

let emu: TestEmulator;
let pool: TestPool;

async function createUser(
  username: string,
  email: string,
  options: { groups?: string[]; confirmed?: boolean; disabled?: boolean } = {},
) {
  const UserPoolId = pool.userPoolId;
  await pool.sdk.send(
    new AdminCreateUserCommand({
      UserPoolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'given_name', Value: username[0].toUpperCase() + username.slice(1) },
      ],
    }),
  );
  if (options.confirmed) {
    await pool.sdk.send(
      new AdminSetUserPasswordCommand({
        UserPoolId,
        Username: username,
        Password: 'Passw0rd!x',
        Permanent: true,
      }),
    );
  }
  for (const group of options.groups ?? []) {
    await pool.sdk.send(new AdminAddUserToGroupCommand({ UserPoolId, Username: username, GroupName: group }));
  }
  if (options.disabled) await pool.sdk.send(new AdminDisableUserCommand({ UserPoolId, Username: username }));
}

async function enabled(username: string): Promise<boolean | undefined> {
  const user = await pool.sdk.send(
    new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: username }),
  );
  return user.Enabled;
}

function cli(...args: string[]) {
  return runCli(['--endpoint', pool.endpoint, '--user-pool-id', pool.userPoolId, ...args]);
}

beforeAll(async () => {
  emu = await startTestEmulator('users');
  pool = await emu.newPool();
  await createUser('alice', 'alice@example.com', { groups: ['admins'], confirmed: true });
  await createUser('bob', 'bob@example.org', { groups: ['staff'] });
  await createUser('carol', 'carol@example.com', { disabled: true });
  await createUser('dave', 'dave@example.org', { groups: ['staff'], confirmed: true });
});

afterAll(async () => {
  await emu?.stop();
  fs.rmSync(emu.dataDir, { recursive: true, force: true });
});

describe('users list', () => {
  const names = (users: Array<{ username: string }>) => users.map((u) => u.username).sort();

  test('lists every user with status, enabled flag and attributes', async () => {
    const users = await listUsers(pool.context());
    expect(names(users)).toEqual(['alice', 'bob', 'carol', 'dave']);
    expect(users.find((u) => u.username === 'alice')).toMatchObject({
      status: 'CONFIRMED',
      enabled: true,
      attributes: expect.objectContaining({ email: 'alice@example.com', given_name: 'Alice' }),
    });
    expect(users.find((u) => u.username === 'carol')).toMatchObject({
      enabled: false,
      status: 'FORCE_CHANGE_PASSWORD',
    });
  });

  test('takes a Cognito filter', async () => {
    expect(names(await listUsers(pool.context(), { filter: 'email ^= "bob"' }))).toEqual(['bob']);
    expect(names(await listUsers(pool.context(), { filter: 'username = "dave"' }))).toEqual(['dave']);
  });

  test('refuses a filter that is not Cognito syntax, before any call', async () => {
    await expect(listUsers(pool.context(), { filter: 'email contains bob' })).rejects.toThrow(
      /is not Cognito filter syntax: attribute = "value" or attribute \^= "value"/,
    );
    await expect(listUsers(pool.context(), { filter: 'custom:tenant = "x"' })).rejects.toThrow(
      /cannot be filtered on/,
    );
  });

  test('by status, by group, and both', async () => {
    expect(names(await listUsers(pool.context(), { status: 'force_change_password' }))).toEqual([
      'bob',
      'carol',
    ]);
    expect(names(await listUsers(pool.context(), { group: 'staff' }))).toEqual(['bob', 'dave']);
    expect(names(await listUsers(pool.context(), { group: 'staff', status: 'CONFIRMED' }))).toEqual(['dave']);
    expect(names(await listUsers(pool.context(), { group: 'staff', filter: 'email ^= "bob"' }))).toEqual([
      'bob',
    ]);
  });

  test('enabled or disabled only, and a limit', async () => {
    expect(names(await listUsers(pool.context(), { enabled: false }))).toEqual(['carol']);
    expect(names(await listUsers(pool.context(), { enabled: true }))).toEqual(['alice', 'bob', 'dave']);
    expect(await listUsers(pool.context(), { limit: 2 })).toHaveLength(2);
  });

  test('an unknown status or group is an error that says so', async () => {
    await expect(listUsers(pool.context(), { status: 'ACTIVE' })).rejects.toThrow(
      /--status ACTIVE is not a user status/,
    );
    await expect(listUsers(pool.context(), { group: 'ghosts' })).rejects.toThrow(
      /group ghosts does not exist/,
    );
  });

  test('the CLI prints a table, CSV with the chosen attributes, or JSON', async () => {
    const table = await cli('users', 'list', '--group', 'staff');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^USERNAME\s+STATUS\s+ENABLED\s+EMAIL\s+CREATED$/m);
    expect(table.stdout).toMatch(/^dave\s+CONFIRMED\s+true\s+dave@example\.org\s+\d{4}-/m);
    expect(table.stderr).toMatch(/2 users/);

    const csv = await cli(
      'users',
      'list',
      '--output',
      'csv',
      '--attributes',
      'given_name',
      '--filter',
      'email ^= "alice"',
    );
    expect(csv.stdout.trim().split('\n')).toEqual([
      'username,status,enabled,email,created,given_name',
      expect.stringMatching(/^alice,CONFIRMED,true,alice@example\.com,\d{4}-.*,Alice$/),
    ]);

    const json = await cli('--json', 'users', 'list', '--disabled');
    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ username: 'carol', enabled: false })]);
  });
});

describe('users get, disable, enable, delete', () => {
  test('get shows attributes, status and groups', async () => {
    const user = await getUser(pool.context(), 'alice');
    expect(user).toMatchObject({ username: 'alice', status: 'CONFIRMED', enabled: true, groups: ['admins'] });
    expect(user.attributes.email).toBe('alice@example.com');
  });

  test('an unknown user is an error that names it', async () => {
    await expect(getUser(pool.context(), 'nobody')).rejects.toThrow(
      new AdminError(`user nobody does not exist in user pool ${pool.userPoolId}`),
    );
    await expect(disableUser(pool.context(), 'nobody')).rejects.toThrow(/user nobody does not exist/);
  });

  test('disable then enable', async () => {
    await createUser('erin', 'erin@example.com');
    await disableUser(pool.context(), 'erin');
    expect(await enabled('erin')).toBe(false);
    await enableUser(pool.context(), 'erin');
    expect(await enabled('erin')).toBe(true);
  });

  test('delete refuses an enabled user and keeps it; a disabled one is deleted', async () => {
    await createUser('frank', 'frank@example.com');
    await expect(deleteUser(pool.context(), 'frank')).rejects.toThrow(
      /user frank is enabled; disable it first \(cognito-admin users disable frank\) or pass --force/,
    );
    expect(await enabled('frank')).toBe(true);
    await disableUser(pool.context(), 'frank');
    await deleteUser(pool.context(), 'frank');
    await expect(getUser(pool.context(), 'frank')).rejects.toThrow(/does not exist/);
  });

  test('delete --force deletes an enabled user', async () => {
    await createUser('gina', 'gina@example.com');
    await deleteUser(pool.context(), 'gina', { force: true });
    await expect(getUser(pool.context(), 'gina')).rejects.toThrow(/does not exist/);
  });

  test('the CLI refuses to delete an enabled user with exit code 1 and a message', async () => {
    await createUser('hugo', 'hugo@example.com');
    const refused = await cli('users', 'delete', 'hugo');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'cognito-admin: user hugo is enabled; disable it first (cognito-admin users disable hugo) or pass --force\n',
    );
    expect(await enabled('hugo')).toBe(true);
    expect((await cli('users', 'disable', 'hugo')).stdout).toBe('hugo disabled\n');
    const deleted = await cli('users', 'delete', 'hugo');
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toBe('hugo deleted\n');
  });
});

describe('groups', () => {
  test('list is sorted by precedence', async () => {
    const groups = await listGroups(pool.context());
    expect(groups.slice(0, 3).map((g) => [g.name, g.precedence])).toEqual([
      ['admins', 0],
      ['staff', 10],
      ['readers', 20],
    ]);
  });

  test('create, then add and remove a member', async () => {
    const ctx = pool.context();
    const group = await createGroup(ctx, 'auditors', { description: 'read-only audit', precedence: 30 });
    expect(group).toMatchObject({ name: 'auditors', description: 'read-only audit', precedence: 30 });
    expect((await listGroups(ctx)).map((g) => g.name)).toContain('auditors');

    await addUserToGroup(ctx, 'bob', 'auditors');
    expect(await groupsOf(pool, 'bob')).toEqual(['auditors', 'staff']);
    await removeUserFromGroup(ctx, 'bob', 'auditors');
    expect(await groupsOf(pool, 'bob')).toEqual(['staff']);
  });

  test('names with spaces and unknown groups are refused with a message', async () => {
    await expect(createGroup(pool.context(), 'two words')).rejects.toThrow(
      /is not allowed; use 1 to 128 letters, digits, symbols or punctuation, no spaces/,
    );
    await expect(addUserToGroup(pool.context(), 'bob', 'ghosts')).rejects.toThrow(
      /group ghosts does not exist/,
    );
  });

  test('the CLI adds and removes members', async () => {
    const added = await cli('groups', 'add-user', 'readers', 'dave');
    expect(added).toMatchObject({ code: 0, stdout: 'dave added to readers\n' });
    expect(await groupsOf(pool, 'dave')).toEqual(['readers', 'staff']);
    const removed = await cli('--json', 'groups', 'remove-user', 'readers', 'dave');
    expect(JSON.parse(removed.stdout)).toEqual({ group: 'readers', username: 'dave', member: false });
    expect(await groupsOf(pool, 'dave')).toEqual(['staff']);
  });
});
