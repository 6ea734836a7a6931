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
import type { FrontContext } from './context';
import { CognitoError, notAuthorized } from './errors';
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
  const known = front.store.loginOf(pool.id, id as string) ?? '';
  const login = await checkLogins(front, pool, input.Logins);
  if (!known.startsWith('guest:') && (!login || loginKey(login) !== known)) {
    throw notAuthorized(
      "Logins don't match. Please include at least one valid login for this identity or identity pool.",
    );
  }
  if (known.startsWith('guest:') && login) {
    throw notAuthorized(
      "Logins don't match. Please include at least one valid login for this identity or identity pool.",
    );
  }
  if (known.startsWith('guest:') && !pool.allowUnauthenticated) {
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
  if (!mapping) {
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
    iss: `${front.endpoint}/cognito-identity`,
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

/** The operations of `AWSCognitoIdentityService`, by name. */
export const IDENTITY_OPERATIONS: Readonly<
  Record<string, (front: FrontContext, input: Input) => Promise<Output> | Output>
> = {
  GetId: getId,
  GetCredentialsForIdentity: getCredentialsForIdentity,
  GetOpenIdToken: getOpenIdToken,
  DescribeIdentityPool: describeIdentityPool,
};
