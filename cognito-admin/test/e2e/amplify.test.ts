/**
 * An app written for Amazon Cognito with Amplify JS v6, run unchanged (but for the endpoints) against
 * local mode of the reference app's dev stage: sign-up, SRP sign-in, refresh, credentials, sign-out,
 * MFA, USER_AUTH, rotation, and the template's rules, as Cognito applies them.
 */
import * as fs from 'node:fs';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminResetUserPasswordCommand,
  AdminSetUserPasswordCommand,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  confirmResetPassword,
  confirmSignIn,
  confirmSignUp,
  fetchAuthSession,
  fetchUserAttributes,
  resendSignUpCode,
  resetPassword,
  setUpTOTP,
  signIn,
  signOut,
  signUp,
  updateMFAPreference,
  updatePassword,
  verifyTOTPSetup,
} from 'aws-amplify/auth';
import type { LocalStack } from '../../src/local/start-local';
import { configureAmplify, payloadOf, storedRefreshToken, totpCode } from './amplify-helpers';
import {
  CODE,
  devStack,
  DevStack,
  PASSWORD,
  START_TIMEOUT,
  startDev,
  tempDir,
  tokenVerifiers,
  uniqueEmail,
} from './helpers';

let dir: string;
let local: LocalStack;
let stack: DevStack;

beforeAll(async () => {
  dir = tempDir('amplify');
  local = await startDev(dir);
  stack = devStack(local);
}, START_TIMEOUT);

afterAll(async () => {
  await signOut().catch(() => undefined);
  await local?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  configureAmplify(local);
  await signOut().catch(() => undefined);
});

/** Signs up and confirms a user through Amplify; returns the e-mail address. */
async function newUser(prefix: string, password = PASSWORD): Promise<string> {
  const email = uniqueEmail('example.org', prefix);
  const out = await signUp({ username: email, password, options: { userAttributes: { email } } });
  expect(out.nextStep.signUpStep).toBe('CONFIRM_SIGN_UP');
  await confirmSignUp({ username: email, confirmationCode: CODE });
  return email;
}

const errorName = async (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'no error',
    (e: Error) => `${e.name}: ${e.message}`,
  );

test('sign-up, SRP sign-in (Amplify default), attributes, identity id and credentials of the authenticated role', async () => {
  const email = await newUser('srp');
  const result = await signIn({ username: email, password: PASSWORD });
  expect(result).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
  // Confirming with the e-mailed code verified the address, as on AWS.
  expect(await fetchUserAttributes()).toMatchObject({ email, email_verified: 'true' });
  const session = await fetchAuthSession();
  expect(session.tokens?.idToken?.payload).toMatchObject({
    email,
    token_use: 'id',
    iss: local.issuer(stack.poolId),
  });
  expect(session.tokens?.accessToken.payload.scope).toBe('aws.cognito.signin.user.admin');
  expect(session.identityId).toMatch(/^eu-west-1:[0-9a-f-]{36}$/);
  expect(session.credentials?.accessKeyId).toMatch(/^ASIALOCAL/);
  expect(session.credentials?.sessionToken).toContain(
    `role=${local.outputs.custom.cognito_auth.identity_pool?.authenticated_role_arn}`,
  );
  // The same user gets the same identity id again.
  await signOut();
  await signIn({ username: email, password: PASSWORD });
  expect((await fetchAuthSession()).identityId).toBe(session.identityId);
});

test('tokens verify against the JWKS at the issuer, whose discovery document names the port in use', async () => {
  const email = await newUser('jwks');
  await signIn({ username: email, password: PASSWORD });
  const tokens = (await fetchAuthSession()).tokens!;
  const issuer = local.issuer(stack.poolId);
  expect(new URL(issuer).port).toBe(new URL(local.endpoint).port);
  const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<
    string,
    string
  >;
  expect(discovery.issuer).toBe(issuer);
  expect(tokens.idToken?.payload.iss).toBe(discovery.issuer);
  const web = local.outputs.auth.user_pool_client_id;
  const verify = await tokenVerifiers({ ...stack, clientId: web });
  await expect(verify.verifyIdToken(tokens.idToken!.toString())).resolves.toMatchObject({ email });
  await expect(verify.verifyAccessToken(tokens.accessToken.toString())).resolves.toMatchObject({
    client_id: web,
  });
  expect(discovery.jwks_uri).toBe(`${issuer}/.well-known/jwks.json`);
});

test('refresh (GetTokensFromRefreshToken) renews the session; groups, roles and V2 claims and scopes reach the tokens', async () => {
  const email = await newUser('groups');
  await signIn({ username: email, password: PASSWORD });
  const before = (await fetchAuthSession()).tokens!;
  await stack.cognito.send(
    new AdminAddUserToGroupCommand({ UserPoolId: stack.poolId, Username: email, GroupName: 'admins' }),
  );
  const after = await fetchAuthSession({ forceRefresh: true });
  const id = after.tokens!.idToken!.payload;
  const access = after.tokens!.accessToken.payload;
  expect(access.jti).not.toBe(before.accessToken.payload.jti);
  expect(access.origin_jti).toBe(before.accessToken.payload.origin_jti);
  const adminsRole = local.outputs.custom.cognito_auth.groups?.find((g) => g.name === 'admins')?.role_arn;
  expect(adminsRole).toMatch(/^arn:aws:iam::000000000000:role\//);
  expect(id['cognito:groups']).toEqual(['admins']);
  expect(id['cognito:roles']).toEqual([adminsRole]);
  expect(id['cognito:preferred_role']).toBe(adminsRole);
  expect(access['cognito:groups']).toEqual(['admins']);
  // The pre token generation trigger (V2): a list claim as an array in both tokens, and a scope for admins.
  expect(access.permissions).toEqual(
    expect.arrayContaining(['users:read', 'users:write', 'reports:read', 'reports:write']),
  );
  expect(id.permissions).toEqual(access.permissions);
  expect(String(access.scope).split(' ').sort()).toEqual([
    'aws.cognito.signin.user.admin',
    'reports-api/write',
  ]);
  // The identity pool maps the token's preferred role.
  expect(after.credentials?.sessionToken).toContain(`role=${adminsRole}`);
});

test('two groups with roles and the same precedence: no preferred role, so the identity pool gives the authenticated role', async () => {
  const email = await newUser('ambiguous');
  const auditors = 'arn:aws:iam::000000000000:role/Auditors';
  await stack.cognito.send(
    new CreateGroupCommand({
      UserPoolId: stack.poolId,
      GroupName: 'auditors',
      Precedence: 0,
      RoleArn: auditors,
    }),
  );
  for (const group of ['admins', 'auditors']) {
    await stack.cognito.send(
      new AdminAddUserToGroupCommand({ UserPoolId: stack.poolId, Username: email, GroupName: group }),
    );
  }
  await signIn({ username: email, password: PASSWORD });
  const session = await fetchAuthSession();
  const id = session.tokens!.idToken!.payload;
  expect([...(id['cognito:roles'] as string[])].sort()).toEqual(
    [auditors, local.outputs.custom.cognito_auth.groups!.find((g) => g.name === 'admins')!.role_arn].sort(),
  );
  expect(id['cognito:preferred_role']).toBeUndefined();
  expect(session.credentials?.sessionToken).toContain(
    `role=${local.outputs.custom.cognito_auth.identity_pool?.authenticated_role_arn}`,
  );
});

test('wrong passwords, unknown users and disabled users are refused; a disabled user cannot refresh', async () => {
  const email = await newUser('refused');
  expect(await errorName(signIn({ username: email, password: 'Wr0ng-password!' }))).toBe(
    'NotAuthorizedException: Incorrect username or password.',
  );
  expect(
    await errorName(signIn({ username: uniqueEmail('example.org', 'nobody'), password: PASSWORD })),
  ).toBe('NotAuthorizedException: Incorrect username or password.');
  await signIn({ username: email, password: PASSWORD });
  const refreshToken = storedRefreshToken(local.outputs.auth.user_pool_client_id)!;
  await stack.cognito.send(new AdminDisableUserCommand({ UserPoolId: stack.poolId, Username: email }));
  await signOut().catch(() => undefined);
  expect(await errorName(signIn({ username: email, password: PASSWORD }))).toBe(
    'NotAuthorizedException: User is disabled.',
  );
  await expect(
    stack.cognito.send(
      new GetTokensFromRefreshTokenCommand({
        ClientId: local.outputs.auth.user_pool_client_id,
        RefreshToken: refreshToken,
      }),
    ),
  ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
});

test('signOut revokes the refresh token (RevokeToken); a global sign-out revokes the access tokens too', async () => {
  const email = await newUser('signout');
  const web = local.outputs.auth.user_pool_client_id;
  await signIn({ username: email, password: PASSWORD });
  const first = storedRefreshToken(web)!;
  await signOut();
  await expect(
    stack.cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: web, RefreshToken: first })),
  ).rejects.toMatchObject({
    name: 'NotAuthorizedException',
    message: 'Refresh Token has been revoked',
  });

  await signIn({ username: email, password: PASSWORD });
  const access = (await fetchAuthSession()).tokens!.accessToken.toString();
  const second = storedRefreshToken(web)!;
  await expect(stack.cognito.send(new GetUserCommand({ AccessToken: access }))).resolves.toMatchObject({
    Username: expect.any(String),
  });
  await signOut({ global: true });
  await expect(stack.cognito.send(new GetUserCommand({ AccessToken: access }))).rejects.toMatchObject({
    name: 'NotAuthorizedException',
    message: 'Access Token has been revoked',
  });
  await expect(
    stack.cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: web, RefreshToken: second })),
  ).rejects.toMatchObject({
    name: 'NotAuthorizedException',
  });
});

test('the password policy applies to sign-up, password reset, password change and administrators', async () => {
  const weak = 'password';
  expect(await errorName(signUp({ username: uniqueEmail('example.org', 'weak'), password: weak }))).toBe(
    'InvalidPasswordException: Password did not conform with policy: Password must have uppercase characters',
  );
  expect(
    await errorName(signUp({ username: uniqueEmail('example.org', 'short'), password: 'Ab1!' })),
  ).toMatch(/Password not long enough/);
  const email = await newUser('policy');
  await signIn({ username: email, password: PASSWORD });
  expect(await errorName(updatePassword({ oldPassword: PASSWORD, newPassword: 'NoDigits!!' }))).toMatch(
    /must have numeric characters/,
  );
  expect(
    await errorName(updatePassword({ oldPassword: 'Not-the-0ld-one', newPassword: 'N3w-password!' })),
  ).toBe('NotAuthorizedException: Incorrect username or password.');
  await updatePassword({ oldPassword: PASSWORD, newPassword: 'N3w-password!' });
  await signOut();
  await expect(
    stack.cognito.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: stack.poolId,
        Username: email,
        Password: 'nosymbols1A',
        Permanent: true,
      }),
    ),
  ).rejects.toMatchObject({
    name: 'InvalidPasswordException',
    message: expect.stringMatching(/symbol characters/),
  });
  await expect(signIn({ username: email, password: 'N3w-password!' })).resolves.toMatchObject({
    isSignedIn: true,
  });
});

test('forgot password and resent sign-up codes', async () => {
  const email = uniqueEmail('example.org', 'resend');
  await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } });
  const resent = await resendSignUpCode({ username: email });
  expect(resent).toMatchObject({ deliveryMedium: 'EMAIL', attributeName: 'email' });
  await confirmSignUp({ username: email, confirmationCode: CODE });
  expect(await errorName(resendSignUpCode({ username: email }))).toBe(
    'InvalidParameterException: User is already confirmed.',
  );

  const reset = await resetPassword({ username: email });
  expect(reset.nextStep.resetPasswordStep).toBe('CONFIRM_RESET_PASSWORD_WITH_CODE');
  expect(
    await errorName(
      confirmResetPassword({ username: email, confirmationCode: CODE, newPassword: 'weakweakweak' }),
    ),
  ).toMatch(/^InvalidPasswordException/);
  await confirmResetPassword({ username: email, confirmationCode: CODE, newPassword: 'R3set-password!' });
  await expect(signIn({ username: email, password: 'R3set-password!' })).resolves.toMatchObject({
    isSignedIn: true,
  });
});

test("an administrator's password reset: the default sign-in asks for a reset, and the code sets a new password", async () => {
  const email = await newUser('admin-reset');
  await stack.cognito.send(new AdminResetUserPasswordCommand({ UserPoolId: stack.poolId, Username: email }));
  const user = await stack.cognito.send(
    new AdminGetUserCommand({ UserPoolId: stack.poolId, Username: email }),
  );
  expect(user.UserStatus).toBe('RESET_REQUIRED');
  // SRP proves the old password, then Cognito answers PasswordResetRequiredException.
  await expect(signIn({ username: email, password: PASSWORD })).resolves.toMatchObject({
    isSignedIn: false,
    nextStep: { signInStep: 'RESET_PASSWORD' },
  });
  expect(await errorName(signIn({ username: email, password: 'Wr0ng-password!' }))).toMatch(
    /^NotAuthorizedException/,
  );
  await confirmResetPassword({ username: email, confirmationCode: CODE, newPassword: 'Adm1n-reset-pw!' });
  await expect(signIn({ username: email, password: 'Adm1n-reset-pw!' })).resolves.toMatchObject({
    isSignedIn: true,
  });
});

test("each client's explicit auth flows and attribute permissions hold", async () => {
  const email = await newUser('flows');
  // The web client allows SRP only; the scripts client also allows USER_PASSWORD_AUTH.
  expect(
    await errorName(
      signIn({ username: email, password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } }),
    ),
  ).toBe('InvalidParameterException: USER_PASSWORD_AUTH flow not enabled for this client');
  configureAmplify(local, stack.clientId);
  await expect(
    signIn({ username: email, password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } }),
  ).resolves.toMatchObject({
    isSignedIn: true,
  });
  await signOut();
  // Custom attributes are readable but not writable by the app clients.
  await expect(
    stack.cognito.send(
      new SignUpCommand({
        ClientId: stack.clientId,
        Username: uniqueEmail('example.org', 'attrs'),
        Password: PASSWORD,
        UserAttributes: [{ Name: 'custom:tenant_id', Value: 't-1' }],
      }),
    ),
  ).rejects.toMatchObject({
    name: 'NotAuthorizedException',
    message: 'A client attempted to write unauthorized attribute',
  });
  // The machine client allows no user sign-in at all.
  const machine = local.outputs.custom.cognito_auth.clients.reports.client_id;
  await expect(
    stack.cognito.send(
      new InitiateAuthCommand({
        ClientId: machine,
        AuthFlow: 'USER_SRP_AUTH',
        AuthParameters: { USERNAME: email, SRP_A: 'ab' },
      }),
    ),
  ).rejects.toMatchObject({ name: 'InvalidParameterException' });
});

test('AdminCreateUser runs the pre sign-up trigger as PreSignUp_AdminCreateUser; the first sign-in sets a new password', async () => {
  const email = uniqueEmail('example.org', 'admin-made');
  await expect(
    stack.cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: stack.poolId,
        Username: email,
        TemporaryPassword: 'short',
        MessageAction: 'SUPPRESS',
      }),
    ),
  ).rejects.toMatchObject({ name: 'InvalidPasswordException' });
  await stack.cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: stack.poolId,
      Username: email,
      TemporaryPassword: 'Temp0rary-pass!',
      UserAttributes: [{ Name: 'email', Value: email }],
      MessageAction: 'SUPPRESS',
    }),
  );
  expect(fs.readFileSync(local.functionsLog, 'utf8')).toContain('PreSignUp_AdminCreateUser');
  const first = await signIn({ username: email, password: 'Temp0rary-pass!' });
  expect(first.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED');
  expect(await errorName(confirmSignIn({ challengeResponse: 'weak' }))).toMatch(/^InvalidPasswordException/);
  await signOut().catch(() => undefined);
  await signIn({ username: email, password: 'Temp0rary-pass!' });
  await expect(confirmSignIn({ challengeResponse: 'Chos3n-password!' })).resolves.toMatchObject({
    isSignedIn: true,
  });
  await signOut();
  await expect(signIn({ username: email, password: 'Chos3n-password!' })).resolves.toMatchObject({
    isSignedIn: true,
  });
});

test('TOTP: set up, verify, prefer, then sign in with a code', async () => {
  const email = await newUser('totp');
  await signIn({ username: email, password: PASSWORD });
  const setup = await setUpTOTP();
  expect(setup.getSetupUri('Reference').toString()).toMatch(/^otpauth:\/\/totp\//);
  await expect(
    verifyTOTPSetup({ code: '000000' === totpCode(setup.sharedSecret) ? '111111' : '000000' }),
  ).rejects.toThrow();
  await verifyTOTPSetup({ code: totpCode(setup.sharedSecret) });
  await updateMFAPreference({ totp: 'PREFERRED' });
  await signOut();
  const step = await signIn({ username: email, password: PASSWORD });
  expect(step.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
  expect(
    await errorName(
      confirmSignIn({ challengeResponse: '000000' === totpCode(setup.sharedSecret) ? '111111' : '000000' }),
    ),
  ).toBe('CodeMismatchException: Invalid code received for user');
  await expect(confirmSignIn({ challengeResponse: totpCode(setup.sharedSecret, 1) })).resolves.toMatchObject({
    isSignedIn: true,
  });
});

test('USER_AUTH on a client that allows it: with a preferred challenge, and by choosing the password factor', async () => {
  const created = await stack.cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: stack.poolId,
      ClientName: 'choice',
      ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  const email = await newUser('userauth');
  configureAmplify(local, created.UserPoolClient!.ClientId);
  await expect(
    signIn({
      username: email,
      password: PASSWORD,
      options: { authFlowType: 'USER_AUTH', preferredChallenge: 'PASSWORD_SRP' },
    }),
  ).resolves.toMatchObject({ isSignedIn: true });
  await signOut();
  const choose = await signIn({ username: email, options: { authFlowType: 'USER_AUTH' } });
  expect(choose.nextStep).toMatchObject({
    signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION',
    availableChallenges: ['PASSWORD', 'PASSWORD_SRP'],
  });
  const password = await confirmSignIn({ challengeResponse: 'PASSWORD' });
  expect(password.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_PASSWORD');
  await expect(confirmSignIn({ challengeResponse: PASSWORD })).resolves.toMatchObject({ isSignedIn: true });
  // The web client does not allow USER_AUTH.
  configureAmplify(local);
  await signOut();
  expect(
    await errorName(
      signIn({
        username: email,
        password: PASSWORD,
        options: { authFlowType: 'USER_AUTH', preferredChallenge: 'PASSWORD' },
      }),
    ),
  ).toBe('InvalidParameterException: USER_AUTH flow not enabled for this client');
});

test('refresh token rotation: each refresh returns a new refresh token and retires the old one', async () => {
  const created = await stack.cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: stack.poolId,
      ClientName: 'rotating',
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 },
    }),
  );
  const clientId = created.UserPoolClient!.ClientId!;
  expect(created.UserPoolClient!.RefreshTokenRotation).toEqual({
    Feature: 'ENABLED',
    RetryGracePeriodSeconds: 0,
  });
  const email = await newUser('rotation');
  configureAmplify(local, clientId);
  await signIn({ username: email, password: PASSWORD });
  const first = storedRefreshToken(clientId)!;
  await fetchAuthSession({ forceRefresh: true });
  const second = storedRefreshToken(clientId)!;
  expect(second).not.toBe(first);
  await expect(
    stack.cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: first })),
  ).rejects.toMatchObject({
    name: 'NotAuthorizedException',
  });
  // Rotation is completed with GetTokensFromRefreshToken only.
  await expect(
    stack.cognito.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: second },
      }),
    ),
  ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  const third = await stack.cognito.send(
    new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: second }),
  );
  expect(third.AuthenticationResult?.RefreshToken).toBeDefined();
  expect(payloadOf(third.AuthenticationResult?.IdToken).email).toBe(email);
});
