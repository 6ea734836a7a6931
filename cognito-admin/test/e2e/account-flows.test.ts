/**
 * The account flows that cognito-local lacks, through the cognito-admin library and CLI against local
 * mode, where the local front answers them for real: a new sign-up code (ResendConfirmationCode, with
 * the client's secret hash checked), signing out everywhere (GlobalSignOut revokes the sessions), and the
 * administrator's password reset (AdminResetUserPassword: RESET_REQUIRED, a code, a new password).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AdminGetUserCommand,
  DescribeUserPoolClientCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createAdminContext, AdminContext } from '../../src/admin/context';
import { AdminError } from '../../src/admin/errors';
import { signIn, signUp } from '../../src/admin/auth';
import { adminResetPassword, confirmForgotPassword } from '../../src/admin/passwords';
import { globalSignOut, resendConfirmationCode } from '../../src/admin/user-flows';
import type { DeliveredCode } from '../../src/local/code-log';
import type { LocalStack } from '../../src/local/start-local';
import { cliEnv, runCli } from '../admin/helpers';
import {
  CODE,
  devStack,
  DevStack,
  PASSWORD,
  signIn as sdkSignIn,
  START_TIMEOUT,
  startDev,
  tempDir,
  uniqueEmail,
} from './helpers';

const NEW_PASSWORD = 'N3w-Battery-Staple!';
let dir: string;
let local: LocalStack;
let stack: DevStack;
let ctx: AdminContext;
const codes: DeliveredCode[] = [];

beforeAll(async () => {
  dir = tempDir('account-flows');
  local = await startDev(dir, { onCode: (c) => codes.push(c) });
  stack = devStack(local);
  ctx = createAdminContext({ config: local.outputsFile, env: {} });
}, START_TIMEOUT);

afterAll(async () => {
  stack?.cognito.destroy();
  await local?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Waits until `count` codes have gone to `email` (they are read from the emulator's log). */
async function codesTo(email: string, count: number): Promise<DeliveredCode[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const sent = codes.filter((c) => c.destination === email);
    if (sent.length >= count || Date.now() > deadline) return sent;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A confirmed user of the scripts client, signed up and confirmed through the library. */
async function confirmedUser(prefix: string): Promise<string> {
  const email = uniqueEmail('example.org', prefix);
  await signUp(ctx, {
    client: stack.clientId,
    username: email,
    password: PASSWORD,
    attributes: { email },
  });
  const cli = await runCli(['--config', local.outputsFile, 'auth', 'confirm', email, CODE]);
  expect(cli.code).toBe(0);
  return email;
}

async function statusOf(username: string): Promise<string | undefined> {
  const user = await stack.cognito.send(
    new AdminGetUserCommand({ UserPoolId: stack.poolId, Username: username }),
  );
  return user.UserStatus;
}

describe('resend the sign-up code', () => {
  test('an unconfirmed user gets a new code, which confirms the sign-up; a confirmed user is refused', async () => {
    const email = uniqueEmail('example.org', 'resend');
    const signedUp = await signUp(ctx, {
      client: stack.clientId,
      username: email,
      password: PASSWORD,
      attributes: { email },
    });
    expect(signedUp).toMatchObject({ confirmed: false, codeSentTo: 'EMAIL r***@e***' });
    expect(await codesTo(email, 1)).toHaveLength(1);

    await expect(resendConfirmationCode(ctx, { client: stack.clientId, username: email })).resolves.toEqual({
      codeSentTo: 'EMAIL r***@e***',
    });
    expect(await codesTo(email, 2)).toHaveLength(2);
    expect(await statusOf(email)).toBe('UNCONFIRMED');

    const confirmed = await runCli(['--config', local.outputsFile, 'auth', 'confirm', email, CODE]);
    expect(confirmed.code).toBe(0);
    expect(await statusOf(email)).toBe('CONFIRMED');
    await expect(resendConfirmationCode(ctx, { client: stack.clientId, username: email })).rejects.toThrow(
      /already confirmed/,
    );
  });

  test("a client with a secret: the library's SECRET_HASH is accepted, a wrong secret is refused", async () => {
    const email = uniqueEmail('example.org', 'secret');
    await signUp(ctx, { client: stack.clientId, username: email, password: PASSWORD, attributes: { email } });
    const machine = local.outputs.custom.cognito_auth.clients.reports;
    expect(machine?.has_secret).toBe(true);
    const described = await stack.cognito.send(
      new DescribeUserPoolClientCommand({ UserPoolId: stack.poolId, ClientId: machine!.client_id }),
    );
    const secret = described.UserPoolClient?.ClientSecret;
    expect(secret).toBeTruthy();

    await expect(
      resendConfirmationCode(ctx, { client: machine!.client_id, clientSecret: secret, username: email }),
    ).resolves.toEqual({ codeSentTo: 'EMAIL s***@e***' });
    await expect(
      resendConfirmationCode(ctx, {
        client: machine!.client_id,
        clientSecret: 'not-the-secret',
        username: email,
      }),
    ).rejects.toThrow(
      `--client-secret does not match the secret of client "reports" (${machine!.client_id})`,
    );
  });

  test('the CLI: auth resend-code says where the code went and how to confirm', async () => {
    const email = uniqueEmail('example.org', 'cli');
    await signUp(ctx, { client: stack.clientId, username: email, password: PASSWORD, attributes: { email } });
    const result = await runCli(['--config', local.outputsFile, 'auth', 'resend-code', email]);
    expect(result).toMatchObject({
      code: 0,
      stderr: '',
      stdout: `a new code was sent to EMAIL c***@e***: cognito-admin auth confirm ${email} <code>\n`,
    });
    expect(await codesTo(email, 2)).toHaveLength(2);
  });
});

describe('sign out everywhere', () => {
  test('globalSignOut revokes the refresh token and the access token; a second one reads as signed out already', async () => {
    const email = await confirmedUser('global');
    const session = await signIn(ctx, { client: stack.clientId, username: email, password: PASSWORD });
    await globalSignOut(ctx, { accessToken: session.accessToken });

    await expect(
      stack.cognito.send(
        new InitiateAuthCommand({
          ClientId: stack.clientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: session.refreshToken! },
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    const again = globalSignOut(ctx, { accessToken: session.accessToken });
    await expect(again).rejects.toBeInstanceOf(AdminError);
    await expect(again).rejects.toThrow(/the user is signed out already, or the token expired/);
    // Signing in again works: only the sessions were revoked.
    await expect(sdkSignIn(stack, email)).resolves.toBeDefined();
  });

  test('the CLI: auth sign-out signs out and removes the saved session', async () => {
    const email = await confirmedUser('signout');
    const file = path.join(dir, `${email}.session.json`);
    const signedIn = await runCli(
      ['--config', local.outputsFile, 'auth', 'sign-in', email, '--client', 'scripts', '--session', file],
      cliEnv({ COGNITO_ADMIN_PASSWORD: PASSWORD }),
    );
    expect(signedIn).toMatchObject({ code: 0, stderr: '' });
    const { refreshToken } = JSON.parse(fs.readFileSync(file, 'utf8')) as { refreshToken: string };

    const result = await runCli(['--config', local.outputsFile, 'auth', 'sign-out', '--session', file]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    // Named as Cognito knows the user: this pool's user names are the users' sub.
    expect(result.stdout).toMatch(/^[0-9a-f-]{36} signed out on every device; /);
    expect(result.stdout).toContain(`signed out on every device; ${file} removed`);
    expect(fs.existsSync(file)).toBe(false);
    await expect(
      stack.cognito.send(
        new InitiateAuthCommand({
          ClientId: stack.clientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: refreshToken },
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });
});

describe("the administrator's password reset", () => {
  test('RESET_REQUIRED: sign-in is refused until the code sets a new password; the old one no longer works', async () => {
    const email = await confirmedUser('reset');
    const before = (await codesTo(email, 1)).length;
    await adminResetPassword(ctx, email);

    expect(await statusOf(email)).toBe('RESET_REQUIRED');
    expect(await codesTo(email, before + 1)).toHaveLength(before + 1);
    await expect(
      signIn(ctx, { client: stack.clientId, username: email, password: PASSWORD }),
    ).rejects.toThrow('the user must reset the password (forgot-password flow) before signing in');

    await confirmForgotPassword(ctx, {
      client: stack.clientId,
      username: email,
      code: CODE,
      newPassword: NEW_PASSWORD,
    });
    expect(await statusOf(email)).toBe('CONFIRMED');
    await expect(
      signIn(ctx, { client: stack.clientId, username: email, password: NEW_PASSWORD }),
    ).resolves.toMatchObject({ challenges: [] });
    await expect(
      signIn(ctx, { client: stack.clientId, username: email, password: PASSWORD }),
    ).rejects.toThrow();
  });

  test('a user that does not exist is refused; the CLI resets, and set-password ends the reset', async () => {
    await expect(adminResetPassword(ctx, 'nobody@example.org')).rejects.toMatchObject({
      name: 'UserNotFoundException',
    });
    const email = await confirmedUser('reset-cli');
    const result = await runCli(['--config', local.outputsFile, 'users', 'reset-password', email]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain(`${email}: password reset; Cognito sent the user a code`);
    expect(await statusOf(email)).toBe('RESET_REQUIRED');

    const set = await runCli(
      ['--config', local.outputsFile, 'users', 'set-password', email, '--permanent'],
      cliEnv({ COGNITO_ADMIN_PASSWORD: NEW_PASSWORD }),
    );
    expect(set).toMatchObject({ code: 0, stderr: '' });
    expect(await statusOf(email)).toBe('CONFIRMED');
    await expect(sdkSignIn(stack, email, NEW_PASSWORD)).resolves.toBeDefined();
  });
});
