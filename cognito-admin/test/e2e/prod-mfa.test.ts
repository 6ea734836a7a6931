/**
 * The reference app's prod stage, where MFA is required, signs in locally: Amplify v6 sets up TOTP at
 * the first sign-in (MFA_SETUP) and answers SOFTWARE_TOKEN_MFA afterwards; the hosted UI does the same;
 * the prod password policy (length 12, history 5) holds.
 */
import * as fs from 'node:fs';
import * as https from 'node:https';
import {
  confirmSignIn,
  confirmSignUp,
  fetchAuthSession,
  signIn,
  signOut,
  signUp,
  updatePassword,
} from 'aws-amplify/auth';
import type { LocalStack } from '../../src/local/start-local';
import { configureAmplify, totpCode } from './amplify-helpers';
import { CODE, START_TIMEOUT, startDev, tempDir, uniqueEmail } from './helpers';

let dir: string;
let local: LocalStack;
const PASSWORD = 'Pr0duction-grade!';

beforeAll(async () => {
  dir = tempDir('prod-mfa');
  local = await startDev(dir, { context: { stage: 'prod' } });
}, START_TIMEOUT);

afterAll(async () => {
  await signOut().catch(() => undefined);
  await local?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('the prod stage requires MFA: TOTP is set up at the first sign-in and asked for afterwards', async () => {
  configureAmplify(local);
  expect(local.outputs.auth.mfa_configuration).toBe('REQUIRED');
  const email = uniqueEmail('example.org', 'prod');
  await expect(
    signUp({ username: email, password: 'Short-0ne!', options: { userAttributes: { email } } }),
  ).rejects.toMatchObject({
    name: 'InvalidPasswordException',
  });
  await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } });
  await confirmSignUp({ username: email, confirmationCode: CODE });

  const first = await signIn({ username: email, password: PASSWORD });
  expect(first.nextStep.signInStep).toBe('CONTINUE_SIGN_IN_WITH_TOTP_SETUP');
  const secret = (first.nextStep as { totpSetupDetails: { sharedSecret: string } }).totpSetupDetails
    .sharedSecret;
  await expect(confirmSignIn({ challengeResponse: totpCode(secret) })).resolves.toMatchObject({
    isSignedIn: true,
  });
  expect((await fetchAuthSession()).tokens?.idToken?.payload.email).toBe(email);

  // Password history (5): the current password cannot be chosen again.
  await expect(updatePassword({ oldPassword: PASSWORD, newPassword: PASSWORD })).rejects.toMatchObject({
    name: 'PasswordHistoryPolicyViolationException',
  });
  await signOut();

  const second = await signIn({ username: email, password: PASSWORD });
  expect(second.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
  await expect(confirmSignIn({ challengeResponse: totpCode(secret, 1) })).resolves.toMatchObject({
    isSignedIn: true,
  });
});

test('the hosted UI sets up TOTP too, then redirects with a code', async () => {
  const ca = fs.readFileSync(local.certFile, 'utf8');
  const post = (
    url: string,
    values: Record<string, string>,
  ): Promise<{ status: number; location?: string; body: string }> =>
    new Promise((resolve, reject) => {
      const req = https.request(
        url,
        {
          method: url.includes('/login') ? 'POST' : 'GET',
          ca,
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
        },
      );
      req.on('error', reject);
      req.end(new URLSearchParams(values).toString());
    });
  configureAmplify(local);
  const email = uniqueEmail('example.org', 'prod-web');
  await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } });
  await confirmSignUp({ username: email, confirmationCode: CODE });
  const callback = local.outputs.auth.oauth!.redirect_sign_in_uri[0];
  const authorize = new URL(`${local.hostedUi}/oauth2/authorize`);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: local.outputs.auth.user_pool_client_id,
    redirect_uri: callback,
    scope: 'openid email',
  }).toString();
  const pageAnswer = await post(authorize.toString(), {});
  const tx = /name="tx" value="([^"]+)"/.exec(pageAnswer.body)![1];
  const setup = await post(`${local.hostedUi}/login`, { tx, username: email, password: PASSWORD });
  expect(setup.body).toContain('Set up an authenticator app');
  const secret = /<code id="secret">([A-Z2-7]+)<\/code>/.exec(setup.body)![1];
  const done = await post(`${local.hostedUi}/login`, { tx, code: totpCode(secret) });
  expect(done.status).toBe(302);
  expect(new URL(done.location!).searchParams.get('code')).toBeTruthy();
  expect(done.location!.startsWith(callback)).toBe(true);
});
