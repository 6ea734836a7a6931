/**
 * The password and session flows of Cognito's tutorials, through the library and the CLI, against the
 * emulator: forgot password and its confirmation, change password, the administrator's set password
 * (permanent or temporary).
 *
 * A bare cognito-local (5.3) answers ResendConfirmationCode, GlobalSignOut and AdminResetUserPassword with
 * HTTP 500 "Unsupported": the CLI is tested here for what a user pointed at one sees, a one-line message.
 * Local mode answers those three for real (its front); they are tested against it in
 * test/e2e/account-flows.test.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import type { ClientConfiguration } from '../../../lib/client-config';
import { signIn } from '../../src/admin/auth';
import {
  adminSetPassword,
  changePassword,
  confirmForgotPassword,
  forgotPassword,
} from '../../src/admin/passwords';
import { CODE, cliEnv, runCli, startTestEmulator, tempDir, TestEmulator, TestPool } from './helpers';

const PASSWORD = 'Corr3ct-Horse!';
const NEW_PASSWORD = 'N3w-Battery-Staple!';
let emu: TestEmulator;
let pool: TestPool;
let dir: string;
let config: string;
let count = 0;

beforeAll(async () => {
  emu = await startTestEmulator('passwords');
  pool = await emu.newPool();
  dir = tempDir('passwords-files');
  const configuration: ClientConfiguration = {
    version: '1.4',
    auth: { aws_region: 'us-east-1', user_pool_id: pool.userPoolId, user_pool_client_id: pool.clientId },
    custom: {
      cognito_auth: {
        endpoint: pool.endpoint,
        default_client: 'scripts',
        clients: {
          scripts: {
            client_id: pool.clientId,
            kind: 'password',
            auth_flows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
            oauth_flows: [],
            scopes: [],
            has_secret: false,
          },
        },
      },
    },
  };
  config = path.join(dir, 'outputs.json');
  fs.writeFileSync(config, JSON.stringify(configuration));
});

afterAll(async () => {
  await emu?.stop();
  fs.rmSync(emu.dataDir, { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A confirmed user with PASSWORD, unique to the test. */
async function confirmedUser(): Promise<string> {
  const username = `user${++count}-${Date.now().toString(36)}`;
  await pool.sdk.send(
    new AdminCreateUserCommand({
      UserPoolId: pool.userPoolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      // Forgot password sends the code to the user's e-mail.
      UserAttributes: [{ Name: 'email', Value: `${username}@example.org` }],
    }),
  );
  await pool.sdk.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: pool.userPoolId,
      Username: username,
      Password: PASSWORD,
      Permanent: true,
    }),
  );
  return username;
}

async function statusOf(username: string): Promise<string | undefined> {
  const user = await pool.sdk.send(
    new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: username }),
  );
  return user.UserStatus;
}

describe('forgot password', () => {
  test('the code of ForgotPassword sets a new password: the new one signs in, the old one no longer does', async () => {
    const ctx = pool.context();
    const username = await confirmedUser();
    await forgotPassword(ctx, { client: pool.clientId, username });
    await confirmForgotPassword(ctx, {
      client: pool.clientId,
      username,
      code: CODE,
      newPassword: NEW_PASSWORD,
    });
    await expect(
      signIn(ctx, { client: pool.clientId, username, password: NEW_PASSWORD }),
    ).resolves.toMatchObject({
      username,
    });
    await expect(signIn(ctx, { client: pool.clientId, username, password: PASSWORD })).rejects.toThrow();
  });

  test('a wrong code is refused with what to do, and the password stays as it was', async () => {
    const ctx = pool.context();
    const username = await confirmedUser();
    await forgotPassword(ctx, { client: pool.clientId, username });
    const wrong = String((Number(CODE) + 1) % 1_000_000).padStart(6, '0');
    await expect(
      confirmForgotPassword(ctx, { client: pool.clientId, username, code: wrong, newPassword: NEW_PASSWORD }),
    ).rejects.toThrow(
      /the code is not the one Cognito sent; check it, or ask for a new one with cognito-admin auth forgot-password/,
    );
    await expect(signIn(ctx, { client: pool.clientId, username, password: PASSWORD })).resolves.toBeDefined();
  });

  test('the CLI: auth forgot-password, then confirm-forgot-password with the code', async () => {
    const username = await confirmedUser();
    const forgot = await runCli(['--config', config, 'auth', 'forgot-password', username]);
    expect(forgot).toMatchObject({ code: 0, stderr: '' });
    expect(forgot.stdout).toContain(`cognito-admin auth confirm-forgot-password ${username} <code>`);
    const confirm = await runCli(
      ['--config', config, 'auth', 'confirm-forgot-password', username, CODE, '--new-password-stdin'],
      undefined,
      `${NEW_PASSWORD}\n`,
    );
    expect(confirm).toMatchObject({
      code: 0,
      stderr: '',
      stdout: `${username}: new password set; sign in with it\n`,
    });
    const signedIn = await runCli([
      '--config',
      config,
      'auth',
      'sign-in',
      username,
      '--password',
      NEW_PASSWORD,
      '--no-save',
    ]);
    expect(signedIn.code).toBe(0);
  });
});

describe('change password', () => {
  test("with the user's access token and the current password", async () => {
    const ctx = pool.context();
    const username = await confirmedUser();
    const session = await signIn(ctx, { client: pool.clientId, username, password: PASSWORD });
    await changePassword(ctx, {
      accessToken: session.accessToken,
      previousPassword: PASSWORD,
      proposedPassword: NEW_PASSWORD,
    });
    await expect(
      signIn(ctx, { client: pool.clientId, username, password: NEW_PASSWORD }),
    ).resolves.toBeDefined();
    await expect(signIn(ctx, { client: pool.clientId, username, password: PASSWORD })).rejects.toThrow();
  });

  test('the CLI uses the saved session; a wrong current password fails with exit code 1 and changes nothing', async () => {
    const username = await confirmedUser();
    const session = path.join(dir, `${username}.session.json`);
    const signedIn = await runCli([
      '--config',
      config,
      'auth',
      'sign-in',
      username,
      '--password',
      PASSWORD,
      '--session',
      session,
    ]);
    expect(signedIn.code).toBe(0);

    const change = ['--config', config, 'auth', 'change-password', '--session', session];
    const wrong = await runCli(
      change,
      cliEnv({ COGNITO_ADMIN_PASSWORD: 'not-the-password', COGNITO_ADMIN_NEW_PASSWORD: NEW_PASSWORD }),
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^cognito-admin: /);
    expect(wrong.stderr).not.toMatch(/\n\s+at /);

    const bothOnStdin = await runCli(
      [...change, '--password-stdin', '--new-password-stdin'],
      undefined,
      `${PASSWORD}\n`,
    );
    expect(bothOnStdin.code).toBe(2);
    expect(bothOnStdin.stderr).toMatch(/--password-stdin and --new-password-stdin both read standard input/);

    const changed = await runCli(
      [...change, '--password-stdin'],
      cliEnv({ COGNITO_ADMIN_NEW_PASSWORD: NEW_PASSWORD }),
      `${PASSWORD}\n`,
    );
    expect(changed).toMatchObject({ code: 0, stderr: '', stdout: `${username}: password changed\n` });
    const ctx = pool.context();
    await expect(
      signIn(ctx, { client: pool.clientId, username, password: NEW_PASSWORD }),
    ).resolves.toBeDefined();
  });
});

describe("the administrator's passwords", () => {
  test('set-password --permanent: the user is CONFIRMED and signs in with it', async () => {
    const username = await confirmedUser();
    const result = await runCli(
      ['--config', config, 'users', 'set-password', username, '--password-stdin', '--permanent'],
      undefined,
      NEW_PASSWORD,
    );
    expect(result).toMatchObject({ code: 0, stderr: '', stdout: `${username}: permanent password set\n` });
    expect(await statusOf(username)).toBe('CONFIRMED');
    const ctx = pool.context();
    const signedIn = await signIn(ctx, { client: pool.clientId, username, password: NEW_PASSWORD });
    expect(signedIn.challenges).toEqual([]);
  });

  test('set-password without --permanent: a temporary password that must be changed at the next sign-in', async () => {
    const ctx = pool.context();
    const username = await confirmedUser();
    await adminSetPassword(ctx, username, { password: 'Temp-0rary-pass' });
    expect(await statusOf(username)).toBe('FORCE_CHANGE_PASSWORD');
    await expect(
      signIn(ctx, { client: pool.clientId, username, password: 'Temp-0rary-pass' }),
    ).rejects.toThrow(/needs a new password: pass --new-password/);
    const signedIn = await signIn(ctx, {
      client: pool.clientId,
      username,
      password: 'Temp-0rary-pass',
      newPassword: NEW_PASSWORD,
    });
    expect(signedIn.challenges).toEqual(['NEW_PASSWORD_REQUIRED']);
  });

  test('set-password takes the password as a flag with a warning, and refuses to run without one', async () => {
    const username = await confirmedUser();
    const flagged = await runCli([
      '--config',
      config,
      'users',
      'set-password',
      username,
      '--password',
      NEW_PASSWORD,
    ]);
    expect(flagged.code).toBe(0);
    expect(flagged.stderr).toMatch(
      /^warning: --password on the command line can be read by other users of this machine .* prefer --password-stdin, COGNITO_ADMIN_PASSWORD or the prompt\n$/,
    );
    expect(await statusOf(username)).toBe('FORCE_CHANGE_PASSWORD');
    const none = await runCli(['--config', config, 'users', 'set-password', username]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(
      /^cognito-admin: password needed: give it on standard input \(--password-stdin\)/,
    );
  });

  test('set-password refuses --permanent with --temporary (exit 2)', async () => {
    const result = await runCli([
      '--config',
      config,
      'users',
      'set-password',
      'anyone',
      '--password',
      NEW_PASSWORD,
      '--permanent',
      '--temporary',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/option '--permanent' cannot be used with option '--temporary'/);
  });

  test("set-password of a user that does not exist fails with Cognito's reason", async () => {
    const ctx = pool.context();
    await expect(adminSetPassword(ctx, 'nobody-here', { password: NEW_PASSWORD })).rejects.toBeInstanceOf(
      UserNotFoundException,
    );
  });
});

describe('a bare cognito-local, which lacks ResendConfirmationCode, GlobalSignOut and AdminResetUserPassword', () => {
  test.each([[['auth', 'resend-code', 'someone']], [['users', 'reset-password', 'someone']]])(
    'the CLI against the emulator: %j says the endpoint does not support it (exit 1, no stack)',
    async (args) => {
      const result = await runCli(['--config', config, ...args]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^cognito-admin: the endpoint does not support this operation/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    },
  );

  test('the CLI: auth sign-out keeps the saved session when Cognito does not sign the user out', async () => {
    const username = await confirmedUser();
    const session = path.join(dir, `${username}.signout.json`);
    expect(
      (
        await runCli([
          '--config',
          config,
          'auth',
          'sign-in',
          username,
          '--password',
          PASSWORD,
          '--session',
          session,
        ])
      ).code,
    ).toBe(0);
    const result = await runCli(['--config', config, 'auth', 'sign-out', '--session', session]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^cognito-admin: the endpoint does not support this operation/);
    expect(fs.existsSync(session)).toBe(true);
  });
});
