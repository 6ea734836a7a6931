/**
 * Makes and checks tokens as Cognito does: RS256 JWTs signed with the local key (kid in the header),
 * the ID token's claims from the attributes the client may read, `cognito:groups`, `cognito:roles` and
 * `cognito:preferred_role` from the user's groups and their roles, access tokens with their scopes, and
 * the pre token generation trigger's changes (V1: ID token; V2 and V3: both tokens, scopes, list and
 * JSON claim values). Refresh tokens are opaque, as Cognito's are, and kept (hashed) by the front.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-with-identity-providers.html
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html
 */
import * as crypto from 'node:crypto';
import { errors as joseErrors, JWTPayload, jwtVerify, SignJWT } from 'jose';
import { FrontContext, frontPool } from './context';
import { attributeRecord, StoredClient, StoredUser } from './directory';
import { CognitoError, notAuthorized } from './errors';
import { readable } from './rules';
import type { FrontPool } from './stack';
import { runTrigger, triggerEvent } from './triggers';

/** The scope of tokens from the user-pool API (not OAuth): it authorizes the user's own API calls. */
export const ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

type Claims = Record<string, unknown>;

/** Claims a trigger may not add, change or suppress in ID tokens. */
const ID_RESERVED = new Set([
  'acr',
  'amr',
  'aud',
  'at_hash',
  'auth_time',
  'azp',
  'cognito:username',
  'exp',
  'iat',
  'identities',
  'iss',
  'jti',
  'nbf',
  'nonce',
  'origin_jti',
  'sub',
  'token_use',
  'event_id',
  'cognito:groups',
  'cognito:roles',
  'cognito:preferred_role',
]);
/** Claims a trigger may not add, change or suppress in access tokens. */
const ACCESS_RESERVED = new Set([...ID_RESERVED, 'client_id', 'scope', 'username', 'version', 'device_key']);

/** Seconds a token of `kind` is valid for the client (its validity and units; Cognito's defaults). */
export function validitySeconds(
  client: StoredClient,
  kind: 'AccessToken' | 'IdToken' | 'RefreshToken',
): number {
  const value =
    kind === 'AccessToken'
      ? client.AccessTokenValidity
      : kind === 'IdToken'
        ? client.IdTokenValidity
        : client.RefreshTokenValidity;
  if (value === undefined || value === null) return kind === 'RefreshToken' ? 30 * 86400 : 3600;
  const unit = client.TokenValidityUnits?.[kind] ?? (kind === 'RefreshToken' ? 'days' : 'hours');
  const factor: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };
  return value * (factor[unit] ?? 1);
}

/** The user's groups with their roles, as the tokens and the trigger event carry them. */
export interface GroupClaims {
  readonly groups: string[];
  readonly roles: string[];
  readonly preferredRole?: string;
}

/**
 * Groups by precedence; their roles; the preferred role is the role of the group with the lowest
 * precedence, none when two groups with roles share it.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-user-groups.html#assigning-precedence-values-to-groups
 */
export function groupClaims(front: FrontContext, poolId: string, username: string): GroupClaims {
  const pool = frontPool(front, poolId);
  const groups = front.directory.groupsOf(poolId, username);
  const withRoles = groups
    .map((g) => ({ group: g, role: g.RoleArn ?? pool?.groupRoles[g.GroupName] }))
    .filter((g): g is { group: (typeof groups)[number]; role: string } => typeof g.role === 'string');
  const first = withRoles[0];
  const tie = first && withRoles.some((g) => g !== first && g.group.Precedence === first.group.Precedence);
  return {
    groups: groups.map((g) => g.GroupName),
    roles: [...new Set(withRoles.map((g) => g.role))],
    ...(first && !tie ? { preferredRole: first.role } : {}),
  };
}

/** The ID token claims of the user's attributes the client may read, typed as Cognito types them. */
function attributeClaims(user: StoredUser, client: StoredClient | undefined): Claims {
  const out: Claims = {};
  for (const a of user.Attributes) {
    if (a.Value === undefined || a.Name === 'sub' || !readable(client, a.Name)) continue;
    if (a.Name === 'email_verified' || a.Name === 'phone_number_verified') out[a.Name] = a.Value === 'true';
    else if (a.Name === 'updated_at') out[a.Name] = Number(a.Value);
    else if (a.Name === 'address') out[a.Name] = { formatted: a.Value };
    else out[a.Name] = a.Value;
  }
  return out;
}

function applyClaims(
  token: Claims,
  reserved: Set<string>,
  add: unknown,
  suppress: unknown,
  listsAllowed: boolean,
): void {
  if (Array.isArray(suppress)) {
    for (const name of suppress) if (typeof name === 'string' && !reserved.has(name)) delete token[name];
  }
  if (add && typeof add === 'object' && !Array.isArray(add)) {
    for (const [name, value] of Object.entries(add as Claims)) {
      if (reserved.has(name) || value === undefined || value === null) continue;
      token[name] = listsAllowed || typeof value === 'string' ? value : String(value);
    }
  }
}

function applyGroups(id: Claims, access: Claims, details: unknown): void {
  if (!details || typeof details !== 'object') return;
  const d = details as Claims;
  if (Array.isArray(d.groupsToOverride)) {
    id['cognito:groups'] = d.groupsToOverride;
    access['cognito:groups'] = d.groupsToOverride;
  }
  if (Array.isArray(d.iamRolesToOverride)) id['cognito:roles'] = d.iamRolesToOverride;
  if (typeof d.preferredRole === 'string') id['cognito:preferred_role'] = d.preferredRole;
}

/** Removes empty list claims, which Cognito leaves out. */
function dropEmpty(token: Claims): void {
  for (const name of ['cognito:groups', 'cognito:roles']) {
    if (Array.isArray(token[name]) && (token[name] as unknown[]).length === 0) delete token[name];
  }
}

/** Event version of a trigger's `LambdaVersion`. */
function eventVersion(version: string | undefined): string {
  return version === 'V3_0' ? '3' : version === 'V2_0' ? '2' : '1';
}

/** Runs the pre token generation trigger and applies its answer to the draft tokens. */
async function preTokenGeneration(
  front: FrontContext,
  pool: FrontPool | undefined,
  poolId: string,
  clientId: string,
  user: StoredUser | undefined,
  source: string,
  id: Claims,
  access: Claims,
  scopes: string[],
  groups: GroupClaims,
  clientMetadata: Record<string, string> | undefined,
): Promise<string[]> {
  const fn = pool?.triggers.PreTokenGeneration;
  if (!fn) return scopes;
  const version = eventVersion(fn.version);
  // Machine-to-machine tokens reach only V3 functions.
  if (source === 'TokenGeneration_ClientCredentials' && version !== '3') return scopes;
  const request: Claims = {
    userAttributes: user ? { ...attributeRecord(user), 'cognito:user_status': user.UserStatus } : {},
    groupConfiguration: {
      groupsToOverride: groups.groups,
      iamRolesToOverride: groups.roles,
      preferredRole: groups.preferredRole ?? null,
    },
    ...(version !== '1' ? { scopes } : {}),
    ...(clientMetadata ? { clientMetadata } : {}),
  };
  const response =
    version === '1' ? { claimsOverrideDetails: null } : { claimsAndScopeOverrideDetails: null };
  const answer = await runTrigger(
    front.invoker,
    pool,
    'PreTokenGeneration',
    triggerEvent(version, source, front.stack.region, poolId, user?.Username, clientId, request, response),
  );
  const r = (answer?.response ?? {}) as Claims;
  if (version === '1') {
    const d = (r.claimsOverrideDetails ?? {}) as Claims;
    applyClaims(id, ID_RESERVED, d.claimsToAddOrOverride, d.claimsToSuppress, false);
    applyGroups(id, access, d.groupOverrideDetails);
    return scopes;
  }
  const d = (r.claimsAndScopeOverrideDetails ?? {}) as Claims;
  const idGen = (d.idTokenGeneration ?? {}) as Claims;
  const accessGen = (d.accessTokenGeneration ?? {}) as Claims;
  applyClaims(id, ID_RESERVED, idGen.claimsToAddOrOverride, idGen.claimsToSuppress, true);
  applyClaims(access, ACCESS_RESERVED, accessGen.claimsToAddOrOverride, accessGen.claimsToSuppress, true);
  applyGroups(id, access, d.groupOverrideDetails);
  let out = [...scopes];
  if (Array.isArray(accessGen.scopesToAdd)) {
    for (const s of accessGen.scopesToAdd) if (typeof s === 'string' && !out.includes(s)) out.push(s);
  }
  if (Array.isArray(accessGen.scopesToSuppress)) {
    const drop = new Set(accessGen.scopesToSuppress);
    out = out.filter((s) => !drop.has(s));
  }
  return out;
}

/** Signs claims with the local key. */
export function sign(front: FrontContext, claims: Claims): Promise<string> {
  return new SignJWT(claims as JWTPayload)
    .setProtectedHeader({ kid: front.key.kid, alg: 'RS256' })
    .sign(front.key.privateKey);
}

/** What a sign-in, a refresh or a code exchange yields. */
export interface IssuedTokens {
  readonly AccessToken: string;
  readonly IdToken?: string;
  readonly RefreshToken?: string;
  readonly ExpiresIn: number;
  readonly TokenType: 'Bearer';
}

/** How tokens are to be made. */
export interface MintOptions {
  readonly poolId: string;
  readonly client: StoredClient;
  readonly user: StoredUser;
  /** The trigger source: `TokenGeneration_Authentication`, `..._HostedAuth`, `..._RefreshTokens`, `..._NewPasswordChallenge`. */
  readonly source: string;
  /** Scopes of the access token before the trigger: `aws.cognito.signin.user.admin` for API sign-ins. */
  readonly scopes: string[];
  /** Make an ID token (OAuth sign-ins make one only with the `openid` scope). @default true */
  readonly idToken?: boolean;
  /** Make a refresh token; false for a refresh without rotation. */
  readonly refreshToken: boolean;
  /** The session being renewed: its `origin_jti` and `auth_time`. @default - a new session */
  readonly session?: { readonly originJti: string; readonly authTime: number };
  readonly clientMetadata?: Record<string, string>;
  /** OIDC `nonce` of a hosted-UI sign-in. */
  readonly nonce?: string;
}

/** Makes the tokens of a user session. */
export async function mintUserTokens(front: FrontContext, options: MintOptions): Promise<IssuedTokens> {
  const { poolId, client, user } = options;
  const pool = frontPool(front, poolId);
  const now = Math.floor(Date.now() / 1000);
  const originJti = options.session?.originJti ?? crypto.randomUUID();
  const authTime = options.session?.authTime ?? now;
  const eventId = crypto.randomUUID();
  const issuer = front.issuer(poolId);
  const sub = user.Attributes.find((a) => a.Name === 'sub')?.Value ?? user.Username;
  const groups = groupClaims(front, poolId, user.Username);

  const id: Claims = {
    sub,
    'cognito:groups': groups.groups,
    ...attributeClaims(user, client),
    iss: issuer,
    'cognito:username': user.Username,
    ...(options.nonce ? { nonce: options.nonce } : {}),
    origin_jti: originJti,
    'cognito:roles': groups.roles,
    ...(groups.preferredRole ? { 'cognito:preferred_role': groups.preferredRole } : {}),
    aud: client.ClientId,
    event_id: eventId,
    token_use: 'id',
    auth_time: authTime,
  };
  const access: Claims = {
    sub,
    'cognito:groups': groups.groups,
    iss: issuer,
    version: 2,
    client_id: client.ClientId,
    origin_jti: originJti,
    event_id: eventId,
    token_use: 'access',
  };
  const scopes = await preTokenGeneration(
    front,
    pool,
    poolId,
    client.ClientId,
    user,
    options.source,
    id,
    access,
    options.scopes,
    groups,
    options.clientMetadata,
  );
  dropEmpty(id);
  dropEmpty(access);
  const accessTtl = validitySeconds(client, 'AccessToken');
  const AccessToken = await sign(front, {
    ...access,
    scope: scopes.join(' '),
    auth_time: authTime,
    exp: now + accessTtl,
    iat: now,
    jti: crypto.randomUUID(),
    username: user.Username,
  });
  const IdToken =
    options.idToken === false
      ? undefined
      : await sign(front, {
          ...id,
          exp: now + validitySeconds(client, 'IdToken'),
          iat: now,
          jti: crypto.randomUUID(),
        });
  let RefreshToken: string | undefined;
  if (options.refreshToken) {
    RefreshToken = crypto.randomBytes(96).toString('base64url');
    front.store.addRefresh(RefreshToken, {
      poolId,
      clientId: client.ClientId,
      username: user.Username,
      originJti,
      authTime,
      expiresAt: now + validitySeconds(client, 'RefreshToken'),
      source: options.source,
      ...(options.source === 'TokenGeneration_HostedAuth' ? { scopes: options.scopes } : {}),
    });
  }
  return {
    AccessToken,
    ...(IdToken ? { IdToken } : {}),
    ...(RefreshToken ? { RefreshToken } : {}),
    ExpiresIn: accessTtl,
    TokenType: 'Bearer',
  };
}

/** Makes an access token for a machine client (`client_credentials`). */
export async function mintClientToken(
  front: FrontContext,
  poolId: string,
  client: StoredClient,
  scopes: string[],
): Promise<IssuedTokens> {
  const pool = frontPool(front, poolId);
  const now = Math.floor(Date.now() / 1000);
  const access: Claims = {
    sub: client.ClientId,
    iss: front.issuer(poolId),
    version: 2,
    client_id: client.ClientId,
    token_use: 'access',
  };
  const final = await preTokenGeneration(
    front,
    pool,
    poolId,
    client.ClientId,
    undefined,
    'TokenGeneration_ClientCredentials',
    {},
    access,
    scopes,
    { groups: [], roles: [] },
    undefined,
  );
  const ttl = validitySeconds(client, 'AccessToken');
  const AccessToken = await sign(front, {
    ...access,
    scope: final.join(' '),
    auth_time: now,
    exp: now + ttl,
    iat: now,
    jti: crypto.randomUUID(),
  });
  return { AccessToken, ExpiresIn: ttl, TokenType: 'Bearer' };
}

/** A verified token. */
export interface VerifiedToken {
  readonly claims: Claims;
  readonly poolId: string;
}

/** The pool whose local issuer issued a token, from its unverified `iss`. */
function poolOfIssuer(front: FrontContext, token: string): string | undefined {
  try {
    const payload = JSON.parse(
      Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as Claims;
    const iss = typeof payload.iss === 'string' ? payload.iss : '';
    const poolId = iss.split('/').pop() ?? '';
    return iss === front.issuer(poolId) ? poolId : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Verifies a token of a local pool: signature, issuer, expiry, use, and that its session was not
 * revoked (sign-out, RevokeToken, a disabled user). Errors read as Cognito's.
 */
export async function verifyToken(
  front: FrontContext,
  token: unknown,
  use: 'access' | 'id',
): Promise<VerifiedToken> {
  const label = use === 'access' ? 'Access Token' : 'Id Token';
  if (typeof token !== 'string' || !token) throw notAuthorized(`Invalid ${label}`);
  const poolId = poolOfIssuer(front, token);
  if (!poolId) throw notAuthorized(`Invalid ${label}`);
  let claims: Claims;
  try {
    claims = (
      await jwtVerify(token, front.key.publicKey, { issuer: front.issuer(poolId), algorithms: ['RS256'] })
    ).payload as Claims;
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired) throw notAuthorized(`${label} has expired`);
    throw notAuthorized(`Invalid ${label}`);
  }
  if (claims.token_use !== use) throw notAuthorized(`Invalid ${label}`);
  if (typeof claims.origin_jti === 'string' && front.store.isRevoked(claims.origin_jti)) {
    throw notAuthorized(`${label} has been revoked`);
  }
  return { claims, poolId };
}

/** Verifies an access token for the user API: it must carry `aws.cognito.signin.user.admin`; returns the user. */
export async function userOfAccessToken(
  front: FrontContext,
  token: unknown,
): Promise<{ poolId: string; user: StoredUser; clientId: string; claims: Claims }> {
  const { claims, poolId } = await verifyToken(front, token, 'access');
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
  if (!scopes.includes(ADMIN_SCOPE)) throw notAuthorized('Access Token does not have required scopes');
  const user =
    typeof claims.username === 'string' ? front.directory.findUser(poolId, claims.username) : undefined;
  if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
  if (!user.Enabled) throw notAuthorized('User is disabled.');
  return { poolId, user, clientId: String(claims.client_id), claims };
}
