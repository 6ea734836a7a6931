import { CfnResource, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { STANDARD_ATTRIBUTES } from '../shared/attributes';
import { field, list } from './cfn';

/**
 * Where the claims of a pre token generation configuration come from, and which of them a user can set
 * for themselves. Pure analysis of the CloudFormation resources of a pool (so that it sees escape hatches
 * and clients added outside `CognitoAuth`), shared by the synth check of `CognitoAuth` and the
 * `CognitoChecks-UserWritableClaim` rule.
 *
 * A user can write an attribute of their own when some app client of the pool lists it in its write
 * attributes and the user can use that permission:
 * - with self sign-up on, `SignUp` through the client sets any attribute the client may write;
 * - an access token with the `aws.cognito.signin.user.admin` scope authorizes `UpdateUserAttributes` for
 *   the client's write attributes. Every token from the API sign-in flows (SRP, password, custom, choice-based)
 *   carries that scope; a token from the OAuth flows carries it only when the client allows the scope.
 *   @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateUserAttributes.html
 *   @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-define-resource-servers.html
 * - a confidential client (with a secret) is left out: `SignUp` and sign-in need its secret, so they go
 *   through the server that holds it, and so do its tokens.
 * - a client without write attributes may write every standard attribute: "When you don't specify the
 *   WriteAttributes for your app client, your app can write the values of the Standard attributes of your
 *   user pool."
 *   @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolClientType.html
 * - a client without explicit auth flows allows SRP and custom authentication ("If you don't specify a
 *   value for ExplicitAuthFlows, your user client supports ALLOW_REFRESH_TOKEN_AUTH, ALLOW_USER_SRP_AUTH,
 *   and ALLOW_CUSTOM_AUTH").
 *   @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cognito-userpoolclient.html
 */

/** The standard claims a trigger may set, named like the standard attributes (`email`, `name`, ...). */
export const STANDARD_CLAIMS: readonly string[] = STANDARD_ATTRIBUTES.filter((a) => !a.endsWith('_verified'));

/** Explicit auth flows whose tokens carry the `aws.cognito.signin.user.admin` scope. */
const API_SIGN_IN_FLOWS = new Set([
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_USER_PASSWORD_AUTH',
  'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  'ALLOW_CUSTOM_AUTH',
  'ALLOW_USER_AUTH',
  'USER_PASSWORD_AUTH',
  'ADMIN_NO_SRP_AUTH',
  'CUSTOM_AUTH_FLOW_ONLY',
]);

/** The scope that authorizes a user's own attribute changes. */
export const USER_ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

/** How a user reaches the write permission of one client. */
export type WritePath = 'sign-up' | 'api-sign-in' | 'oauth-admin-scope';

/** A client that lets users write an attribute of their own, and how. */
export interface WritingClient {
  /** The client's name (its key in `clients` of `CognitoAuth`, else its path). */
  readonly client: string;
  readonly paths: readonly WritePath[];
}

/** A claim that a user can forge, or that overrides a standard claim. */
export interface ForgeableClaim {
  /** The claim name. */
  readonly claim: string;
  /** Path of the entry in the configuration, e.g. `claimsFromAttributes["custom:role"]`. */
  readonly path: string;
  /** The attribute it is copied from; undefined for a group claim. */
  readonly attribute?: string;
  /** Clients through which users write the attribute (empty when only `overridesStandardClaim`). */
  readonly writers: readonly WritingClient[];
  /** True when the claim replaces a standard claim (`email`, `name`, ...) with another value. */
  readonly overridesStandardClaim: boolean;
  /** Identity providers that map the attribute (Cognito makes every client that offers them write it). */
  readonly mappedBy: readonly string[];
}

function resources<T extends CfnResource>(pool: cognito.CfnUserPool, type: new (...a: never[]) => T): T[] {
  const stack = Stack.of(pool);
  const ref = JSON.stringify(stack.resolve(pool.ref));
  return stack.node
    .findAll()
    .filter((c): c is T => c instanceof type)
    .filter(
      (c) => JSON.stringify(stack.resolve((c as unknown as { userPoolId: unknown }).userPoolId)) === ref,
    );
}

function strings(value: unknown): string[] {
  return list(value).filter((v): v is string => typeof v === 'string');
}

/** True when the pool lets users sign themselves up (CloudFormation's default). */
export function selfSignUpEnabled(pool: cognito.CfnUserPool): boolean {
  const config = Stack.of(pool).resolve(pool.adminCreateUserConfig) as unknown;
  return field(config, 'allowAdminCreateUserOnly') !== true;
}

/**
 * For each attribute, the clients of `pool` through which a user can write it for themselves.
 * @param clientName names a client resource
 */
export function userWritableAttributes(
  pool: cognito.CfnUserPool,
  clientName: (client: cognito.CfnUserPoolClient) => string,
): Map<string, WritingClient[]> {
  const stack = Stack.of(pool);
  const signUp = selfSignUpEnabled(pool);
  const out = new Map<string, WritingClient[]>();
  for (const client of resources(pool, cognito.CfnUserPoolClient)) {
    // A confidential client's sign-up and tokens go through the server that holds its secret (SECRET_HASH).
    if (stack.resolve(client.generateSecret) === true) continue;
    const explicit = stack.resolve(client.explicitAuthFlows) as unknown;
    const flows = explicit === undefined ? ['ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH'] : strings(explicit);
    const oauthOn = stack.resolve(client.allowedOAuthFlowsUserPoolClient) === true;
    const oauthFlows = oauthOn ? strings(stack.resolve(client.allowedOAuthFlows)) : [];
    const scopes = strings(stack.resolve(client.allowedOAuthScopes));
    const paths: WritePath[] = [];
    if (signUp) paths.push('sign-up');
    if (flows.some((f) => API_SIGN_IN_FLOWS.has(f))) paths.push('api-sign-in');
    if (oauthFlows.some((f) => f === 'code' || f === 'implicit') && scopes.includes(USER_ADMIN_SCOPE)) {
      paths.push('oauth-admin-scope');
    }
    if (paths.length === 0) continue;
    const written = strings(stack.resolve(client.writeAttributes));
    // No write attributes: every standard attribute (see the API reference above).
    const attributes = written.length > 0 ? written : STANDARD_ATTRIBUTES;
    const name = clientName(client);
    for (const attribute of attributes) {
      out.set(attribute, [...(out.get(attribute) ?? []), { client: name, paths }]);
    }
  }
  return out;
}

/** For each attribute, the identity providers of `pool` that map it. */
export function mappedAttributes(pool: cognito.CfnUserPool): Map<string, string[]> {
  const stack = Stack.of(pool);
  const out = new Map<string, string[]>();
  for (const provider of resources(pool, cognito.CfnUserPoolIdentityProvider)) {
    const mapping = stack.resolve(provider.attributeMapping) as unknown;
    const name = stack.resolve(provider.providerName) as unknown;
    if (!mapping || typeof mapping !== 'object' || typeof name !== 'string') continue;
    for (const attribute of Object.keys(mapping)) out.set(attribute, [...(out.get(attribute) ?? []), name]);
  }
  return out;
}

/**
 * The claims of a pre token generation configuration (as the bundled trigger reads it) that a user can
 * forge, or that override a standard claim. A standard attribute copied under its own name adds nothing
 * Cognito does not already put in the ID token, and is not reported.
 */
export function findForgeableClaims(
  pool: cognito.CfnUserPool,
  config: unknown,
  clientName: (client: cognito.CfnUserPoolClient) => string,
): ForgeableClaim[] {
  if (!config || typeof config !== 'object') return [];
  const c = config as { claimsFromAttributes?: unknown; groupClaims?: unknown };
  const writable = userWritableAttributes(pool, clientName);
  const mapped = mappedAttributes(pool);
  const out: ForgeableClaim[] = [];
  const fromAttributes =
    c.claimsFromAttributes && typeof c.claimsFromAttributes === 'object' ? c.claimsFromAttributes : {};
  for (const [attribute, claim] of Object.entries(fromAttributes)) {
    if (typeof claim !== 'string' || Stack.of(pool).resolve(claim) !== claim) continue;
    if (attribute === claim && STANDARD_CLAIMS.includes(claim)) continue;
    const writers = writable.get(attribute) ?? [];
    const overridesStandardClaim = STANDARD_CLAIMS.includes(claim);
    if (writers.length === 0 && !overridesStandardClaim) continue;
    out.push({
      claim,
      path: `claimsFromAttributes[${JSON.stringify(attribute)}]`,
      attribute,
      writers,
      overridesStandardClaim,
      mappedBy: mapped.get(attribute) ?? [],
    });
  }
  list(c.groupClaims).forEach((gc, i) => {
    const claim = field(gc, 'claimName');
    if (typeof claim === 'string' && STANDARD_CLAIMS.includes(claim)) {
      out.push({
        claim,
        path: `groupClaims[${i}].claimName`,
        writers: [],
        overridesStandardClaim: true,
        mappedBy: [],
      });
    }
  });
  return out;
}

const PATH_TEXT: Record<WritePath, string> = {
  'sign-up': 'SignUp',
  'api-sign-in': 'UpdateUserAttributes with an access token of its API sign-in flows',
  'oauth-admin-scope': `UpdateUserAttributes with an OAuth access token carrying ${USER_ADMIN_SCOPE}`,
};

/** Why a claim can be forged, in one sentence, for a message. */
export function describeForgeableClaim(f: ForgeableClaim): string {
  const parts: string[] = [];
  if (f.writers.length > 0) {
    const clients = f.writers
      .map((w) => `"${w.client}" (${w.paths.map((p) => PATH_TEXT[p]).join('; ')})`)
      .join(', ');
    parts.push(
      `comes from the attribute ${JSON.stringify(f.attribute)}, which users can set on themselves through app client${f.writers.length > 1 ? 's' : ''} ${clients}, and so put any value they like in their own token`,
    );
    if (f.mappedBy.length > 0) {
      parts.push(
        `(identity provider${f.mappedBy.length > 1 ? 's' : ''} ${f.mappedBy.map((p) => JSON.stringify(p)).join(', ')} map${f.mappedBy.length > 1 ? '' : 's'} it, and Cognito requires every client that offers ${f.mappedBy.length > 1 ? 'them' : 'it'} to write it)`,
      );
    }
  }
  if (f.overridesStandardClaim) {
    parts.push(
      `${parts.length ? 'and it ' : ''}replaces the standard claim ${JSON.stringify(f.claim)}, which applications read as Cognito's own`,
    );
  }
  return parts.join(' ');
}
