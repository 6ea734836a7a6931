/**
 * The Cognito Identity API for the template's identity pools: `GetId`, `GetCredentialsForIdentity`,
 * `GetOpenIdToken` and `DescribeIdentityPool`. Logins are checked as Cognito checks them (an ID token of
 * a provider the pool names, for one of its app clients, not revoked); the role follows the pool's role
 * mapping (rules, or the token's `cognito:preferred_role`; ambiguous goes by `AmbiguousRoleResolution`),
 * else its authenticated role; guests only when the pool allows them. The credentials are plainly fake:
 * AWS would return STS credentials of the role; local mode names that role in the session token.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html
 * @see https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetCredentialsForIdentity.html
 */
import * as crypto from 'node:crypto';
import { errors as joseErrors, jwtVerify } from 'jose';
import type { FrontContext } from './context';
import { CognitoError, invalidParameter, notAuthorized, resourceNotFound } from './errors';
import type { FrontIdentityPool, FrontRoleMapping } from './stack';
import { sign, verifyToken } from './tokens';

type Input = Record<string, unknown>;
type Output = Record<string, unknown>;
type Claims = Record<string, unknown>;

/** A login that was checked: the provider as the pool names it, and the token's claims. */
interface CheckedLogin {
  readonly providerName: string;
  readonly clientId: string;
  readonly claims: Claims;
  /** For an OpenID token of the identity pool itself (developer-authenticated identities): its identity. */
  readonly identityId?: string;
}

/** The login key of the identity pool's own OpenID tokens (developer-authenticated identities). */
export const COGNITO_IDENTITY_LOGIN = 'cognito-identity.amazonaws.com';

/** The claim of an identity-pool OpenID token that carries the principal tags a backend gave. */
const TAGS_CLAIM = 'https://aws.amazon.com/tags';

/** The issuer of the local identity pools' OpenID tokens. */
const identityIssuer = (front: FrontContext): string => `${front.endpoint}/cognito-identity`;

/**
 * Verifies an OpenID token of the identity pool (from `GetOpenIdTokenForDeveloperIdentity` or
 * `GetOpenIdToken`), which the `cognito-identity.amazonaws.com` login carries.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/developer-authenticated-identities.html
 */
async function checkIdentityToken(
  front: FrontContext,
  pool: FrontIdentityPool,
  token: unknown,
): Promise<CheckedLogin> {
  if (typeof token !== 'string')
    throw notAuthorized('Invalid login token. Not a valid OpenId Connect identity token.');
  let claims: Claims;
  try {
    claims = (
      await jwtVerify(token, front.key.publicKey, {
        issuer: identityIssuer(front),
        audience: pool.id,
        algorithms: ['RS256'],
      })
    ).payload as Claims;
  } catch (e) {
    throw notAuthorized(
      e instanceof joseErrors.JWTExpired
        ? 'Invalid login token. Token expired.'
        : 'Invalid login token. Not a valid OpenId Connect identity token.',
    );
  }
  return {
    providerName: COGNITO_IDENTITY_LOGIN,
    clientId: '',
    claims,
    identityId: String(claims.sub),
  };
}

function identityPool(front: FrontContext, id: unknown): FrontIdentityPool {
  const pool = front.stack.identityPools.find((p) => p.id === id);
  if (!pool) throw new CognitoError('ResourceNotFoundException', `IdentityPool '${String(id)}' not found.`);
  return pool;
}

/** The pool id at the end of a provider name (`cognito-idp.<region>.amazonaws.com/<poolId>` or `localhost:9229/<poolId>`). */
const poolIdOf = (providerName: string): string => providerName.split('/').pop() ?? '';

/**
 * Checks the `Logins` map: each key must be a provider of the pool (by its local name, or by the name
 * AWS would give it, which SDK code written for AWS sends), each value an unrevoked ID token of that
 * pool for one of the pool's clients.
 */
async function checkLogins(
  front: FrontContext,
  pool: FrontIdentityPool,
  logins: unknown,
): Promise<CheckedLogin | undefined> {
  if (!logins || typeof logins !== 'object' || Object.keys(logins).length === 0) return undefined;
  let checked: CheckedLogin | undefined;
  for (const [key, token] of Object.entries(logins as Record<string, unknown>)) {
    if (key === COGNITO_IDENTITY_LOGIN) {
      checked = await checkIdentityToken(front, pool, token);
      continue;
    }
    const candidates = pool.providers.filter(
      (p) =>
        p.providerName === key ||
        (/^cognito-idp\.[\w-]+\.amazonaws\.com\/[\w-]+$/.test(key) &&
          poolIdOf(p.providerName) === poolIdOf(key)),
    );
    if (!candidates.length)
      throw notAuthorized(`Invalid login token. ${key} is not a provider of identity pool ${pool.id}.`);
    const { claims, poolId } = await verifyToken(front, token, 'id').catch((e: unknown) => {
      throw notAuthorized(`Invalid login token. ${e instanceof Error ? e.message : String(e)}`);
    });
    const provider = candidates.find((p) => poolIdOf(p.providerName) === poolId && p.clientId === claims.aud);
    if (!provider) throw notAuthorized("Invalid login token. Issuer doesn't match providerName");
    checked = { providerName: provider.providerName, clientId: provider.clientId, claims };
  }
  return checked;
}

function loginKey(login: CheckedLogin): string {
  return `${login.providerName}:${String(login.claims.sub)}`;
}

function newIdentityId(front: FrontContext): string {
  return `${front.stack.region}:${crypto.randomUUID()}`;
}

async function getId(front: FrontContext, input: Input): Promise<Output> {
  const pool = identityPool(front, input.IdentityPoolId);
  const login = await checkLogins(front, pool, input.Logins);
  if (!login) {
    if (!pool.allowUnauthenticated)
      throw notAuthorized('Unauthenticated access is not supported for this identity pool.');
    const id = newIdentityId(front);
    front.store.setIdentityId(pool.id, `guest:${id}`, id);
    return { IdentityId: id };
  }
  if (login.identityId) return { IdentityId: login.identityId };
  const key = loginKey(login);
  let id = front.store.identityId(pool.id, key);
  if (!id) {
    id = newIdentityId(front);
    front.store.setIdentityId(pool.id, key, id);
  }
  return { IdentityId: id };
}

/** The identity pool and login of an identity id, checked against the `Logins` given. */
async function identityOf(
  front: FrontContext,
  input: Input,
): Promise<{ pool: FrontIdentityPool; login?: CheckedLogin }> {
  const id = input.IdentityId;
  const pool = front.stack.identityPools.find(
    (p) => typeof id === 'string' && front.store.hasIdentity(p.id, id),
  );
  if (!pool) throw new CognitoError('ResourceNotFoundException', `Identity '${String(id)}' not found.`);
  const known = front.store.loginsOf(pool.id, id as string);
  const guest = known.some((k) => k.startsWith('guest:'));
  const login = await checkLogins(front, pool, input.Logins);
  const matches =
    login !== undefined &&
    (login.identityId !== undefined ? login.identityId === id : known.includes(loginKey(login)));
  if ((!guest && !matches) || (guest && login)) {
    throw notAuthorized(
      "Logins don't match. Please include at least one valid login for this identity or identity pool.",
    );
  }
  if (guest && !pool.allowUnauthenticated) {
    throw notAuthorized('Unauthenticated access is not supported for this identity pool.');
  }
  return { pool, login };
}

function ruleMatches(rule: FrontRoleMapping['rules'][number], claims: Claims): boolean {
  const raw = claims[rule.Claim];
  const values = Array.isArray(raw) ? raw.map(String) : raw === undefined ? [] : [String(raw)];
  switch (rule.MatchType) {
    case 'Equals':
      return values.includes(rule.Value);
    case 'Contains':
      return values.some((v) => v.includes(rule.Value));
    case 'StartsWith':
      return values.some((v) => v.startsWith(rule.Value));
    case 'NotEqual':
      return values.length > 0 && !values.includes(rule.Value);
    default:
      return false;
  }
}

/** The role an authenticated identity gets, as the pool's role mapping decides. */
function authenticatedRole(pool: FrontIdentityPool, login: CheckedLogin, customRoleArn: unknown): string {
  const mapping = pool.roleMappings.find(
    (m) => m.identityProvider === `${login.providerName}:${login.clientId}`,
  );
  const fallback = (): string => {
    if (!pool.roles.authenticated) {
      throw new CognitoError(
        'InvalidIdentityPoolConfigurationException',
        'Invalid identity pool configuration. Check assigned IAM roles for this pool.',
      );
    }
    return pool.roles.authenticated;
  };
  const ambiguous = (): string => {
    if (mapping?.ambiguousRoleResolution === 'AuthenticatedRole') return fallback();
    throw new CognitoError(
      'InvalidIdentityPoolConfigurationException',
      'Ambiguous role mapping and AmbiguousRoleResolution is Deny',
    );
  };
  if (!mapping || login.identityId !== undefined) {
    if (typeof customRoleArn === 'string' && customRoleArn !== pool.roles.authenticated) {
      throw notAuthorized('CustomRoleArn is not a role this identity can assume');
    }
    return fallback();
  }
  if (mapping.type === 'Rules') {
    const rule = mapping.rules.find((r) => ruleMatches(r, login.claims));
    return rule ? rule.RoleArn : ambiguous();
  }
  const roles = Array.isArray(login.claims['cognito:roles'])
    ? (login.claims['cognito:roles'] as unknown[]).map(String)
    : [];
  if (typeof customRoleArn === 'string') {
    if (!roles.includes(customRoleArn))
      throw notAuthorized('CustomRoleArn is not one of the roles in the token (cognito:roles)');
    return customRoleArn;
  }
  const preferred = login.claims['cognito:preferred_role'];
  if (typeof preferred === 'string') return preferred;
  if (roles.length === 1) return roles[0];
  return ambiguous();
}

/**
 * The session tags Cognito would set for a login (attributes for access control): the pool's principal
 * tags for the login's provider, each the value of its claim (a claim the token lacks gives no tag), or
 * Cognito's defaults for a user pool, `client` = `aud` and `username` = `sub`.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/provider-mappings.html
 */
export function principalTagsOf(
  pool: Pick<FrontIdentityPool, 'principalTags'>,
  providerName: string,
  claims: Claims,
): Record<string, string> {
  if (providerName === COGNITO_IDENTITY_LOGIN) {
    // A developer-authenticated identity carries the tags its backend gave (PrincipalTags).
    const given = (claims[TAGS_CLAIM] as { principal_tags?: Record<string, unknown> } | undefined)
      ?.principal_tags;
    return Object.fromEntries(
      Object.entries(given ?? {}).map(([k, v]) => [k, Array.isArray(v) ? String(v[0]) : String(v)]),
    );
  }
  const config = pool.principalTags.find((t) => t.providerName === providerName);
  if (!config) return {};
  const mapping = config.tags ?? { client: 'aud', username: 'sub' };
  const tags: Record<string, string> = {};
  for (const [tag, claim] of Object.entries(mapping)) {
    const value = claims[claim];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      tags[tag] = String(value);
    }
  }
  return tags;
}

/**
 * Credentials that are plainly not AWS's, naming the role AWS would have given and the session tags
 * (`tags=tenant%3Dacme` as a URL query string), so that ABAC policies can be checked by reading them.
 */
export function fakeCredentials(
  identityId: string,
  roleArn: string,
  tags: Record<string, string> = {},
): Output {
  const key = crypto.createHash('sha256').update(`${identityId}:${roleArn}:${Date.now()}`).digest();
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return {
    AccessKeyId: `ASIALOCAL${Array.from(key.subarray(0, 11), (b) => letters[b % 32]).join('')}`,
    SecretKey: `local-mode-not-an-aws-secret-${key.subarray(11, 23).toString('hex')}`,
    SessionToken: `local-mode-fake-session;role=${roleArn};identity=${identityId}${
      Object.keys(tags).length > 0 ? `;tags=${encodeURIComponent(new URLSearchParams(tags).toString())}` : ''
    }`,
    Expiration: Math.floor(Date.now() / 1000) + 3600,
  };
}

async function getCredentialsForIdentity(front: FrontContext, input: Input): Promise<Output> {
  const { pool, login } = await identityOf(front, input);
  let role: string;
  if (login) role = authenticatedRole(pool, login, input.CustomRoleArn);
  else if (pool.roles.unauthenticated) role = pool.roles.unauthenticated;
  else
    throw new CognitoError(
      'InvalidIdentityPoolConfigurationException',
      'Invalid identity pool configuration. Check assigned IAM roles for this pool.',
    );
  const tags = login ? principalTagsOf(pool, login.providerName, login.claims) : {};
  return { IdentityId: input.IdentityId, Credentials: fakeCredentials(String(input.IdentityId), role, tags) };
}

/** An OpenID token of the identity, signed with the local key (AWS: issuer `https://cognito-identity.amazonaws.com`). */
async function getOpenIdToken(front: FrontContext, input: Input): Promise<Output> {
  const { pool, login } = await identityOf(front, input);
  const now = Math.floor(Date.now() / 1000);
  const amr = login
    ? [
        'authenticated',
        login.providerName,
        `${login.providerName}:${login.clientId}:${String(login.claims.sub)}`,
      ]
    : ['unauthenticated'];
  const Token = await sign(front, {
    sub: input.IdentityId,
    aud: pool.id,
    amr,
    iss: identityIssuer(front),
    iat: now,
    exp: now + 600,
    'https://cognito-identity.amazonaws.com': {
      'login-source': login ? login.providerName : 'unauthenticated',
    },
  });
  return { IdentityId: input.IdentityId, Token };
}

function describeIdentityPool(front: FrontContext, input: Input): Output {
  const pool = identityPool(front, input.IdentityPoolId);
  return {
    IdentityPoolId: pool.id,
    IdentityPoolName: pool.logicalId,
    AllowUnauthenticatedIdentities: pool.allowUnauthenticated,
    AllowClassicFlow: pool.allowClassicFlow,
    ...(pool.developerProviderName ? { DeveloperProviderName: pool.developerProviderName } : {}),
    CognitoIdentityProviders: pool.providers.map((p) => ({
      ProviderName: p.providerName,
      ClientId: p.clientId,
      ServerSideTokenCheck: p.serverSideTokenCheck,
    })),
  };
}

// ---------- developer-authenticated identities ----------

/**
 * The pool's developer provider, which must be the name given: Cognito refuses a name the pool does
 * not have with "This identity pool does not support the specified developer provider".
 * @see https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetOpenIdTokenForDeveloperIdentity.html
 */
function developerProvider(pool: FrontIdentityPool, name: unknown): string {
  if (!pool.developerProviderName || name !== pool.developerProviderName) {
    throw notAuthorized('This identity pool does not support the specified developer provider.');
  }
  return pool.developerProviderName;
}

const developerKey = (provider: string, userIdentifier: string): string =>
  `developer:${provider}:${userIdentifier}`;

function userIdentifier(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length < 1 || value.length > 1024) {
    throw invalidParameter(`${name} must be 1 to 1024 characters`);
  }
  return value;
}

/** The `PrincipalTags` a backend gives: at most 50, keys 1 to 128 characters, values up to 256. */
function givenTags(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw invalidParameter('PrincipalTags must be a map of tag names to values');
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > 50) throw invalidParameter(`PrincipalTags has ${entries.length} tags; at most 50`);
  for (const [k, v] of entries) {
    if (k.length < 1 || k.length > 128)
      throw invalidParameter(`PrincipalTags key "${k}" must be 1 to 128 characters`);
    if (typeof v !== 'string' || v.length > 256)
      throw invalidParameter(`PrincipalTags value of "${k}" must be a string of at most 256 characters`);
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

/**
 * `GetOpenIdTokenForDeveloperIdentity`: the identity of a user your backend signed in (created at the
 * first call, or the `IdentityId` given, to which the login is linked), and an OpenID token for it that
 * `GetCredentialsForIdentity` takes as the `cognito-identity.amazonaws.com` login. Local mode has no
 * IAM: any caller may call it. Other logins in the map (user-pool ID tokens) are linked too.
 * @see https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetOpenIdTokenForDeveloperIdentity.html
 */
async function getOpenIdTokenForDeveloperIdentity(front: FrontContext, input: Input): Promise<Output> {
  const pool = identityPool(front, input.IdentityPoolId);
  const logins = (input.Logins && typeof input.Logins === 'object' ? input.Logins : {}) as Record<
    string,
    unknown
  >;
  const developerNames = Object.keys(logins).filter(
    (k) =>
      k !== COGNITO_IDENTITY_LOGIN &&
      !pool.providers.some((p) => p.providerName === k) &&
      !/^cognito-idp\./.test(k),
  );
  if (developerNames.length !== 1) {
    if (developerNames.length > 1)
      developerProvider(
        pool,
        developerNames.find((n) => n !== pool.developerProviderName),
      );
    throw invalidParameter(
      "Logins must name the identity pool's developer provider once, with the user identifier",
    );
  }
  const provider = developerProvider(pool, developerNames[0]);
  const user = userIdentifier(logins[provider], `Logins["${provider}"]`);
  const others = Object.fromEntries(Object.entries(logins).filter(([k]) => k !== provider));
  const linked = await checkLogins(front, pool, others);
  const tags = givenTags(input.PrincipalTags);
  const duration = input.TokenDuration === undefined ? 900 : input.TokenDuration;
  if (typeof duration !== 'number' || !Number.isInteger(duration) || duration < 1 || duration > 86400)
    throw invalidParameter(`TokenDuration ${String(input.TokenDuration)} must be 1 to 86400 seconds`);

  const key = developerKey(provider, user);
  const existing = front.store.identityId(pool.id, key);
  let id: string;
  if (typeof input.IdentityId === 'string') {
    if (!front.store.hasIdentity(pool.id, input.IdentityId))
      throw resourceNotFound(`Identity '${input.IdentityId}' not found.`);
    if (existing && existing !== input.IdentityId) {
      throw new CognitoError(
        'DeveloperUserAlreadyRegisteredException',
        `${user} is already registered with ${provider} under another identity id`,
      );
    }
    id = input.IdentityId;
  } else {
    id = existing ?? newIdentityId(front);
  }
  if (!existing) front.store.setIdentityId(pool.id, key, id);
  if (linked && !linked.identityId) front.store.setIdentityId(pool.id, loginKey(linked), id);
  const now = Math.floor(Date.now() / 1000);
  const Token = await sign(front, {
    sub: id,
    aud: pool.id,
    amr: ['authenticated', provider, `${provider}:${pool.id}:${user}`],
    iss: identityIssuer(front),
    iat: now,
    exp: now + duration,
    'https://cognito-identity.amazonaws.com': { 'login-source': provider },
    ...(Object.keys(tags).length
      ? {
          [TAGS_CLAIM]: {
            principal_tags: Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, [v]])),
          },
        }
      : {}),
  });
  return { IdentityId: id, Token };
}

/**
 * `LookupDeveloperIdentity`: the identity of a developer user identifier, or the identifiers linked to
 * an identity id.
 * @see https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_LookupDeveloperIdentity.html
 */
function lookupDeveloperIdentity(front: FrontContext, input: Input): Output {
  const pool = identityPool(front, input.IdentityPoolId);
  const provider = pool.developerProviderName;
  const max = input.MaxResults === undefined ? 60 : input.MaxResults;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 60)
    throw invalidParameter(`MaxResults ${String(input.MaxResults)} must be 1 to 60`);
  let id: string | undefined;
  if (typeof input.DeveloperUserIdentifier === 'string') {
    id = provider
      ? front.store.identityId(pool.id, developerKey(provider, input.DeveloperUserIdentifier))
      : undefined;
    if (!id || (typeof input.IdentityId === 'string' && input.IdentityId !== id))
      throw resourceNotFound(`Developer user identifier '${input.DeveloperUserIdentifier}' not found.`);
  } else if (typeof input.IdentityId === 'string') {
    if (!front.store.hasIdentity(pool.id, input.IdentityId))
      throw resourceNotFound(`Identity '${input.IdentityId}' not found.`);
    id = input.IdentityId;
  } else {
    throw invalidParameter('Give IdentityId or DeveloperUserIdentifier');
  }
  const prefix = provider ? `developer:${provider}:` : '\u0000';
  const start = typeof input.NextToken === 'string' ? Number.parseInt(input.NextToken, 10) || 0 : 0;
  const all = front.store
    .loginsOf(pool.id, id)
    .filter((k) => k.startsWith(prefix))
    .map((k) => k.slice(prefix.length));
  return {
    IdentityId: id,
    DeveloperUserIdentifierList: all.slice(start, start + max),
    ...(start + max < all.length ? { NextToken: String(start + max) } : {}),
  };
}

/**
 * `MergeDeveloperIdentities`: the logins of the source user's identity move to the destination user's.
 * @see https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_MergeDeveloperIdentities.html
 */
function mergeDeveloperIdentities(front: FrontContext, input: Input): Output {
  const pool = identityPool(front, input.IdentityPoolId);
  const provider = developerProvider(pool, input.DeveloperProviderName);
  const source = userIdentifier(input.SourceUserIdentifier, 'SourceUserIdentifier');
  const destination = userIdentifier(input.DestinationUserIdentifier, 'DestinationUserIdentifier');
  const to = front.store.identityId(pool.id, developerKey(provider, destination));
  if (!to) throw resourceNotFound(`Developer user identifier '${destination}' not found.`);
  const from = front.store.identityId(pool.id, developerKey(provider, source));
  if (!from) throw resourceNotFound(`Developer user identifier '${source}' not found.`);
  if (from !== to) {
    for (const login of front.store.loginsOf(pool.id, from)) {
      front.store.removeLogin(pool.id, login);
      if (!login.startsWith('unlinked:')) front.store.setIdentityId(pool.id, login, to);
    }
  }
  return { IdentityId: to };
}

/**
 * `UnlinkDeveloperIdentity`: the developer user identifier no longer leads to the identity.
 * @see https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_UnlinkDeveloperIdentity.html
 */
function unlinkDeveloperIdentity(front: FrontContext, input: Input): Output {
  const pool = identityPool(front, input.IdentityPoolId);
  const provider = developerProvider(pool, input.DeveloperProviderName);
  const user = userIdentifier(input.DeveloperUserIdentifier, 'DeveloperUserIdentifier');
  const key = developerKey(provider, user);
  if (front.store.identityId(pool.id, key) !== input.IdentityId)
    throw resourceNotFound(
      `Developer user identifier '${user}' is not linked to identity '${String(input.IdentityId)}'.`,
    );
  front.store.removeLogin(pool.id, key);
  return {};
}

/** The operations of `AWSCognitoIdentityService`, by name. */
export const IDENTITY_OPERATIONS: Readonly<
  Record<string, (front: FrontContext, input: Input) => Promise<Output> | Output>
> = {
  GetId: getId,
  GetCredentialsForIdentity: getCredentialsForIdentity,
  GetOpenIdToken: getOpenIdToken,
  DescribeIdentityPool: describeIdentityPool,
  GetOpenIdTokenForDeveloperIdentity: getOpenIdTokenForDeveloperIdentity,
  LookupDeveloperIdentity: lookupDeveloperIdentity,
  MergeDeveloperIdentities: mergeDeveloperIdentities,
  UnlinkDeveloperIdentity: unlinkDeveloperIdentity,
};
