/**
 * Local mode itself: the client configuration it writes, restarts that keep the data, `reset`,
 * following template changes, a busy port, and the admin CLI pointed at `.local/outputs.json`.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { promisify } from 'node:util';
import {
  AdminConfirmSignUpCommand,
  AdminGetUserCommand,
  InitiateAuthCommand,
  ListGroupsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { parseAmplifyOutputs } from '@aws-amplify/core/internals/utils';
import type { ClientConfiguration } from '../../../lib/client-config';
import { freePort } from '../../src/local/emulator';
import { emulatorClient, LocalStack, startLocal, StartLocalOptions } from '../../src/local/start-local';
import {
  CODE,
  devStack,
  PACKAGE,
  REPO,
  signIn,
  signUp,
  START_TIMEOUT,
  synthesizeDev,
  tempDir,
  uniqueEmail,
} from './helpers';

let dir: string;
let assemblyDir: string;
const running: LocalStack[] = [];

beforeAll(async () => {
  dir = tempDir('local-mode');
  assemblyDir = await synthesizeDev(dir);
}, START_TIMEOUT);

afterEach(async () => {
  await Promise.all(running.splice(0).map((l) => l.stop()));
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Starts local mode from the dev stage's assembly, with its data in `<dir>/<name>`. */
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

test('outputs.json has the client configuration shape with the local ids, and Amplify reads it', async () => {
  const local = await start('outputs');
  const written = JSON.parse(fs.readFileSync(local.outputsFile, 'utf8')) as ClientConfiguration;
  expect(written).toEqual(local.outputs);
  const pool = local.pools[0];
  const idOf = (name: string) => pool.clients.find((c) => c.clientName.endsWith(`-${name}`))?.clientId;

  expect(written.auth.user_pool_id).toBe(pool.id);
  expect(written.auth.aws_region).toBe(local.region);
  expect(written.auth.user_pool_client_id).toBe(idOf(written.custom.cognito_auth.default_client ?? 'web'));
  expect(written.custom.cognito_auth.endpoint).toBe(local.endpoint);
  expect(written.custom.cognito_auth.user_pool_arn).toBe(pool.arn);
  for (const [name, client] of Object.entries(written.custom.cognito_auth.clients)) {
    expect(client.client_id).toBe(idOf(name));
  }
  expect(written.custom.cognito_auth.groups?.map((g) => g.name)).toEqual(pool.groups.map((g) => g.name));
  // The local identity pool, hosted UI and role names; nothing names AWS's hosts or a real account.
  expect(written.auth.identity_pool_id).toBe(Object.values(local.identityPools)[0]);
  expect(written.auth.identity_pool_id).toMatch(new RegExp(`^${local.region}:[0-9a-f-]{36}$`));
  expect(written.auth.oauth?.domain).toBe(new URL(local.hostedUi).host);
  expect(written.custom.cognito_auth.identity_pool?.authenticated_role_arn).toMatch(
    /^arn:aws:iam::000000000000:role\//,
  );
  expect(JSON.stringify(written)).not.toMatch(/amazoncognito\.com|amazonaws\.com/);

  const amplify = parseAmplifyOutputs(written as Parameters<typeof parseAmplifyOutputs>[0]);
  expect(amplify.Auth?.Cognito).toMatchObject({
    userPoolId: pool.id,
    userPoolClientId: written.auth.user_pool_client_id,
    identityPoolId: written.auth.identity_pool_id,
  });
  expect(amplify.Auth?.Cognito.loginWith?.oauth).toMatchObject({ domain: new URL(local.hostedUi).host });
});

test('a restart keeps the pool, its clients, groups and users; reset starts from an empty pool', async () => {
  const first = await start('restart');
  const email = uniqueEmail('example.org', 'kept');
  const stack = devStack(first);
  await signUp(stack, email);
  await stack.cognito.send(new AdminGetUserCommand({ UserPoolId: stack.poolId, Username: email }));
  stack.cognito.destroy();
  await stop(first);

  // The same port again: every URL of the configuration is the same.
  const second = await start('restart', { port: Number(new URL(first.endpoint).port) });
  expect(second.pools[0]).toMatchObject({ id: first.pools[0].id, created: false });
  expect(second.pools[0].clients).toEqual(first.pools[0].clients);
  expect(second.outputs.auth).toEqual(first.outputs.auth);
  const again = devStack(second);
  const user = await again.cognito.send(
    new AdminGetUserCommand({ UserPoolId: again.poolId, Username: email }),
  );
  expect(user.UserStatus).toBe('UNCONFIRMED');
  again.cognito.destroy();
  await stop(second);

  const third = await start('restart', { reset: true });
  expect(third.pools[0].created).toBe(true);
  expect(third.pools[0].id).not.toBe(first.pools[0].id);
  const fresh = devStack(third);
  await expect(
    fresh.cognito.send(new AdminGetUserCommand({ UserPoolId: fresh.poolId, Username: email })),
  ).rejects.toMatchObject({ name: 'UserNotFoundException' });
  fresh.cognito.destroy();
});

test('on restart, groups follow the template: changed, added and removed', async () => {
  const first = await start('template-change');
  const [removed, changed] = first.pools[0].groups.map((g) => g.name);
  await stop(first);

  // The same assembly with one group removed, one changed and one added.
  const changedAssembly = path.join(dir, 'changed-assembly');
  fs.cpSync(assemblyDir, changedAssembly, { recursive: true });
  const templateFile = path.join(changedAssembly, `${first.stackName}.template.json`);
  const template = JSON.parse(fs.readFileSync(templateFile, 'utf8')) as {
    Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  };
  const groupIds = Object.keys(template.Resources).filter(
    (id) => template.Resources[id].Type === 'AWS::Cognito::UserPoolGroup',
  );
  const idOf = (name: string) => groupIds.find((id) => template.Resources[id].Properties.GroupName === name)!;
  const added = JSON.parse(
    JSON.stringify(template.Resources[idOf(changed)]),
  ) as (typeof template.Resources)[string];
  added.Properties = { ...added.Properties, GroupName: 'auditors', Precedence: 99, Description: 'Read-only' };
  template.Resources.AddedGroup = added;
  template.Resources[idOf(changed)].Properties.Description = 'Changed description';
  delete template.Resources[idOf(removed)];
  fs.writeFileSync(templateFile, JSON.stringify(template));

  const second = await start('template-change', { assemblyDir: changedAssembly });
  expect(second.pools[0].id).toBe(first.pools[0].id);
  const cognito = emulatorClient(second.endpoint, second.region);
  const groups = (await cognito.send(new ListGroupsCommand({ UserPoolId: second.pools[0].id }))).Groups ?? [];
  cognito.destroy();
  expect(
    groups
      .map((g) => ({ name: g.GroupName, precedence: g.Precedence, description: g.Description }))
      .sort((a, b) => String(a.name).localeCompare(String(b.name))),
  ).toEqual(
    [
      { name: 'auditors', precedence: 99, description: 'Read-only' },
      {
        name: changed,
        precedence: first.pools[0].groups[1].precedence,
        description: 'Changed description',
      },
    ].sort((a, b) => a.name.localeCompare(b.name)),
  );
});

test('a busy public port is refused with a message that names it', async () => {
  const port = await freePort();
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  try {
    await expect(start('busy', { port })).rejects.toThrow(new RegExp(`port ${port} is already in use`));
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test('the admin CLI works against the local pool through .local/outputs.json', async () => {
  const local = await start('cli');
  const stack = devStack(local);
  const email = uniqueEmail('example.org', 'cli');
  await signUp(stack, email);
  stack.cognito.destroy();

  const run = promisify(execFile);
  const { stdout } = await run(
    process.execPath,
    [
      require.resolve('tsx/cli'),
      path.join(PACKAGE, 'src', 'bin', 'cognito-admin.ts'),
      '--config',
      local.outputsFile,
      '--json',
      'users',
      'list',
      '--filter',
      `email = "${email}"`,
    ],
    { cwd: REPO, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
  );
  expect(stdout).toContain(email);
  expect(stdout).toContain('UNCONFIRMED');
});

test('a signed-in session survives a restart: the refresh token still works', async () => {
  const first = await start('session');
  const email = uniqueEmail('example.org', 'session');
  const stack = devStack(first);
  await signUp(stack, email);
  await stack.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: stack.poolId, Username: email }));
  const tokens = await signIn(stack, email);
  stack.cognito.destroy();
  await stop(first);

  const second = await start('session');
  const again = devStack(second);
  const refreshed = await again.cognito.send(
    new InitiateAuthCommand({
      ClientId: again.clientId,
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! },
    }),
  );
  expect(refreshed.AuthenticationResult?.IdToken).toBeTruthy();
  again.cognito.destroy();
});
