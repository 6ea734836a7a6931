/**
 * E-mail and SMS one-time codes as first factors (choice-based sign-in, USER_AUTH) in local mode, through
 * the AWS SDK v3 and Amplify JS v6: passwordless sign-up, SELECT_CHALLENGE with the factors the user can
 * use, PREFERRED_CHALLENGE, the codes delivered like confirmation codes (printed, and in
 * .local/emulator.log where docs/local.md says to look), wrong codes, too many of them, expiry, and the
 * clients that do not offer USER_AUTH.
 */
import * as fs from 'node:fs';
import * as https from 'node:https';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { confirmSignIn, signIn, signOut } from 'aws-amplify/auth';
import type { DeliveredCode } from '../../src/local/code-log';
import { emulatorClient, LocalStack, startLocal } from '../../src/local/start-local';
import { configureAmplify, payloadOf } from './amplify-helpers';
import { PASSWORD, START_TIMEOUT, tempDir, uniqueEmail } from './helpers';
import { HOSTED_CALLBACK, writePasswordlessAssembly } from './passwordless-fixture';

let dir: string;
let local: LocalStack;
let cognito: CognitoIdentityProviderClient;
let poolId: string;
let web: string;
let scripts: string;
const delivered: DeliveredCode[] = [];

beforeAll(async () => {
  dir = tempDir('passwordless');
  local = await startLocal({
    assemblyDir: writePasswordlessAssembly(dir),
    dir: `${dir}/local`,
    port: 0,
    quiet: true,
    onCode: (code) => delivered.push(code),
  });
  cognito = emulatorClient(local.endpoint, local.region);
  const pool = local.pools[0];
  poolId = pool.id;
  web = pool.clients.find((c) => c.logicalId === 'Web')!.clientId;
  scripts = pool.clients.find((c) => c.logicalId === 'Scripts')!.clientId;
}, START_TIMEOUT);

afterAll(async () => {
  cognito?.destroy();
  await local?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** The next code delivered to `destination` (codes are printed from the log as they come). */
async function codeFor(destination: string, after = 0): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = delivered.slice(after).find((d) => d.destination === destination);
    if (found) return found.code;
    if (Date.now() > deadline) throw new Error(`no code was delivered to ${destination}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Signs up without a password through the web client and confirms with the delivered code. */
async function passwordlessUser(prefix: string): Promise<string> {
  const email = uniqueEmail('example.org', prefix);
  const mark = delivered.length;
  const out = await cognito.send(
    new SignUpCommand({ ClientId: web, Username: email, UserAttributes: [{ Name: 'email', Value: email }] }),
  );
  expect(out.UserConfirmed).toBe(false);
  await cognito.send(
    new ConfirmSignUpCommand({
      ClientId: web,
      Username: email,
      ConfirmationCode: await codeFor(email, mark),
    }),
  );
  return email;
}

const userAuth = (username: string, preferred?: string) =>
  cognito.send(
    new InitiateAuthCommand({
      ClientId: web,
      AuthFlow: 'USER_AUTH',
      AuthParameters: { USERNAME: username, ...(preferred ? { PREFERRED_CHALLENGE: preferred } : {}) },
    }),
  );

describe('e-mail one-time codes', () => {
  test('a user who signed up without a password chooses EMAIL_OTP, gets a code in the log, and signs in with it', async () => {
    const email = await passwordlessUser('otp');
    const start = await userAuth(email);
    expect(start.ChallengeName).toBe('SELECT_CHALLENGE');
    // No password to offer: the user has none.
    expect(start.AvailableChallenges).toEqual(['EMAIL_OTP']);
    const mark = delivered.length;
    const chosen = await cognito.send(
      new RespondToAuthChallengeCommand({
        ClientId: web,
        ChallengeName: 'SELECT_CHALLENGE',
        Session: start.Session,
        ChallengeResponses: { USERNAME: email, ANSWER: 'EMAIL_OTP' },
      }),
    );
    expect(chosen.ChallengeName).toBe('EMAIL_OTP');
    expect(chosen.ChallengeParameters).toEqual({
      CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL',
      CODE_DELIVERY_DESTINATION: 'o***@e***',
    });
    const code = await codeFor(email, mark);
    expect(code).toMatch(/^\d{8}$/);
    // The docs' recipe reads the same code from the log.
    const log = fs.readFileSync(local.emulatorLog, 'utf8');
    const escaped = email.replace(/[.+]/g, '\\$&');
    const fromLog = [
      ...log.matchAll(new RegExp(`Destination: *${escaped}[^]*?Code: *(\\d+)`, 'g')),
    ].pop()?.[1];
    expect(fromLog).toBe(code);

    const answer = (value: string) =>
      cognito.send(
        new RespondToAuthChallengeCommand({
          ClientId: web,
          ChallengeName: 'EMAIL_OTP',
          Session: chosen.Session,
          ChallengeResponses: { USERNAME: email, EMAIL_OTP_CODE: value },
        }),
      );
    const wrong = code === '00000000' ? '11111111' : '00000000';
    await expect(answer(wrong)).rejects.toMatchObject({ name: 'CodeMismatchException' });
    const done = await answer(code);
    expect(payloadOf(done.AuthenticationResult?.IdToken).email).toBe(email);
    expect(done.AuthenticationResult?.RefreshToken).toBeTruthy();
  });

  test('PREFERRED_CHALLENGE EMAIL_OTP starts the code at once; a password user may choose between all factors', async () => {
    const email = uniqueEmail('example.org', 'both');
    const mark = delivered.length;
    await cognito.send(
      new SignUpCommand({
        ClientId: web,
        Username: email,
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: email }],
      }),
    );
    await cognito.send(
      new ConfirmSignUpCommand({
        ClientId: web,
        Username: email,
        ConfirmationCode: await codeFor(email, mark),
      }),
    );
    expect((await userAuth(email)).AvailableChallenges).toEqual(['EMAIL_OTP', 'PASSWORD', 'PASSWORD_SRP']);
    const started = await userAuth(email, 'EMAIL_OTP');
    expect(started.ChallengeName).toBe('EMAIL_OTP');
    // A preference the user cannot use (no passkey) falls back to the choice.
    expect((await userAuth(email, 'WEB_AUTHN')).ChallengeName).toBe('SELECT_CHALLENGE');
  });

  test('three wrong codes end the sign-in; the right code then no longer works', async () => {
    const email = await passwordlessUser('wrong');
    const mark = delivered.length;
    const started = await userAuth(email, 'EMAIL_OTP');
    const code = await codeFor(email, mark);
    const answer = (value: string) =>
      cognito.send(
        new RespondToAuthChallengeCommand({
          ClientId: web,
          ChallengeName: 'EMAIL_OTP',
          Session: started.Session,
          ChallengeResponses: { USERNAME: email, EMAIL_OTP_CODE: value },
        }),
      );
    const wrong = code === '99999999' ? '88888888' : '99999999';
    await expect(answer(wrong)).rejects.toMatchObject({ name: 'CodeMismatchException' });
    await expect(answer(wrong)).rejects.toMatchObject({ name: 'CodeMismatchException' });
    await expect(answer(wrong)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(answer(code)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: expect.stringMatching(/session is expired/),
    });
  });

  test("a code expires with the sign-in session (the client's AuthSessionValidity, 3 minutes)", async () => {
    const email = await passwordlessUser('expiry');
    const mark = delivered.length;
    const started = await userAuth(email, 'EMAIL_OTP');
    const code = await codeFor(email, mark);
    // The front runs in this process: four minutes later, by its clock.
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => now + 4 * 60_000);
    try {
      await expect(
        cognito.send(
          new RespondToAuthChallengeCommand({
            ClientId: web,
            ChallengeName: 'EMAIL_OTP',
            Session: started.Session,
            ChallengeResponses: { USERNAME: email, EMAIL_OTP_CODE: code },
          }),
        ),
      ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    } finally {
      clock.mockRestore();
    }
  });
});

describe('SMS one-time codes', () => {
  test('a user with a verified phone number gets SMS_OTP with the number masked, and answers SMS_OTP_CODE', async () => {
    const email = uniqueEmail('example.org', 'sms');
    const phone = '+447700900123';
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: email,
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: email }],
      }),
    );
    await cognito.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: email,
        Password: PASSWORD,
        Permanent: true,
      }),
    );
    await cognito.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId,
        Username: email,
        UserAttributes: [
          { Name: 'phone_number', Value: phone },
          { Name: 'phone_number_verified', Value: 'true' },
        ],
      }),
    );
    // The e-mail address is not verified: no EMAIL_OTP.
    expect((await userAuth(email)).AvailableChallenges).toEqual(['SMS_OTP', 'PASSWORD', 'PASSWORD_SRP']);
    const mark = delivered.length;
    const started = await userAuth(email, 'SMS_OTP');
    expect(started.ChallengeName).toBe('SMS_OTP');
    expect(started.ChallengeParameters).toEqual({
      CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS',
      CODE_DELIVERY_DESTINATION: '+******0123',
    });
    const code = await codeFor(phone, mark);
    const done = await cognito.send(
      new RespondToAuthChallengeCommand({
        ClientId: web,
        ChallengeName: 'SMS_OTP',
        Session: started.Session,
        ChallengeResponses: { USERNAME: email, SMS_OTP_CODE: code },
      }),
    );
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
  });
});

describe('what passwordless sign-in needs', () => {
  test('a client without ALLOW_USER_AUTH refuses USER_AUTH and a sign-up without a password', async () => {
    const email = uniqueEmail('example.org', 'noflow');
    await expect(
      cognito.send(
        new InitiateAuthCommand({
          ClientId: scripts,
          AuthFlow: 'USER_AUTH',
          AuthParameters: { USERNAME: email },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(
      cognito.send(
        new SignUpCommand({
          ClientId: scripts,
          Username: email,
          UserAttributes: [{ Name: 'email', Value: email }],
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringMatching(/ALLOW_USER_AUTH/),
    });
  });

  test('a user without a password cannot sign in with one, not even the one the emulator holds', async () => {
    const email = await passwordlessUser('nopass');
    await expect(
      cognito.send(
        new InitiateAuthCommand({
          ClientId: scripts,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: email, PASSWORD: PASSWORD },
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });
});

describe('Amplify JS v6', () => {
  test("signIn with preferredChallenge 'EMAIL_OTP', then confirmSignIn with the code", async () => {
    const email = await passwordlessUser('amplify');
    configureAmplify(local, web);
    const mark = delivered.length;
    const first = await signIn({
      username: email,
      options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' },
    });
    expect(first.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
    const code = await codeFor(email, mark);
    const done = await confirmSignIn({ challengeResponse: code });
    expect(done.isSignedIn).toBe(true);
    await signOut();
  });
});

describe('hosted UI', () => {
  /** An HTTPS request that trusts local mode's certificate. */
  function request(
    url: string,
    body?: Record<string, string>,
  ): Promise<{ status: number; location?: string; body: string }> {
    return new Promise((resolve, reject) => {
      const req = https.request(
        url,
        {
          method: body ? 'POST' : 'GET',
          ca: fs.readFileSync(local.certFile, 'utf8'),
          headers: body ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {},
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              location: res.headers.location,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(body ? new URLSearchParams(body).toString() : undefined);
    });
  }

  test('"Email me a code" signs a user in with the e-mailed code and returns to the app with an authorization code', async () => {
    const email = await passwordlessUser('hosted');
    const hosted = local.pools[0].clients.find((c) => c.logicalId === 'Hosted')!.clientId;
    const url = new URL(`${local.hostedUi}/oauth2/authorize`);
    for (const [k, v] of Object.entries({
      response_type: 'code',
      client_id: hosted,
      redirect_uri: HOSTED_CALLBACK,
      scope: 'openid email',
    }))
      url.searchParams.set(k, v);
    const signInPage = await request(url.toString());
    expect(signInPage.body).toContain('Email me a code');
    const tx = /name="tx" value="([^"]+)"/.exec(signInPage.body)![1];
    const mark = delivered.length;
    const codePage = await request(`${local.hostedUi}/login`, { tx, username: email, factor: 'EMAIL_OTP' });
    expect(codePage.body).toContain('We e-mailed a sign-in code to h***@e***');
    const code = await codeFor(email, mark);
    const wrong = await request(`${local.hostedUi}/login`, {
      tx,
      code: code === '00000000' ? '1' : '00000000',
    });
    expect(wrong.body).toContain('Invalid code');
    const done = await request(`${local.hostedUi}/login`, { tx, code });
    expect(done.status).toBe(302);
    expect(new URL(done.location!).searchParams.get('code')).toBeTruthy();
  });
});

describe('--code', () => {
  test(
    'fixes one-time sign-in codes as it fixes confirmation codes',
    async () => {
      const fixedDir = tempDir('passwordless-code');
      const fixed = await startLocal({
        assemblyDir: writePasswordlessAssembly(fixedDir),
        dir: `${fixedDir}/local`,
        port: 0,
        quiet: true,
        code: '482913',
      });
      const client = emulatorClient(fixed.endpoint, fixed.region);
      try {
        const clientId = fixed.pools[0].clients.find((c) => c.logicalId === 'Web')!.clientId;
        const email = uniqueEmail('example.org', 'fixed');
        await client.send(
          new SignUpCommand({
            ClientId: clientId,
            Username: email,
            UserAttributes: [{ Name: 'email', Value: email }],
          }),
        );
        await client.send(
          new ConfirmSignUpCommand({ ClientId: clientId, Username: email, ConfirmationCode: '482913' }),
        );
        const started = await client.send(
          new InitiateAuthCommand({
            ClientId: clientId,
            AuthFlow: 'USER_AUTH',
            AuthParameters: { USERNAME: email, PREFERRED_CHALLENGE: 'EMAIL_OTP' },
          }),
        );
        const done = await client.send(
          new RespondToAuthChallengeCommand({
            ClientId: clientId,
            ChallengeName: 'EMAIL_OTP',
            Session: started.Session,
            ChallengeResponses: { USERNAME: email, EMAIL_OTP_CODE: '482913' },
          }),
        );
        expect(done.AuthenticationResult?.IdToken).toBeTruthy();
      } finally {
        client.destroy();
        await fixed.stop();
        fs.rmSync(fixedDir, { recursive: true, force: true });
      }
    },
    START_TIMEOUT,
  );
});
