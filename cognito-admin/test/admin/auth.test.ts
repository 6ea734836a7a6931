import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AssociateSoftwareTokenCommand,
  InvalidParameterException,
  NotAuthorizedException,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { ClientConfiguration } from '../../../lib/client-config';
import { explainAuthError, confirmSignUp, secretHash, signIn, signUp, whoAmI } from '../../src/admin/auth';
import { createAdminContext } from '../../src/admin/context';
import { AdminError } from '../../src/admin/errors';
import { CODE, cliEnv, runCli, startTestEmulator, tempDir, TestEmulator, TestPool } from './helpers';

const PASSWORD = 'Corr3ct-Horse!';
let emu: TestEmulator;
let pool: TestPool;
let dir: string;

/** RFC 6238 code of a base32 secret, as an authenticator app computes it. */
function totp(secret: string, time = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of secret.replace(/=+$/, '').toUpperCase())
    bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)?.map((b) => parseInt(b, 2)) ?? []);
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(time / 30000)));
  const hmac = createHmac('sha1', key).update(counter).digest();
  const offset = hmac[hmac.length - 1] & 0xf;
  return String((hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

function configFor(
  p: TestPool,
  overrides: Partial<ClientConfiguration['custom']['cognito_auth']> = {},
): ClientConfiguration {
  return {
    version: '1.4',
    auth: { aws_region: 'us-east-1', user_pool_id: p.userPoolId, user_pool_client_id: p.clientId },
    custom: {
      cognito_auth: {
        endpoint: p.endpoint,
        default_client: 'public',
        clients: {
          public: {
            client_id: p.clientId,
            kind: 'public',
            auth_flows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
            oauth_flows: [],
            scopes: [],
            has_secret: false,
          },
          web: {
            client_id: p.srpClientId,
            kind: 'web',
            auth_flows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
            oauth_flows: ['code'],
            scopes: ['openid'],
            has_secret: false,
          },
          server: {
            client_id: 'serverclientid0000000000001',
            kind: 'server',
            auth_flows: ['ALLOW_USER_PASSWORD_AUTH'],
            oauth_flows: [],
            scopes: [],
            has_secret: true,
          },
        },
        ...overrides,
      },
    },
  };
}

function context(p: TestPool = pool) {
  return createAdminContext({ config: configFor(p), env: {} });
}

beforeAll(async () => {
  emu = await startTestEmulator('auth');
  pool = await emu.newPool();
  dir = tempDir('auth-files');
});

afterAll(async () => {
  await emu?.stop();
  fs.rmSync(emu.dataDir, { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('auth flows', () => {
  test('sign up, confirm with the code, sign in, and see who I am with my groups', async () => {
    const ctx = context();
    const up = await signUp(ctx, {
      username: 'ana',
      password: PASSWORD,
      attributes: { email: 'ana@example.com' },
    });
    expect(up.confirmed).toBe(false);
    await expect(signIn(ctx, { username: 'ana', password: PASSWORD })).rejects.toThrow(
      'the user is not confirmed: run cognito-admin auth confirm with the code it received',
    );
    await expect(confirmSignUp(ctx, { username: 'ana', code: '000000' })).rejects.toMatchObject({
      name: 'CodeMismatchException',
    });
    await confirmSignUp(ctx, { username: 'ana', code: CODE });
    await pool.sdk.send(
      new AdminAddUserToGroupCommand({ UserPoolId: pool.userPoolId, Username: 'ana', GroupName: 'staff' }),
    );

    const session = await signIn(ctx, { username: 'ana', password: PASSWORD });
    expect(session).toMatchObject({ clientId: pool.clientId, username: 'ana', challenges: [] });
    expect(session.refreshToken).toBeTruthy();
    const me = await whoAmI(ctx, { accessToken: session.accessToken, idToken: session.idToken });
    expect(me).toMatchObject({ username: 'ana', groups: ['staff'] });
    expect(me.attributes.email).toBe('ana@example.com');
  });

  test('a wrong password is refused', async () => {
    const ctx = context();
    await signUp(ctx, { username: 'bea', password: PASSWORD });
    await confirmSignUp(ctx, { username: 'bea', code: CODE });
    await expect(signIn(ctx, { username: 'bea', password: 'Wrong-passw0rd' })).rejects.toThrow();
  });

  test('a user with a temporary password must set a new one (NEW_PASSWORD_REQUIRED)', async () => {
    const ctx = context();
    await pool.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: pool.userPoolId,
        Username: 'cid',
        TemporaryPassword: 'Temp-Passw0rd!',
        MessageAction: 'SUPPRESS',
      }),
    );
    await expect(signIn(ctx, { username: 'cid', password: 'Temp-Passw0rd!' })).rejects.toThrow(
      'sign-in needs a new password: pass --new-password',
    );
    const first = await signIn(ctx, { username: 'cid', password: 'Temp-Passw0rd!', newPassword: PASSWORD });
    expect(first.challenges).toEqual(['NEW_PASSWORD_REQUIRED']);
    const second = await signIn(ctx, { username: 'cid', password: PASSWORD });
    expect(second.challenges).toEqual([]);
  });

  test('a user with an authenticator app answers SOFTWARE_TOKEN_MFA with a code', async () => {
    const mfaPool = await emu.newPool();
    await mfaPool.sdk.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: mfaPool.userPoolId,
        MfaConfiguration: 'OPTIONAL',
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
    const ctx = context(mfaPool);
    await signUp(ctx, { username: 'dan', password: PASSWORD });
    await confirmSignUp(ctx, { username: 'dan', code: CODE });
    const { accessToken } = await signIn(ctx, { username: 'dan', password: PASSWORD });
    const { SecretCode } = await mfaPool.sdk.send(
      new AssociateSoftwareTokenCommand({ AccessToken: accessToken }),
    );
    await mfaPool.sdk.send(
      new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: totp(SecretCode ?? '') }),
    );
    await mfaPool.sdk.send(
      new SetUserMFAPreferenceCommand({
        AccessToken: accessToken,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );

    await expect(signIn(ctx, { username: 'dan', password: PASSWORD })).rejects.toThrow(
      'sign-in needs an mfa code (software_token_mfa): pass --mfa-code',
    );
    const asked: string[] = [];
    const session = await signIn(ctx, {
      username: 'dan',
      password: PASSWORD,
      prompt: async (question) => {
        asked.push(question);
        return totp(SecretCode ?? '');
      },
    });
    expect(asked).toEqual(['An MFA code (SOFTWARE_TOKEN_MFA)']);
    expect(session.challenges).toEqual(['SOFTWARE_TOKEN_MFA']);
  });

  test('a client without USER_PASSWORD_AUTH: the message names the client setting to enable', async () => {
    await expect(signIn(context(), { client: 'web', username: 'ana', password: PASSWORD })).rejects.toThrow(
      new AdminError(
        `client "web" (${pool.srpClientId}) does not allow the USER_PASSWORD_AUTH flow; enable authFlows.userPassword: true ` +
          'on the app client (Cognito: ALLOW_USER_PASSWORD_AUTH), or use a client that allows it',
      ),
    );
  });

  test("Cognito's flow errors become the same message, naming the setting", () => {
    const client = { clientId: 'abc123', name: 'web' };
    const flow = new InvalidParameterException({
      message: 'USER_PASSWORD_AUTH flow not enabled for this client',
      $metadata: { httpStatusCode: 400 },
    });
    expect((explainAuthError(flow, client) as Error).message).toMatch(
      /^client "web" \(abc123\) does not allow the USER_PASSWORD_AUTH flow; enable authFlows\.userPassword: true/,
    );
    const secret = new NotAuthorizedException({
      message: 'Client abc123 is configured with secret but SECRET_HASH was not received',
      $metadata: { httpStatusCode: 400 },
    });
    expect((explainAuthError(secret, client) as Error).message).toBe(
      'client "web" (abc123) has a secret: pass --client-secret',
    );
    const other = new NotAuthorizedException({ message: 'Incorrect username or password.', $metadata: {} });
    expect(explainAuthError(other, client)).toBe(other);
  });

  test('a client with a secret needs --client-secret, and sends SECRET_HASH = HMAC(secret, username + client id)', async () => {
    await expect(
      signIn(context(), { client: 'server', username: 'ana', password: PASSWORD }),
    ).rejects.toThrow('client "server" (serverclientid0000000000001) has a secret: pass --client-secret');
    expect(secretHash('ana', '1example23clientid45678', 's3cr3t')).toBe(
      'lrp4PI+C2+SEFBjUPmJHAB459H1xWiyV7xiUI/WlFIA=',
    );
    const ctx = context();
    const sent: Array<Record<string, string> | undefined> = [];
    ctx.idp.middlewareStack.add(
      (next) => async (args) => {
        sent.push((args.input as { AuthParameters?: Record<string, string> }).AuthParameters);
        return next(args);
      },
      { step: 'initialize', name: 'capture' },
    );
    await signIn(ctx, { client: pool.clientId, clientSecret: 's3cr3t', username: 'ana', password: PASSWORD });
    expect(sent[0]?.SECRET_HASH).toBe(secretHash('ana', pool.clientId, 's3cr3t'));
  });

  test('the CLI signs in with a configuration file, saves the session (owner-only) and whoami reads it', async () => {
    const config = path.join(dir, 'outputs.json');
    fs.writeFileSync(config, JSON.stringify(configFor(pool)));
    const session = path.join(dir, 'session.json');
    const signedIn = await runCli(
      ['--config', config, 'auth', 'sign-in', 'ana', '--password-stdin', '--session', session],
      undefined,
      `${PASSWORD}\n`,
    );
    expect(signedIn.stderr).toBe('');
    expect(signedIn.code).toBe(0);
    expect(signedIn.stdout).toMatch(
      /^signed in as ana\ntokens expire at .*\ntokens saved to .*session\.json\n$/,
    );
    expect(fs.statSync(session).mode & 0o777).toBe(0o600);
    const me = await runCli(['--config', config, '--json', 'auth', 'whoami', '--session', session]);
    expect(JSON.parse(me.stdout)).toMatchObject({ username: 'ana', groups: ['staff'] });
  });

  test('a password given as a flag works, with a warning; stdin and the environment need none', async () => {
    const config = path.join(dir, 'outputs-flag.json');
    fs.writeFileSync(config, JSON.stringify(configFor(pool)));
    const flagged = await runCli([
      '--config',
      config,
      'auth',
      'sign-in',
      'ana',
      '--password',
      PASSWORD,
      '--no-save',
    ]);
    expect(flagged.code).toBe(0);
    expect(flagged.stderr).toMatch(
      /^warning: --password on the command line can be read by other users of this machine .* prefer --password-stdin, COGNITO_ADMIN_PASSWORD or the prompt$/m,
    );
    const fromEnv = await runCli(
      ['--config', config, 'auth', 'sign-in', 'ana', '--no-save'],
      cliEnv({ COGNITO_ADMIN_PASSWORD: PASSWORD }),
    );
    expect([fromEnv.code, fromEnv.stderr]).toEqual([0, '']);
    const both = await runCli(
      ['--config', config, 'auth', 'sign-in', 'ana', '--password', PASSWORD, '--password-stdin', '--no-save'],
      undefined,
      PASSWORD,
    );
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--password and --password-stdin are both given; use one/);
    const none = await runCli(['--config', config, 'auth', 'sign-in', 'ana', '--no-save']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(
      /password needed: give it on standard input \(--password-stdin\), in COGNITO_ADMIN_PASSWORD/,
    );
  });

  test('the CLI fails with exit code 1 and the setting to enable when the client lacks the flow', async () => {
    const config = path.join(dir, 'outputs-srp.json');
    fs.writeFileSync(config, JSON.stringify(configFor(pool)));
    const result = await runCli([
      '--config',
      config,
      'auth',
      'sign-in',
      'ana',
      '--client',
      'web',
      '--password',
      PASSWORD,
      '--no-save',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^cognito-admin: client "web" .* enable authFlows\.userPassword: true on the app client/m,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
