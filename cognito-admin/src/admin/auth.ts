import { createHmac } from 'node:crypto';
import {
  AuthenticationResultType,
  ChallengeNameType,
  ConfirmSignUpCommand,
  GetUserCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { findClient } from './config-file';
import type { AdminContext } from './context';
import { AdminError, asSdkError, errorName, EXIT_USAGE } from './errors';
import { decodeJwt } from './tokens';

/** Which app client to use, and its secret if it has one. */
export interface ClientSelection {
  /** Client name in the configuration (`web`, `public`) or client id. @default - the configuration's default client */
  readonly client?: string;
  /** Secret of a client that has one; the SECRET_HASH is computed from it. */
  readonly clientSecret?: string;
}

/** A resolved app client. */
export interface ResolvedClient {
  readonly clientId: string;
  /** Name in the configuration, when known. */
  readonly name?: string;
  /** Auth flows from the configuration, when known. */
  readonly authFlows?: readonly string[];
  readonly hasSecret?: boolean;
  readonly secret?: string;
}

/** Cognito's explicit auth flow → the `authFlows` setting of the client that enables it. */
const FLOW_SETTINGS: Readonly<Record<string, { readonly allow: string; readonly setting: string }>> = {
  USER_PASSWORD_AUTH: { allow: 'ALLOW_USER_PASSWORD_AUTH', setting: 'authFlows.userPassword' },
  USER_SRP_AUTH: { allow: 'ALLOW_USER_SRP_AUTH', setting: 'authFlows.userSrp' },
  ADMIN_USER_PASSWORD_AUTH: {
    allow: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
    setting: 'authFlows.adminUserPassword',
  },
  ADMIN_NO_SRP_AUTH: { allow: 'ALLOW_ADMIN_USER_PASSWORD_AUTH', setting: 'authFlows.adminUserPassword' },
  CUSTOM_AUTH: { allow: 'ALLOW_CUSTOM_AUTH', setting: 'authFlows.custom' },
  USER_AUTH: { allow: 'ALLOW_USER_AUTH', setting: 'authFlows.user' },
  REFRESH_TOKEN_AUTH: {
    allow: 'ALLOW_REFRESH_TOKEN_AUTH',
    setting: 'the refresh token flow (ALLOW_REFRESH_TOKEN_AUTH)',
  },
};

const CLIENT_ID = /^[a-z0-9]{20,128}$/i;

function describeClient(client: ResolvedClient): string {
  return client.name ? `client "${client.name}" (${client.clientId})` : `client ${client.clientId}`;
}

/** The message for a client that does not allow an auth flow: which setting to enable. */
export function missingFlowMessage(flow: string, client: ResolvedClient): string {
  const known = FLOW_SETTINGS[flow];
  const setting = known
    ? `${known.setting}: true on the app client (Cognito: ${known.allow})`
    : `the ${flow} flow`;
  return `${describeClient(client)} does not allow the ${flow} flow; enable ${setting}, or use a client that allows it`;
}

/**
 * Turns an error of a user-side auth call into an error that says what to do: a flow the client does not
 * allow names the client setting to enable; a missing or wrong secret hash names `--client-secret`.
 */
export function explainAuthError(err: unknown, client: ResolvedClient): unknown {
  const e = asSdkError(err);
  const flow = /(\w+) flow not enabled for this client/i.exec(e.message);
  if (flow) return new AdminError(missingFlowMessage(flow[1].toUpperCase(), client), { cause: err });
  if (/SECRET_HASH was not received/i.test(e.message)) {
    return new AdminError(`${describeClient(client)} has a secret: pass --client-secret`, { cause: err });
  }
  if (/Unable to verify secret hash/i.test(e.message)) {
    return new AdminError(`--client-secret does not match the secret of ${describeClient(client)}`, {
      cause: err,
    });
  }
  if (e.name === 'UserNotConfirmedException') {
    return new AdminError(
      'the user is not confirmed: run cognito-admin auth confirm with the code it received',
      {
        cause: err,
      },
    );
  }
  if (e.name === 'PasswordResetRequiredException') {
    return new AdminError('the user must reset the password (forgot-password flow) before signing in', {
      cause: err,
    });
  }
  if (e.name === 'ResourceNotFoundException' && /client/i.test(e.message)) {
    return new AdminError(`${describeClient(client)} does not exist in the user pool`, { cause: err });
  }
  return err;
}

/** SECRET_HASH of Cognito's user-side calls: Base64(HMAC-SHA256(secret, username + clientId)). */
export function secretHash(username: string, clientId: string, clientSecret: string): string {
  return createHmac('sha256', clientSecret)
    .update(username + clientId)
    .digest('base64');
}

/** Finds the app client to use from the options and the client configuration. */
export function resolveClient(ctx: AdminContext, selection: ClientSelection): ResolvedClient {
  const config = ctx.config;
  const found = config ? findClient(config, selection.client) : undefined;
  let client: ResolvedClient;
  if (found) {
    client = {
      clientId: found.client_id,
      name: found.name,
      authFlows: found.auth_flows,
      hasSecret: found.has_secret,
      secret: selection.clientSecret,
    };
  } else if (selection.client) {
    const names = Object.keys(config?.custom?.cognito_auth?.clients ?? {});
    if (!CLIENT_ID.test(selection.client) && names.length > 0) {
      throw new AdminError(
        `--client ${selection.client} is not a client of the configuration; clients: ${names.join(', ')}`,
        {
          exitCode: EXIT_USAGE,
        },
      );
    }
    client = { clientId: selection.client, secret: selection.clientSecret };
  } else if (config?.auth.user_pool_client_id) {
    client = { clientId: config.auth.user_pool_client_id, secret: selection.clientSecret };
  } else {
    throw new AdminError(
      'no app client: pass --client <name or id>, or --config with a client configuration',
      {
        exitCode: EXIT_USAGE,
      },
    );
  }
  if (client.hasSecret && !client.secret) {
    throw new AdminError(`${describeClient(client)} has a secret: pass --client-secret`, {
      exitCode: EXIT_USAGE,
    });
  }
  return client;
}

function requireFlow(client: ResolvedClient, flow: string): void {
  const allow = FLOW_SETTINGS[flow]?.allow;
  if (client.authFlows && allow && !client.authFlows.includes(allow)) {
    throw new AdminError(missingFlowMessage(flow, client));
  }
}

/**
 * The `SECRET_HASH` entry of InitiateAuth's `AuthParameters` and RespondToAuthChallenge's
 * `ChallengeResponses`, for a client that has a secret (see {@link secretHashMember} for the others).
 */
export function withSecret(client: ResolvedClient, username: string): { SECRET_HASH?: string } {
  return client.secret ? { SECRET_HASH: secretHash(username, client.clientId, client.secret) } : {};
}

/**
 * The `SecretHash` request member of the user-side calls that carry it at the top level (SignUp,
 * ConfirmSignUp, ForgotPassword, ConfirmForgotPassword, ResendConfirmationCode), for a client with a
 * secret. (InitiateAuth and RespondToAuthChallenge carry it as `SECRET_HASH` in their parameters.)
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SignUp.html#CognitoUserPools-SignUp-request-SecretHash
 */
export function secretHashMember(client: ResolvedClient, username: string): { SecretHash?: string } {
  return client.secret ? { SecretHash: secretHash(username, client.clientId, client.secret) } : {};
}

/** Runs a user-side call through `client`; its errors are explained (see {@link explainAuthError}). */
export async function callWithClient<T>(client: ResolvedClient, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (err) {
    throw explainAuthError(err, client);
  }
}

/** Options of {@link signUp}. */
export interface SignUpOptions extends ClientSelection {
  readonly username: string;
  readonly password: string;
  /** Attributes such as `email`, `custom:tenant`. */
  readonly attributes?: Readonly<Record<string, string>>;
}

/** Result of {@link signUp}. */
export interface SignUpResult {
  readonly userSub?: string;
  readonly confirmed: boolean;
  /** Where the confirmation code was sent, e.g. `EMAIL a***@e***`. */
  readonly codeSentTo?: string;
}

/** Signs a user up through an app client (SignUp). */
export async function signUp(ctx: AdminContext, options: SignUpOptions): Promise<SignUpResult> {
  const client = resolveClient(ctx, options);
  const out = await callWithClient(client, () =>
    ctx.idp.send(
      new SignUpCommand({
        ClientId: client.clientId,
        Username: options.username,
        Password: options.password,
        UserAttributes: Object.entries(options.attributes ?? {}).map(([Name, Value]) => ({ Name, Value })),
        ...secretHashMember(client, options.username),
      }),
    ),
  );
  const delivery = out.CodeDeliveryDetails;
  return {
    userSub: out.UserSub,
    confirmed: out.UserConfirmed ?? false,
    codeSentTo: delivery ? `${delivery.DeliveryMedium} ${delivery.Destination}` : undefined,
  };
}

/** Confirms a sign-up with the code the user received (ConfirmSignUp). */
export async function confirmSignUp(
  ctx: AdminContext,
  options: ClientSelection & { readonly username: string; readonly code: string },
): Promise<void> {
  const client = resolveClient(ctx, options);
  await callWithClient(client, () =>
    ctx.idp.send(
      new ConfirmSignUpCommand({
        ClientId: client.clientId,
        Username: options.username,
        ConfirmationCode: options.code,
        ...secretHashMember(client, options.username),
      }),
    ),
  );
}

/** Options of {@link signIn}. */
export interface SignInOptions extends ClientSelection {
  readonly username: string;
  readonly password: string;
  /** New password, for a user who must change a temporary one (NEW_PASSWORD_REQUIRED). */
  readonly newPassword?: string;
  /** Code from the user's authenticator app (SOFTWARE_TOKEN_MFA), SMS (SMS_MFA) or e-mail (EMAIL_OTP). */
  readonly mfaCode?: string;
  /** Asks for a missing answer (a terminal prompt); without it, a missing answer is an error. */
  readonly prompt?: (question: string, options: { readonly secret: boolean }) => Promise<string>;
}

/** Result of {@link signIn}. */
export interface SignInResult {
  readonly clientId: string;
  /** The user name Cognito knows the user by (differs from the sign-in name for aliases). */
  readonly username: string;
  readonly idToken: string;
  readonly accessToken: string;
  readonly refreshToken?: string;
  readonly expiresAt: Date;
  /** Challenges answered on the way, e.g. `NEW_PASSWORD_REQUIRED`. */
  readonly challenges: string[];
}

const MFA_ANSWER: Partial<Record<string, string>> = {
  SOFTWARE_TOKEN_MFA: 'SOFTWARE_TOKEN_MFA_CODE',
  SMS_MFA: 'SMS_MFA_CODE',
  EMAIL_OTP: 'EMAIL_OTP_CODE',
};

/**
 * Signs a user in with USER_PASSWORD_AUTH and answers the challenges a command line can answer: a new
 * password for NEW_PASSWORD_REQUIRED, a code for SOFTWARE_TOKEN_MFA, SMS_MFA and EMAIL_OTP (choosing the
 * authenticator app on SELECT_MFA_TYPE).
 */
export async function signIn(ctx: AdminContext, options: SignInOptions): Promise<SignInResult> {
  const client = resolveClient(ctx, options);
  requireFlow(client, 'USER_PASSWORD_AUTH');
  let username = options.username;
  const challenges: string[] = [];
  let out = await callWithClient(client, () =>
    ctx.idp.send(
      new InitiateAuthCommand({
        ClientId: client.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD: options.password, ...withSecret(client, username) },
      }),
    ),
  );
  const answer = async (value: string | undefined, question: string, flag: string, secret: boolean) => {
    if (value) return value;
    if (options.prompt) return options.prompt(question, { secret });
    throw new AdminError(`sign-in needs ${question.toLowerCase()}: pass ${flag}`, { exitCode: EXIT_USAGE });
  };
  for (let step = 0; out.ChallengeName && step < 5; step++) {
    const challenge: ChallengeNameType = out.ChallengeName;
    challenges.push(challenge);
    username = out.ChallengeParameters?.USER_ID_FOR_SRP ?? out.ChallengeParameters?.USERNAME ?? username;
    const responses: Record<string, string> = { USERNAME: username, ...withSecret(client, username) };
    if (challenge === 'NEW_PASSWORD_REQUIRED') {
      responses.NEW_PASSWORD = await answer(
        options.newPassword,
        'A new password',
        '--new-password-stdin or COGNITO_ADMIN_NEW_PASSWORD',
        true,
      );
    } else if (challenge === 'SELECT_MFA_TYPE') {
      const offered: string[] = JSON.parse(out.ChallengeParameters?.MFAS_CAN_CHOOSE ?? '[]');
      responses.ANSWER = offered.includes('SOFTWARE_TOKEN_MFA')
        ? 'SOFTWARE_TOKEN_MFA'
        : (offered[0] ?? 'SMS_MFA');
    } else if (MFA_ANSWER[challenge]) {
      responses[MFA_ANSWER[challenge]] = await answer(
        options.mfaCode,
        `An MFA code (${challenge})`,
        '--mfa-code',
        false,
      );
    } else if (challenge === 'MFA_SETUP') {
      throw new AdminError(
        'the user must set up MFA before signing in (an authenticator app, through the app that uses the pool)',
      );
    } else {
      throw new AdminError(`sign-in stopped at the ${challenge} challenge, which this command cannot answer`);
    }
    const session = out.Session;
    out = await callWithClient(client, () =>
      ctx.idp.send(
        new RespondToAuthChallengeCommand({
          ClientId: client.clientId,
          ChallengeName: challenge,
          Session: session,
          ChallengeResponses: responses,
        }),
      ),
    );
  }
  const result: AuthenticationResultType | undefined = out.AuthenticationResult;
  if (!result?.IdToken || !result.AccessToken) {
    throw new AdminError(
      `sign-in ended without tokens${out.ChallengeName ? ` (challenge ${out.ChallengeName})` : ''}`,
    );
  }
  const claims = decodeJwt(result.AccessToken);
  return {
    clientId: client.clientId,
    username: typeof claims.username === 'string' ? claims.username : username,
    idToken: result.IdToken,
    accessToken: result.AccessToken,
    refreshToken: result.RefreshToken,
    expiresAt: new Date(Date.now() + (result.ExpiresIn ?? 3600) * 1000),
    challenges,
  };
}

/** Who an access token belongs to. */
export interface WhoAmI {
  readonly username: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly mfa: string[];
  /** `cognito:groups` of the ID token, when one is given. */
  readonly groups?: string[];
  readonly tokenExpiresAt?: Date;
}

/** Reads the signed-in user with its access token (GetUser), and the groups from its ID token. */
export async function whoAmI(
  ctx: AdminContext,
  tokens: { accessToken: string; idToken?: string },
): Promise<WhoAmI> {
  let out;
  try {
    out = await ctx.idp.send(new GetUserCommand({ AccessToken: tokens.accessToken }));
  } catch (err) {
    if (errorName(err) === 'NotAuthorizedException') {
      throw new AdminError(`the access token is not accepted (${asSdkError(err).message}); sign in again`, {
        cause: err,
      });
    }
    throw err;
  }
  const attributes: Record<string, string> = {};
  for (const a of out.UserAttributes ?? []) if (a.Name) attributes[a.Name] = a.Value ?? '';
  const access = decodeJwt(tokens.accessToken);
  const id = tokens.idToken ? decodeJwt(tokens.idToken) : undefined;
  const groups = id?.['cognito:groups'] ?? access['cognito:groups'];
  return {
    username: out.Username ?? '',
    attributes,
    mfa: out.UserMFASettingList ?? [],
    groups: Array.isArray(groups) ? groups.map(String) : undefined,
    tokenExpiresAt: typeof access.exp === 'number' ? new Date(access.exp * 1000) : undefined,
  };
}
