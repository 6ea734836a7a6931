/**
 * The rules a user pool and its app clients set, enforced where Cognito enforces them: the password
 * policy on every operation that sets a password, each client's explicit auth flows, its read and write
 * attribute permissions, and the secret hash of clients with a secret.
 */
import * as crypto from 'node:crypto';
import type { StoredAttribute, StoredClient, StoredPool } from './directory';
import { CognitoError, invalidParameter, notAuthorized } from './errors';

/** Cognito's default password policy (a pool created without `Policies`). */
const DEFAULT_POLICY = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
};

/**
 * The special characters Cognito counts for `RequireSymbols` (a space inside the password counts too).
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/managing-users-passwords.html#user-pool-settings-policies
 */
const SYMBOLS = new Set('^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+- '.split(''));

/**
 * Refuses a password the pool's policy does not allow, with Cognito's exception and message.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/managing-users-passwords.html#user-pool-settings-policies
 */
export function checkPasswordPolicy(pool: StoredPool | undefined, password: string | undefined): void {
  if (typeof password !== 'string' || password.length === 0) {
    throw invalidParameter(
      "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must not be null",
    );
  }
  const p = { ...DEFAULT_POLICY, ...(pool?.Policies?.PasswordPolicy ?? {}) } as Record<string, unknown>;
  const fail = (why: string): never => {
    throw new CognitoError('InvalidPasswordException', `Password did not conform with policy: ${why}`);
  };
  if (/^\s|\s$/.test(password)) {
    throw invalidParameter('Password cannot begin or end with a space');
  }
  if (password.length > 256) fail('Password too long');
  if (password.length < (typeof p.MinimumLength === 'number' ? p.MinimumLength : 8))
    fail('Password not long enough');
  if (p.RequireUppercase === true && !/[A-Z]/.test(password)) fail('Password must have uppercase characters');
  if (p.RequireLowercase === true && !/[a-z]/.test(password)) fail('Password must have lowercase characters');
  if (p.RequireNumbers === true && !/[0-9]/.test(password)) fail('Password must have numeric characters');
  if (p.RequireSymbols === true && ![...password].some((c) => SYMBOLS.has(c))) {
    fail('Password must have symbol characters');
  }
}

/** How many earlier passwords the pool refuses to take again (`PasswordHistorySize`). */
export function passwordHistorySize(pool: StoredPool | undefined): number {
  const size = pool?.Policies?.PasswordPolicy?.PasswordHistorySize;
  return typeof size === 'number' ? size : 0;
}

/** A salted hash of a password, for the history. */
export function hashPassword(password: string): string {
  const salt = crypto.randomBytes(16);
  return `${salt.toString('base64')}:${crypto.scryptSync(password, salt, 32).toString('base64')}`;
}

/** True when `password` is one of `hashes`. */
export function inHistory(password: string, hashes: readonly string[]): boolean {
  return hashes.some((h) => {
    const [salt, hash] = h.split(':');
    return crypto.scryptSync(password, Buffer.from(salt, 'base64'), 32).toString('base64') === hash;
  });
}

/**
 * The flows a client allows. A client created without `ExplicitAuthFlows` allows SRP, custom
 * authentication and refresh; the legacy names stand for their `ALLOW_` equivalents.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-ExplicitAuthFlows
 */
export function allowedFlows(client: StoredClient): Set<string> {
  const flows = client.ExplicitAuthFlows ?? [];
  if (flows.length === 0)
    return new Set(['ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
  const legacy: Record<string, string> = {
    ADMIN_NO_SRP_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
    USER_PASSWORD_AUTH: 'ALLOW_USER_PASSWORD_AUTH',
    CUSTOM_AUTH_FLOW_ONLY: 'ALLOW_CUSTOM_AUTH',
  };
  const out = new Set(flows.map((f) => legacy[f] ?? f));
  // Clients that only name legacy flows keep SRP and refresh, as Cognito's legacy behaviour did.
  if (flows.every((f) => f in legacy)) {
    out.add('ALLOW_USER_SRP_AUTH');
    out.add('ALLOW_REFRESH_TOKEN_AUTH');
  }
  return out;
}

/** Refuses a flow the client does not allow. */
export function requireFlow(client: StoredClient, flow: string, name = flow.replace(/^ALLOW_/, '')): void {
  if (!allowedFlows(client).has(flow)) {
    throw invalidParameter(`${name} flow not enabled for this client`);
  }
}

/** Attributes a user can never write through the user API (only an administrator sets them). */
const ADMIN_ONLY = new Set(['sub', 'email_verified', 'phone_number_verified', 'cognito:user_status']);

/**
 * Refuses attributes the client may not write (`WriteAttributes`; all when the client names none).
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html#user-pool-settings-attribute-permissions-and-scopes
 */
export function checkWritable(
  client: StoredClient,
  attributes: readonly StoredAttribute[] | undefined,
): void {
  const writable = client.WriteAttributes?.length ? new Set(client.WriteAttributes) : undefined;
  for (const a of attributes ?? []) {
    if (ADMIN_ONLY.has(a.Name) || (writable && !writable.has(a.Name))) {
      throw notAuthorized('A client attempted to write unauthorized attribute');
    }
  }
}

/** True when the client may read an attribute (`ReadAttributes`; all when the client names none). */
export function readable(client: StoredClient | undefined, name: string): boolean {
  if (name === 'sub') return true;
  const list = client?.ReadAttributes;
  return !list?.length || list.includes(name);
}

/** Keeps the attributes the client may read. */
export function readableAttributes(
  client: StoredClient | undefined,
  attributes: readonly StoredAttribute[],
): StoredAttribute[] {
  return attributes.filter((a) => readable(client, a.Name));
}

/** `SECRET_HASH`: Base64(HMAC-SHA256(client secret, username + client id)). */
export function secretHash(clientSecret: string, username: string, clientId: string): string {
  return crypto
    .createHmac('sha256', clientSecret)
    .update(username + clientId)
    .digest('base64');
}

/**
 * Refuses a request of a client with a secret that does not prove it knows the secret.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html#cognito-user-pools-computing-secret-hash
 */
export function checkSecretHash(
  client: StoredClient,
  usernames: Array<string | undefined>,
  given: unknown,
): void {
  if (!client.ClientSecret) return;
  const ok =
    typeof given === 'string' &&
    usernames.some((u) => u !== undefined && secretHash(client.ClientSecret!, u, client.ClientId) === given);
  if (!ok) throw notAuthorized(`Unable to verify secret hash for client ${client.ClientId}`);
}
