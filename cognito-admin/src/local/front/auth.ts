/**
 * Sign-in as Cognito runs it: `InitiateAuth` and `AdminInitiateAuth` (USER_SRP_AUTH with real SRP,
 * USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, USER_AUTH, REFRESH_TOKEN_AUTH), `RespondToAuthChallenge`
 * and `AdminRespondToAuthChallenge` (PASSWORD_VERIFIER, SOFTWARE_TOKEN_MFA, MFA_SETUP,
 * NEW_PASSWORD_REQUIRED, SELECT_MFA_TYPE, SELECT_CHALLENGE), `GetTokensFromRefreshToken` with refresh
 * token rotation, and TOTP setup inside a sign-in (`AssociateSoftwareToken` and `VerifySoftwareToken`
 * with a session). Every step checks what Cognito checks: the client's explicit auth flows and secret
 * hash, disabled and unconfirmed users, the pool's MFA setting, the password policy for new passwords.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetTokensFromRefreshToken.html
 */
import * as crypto from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { AuthSession, FrontContext, frontPool, requireClient, requirePool } from './context';
import { attributeOf, attributeRecord, StoredClient, StoredPool, StoredUser } from './directory';
import { CognitoError, invalidParameter, notAuthorized } from './errors';
import { hasPasskey, requestOptions, verifyAssertion } from './passkeys';
import { checkNewPassword, recordPassword } from './passwords';
import { allowedFlows, checkSecretHash, requireFlow } from './rules';
import { srpStart, SRP_TIMESTAMP, verifySignature } from './srp';
import { ADMIN_SCOPE, IssuedTokens, mintUserTokens, sign } from './tokens';
import { runTrigger, triggerEvent } from './triggers';

type Input = Record<string, unknown>;
type Params = Record<string, string>;

/** A sign-in step's answer: a challenge or the tokens. */
interface AuthAnswer {
  ChallengeName?: string;
  ChallengeParameters?: Params;
  Session?: string;
  AuthenticationResult?: IssuedTokens;
  AvailableChallenges?: string[];
}

const wrongPassword = (): CognitoError => notAuthorized('Incorrect username or password.');

function params(value: unknown): Params {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Params) : {};
}

function metadata(input: Input): Record<string, string> | undefined {
  return input.ClientMetadata && typeof input.ClientMetadata === 'object'
    ? (input.ClientMetadata as Record<string, string>)
    : undefined;
}

function sessionMinutes(front: FrontContext, clientId: string): number {
  return front.store.clientExtras(clientId).AuthSessionValidity ?? 3;
}

/** The user a sign-in names; with `PreventUserExistenceErrors` an unknown user reads as a wrong password. */
function findUser(front: FrontContext, poolId: string, client: StoredClient, name: unknown): StoredUser {
  if (typeof name !== 'string' || !name) throw invalidParameter('Missing required parameter USERNAME');
  const user = front.directory.findUser(poolId, name);
  if (!user) {
    throw client.PreventUserExistenceErrors === 'ENABLED'
      ? wrongPassword()
      : new CognitoError('UserNotFoundException', 'User does not exist.');
  }
  return user;
}

/** Runs PreAuthentication, which may refuse the sign-in. */
async function preAuthentication(
  front: FrontContext,
  poolId: string,
  clientId: string,
  user: StoredUser,
  meta?: Params,
): Promise<void> {
  await runTrigger(
    front.invoker,
    frontPool(front, poolId),
    'PreAuthentication',
    triggerEvent(
      '1',
      'PreAuthentication_Authentication',
      front.stack.region,
      poolId,
      user.Username,
      clientId,
      {
        userAttributes: { ...attributeRecord(user), 'cognito:user_status': user.UserStatus },
        userNotFound: false,
        ...(meta ? { validationData: meta } : {}),
      },
      {},
    ),
  );
}

/** The checks after the password was proven: disabled, status, then MFA or tokens. */
async function afterPassword(
  front: FrontContext,
  pool: StoredPool,
  client: StoredClient,
  user: StoredUser,
  meta: Params | undefined,
): Promise<AuthAnswer> {
  if (!user.Enabled) throw notAuthorized('User is disabled.');
  if (user.UserStatus === 'UNCONFIRMED')
    throw new CognitoError('UserNotConfirmedException', 'User is not confirmed.');
  if (user.UserStatus === 'RESET_REQUIRED') {
    throw new CognitoError('PasswordResetRequiredException', 'Password reset required for the user');
  }
  if (user.UserStatus === 'FORCE_CHANGE_PASSWORD') {
    const session = front.sessions.create(
      {
        poolId: pool.Id,
        clientId: client.ClientId,
        username: user.Username,
        challenge: 'NEW_PASSWORD_REQUIRED',
        source: 'TokenGeneration_NewPasswordChallenge',
        clientMetadata: meta,
      },
      sessionMinutes(front, client.ClientId),
    );
    const attributes = attributeRecord(user);
    delete attributes.sub;
    return {
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      ChallengeParameters: {
        USER_ID_FOR_SRP: user.Username,
        requiredAttributes: '[]',
        userAttributes: JSON.stringify(attributes),
      },
      Session: session.id,
    };
  }
  return mfaOrTokens(front, pool, client, user, 'TokenGeneration_Authentication', meta);
}

function hasTotp(user: StoredUser): boolean {
  return (
    (user.UserMFASettingList ?? []).includes('SOFTWARE_TOKEN_MFA') &&
    user.SoftwareTokenMfaConfiguration?.Verified === true
  );
}

/**
 * MFA as the pool asks for it: a user with TOTP answers SOFTWARE_TOKEN_MFA; with MFA required and none
 * set up, MFA_SETUP; otherwise the tokens.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html
 */
async function mfaOrTokens(
  front: FrontContext,
  pool: StoredPool,
  client: StoredClient,
  user: StoredUser,
  source: string,
  meta: Params | undefined,
): Promise<AuthAnswer> {
  const mode = pool.MfaConfiguration ?? 'OFF';
  const totp = hasTotp(user);
  if (mode !== 'OFF' && totp) {
    const session = front.sessions.create(
      {
        poolId: pool.Id,
        clientId: client.ClientId,
        username: user.Username,
        challenge: 'SOFTWARE_TOKEN_MFA',
        source,
        clientMetadata: meta,
      },
      sessionMinutes(front, client.ClientId),
    );
    const device = user.SoftwareTokenMfaConfiguration?.FriendlyDeviceName;
    return {
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      ChallengeParameters: { ...(device ? { FRIENDLY_DEVICE_NAME: device } : {}) },
      Session: session.id,
    };
  }
  if (mode === 'ON') {
    const session = front.sessions.create(
      {
        poolId: pool.Id,
        clientId: client.ClientId,
        username: user.Username,
        challenge: 'MFA_SETUP',
        source,
        clientMetadata: meta,
      },
      sessionMinutes(front, client.ClientId),
    );
    return {
      ChallengeName: 'MFA_SETUP',
      ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' },
      Session: session.id,
    };
  }
  return {
    ChallengeParameters: {},
    AuthenticationResult: await signedIn(front, pool.Id, client, user, source, meta),
  };
}

/** PostAuthentication, then the tokens of a new session. */
async function signedIn(
  front: FrontContext,
  poolId: string,
  client: StoredClient,
  user: StoredUser,
  source: string,
  meta: Params | undefined,
): Promise<IssuedTokens> {
  await runTrigger(
    front.invoker,
    frontPool(front, poolId),
    'PostAuthentication',
    triggerEvent(
      '1',
      'PostAuthentication_Authentication',
      front.stack.region,
      poolId,
      user.Username,
      client.ClientId,
      {
        userAttributes: { ...attributeRecord(user), 'cognito:user_status': user.UserStatus },
        newDeviceUsed: false,
        ...(meta ? { clientMetadata: meta } : {}),
      },
      {},
    ),
  );
  // The user as the trigger left it.
  const fresh = front.directory.findUser(poolId, user.Username) ?? user;
  return mintUserTokens(front, {
    poolId,
    client,
    user: fresh,
    source,
    scopes: [ADMIN_SCOPE],
    refreshToken: allowedFlows(client).has('ALLOW_REFRESH_TOKEN_AUTH'),
    clientMetadata: meta,
  });
}

/**
 * Checks a password against the emulator's record of the user. A user who signed up without a password
 * has none to sign in with (the emulator holds a random one the front made).
 */
function checkPassword(front: FrontContext, poolId: string, user: StoredUser, password: unknown): void {
  if (
    typeof password !== 'string' ||
    user.Password === undefined ||
    user.Password !== password ||
    front.store.isPasswordless(poolId, user.Username)
  )
    throw wrongPassword();
}

/** Starts an SRP exchange: the PASSWORD_VERIFIER challenge. */
async function startSrp(
  front: FrontContext,
  pool: StoredPool,
  client: StoredClient,
  user: StoredUser,
  AHex: unknown,
  meta: Params | undefined,
): Promise<AuthAnswer> {
  if (typeof AHex !== 'string' || !/^[0-9a-fA-F]+$/.test(AHex))
    throw invalidParameter('Missing required parameter SRP_A');
  await preAuthentication(front, pool.Id, client.ClientId, user, meta);
  let state;
  try {
    state = srpStart(pool.Id, user.Username, user.Password ?? '', AHex);
  } catch {
    throw invalidParameter('SRP_A is not valid');
  }
  const session = front.sessions.create(
    {
      poolId: pool.Id,
      clientId: client.ClientId,
      username: user.Username,
      challenge: 'PASSWORD_VERIFIER',
      source: 'TokenGeneration_Authentication',
      srp: { ...state, AHex },
      clientMetadata: meta,
    },
    sessionMinutes(front, client.ClientId),
  );
  return {
    ChallengeName: 'PASSWORD_VERIFIER',
    ChallengeParameters: {
      SALT: state.saltHex,
      SECRET_BLOCK: state.secretBlock,
      SRP_B: state.BHex,
      USERNAME: user.Username,
      USER_ID_FOR_SRP: user.Username,
    },
    Session: session.id,
  };
}

/**
 * With `PreventUserExistenceErrors`, an unknown user gets a PASSWORD_VERIFIER challenge like any other
 * (made from a random password), and the answer fails as a wrong password would.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-managing-errors.html
 */
function unknownUserChallenge(
  front: FrontContext,
  pool: StoredPool,
  client: StoredClient,
  name: string,
  AHex: unknown,
): AuthAnswer {
  if (typeof AHex !== 'string' || !/^[0-9a-fA-F]+$/.test(AHex))
    throw invalidParameter('Missing required parameter SRP_A');
  let state;
  try {
    state = srpStart(pool.Id, name, crypto.randomBytes(32).toString('base64'), AHex);
  } catch {
    throw invalidParameter('SRP_A is not valid');
  }
  const session = front.sessions.create(
    {
      poolId: pool.Id,
      clientId: client.ClientId,
      username: `\u0000unknown:${name}`,
      challenge: 'PASSWORD_VERIFIER',
      source: 'TokenGeneration_Authentication',
      srp: { ...state, AHex },
    },
    sessionMinutes(front, client.ClientId),
  );
  return {
    ChallengeName: 'PASSWORD_VERIFIER',
    ChallengeParameters: {
      SALT: state.saltHex,
      SECRET_BLOCK: state.secretBlock,
      SRP_B: state.BHex,
      USERNAME: name,
      USER_ID_FOR_SRP: name,
    },
    Session: session.id,
  };
}

/** Tokens from a refresh token, with rotation when the client has it. */
async function refresh(
  front: FrontContext,
  client: StoredClient,
  token: unknown,
  meta: Params | undefined,
  rotationAllowed: boolean,
): Promise<IssuedTokens> {
  if (typeof token !== 'string' || !token) throw invalidParameter('Missing required parameter REFRESH_TOKEN');
  const record = front.store.refresh(token);
  const now = Math.floor(Date.now() / 1000);
  if (!record || record.clientId !== client.ClientId || record.expiresAt < now)
    throw notAuthorized('Invalid Refresh Token');
  if (record.revoked) throw notAuthorized('Refresh Token has been revoked');
  if (record.rotatedUntil !== undefined && Date.now() >= record.rotatedUntil)
    throw notAuthorized('Invalid Refresh Token');
  const user = front.directory.findUser(record.poolId, record.username);
  if (!user) throw notAuthorized('Invalid Refresh Token');
  if (!user.Enabled) throw notAuthorized('User is disabled.');
  const rotation = front.store.clientExtras(client.ClientId).RefreshTokenRotation;
  const rotate = rotation?.Feature === 'ENABLED';
  if (rotate && !rotationAllowed) {
    throw invalidParameter(
      'Refresh token rotation is enabled for this client: refresh with GetTokensFromRefreshToken',
    );
  }
  const tokens = await mintUserTokens(front, {
    poolId: record.poolId,
    client,
    user,
    source: 'TokenGeneration_RefreshTokens',
    scopes: record.scopes ?? [ADMIN_SCOPE],
    idToken: record.scopes ? record.scopes.includes('openid') : true,
    refreshToken: rotate,
    session: { originJti: record.originJti, authTime: record.authTime },
    clientMetadata: meta,
  });
  if (rotate) front.store.rotate(token, Date.now() + (rotation?.RetryGracePeriodSeconds ?? 0) * 1000);
  return tokens;
}

/** `InitiateAuth` and `AdminInitiateAuth`. */
export async function initiateAuth(front: FrontContext, input: Input, admin: boolean): Promise<AuthAnswer> {
  const client = requireClient(front, input.ClientId);
  if (admin && input.UserPoolId !== client.UserPoolId) {
    throw new CognitoError(
      'ResourceNotFoundException',
      `User pool client ${client.ClientId} does not exist.`,
    );
  }
  const pool = requirePool(front, client.UserPoolId);
  const flow = String(input.AuthFlow ?? '');
  const p = params(input.AuthParameters);
  const meta = metadata(input);
  switch (flow) {
    case 'USER_SRP_AUTH': {
      requireFlow(client, 'ALLOW_USER_SRP_AUTH', 'USER_SRP_AUTH');
      if (
        client.PreventUserExistenceErrors === 'ENABLED' &&
        typeof p.USERNAME === 'string' &&
        !front.directory.findUser(pool.Id, p.USERNAME)
      ) {
        return unknownUserChallenge(front, pool, client, p.USERNAME, p.SRP_A);
      }
      const user = findUser(front, pool.Id, client, p.USERNAME);
      checkSecretHash(client, [p.USERNAME, user.Username], p.SECRET_HASH);
      return startSrp(front, pool, client, user, p.SRP_A, meta);
    }
    case 'USER_PASSWORD_AUTH':
    case 'ADMIN_USER_PASSWORD_AUTH':
    case 'ADMIN_NO_SRP_AUTH': {
      if (flow === 'USER_PASSWORD_AUTH' ? admin : !admin)
        throw invalidParameter(`Initiate Auth method not supported.`);
      requireFlow(
        client,
        flow === 'USER_PASSWORD_AUTH' ? 'ALLOW_USER_PASSWORD_AUTH' : 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
        flow === 'USER_PASSWORD_AUTH' ? flow : 'ADMIN_USER_PASSWORD_AUTH',
      );
      const user = findUser(front, pool.Id, client, p.USERNAME);
      checkSecretHash(client, [p.USERNAME, user.Username], p.SECRET_HASH);
      await preAuthentication(front, pool.Id, client.ClientId, user, meta);
      checkPassword(front, pool.Id, user, p.PASSWORD);
      return afterPassword(front, pool, client, user, meta);
    }
    case 'USER_AUTH':
      return userAuth(front, pool, client, p, meta);
    case 'REFRESH_TOKEN_AUTH':
    case 'REFRESH_TOKEN': {
      requireFlow(client, 'ALLOW_REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN_AUTH');
      const record = typeof p.REFRESH_TOKEN === 'string' ? front.store.refresh(p.REFRESH_TOKEN) : undefined;
      checkSecretHash(client, [p.USERNAME, record?.username], p.SECRET_HASH);
      const tokens = await refresh(front, client, p.REFRESH_TOKEN, meta, false);
      return { ChallengeParameters: {}, AuthenticationResult: tokens };
    }
    case 'CUSTOM_AUTH':
      throw invalidParameter(
        'CUSTOM_AUTH is not available in local mode (custom challenge triggers do not run)',
      );
    default:
      throw invalidParameter(
        `1 validation error detected: Value '${flow}' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set`,
      );
  }
}

/**
 * The first factors a user can choose from in USER_AUTH: those the pool allows
 * (`Policies.SignInPolicy.AllowedFirstAuthFactors`) that the user can use. WEB_AUTHN needs a registered
 * passkey (and, for a user with MFA, a pool where a user-verified passkey counts as MFA); EMAIL_OTP and
 * SMS_OTP a verified e-mail address or phone number, and no MFA (Cognito offers one-time codes only to
 * users without MFA); PASSWORD and PASSWORD_SRP a password (not a user who
 * signed up without one).
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flows-selection-sdk.html
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html#user-pool-settings-mfa-prerequisites
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_WebAuthnConfigurationType.html
 */
export function firstFactors(front: FrontContext, pool: StoredPool, user: StoredUser): string[] {
  const allowed = pool.Policies?.SignInPolicy?.AllowedFirstAuthFactors ?? ['PASSWORD'];
  const mfa = pool.MfaConfiguration ?? 'OFF';
  const withoutMfa = mfa === 'OFF' || (mfa === 'OPTIONAL' && !hasTotp(user));
  const out: string[] = [];
  // A passkey is a first factor for users without MFA; for users with MFA only when a user-verified
  // passkey counts as MFA (WebAuthnFactorConfiguration MULTI_FACTOR_WITH_USER_VERIFICATION).
  const passkeyAsMfa =
    frontPool(front, pool.Id)?.webAuthn.factorConfiguration === 'MULTI_FACTOR_WITH_USER_VERIFICATION';
  if (allowed.includes('WEB_AUTHN') && (withoutMfa || passkeyAsMfa) && hasPasskey(front, pool.Id, user))
    out.push('WEB_AUTHN');
  if (allowed.includes('EMAIL_OTP') && withoutMfa && attributeOf(user, 'email_verified') === 'true')
    out.push('EMAIL_OTP');
  if (allowed.includes('SMS_OTP') && withoutMfa && attributeOf(user, 'phone_number_verified') === 'true')
    out.push('SMS_OTP');
  if (allowed.includes('PASSWORD') && !front.store.isPasswordless(pool.Id, user.Username))
    out.push('PASSWORD', 'PASSWORD_SRP');
  return out;
}

/**
 * USER_AUTH (choice-based sign-in): with a `PREFERRED_CHALLENGE` the user can use, that challenge at
 * once; otherwise SELECT_CHALLENGE with the factors the user can choose from.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flows-selection-sdk.html
 */
async function userAuth(
  front: FrontContext,
  pool: StoredPool,
  client: StoredClient,
  p: Params,
  meta: Params | undefined,
): Promise<AuthAnswer> {
  requireFlow(client, 'ALLOW_USER_AUTH', 'USER_AUTH');
  const user = findUser(front, pool.Id, client, p.USERNAME);
  checkSecretHash(client, [p.USERNAME, user.Username], p.SECRET_HASH);
  const available = firstFactors(front, pool, user);
  const preferred = p.PREFERRED_CHALLENGE;
  if (preferred && available.includes(preferred))
    return answerChoice(front, pool, client, user, preferred, p, meta);
  if (!available.length) {
    throw notAuthorized(
      `No first factor of the pool (${(pool.Policies?.SignInPolicy?.AllowedFirstAuthFactors ?? ['PASSWORD']).join(', ')}) is available to this user`,
    );
  }
  const session = front.sessions.create(
    {
      poolId: pool.Id,
      clientId: client.ClientId,
      username: user.Username,
      challenge: 'SELECT_CHALLENGE',
      source: 'TokenGeneration_Authentication',
      clientMetadata: meta,
      available,
    },
    sessionMinutes(front, client.ClientId),
  );
  return {
    ChallengeName: 'SELECT_CHALLENGE',
    ChallengeParameters: {},
    Session: session.id,
    AvailableChallenges: available,
  };
}

/** A one-time sign-in code: the fixed code (`--code`), else 8 random digits. */
export function oneTimeCode(front: FrontContext): string {
  return front.fixedCode ?? String(crypto.randomInt(0, 100_000_000)).padStart(8, '0');
}

/** How many wrong one-time codes a sign-in takes before its session ends. */
export const OTP_ATTEMPTS = 3;

/**
 * Starts an EMAIL_OTP or SMS_OTP challenge: a new code, delivered like every code locally, and the
 * challenge with its delivery details (the destination masked as Cognito masks it).
 */
async function startOtp(
  front: FrontContext,
  pool: StoredPool,
  client: StoredClient,
  user: StoredUser,
  factor: 'EMAIL_OTP' | 'SMS_OTP',
  meta: Params | undefined,
): Promise<AuthAnswer> {
  await preAuthentication(front, pool.Id, client.ClientId, user, meta);
  if (!user.Enabled) throw notAuthorized('User is disabled.');
  if (user.UserStatus === 'UNCONFIRMED')
    throw new CognitoError('UserNotConfirmedException', 'User is not confirmed.');
  const email = factor === 'EMAIL_OTP';
  const destination = attributeOf(user, email ? 'email' : 'phone_number') ?? '';
  const code = oneTimeCode(front);
  front.deliver({ username: user.Username, destination, code, purpose: `${factor} sign-in` });
  const session = front.sessions.create(
    {
      poolId: pool.Id,
      clientId: client.ClientId,
      username: user.Username,
      challenge: factor,
      source: 'TokenGeneration_Authentication',
      clientMetadata: meta,
      otp: { code, wrong: 0 },
    },
    sessionMinutes(front, client.ClientId),
  );
  return {
    ChallengeName: factor,
    ChallengeParameters: {
      CODE_DELIVERY_DELIVERY_MEDIUM: email ? 'EMAIL' : 'SMS',
      CODE_DELIVERY_DESTINATION: maskDestination(destination),
    },
    Session: session.id,
  };
}

/** A destination as Cognito shows it (`a***@e***`, `+*******1234`). */
export function maskDestination(destination: string): string {
  const [local, domain] = destination.split('@');
  return domain ? `${local.slice(0, 1)}***@${domain.slice(0, 1)}***` : `+******${destination.slice(-4)}`;
}

/** Starts a WEB_AUTHN challenge: request options for the user's passkeys. */
async function startWebAuthn(
  front: FrontContext,
  pool: StoredPool,
  client: StoredClient,
  user: StoredUser,
  meta: Params | undefined,
): Promise<AuthAnswer> {
  await preAuthentication(front, pool.Id, client.ClientId, user, meta);
  if (!user.Enabled) throw notAuthorized('User is disabled.');
  const { options, challenge } = await requestOptions(front, pool.Id, user);
  const session = front.sessions.create(
    {
      poolId: pool.Id,
      clientId: client.ClientId,
      username: user.Username,
      challenge: 'WEB_AUTHN',
      source: 'TokenGeneration_Authentication',
      clientMetadata: meta,
      webAuthnChallenge: challenge,
    },
    sessionMinutes(front, client.ClientId),
  );
  return {
    ChallengeName: 'WEB_AUTHN',
    ChallengeParameters: { CREDENTIAL_REQUEST_OPTIONS: options },
    Session: session.id,
  };
}

async function answerChoice(
  front: FrontContext,
  pool: StoredPool,
  client: StoredClient,
  user: StoredUser,
  choice: string,
  p: Params,
  meta: Params | undefined,
): Promise<AuthAnswer> {
  if (choice === 'PASSWORD_SRP') return startSrp(front, pool, client, user, p.SRP_A, meta);
  if (choice === 'EMAIL_OTP' || choice === 'SMS_OTP')
    return startOtp(front, pool, client, user, choice, meta);
  if (choice === 'WEB_AUTHN') {
    // Local mode issues the WebAuthn challenge with the WEB_AUTHN step, so a credential cannot come sooner.
    if (p.CREDENTIAL !== undefined) {
      throw invalidParameter(
        'Local mode takes no CREDENTIAL with ANSWER WEB_AUTHN: answer WEB_AUTHN alone, then the WEB_AUTHN challenge with the credential for its CREDENTIAL_REQUEST_OPTIONS',
      );
    }
    return startWebAuthn(front, pool, client, user, meta);
  }
  await preAuthentication(front, pool.Id, client.ClientId, user, meta);
  checkPassword(front, pool.Id, user, p.PASSWORD);
  return afterPassword(front, pool, client, user, meta);
}

/** Checks a passkey's answer; a passkey sign-in is complete without MFA. */
async function finishWebAuthn(
  front: FrontContext,
  pool: StoredPool,
  client: StoredClient,
  user: StoredUser,
  session: AuthSession,
  credential: unknown,
  meta: Params | undefined,
): Promise<AuthAnswer> {
  try {
    await verifyAssertion(front, pool.Id, user, session.webAuthnChallenge ?? '', credential);
  } finally {
    front.sessions.end(session);
  }
  if (!user.Enabled) throw notAuthorized('User is disabled.');
  return {
    ChallengeParameters: {},
    AuthenticationResult: await signedIn(front, pool.Id, client, user, session.source, meta),
  };
}

/** TOTP codes: six digits, one 30-second step either way. */
function totpValid(secret: string | undefined, code: unknown): boolean {
  if (!secret || typeof code !== 'string' || !/^\d{6}$/.test(code)) return false;
  return (
    new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).validate({
      token: code,
      window: 1,
    }) !== null
  );
}

/** `RespondToAuthChallenge` and `AdminRespondToAuthChallenge`. */
export async function respondToAuthChallenge(
  front: FrontContext,
  input: Input,
  admin: boolean,
): Promise<AuthAnswer> {
  const client = requireClient(front, input.ClientId);
  if (admin && input.UserPoolId !== client.UserPoolId) {
    throw new CognitoError(
      'ResourceNotFoundException',
      `User pool client ${client.ClientId} does not exist.`,
    );
  }
  const pool = requirePool(front, client.UserPoolId);
  const session = front.sessions.take(input.Session, client.ClientId);
  const name = String(input.ChallengeName ?? '');
  if (name !== session.challenge) {
    throw invalidParameter(`Invalid challenge name ${name}; the session expects ${session.challenge}`);
  }
  const r = params(input.ChallengeResponses);
  const meta = metadata(input) ?? session.clientMetadata;
  const user = front.directory.findUser(pool.Id, session.username);
  if (!user) throw wrongPassword();
  checkSecretHash(client, [r.USERNAME, user.Username], r.SECRET_HASH);
  const done = (answer: AuthAnswer): AuthAnswer => {
    front.sessions.end(session);
    return answer;
  };
  switch (name) {
    case 'PASSWORD_VERIFIER': {
      const srp = session.srp!;
      if (
        r.PASSWORD_CLAIM_SECRET_BLOCK !== srp.secretBlock ||
        typeof r.TIMESTAMP !== 'string' ||
        !SRP_TIMESTAMP.test(r.TIMESTAMP)
      ) {
        throw wrongPassword();
      }
      if (
        !verifySignature(
          pool.Id,
          user.Password ?? '',
          srp.AHex,
          srp,
          r.TIMESTAMP,
          String(r.PASSWORD_CLAIM_SIGNATURE ?? ''),
        )
      ) {
        front.sessions.end(session);
        throw wrongPassword();
      }
      return done(await afterPassword(front, pool, client, user, meta));
    }
    case 'SOFTWARE_TOKEN_MFA': {
      if (!totpValid(user.SoftwareTokenMfaConfiguration?.Secret, r.SOFTWARE_TOKEN_MFA_CODE)) {
        throw new CognitoError('CodeMismatchException', 'Invalid code received for user');
      }
      return done({
        ChallengeParameters: {},
        AuthenticationResult: await signedIn(front, pool.Id, client, user, session.source, meta),
      });
    }
    case 'SELECT_MFA_TYPE': {
      if (r.ANSWER !== 'SOFTWARE_TOKEN_MFA')
        throw invalidParameter('Only SOFTWARE_TOKEN_MFA is available in local mode');
      session.challenge = 'SOFTWARE_TOKEN_MFA';
      return { ChallengeName: 'SOFTWARE_TOKEN_MFA', ChallengeParameters: {}, Session: session.id };
    }
    case 'MFA_SETUP': {
      if (!session.mfaVerified) {
        throw invalidParameter(
          'Associate and verify a software token (AssociateSoftwareToken, VerifySoftwareToken) before answering MFA_SETUP',
        );
      }
      return done({
        ChallengeParameters: {},
        AuthenticationResult: await signedIn(front, pool.Id, client, user, session.source, meta),
      });
    }
    case 'NEW_PASSWORD_REQUIRED': {
      await checkNewPassword(front, pool, user.Username, r.NEW_PASSWORD);
      const attributes = Object.entries(r)
        .filter(([k]) => k.startsWith('userAttributes.'))
        .map(([k, v]) => ({ Name: k.slice('userAttributes.'.length), Value: v }));
      if (attributes.length) {
        await front.emulator.call('AdminUpdateUserAttributes', {
          UserPoolId: pool.Id,
          Username: user.Username,
          UserAttributes: attributes,
        });
      }
      await front.emulator.call('AdminSetUserPassword', {
        UserPoolId: pool.Id,
        Username: user.Username,
        Password: r.NEW_PASSWORD,
        Permanent: true,
      });
      recordPassword(front, pool, user.Username, r.NEW_PASSWORD);
      const changed = front.directory.findUser(pool.Id, user.Username) ?? user;
      front.sessions.end(session);
      return mfaOrTokens(front, pool, client, changed, 'TokenGeneration_NewPasswordChallenge', meta);
    }
    case 'EMAIL_OTP':
    case 'SMS_OTP': {
      const otp = session.otp!;
      const answer = r[name === 'EMAIL_OTP' ? 'EMAIL_OTP_CODE' : 'SMS_OTP_CODE'];
      if (typeof answer !== 'string' || answer !== otp.code) {
        otp.wrong++;
        if (otp.wrong >= OTP_ATTEMPTS) {
          front.sessions.end(session);
          throw notAuthorized('Invalid session for the user, too many failed attempts.');
        }
        throw new CognitoError('CodeMismatchException', 'Invalid code or auth state for the user.');
      }
      return done({
        ChallengeParameters: {},
        AuthenticationResult: await signedIn(front, pool.Id, client, user, session.source, meta),
      });
    }
    case 'WEB_AUTHN':
      return finishWebAuthn(front, pool, client, user, session, r.CREDENTIAL, meta);
    case 'SELECT_CHALLENGE': {
      const choice = r.ANSWER;
      if (!choice || !session.available?.includes(choice))
        throw invalidParameter(`ANSWER must be one of ${session.available?.join(', ')}`);
      front.sessions.end(session);
      return answerChoice(front, pool, client, user, choice, r, meta);
    }
    default:
      throw invalidParameter(`Challenge ${name} is not supported`);
  }
}

/** `GetTokensFromRefreshToken`: refresh, with a new refresh token when the client rotates them. */
export async function getTokensFromRefreshToken(front: FrontContext, input: Input): Promise<AuthAnswer> {
  const client = requireClient(front, input.ClientId);
  requireFlow(client, 'ALLOW_REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN_AUTH');
  if (client.ClientSecret && input.ClientSecret !== client.ClientSecret) {
    throw notAuthorized(`Unable to verify secret hash for client ${client.ClientId}`);
  }
  return { AuthenticationResult: await refresh(front, client, input.RefreshToken, metadata(input), true) };
}

/** A short-lived access token that names the user to the emulator, for calls it takes an access token for. */
export async function emulatorToken(
  front: FrontContext,
  poolId: string,
  clientId: string,
  user: StoredUser,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return sign(front, {
    sub: attributeOf(user, 'sub') ?? user.Username,
    iss: front.issuer(poolId),
    client_id: clientId,
    token_use: 'access',
    scope: ADMIN_SCOPE,
    username: user.Username,
    iat: now,
    exp: now + 60,
  });
}

/** `AssociateSoftwareToken` inside a sign-in (with `Session`, for MFA_SETUP). */
export async function associateInSession(
  front: FrontContext,
  session: AuthSession,
): Promise<{ SecretCode: string; Session: string }> {
  const user = front.directory.findUser(session.poolId, session.username);
  if (!user) throw notAuthorized('Invalid session for the user.');
  const out = await front.emulator.call<{ SecretCode: string }>('AssociateSoftwareToken', {
    AccessToken: await emulatorToken(front, session.poolId, session.clientId, user),
  });
  return { SecretCode: out.SecretCode, Session: session.id };
}

/** `VerifySoftwareToken` inside a sign-in: verifies the first code and records the token as the user's MFA. */
export async function verifyInSession(
  front: FrontContext,
  session: AuthSession,
  input: Input,
): Promise<{ Status: string; Session: string }> {
  const user = front.directory.findUser(session.poolId, session.username);
  if (!user) throw notAuthorized('Invalid session for the user.');
  if (!totpValid(user.SoftwareTokenMfaConfiguration?.Secret, input.UserCode)) {
    throw new CognitoError('EnableSoftwareTokenMFAException', 'Code mismatch');
  }
  await front.emulator.call('VerifySoftwareToken', {
    AccessToken: await emulatorToken(front, session.poolId, session.clientId, user),
    UserCode: input.UserCode,
    ...(input.FriendlyDeviceName ? { FriendlyDeviceName: input.FriendlyDeviceName } : {}),
  });
  session.mfaVerified = true;
  return { Status: 'SUCCESS', Session: session.id };
}

export { totpValid };
