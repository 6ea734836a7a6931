/**
 * The user-pool operations the front answers or completes before or after the emulator runs them:
 * the template's rules (password policy, attribute permissions, secret hash, self sign-up), what the
 * emulator lacks (ResendConfirmationCode, GlobalSignOut, AdminUserGlobalSignOut, AdminResetUserPassword,
 * resource servers, settings of clients it drops), revocation of the front's tokens (RevokeToken,
 * sign-out, a disabled or deleted user), and PreSignUp on AdminCreateUser.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_Operations.html
 */
import * as crypto from 'node:crypto';
import { associateInSession, maskDestination, verifyInSession } from './auth';
import { FrontContext, frontPool, requireClient, requirePool } from './context';
import { attributeOf, StoredAttribute, StoredClient, StoredPool, StoredUser } from './directory';
import { CognitoError, invalidParameter, notAuthorized, resourceNotFound } from './errors';
import { PASSKEY_OPERATIONS } from './passkeys';
import { checkNewPassword, recordPassword } from './passwords';
import { checkPasswordPolicy, checkSecretHash, checkWritable, readableAttributes } from './rules';
import { userOfAccessToken } from './tokens';
import { runTrigger, triggerEvent } from './triggers';

type Input = Record<string, unknown>;
type Output = Record<string, unknown>;

function attributes(value: unknown): StoredAttribute[] {
  return Array.isArray(value)
    ? value.filter(
        (a): a is StoredAttribute =>
          typeof a === 'object' && a !== null && typeof (a as StoredAttribute).Name === 'string',
      )
    : [];
}

/** The user named by `Username` of a client's pool (canonical name), or undefined. */
function userOfClient(front: FrontContext, client: StoredClient, name: unknown): StoredUser | undefined {
  return typeof name === 'string' ? front.directory.findUser(client.UserPoolId, name) : undefined;
}

const masked = maskDestination;

/** An answer with its `CodeDeliveryDetails.Destination` masked as Cognito masks it (the emulator does not). */
function withMaskedDestination(out: Output): Output {
  const details = out.CodeDeliveryDetails as { Destination?: unknown } | undefined;
  if (!details || typeof details.Destination !== 'string' || details.Destination.includes('***')) return out;
  return { ...out, CodeDeliveryDetails: { ...details, Destination: masked(details.Destination) } };
}

function deliveryOf(user: StoredUser | undefined, fallback: string): Output {
  const email = user ? attributeOf(user, 'email') : undefined;
  const phone = user ? attributeOf(user, 'phone_number') : undefined;
  if (phone && !email)
    return { AttributeName: 'phone_number', DeliveryMedium: 'SMS', Destination: masked(phone) };
  return { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: masked(email ?? fallback) };
}

/** Forwards to the emulator with the user's canonical name. */
async function forward(
  front: FrontContext,
  operation: string,
  input: Input,
  user?: StoredUser,
): Promise<Output> {
  return front.emulator.call(operation, user ? { ...input, Username: user.Username } : input);
}

/** A password Cognito would generate: it meets the pool's policy. */
function temporaryPassword(): string {
  const pick = (set: string, n: number): string =>
    Array.from({ length: n }, () => set[crypto.randomInt(set.length)]).join('');
  return (
    pick('ABCDEFGHJKLMNPQRSTUVWXYZ', 3) +
    pick('abcdefghijkmnopqrstuvwxyz', 4) +
    pick('23456789', 3) +
    pick('!#%&*+=?@', 2)
  );
}

// ---------- sign-up and codes ----------

/**
 * The passwordless first factors a sign-up without a password can use: Cognito takes a sign-up without
 * `Password` when the pool allows EMAIL_OTP or SMS_OTP, the client offers USER_AUTH, and the user gives
 * the attribute the code goes to.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SignUp.html#CognitoUserPools-SignUp-request-Password
 */
function checkPasswordless(pool: StoredPool, client: StoredClient, given: StoredAttribute[]): void {
  const factors = pool.Policies?.SignInPolicy?.AllowedFirstAuthFactors ?? ['PASSWORD'];
  const otp = factors.filter((f) => f === 'EMAIL_OTP' || f === 'SMS_OTP');
  if (!otp.length) {
    throw invalidParameter(
      `A password is required: the user pool allows no passwordless sign-in with one-time codes (first factors: ${factors.join(', ')})`,
    );
  }
  if (!(client.ExplicitAuthFlows ?? []).includes('ALLOW_USER_AUTH')) {
    throw invalidParameter(
      'A password is required: the app client does not offer choice-based sign-in (ALLOW_USER_AUTH)',
    );
  }
  const has = (name: string): boolean => given.some((a) => a.Name === name && !!a.Value);
  if (!otp.some((f) => has(f === 'EMAIL_OTP' ? 'email' : 'phone_number'))) {
    throw invalidParameter(
      `A sign-up without a password needs ${otp.map((f) => (f === 'EMAIL_OTP' ? 'email' : 'phone_number')).join(' or ')}, where its sign-in codes go`,
    );
  }
}

async function signUp(front: FrontContext, input: Input): Promise<Output> {
  const client = requireClient(front, input.ClientId);
  const pool = requirePool(front, client.UserPoolId);
  if (pool.AdminCreateUserConfig?.AllowAdminCreateUserOnly) {
    throw notAuthorized('SignUp is not permitted for this user pool');
  }
  checkSecretHash(client, [input.Username as string], input.SecretHash);
  checkWritable(client, attributes(input.UserAttributes));
  const passwordless = input.Password === undefined || input.Password === '';
  if (passwordless) checkPasswordless(pool, client, attributes(input.UserAttributes));
  else checkPasswordPolicy(pool, typeof input.Password === 'string' ? input.Password : undefined);
  // The emulator needs a password: a passwordless user gets one nobody knows, and the front refuses it.
  const out = await forward(
    front,
    'SignUp',
    passwordless ? { ...input, Password: temporaryPassword() } : input,
  );
  const user = typeof out.UserSub === 'string' ? front.directory.findUser(pool.Id, out.UserSub) : undefined;
  if (user && passwordless) front.store.setPasswordless(pool.Id, user.Username, true);
  else if (user) recordPassword(front, pool, user.Username, input.Password as string);
  return withMaskedDestination(out);
}

async function confirmSignUp(front: FrontContext, input: Input): Promise<Output> {
  const client = requireClient(front, input.ClientId);
  checkSecretHash(client, [input.Username as string], input.SecretHash);
  const user = userOfClient(front, client, input.Username);
  const out = await forward(front, 'ConfirmSignUp', input, user);
  // Cognito marks the address the code went to as verified.
  const pool = requirePool(front, client.UserPoolId);
  const confirmed = user && front.directory.findUser(pool.Id, user.Username);
  const email = confirmed ? attributeOf(confirmed, 'email') : undefined;
  if (
    confirmed &&
    email &&
    (pool.AutoVerifiedAttributes ?? []).includes('email') &&
    attributeOf(confirmed, 'email_verified') !== 'true'
  ) {
    await front.emulator.call('AdminUpdateUserAttributes', {
      UserPoolId: pool.Id,
      Username: confirmed.Username,
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
      ],
    });
  }
  return out;
}

/**
 * A new confirmation code: the emulator's forgot-password code path makes and delivers a fresh code for
 * the user (logged as any code is), which replaces the earlier one, as Cognito's resend does.
 */
async function resendConfirmationCode(front: FrontContext, input: Input): Promise<Output> {
  const client = requireClient(front, input.ClientId);
  checkSecretHash(client, [input.Username as string], input.SecretHash);
  const user = userOfClient(front, client, input.Username);
  if (!user) {
    if (client.PreventUserExistenceErrors === 'ENABLED')
      return { CodeDeliveryDetails: deliveryOf(undefined, String(input.Username)) };
    throw new CognitoError('UserNotFoundException', 'Username/client id combination not found.');
  }
  if (user.UserStatus !== 'UNCONFIRMED') throw invalidParameter('User is already confirmed.');
  await front.emulator.call('ForgotPassword', { ClientId: client.ClientId, Username: user.Username });
  return { CodeDeliveryDetails: deliveryOf(user, String(input.Username)) };
}

async function forgotPassword(front: FrontContext, input: Input): Promise<Output> {
  const client = requireClient(front, input.ClientId);
  checkSecretHash(client, [input.Username as string], input.SecretHash);
  const user = userOfClient(front, client, input.Username);
  if (!user && client.PreventUserExistenceErrors === 'ENABLED') {
    return { CodeDeliveryDetails: deliveryOf(undefined, String(input.Username)) };
  }
  if (user && !user.Enabled) throw notAuthorized('User is disabled.');
  return withMaskedDestination(await forward(front, 'ForgotPassword', input, user));
}

async function confirmForgotPassword(front: FrontContext, input: Input): Promise<Output> {
  const client = requireClient(front, input.ClientId);
  const pool = requirePool(front, client.UserPoolId);
  checkSecretHash(client, [input.Username as string], input.SecretHash);
  const user = userOfClient(front, client, input.Username);
  await checkNewPassword(front, pool, user?.Username, input.Password);
  const out = await forward(front, 'ConfirmForgotPassword', input, user);
  if (user) {
    recordPassword(front, pool, user.Username, input.Password as string);
    front.store.setResetRequired(pool.Id, user.Username, false);
    front.store.setPasswordless(pool.Id, user.Username, false);
  }
  return out;
}

// ---------- the signed-in user's own operations (access token) ----------

async function getUser(front: FrontContext, input: Input): Promise<Output> {
  const { poolId, user, clientId } = await userOfAccessToken(front, input.AccessToken);
  const out = await front.emulator.call<Output>('AdminGetUser', {
    UserPoolId: poolId,
    Username: user.Username,
  });
  const client = front.directory.client(clientId);
  return {
    Username: out.Username,
    UserAttributes: readableAttributes(client, attributes(out.UserAttributes)),
    ...(out.MFAOptions ? { MFAOptions: out.MFAOptions } : {}),
    ...(out.PreferredMfaSetting ? { PreferredMfaSetting: out.PreferredMfaSetting } : {}),
    ...(out.UserMFASettingList ? { UserMFASettingList: out.UserMFASettingList } : {}),
  };
}

async function withUser(
  front: FrontContext,
  operation: string,
  input: Input,
  check?: (client: StoredClient) => void,
): Promise<Output> {
  const { clientId } = await userOfAccessToken(front, input.AccessToken);
  check?.(requireClient(front, clientId));
  return front.emulator.call(operation, input);
}

async function changePassword(front: FrontContext, input: Input): Promise<Output> {
  const { poolId, user } = await userOfAccessToken(front, input.AccessToken);
  const pool = requirePool(front, poolId);
  if (user.Password !== input.PreviousPassword) throw notAuthorized('Incorrect username or password.');
  await checkNewPassword(front, pool, user.Username, input.ProposedPassword);
  const out = await front.emulator.call('ChangePassword', input);
  recordPassword(front, pool, user.Username, input.ProposedPassword as string);
  return out;
}

async function deleteUser(front: FrontContext, input: Input): Promise<Output> {
  const { poolId, user } = await userOfAccessToken(front, input.AccessToken);
  front.store.revokeUser(poolId, user.Username);
  const out = await front.emulator.call('AdminDeleteUser', { UserPoolId: poolId, Username: user.Username });
  front.store.setResetRequired(poolId, user.Username, false);
  front.store.forgetUser(poolId, user.Username);
  return out;
}

async function globalSignOut(front: FrontContext, input: Input): Promise<Output> {
  const { poolId, user } = await userOfAccessToken(front, input.AccessToken);
  front.store.revokeUser(poolId, user.Username);
  return {};
}

async function associateSoftwareToken(front: FrontContext, input: Input): Promise<Output> {
  if (input.Session !== undefined && input.AccessToken === undefined) {
    const session = front.sessions.take(input.Session, sessionClient(front, input.Session));
    if (session.challenge !== 'MFA_SETUP') throw notAuthorized('Invalid session for the user.');
    return { ...(await associateInSession(front, session)) };
  }
  await userOfAccessToken(front, input.AccessToken);
  return front.emulator.call('AssociateSoftwareToken', { AccessToken: input.AccessToken });
}

async function verifySoftwareToken(front: FrontContext, input: Input): Promise<Output> {
  if (input.Session !== undefined && input.AccessToken === undefined) {
    const session = front.sessions.take(input.Session, sessionClient(front, input.Session));
    if (session.challenge !== 'MFA_SETUP') throw notAuthorized('Invalid session for the user.');
    return { ...(await verifyInSession(front, session, input)) };
  }
  await userOfAccessToken(front, input.AccessToken);
  try {
    return await front.emulator.call('VerifySoftwareToken', input);
  } catch (e) {
    if (e instanceof CognitoError && e.code === 'CodeMismatchException') {
      throw new CognitoError('EnableSoftwareTokenMFAException', 'Code mismatch');
    }
    throw e;
  }
}

/** The client a session belongs to (AssociateSoftwareToken and VerifySoftwareToken carry no client id). */
function sessionClient(front: FrontContext, session: unknown): string {
  return front.sessions.peekClient(session) ?? '';
}

/**
 * `RevokeToken`: revokes a refresh token and every access and ID token issued from it.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RevokeToken.html
 */
async function revokeToken(front: FrontContext, input: Input): Promise<Output> {
  const client = requireClient(front, input.ClientId);
  if (client.ClientSecret && input.ClientSecret !== client.ClientSecret) {
    throw notAuthorized(`Unable to verify secret hash for client ${client.ClientId}`);
  }
  if (client.EnableTokenRevocation === false) {
    throw new CognitoError(
      'UnsupportedOperationException',
      'Token revocation is not enabled for this client',
    );
  }
  if (typeof input.Token !== 'string') throw invalidParameter('Missing required parameter Token');
  if (input.Token.split('.').length === 3)
    throw new CognitoError('UnsupportedTokenTypeException', 'Only refresh tokens can be revoked');
  const record = front.store.refresh(input.Token);
  if (record && record.clientId === client.ClientId)
    front.store.revokeOrigin(record.originJti, record.expiresAt);
  return {};
}

// ---------- administrators ----------

/**
 * `AdminCreateUser` runs the pre sign-up trigger with `PreSignUp_AdminCreateUser`, checks a given
 * temporary password against the policy and makes one that meets it otherwise.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-sign-up.html
 */
async function adminCreateUser(front: FrontContext, input: Input): Promise<Output> {
  const pool = requirePool(front, input.UserPoolId);
  if (input.MessageAction === 'RESEND') {
    const user = front.directory.findUser(pool.Id, String(input.Username));
    if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
    return {
      User: {
        Username: user.Username,
        Attributes: user.Attributes,
        Enabled: user.Enabled,
        UserStatus: user.UserStatus,
      },
    };
  }
  if (input.TemporaryPassword !== undefined) checkPasswordPolicy(pool, input.TemporaryPassword as string);
  let userAttributes = attributes(input.UserAttributes);
  const answer = await runTrigger(
    front.invoker,
    frontPool(front, pool.Id),
    'PreSignUp',
    triggerEvent(
      '1',
      'PreSignUp_AdminCreateUser',
      front.stack.region,
      pool.Id,
      String(input.Username),
      undefined,
      {
        userAttributes: Object.fromEntries(userAttributes.map((a) => [a.Name, a.Value ?? ''])),
        validationData: Object.fromEntries(
          attributes(input.ValidationData).map((a) => [a.Name, a.Value ?? '']),
        ),
        ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}),
      },
      { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
    ),
  );
  const response = (answer?.response ?? {}) as Record<string, unknown>;
  const verified = (name: string, flag: unknown): void => {
    if (
      flag === true &&
      userAttributes.some((a) => a.Name === name) &&
      !userAttributes.some((a) => a.Name === `${name}_verified`)
    ) {
      userAttributes = [...userAttributes, { Name: `${name}_verified`, Value: 'true' }];
    }
  };
  verified('email', response.autoVerifyEmail);
  verified('phone_number', response.autoVerifyPhone);
  return front.emulator.call('AdminCreateUser', {
    ...input,
    UserAttributes: userAttributes,
    TemporaryPassword: input.TemporaryPassword ?? temporaryPassword(),
  });
}

async function adminSetUserPassword(front: FrontContext, input: Input): Promise<Output> {
  const pool = requirePool(front, input.UserPoolId);
  const user = front.directory.findUser(pool.Id, String(input.Username));
  if (input.Permanent === true) await checkNewPassword(front, pool, user?.Username, input.Password);
  else checkPasswordPolicy(pool, input.Password as string);
  const out = await forward(front, 'AdminSetUserPassword', input, user);
  if (user && input.Permanent === true) recordPassword(front, pool, user.Username, input.Password as string);
  // The emulator has set CONFIRMED or FORCE_CHANGE_PASSWORD: a reset is over, and the user has a password.
  if (user) {
    front.store.setResetRequired(pool.Id, user.Username, false);
    front.store.setPasswordless(pool.Id, user.Username, false);
  }
  return out;
}

/**
 * `AdminResetUserPassword`: the user's status becomes RESET_REQUIRED, so that signing in answers
 * `PasswordResetRequiredException` until `ConfirmForgotPassword` sets a new password with the code (or an
 * administrator sets one); when the pool verifies e-mail and the user's address is verified, the code
 * goes out as the forgot-password code does (printed as a `[code]` line locally, through the
 * CustomMessage trigger if there is one).
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminResetUserPassword.html
 */
async function adminResetUserPassword(front: FrontContext, input: Input): Promise<Output> {
  const pool = requirePool(front, input.UserPoolId);
  const user = front.directory.findUser(pool.Id, String(input.Username));
  if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
  const client = front.directory.clients(pool.Id)[0];
  if (
    client &&
    (pool.AutoVerifiedAttributes ?? []).includes('email') &&
    attributeOf(user, 'email') &&
    attributeOf(user, 'email_verified') === 'true'
  ) {
    // The emulator's forgot-password path makes, records and delivers the code ConfirmForgotPassword checks.
    await front.emulator.call('ForgotPassword', {
      ClientId: client.ClientId,
      Username: user.Username,
      ...(input.ClientMetadata ? { ClientMetadata: input.ClientMetadata } : {}),
    });
  }
  front.store.setResetRequired(pool.Id, user.Username, true);
  return {};
}

/** `AdminDisableUser`: the user can no longer sign in, and every token of the user is revoked. */
async function adminDisableUser(front: FrontContext, input: Input): Promise<Output> {
  const pool = requirePool(front, input.UserPoolId);
  const user = front.directory.findUser(pool.Id, String(input.Username));
  const out = await forward(front, 'AdminDisableUser', input, user);
  if (user) front.store.revokeUser(pool.Id, user.Username);
  return out;
}

async function adminDeleteUser(front: FrontContext, input: Input): Promise<Output> {
  const pool = requirePool(front, input.UserPoolId);
  const user = front.directory.findUser(pool.Id, String(input.Username));
  const out = await forward(front, 'AdminDeleteUser', input, user);
  if (user) {
    front.store.revokeUser(pool.Id, user.Username);
    front.store.setResetRequired(pool.Id, user.Username, false);
    front.store.forgetUser(pool.Id, user.Username);
  }
  return out;
}

type ListedUser = { Username?: string; UserStatus?: string };

/** Users as the emulator lists them, with the status the front holds (RESET_REQUIRED) over theirs. */
function withFrontStatus<T extends ListedUser>(front: FrontContext, poolId: string, users: T[]): T[] {
  return users.map((u) =>
    u.Username && front.store.isResetRequired(poolId, u.Username)
      ? { ...u, UserStatus: 'RESET_REQUIRED' }
      : u,
  );
}

async function adminGetUser(front: FrontContext, input: Input): Promise<Output> {
  const pool = requirePool(front, input.UserPoolId);
  const user = front.directory.findUser(pool.Id, String(input.Username));
  const out = await forward(front, 'AdminGetUser', input, user);
  return withFrontStatus(front, pool.Id, [out as ListedUser & Output])[0];
}

async function listUsers(front: FrontContext, operation: string, input: Input): Promise<Output> {
  const out = await front.emulator.call<{ Users?: ListedUser[] }>(operation, input);
  if (typeof input.UserPoolId === 'string' && out.Users)
    out.Users = withFrontStatus(front, input.UserPoolId, out.Users);
  return out;
}

async function adminUserGlobalSignOut(front: FrontContext, input: Input): Promise<Output> {
  const pool = requirePool(front, input.UserPoolId);
  const user = front.directory.findUser(pool.Id, String(input.Username));
  if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
  front.store.revokeUser(pool.Id, user.Username);
  return {};
}

// ---------- clients, resource servers, domains ----------

const EXTRA_CLIENT_SETTINGS = [
  'RefreshTokenRotation',
  'AuthSessionValidity',
  'EnablePropagateAdditionalUserContextData',
] as const;

function extrasOf(input: Input): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of EXTRA_CLIENT_SETTINGS) if (input[name] !== undefined) out[name] = input[name];
  return out;
}

async function saveClient(front: FrontContext, operation: string, input: Input): Promise<Output> {
  const out = await front.emulator.call<{ UserPoolClient?: Record<string, unknown> }>(operation, input);
  const id = out.UserPoolClient?.ClientId;
  if (typeof id === 'string') {
    front.store.setClientExtras(id, extrasOf(input));
    out.UserPoolClient = { ...out.UserPoolClient, ...front.store.clientExtras(id) };
  }
  return out;
}

async function describeClient(front: FrontContext, input: Input): Promise<Output> {
  const out = await front.emulator.call<{ UserPoolClient?: Record<string, unknown> }>(
    'DescribeUserPoolClient',
    input,
  );
  const id = out.UserPoolClient?.ClientId;
  if (typeof id === 'string') out.UserPoolClient = { ...out.UserPoolClient, ...front.store.clientExtras(id) };
  return out;
}

function resourceServer(front: FrontContext, input: Input, create: boolean): Output {
  const pool = requirePool(front, input.UserPoolId);
  const identifier = String(input.Identifier ?? '');
  const exists = front.store.resourceServers(pool.Id).some((s) => s.Identifier === identifier);
  if (create && exists) throw invalidParameter(`${identifier} already exists in pool ${pool.Id}`);
  if (!create && !exists) throw resourceNotFound(`Resource server ${identifier} does not exist.`);
  const server = {
    Identifier: identifier,
    Name: String(input.Name ?? identifier),
    Scopes: Array.isArray(input.Scopes)
      ? (input.Scopes as Array<{ ScopeName: string; ScopeDescription: string }>)
      : [],
  };
  front.store.putResourceServer(pool.Id, server);
  return { ResourceServer: { UserPoolId: pool.Id, ...server } };
}

function describeResourceServer(front: FrontContext, input: Input): Output {
  const pool = requirePool(front, input.UserPoolId);
  const server = front.store.resourceServers(pool.Id).find((s) => s.Identifier === input.Identifier);
  if (!server) throw resourceNotFound(`Resource server ${String(input.Identifier)} does not exist.`);
  return { ResourceServer: { UserPoolId: pool.Id, ...server } };
}

function listResourceServers(front: FrontContext, input: Input): Output {
  const pool = requirePool(front, input.UserPoolId);
  return {
    ResourceServers: front.store.resourceServers(pool.Id).map((s) => ({ UserPoolId: pool.Id, ...s })),
  };
}

function deleteResourceServer(front: FrontContext, input: Input): Output {
  const pool = requirePool(front, input.UserPoolId);
  if (!front.store.deleteResourceServer(pool.Id, String(input.Identifier))) {
    throw resourceNotFound(`Resource server ${String(input.Identifier)} does not exist.`);
  }
  return {};
}

/** Operations the front answers or completes, by name. */
export const USER_POOL_OPERATIONS: Readonly<
  Record<string, (front: FrontContext, input: Input) => Promise<Output> | Output>
> = {
  ...PASSKEY_OPERATIONS,
  SignUp: signUp,
  ConfirmSignUp: confirmSignUp,
  ResendConfirmationCode: resendConfirmationCode,
  ForgotPassword: forgotPassword,
  ConfirmForgotPassword: confirmForgotPassword,
  GetUser: getUser,
  UpdateUserAttributes: (front, input) =>
    withUser(front, 'UpdateUserAttributes', input, (c) => checkWritable(c, attributes(input.UserAttributes))),
  DeleteUserAttributes: (front, input) =>
    withUser(front, 'DeleteUserAttributes', input, (c) =>
      checkWritable(
        c,
        (Array.isArray(input.UserAttributeNames) ? input.UserAttributeNames : []).map((n) => ({
          Name: String(n),
        })),
      ),
    ),
  SetUserMFAPreference: (front, input) => withUser(front, 'SetUserMFAPreference', input),
  GetUserAttributeVerificationCode: (front, input) =>
    withUser(front, 'GetUserAttributeVerificationCode', input),
  VerifyUserAttribute: (front, input) => withUser(front, 'VerifyUserAttribute', input),
  ChangePassword: changePassword,
  DeleteUser: deleteUser,
  GlobalSignOut: globalSignOut,
  AssociateSoftwareToken: associateSoftwareToken,
  VerifySoftwareToken: verifySoftwareToken,
  RevokeToken: revokeToken,
  AdminCreateUser: adminCreateUser,
  AdminSetUserPassword: adminSetUserPassword,
  AdminResetUserPassword: adminResetUserPassword,
  AdminGetUser: adminGetUser,
  ListUsers: (front, input) => listUsers(front, 'ListUsers', input),
  ListUsersInGroup: (front, input) => listUsers(front, 'ListUsersInGroup', input),
  AdminDisableUser: adminDisableUser,
  AdminDeleteUser: adminDeleteUser,
  AdminUserGlobalSignOut: adminUserGlobalSignOut,
  CreateUserPoolClient: (front, input) => saveClient(front, 'CreateUserPoolClient', input),
  UpdateUserPoolClient: (front, input) => saveClient(front, 'UpdateUserPoolClient', input),
  DescribeUserPoolClient: describeClient,
  CreateResourceServer: (front, input) => resourceServer(front, input, true),
  UpdateResourceServer: (front, input) => resourceServer(front, input, false),
  DescribeResourceServer: describeResourceServer,
  ListResourceServers: listResourceServers,
  DeleteResourceServer: deleteResourceServer,
};
