import * as iam from 'aws-cdk-lib/aws-iam';
import { PrincipalTags } from './principal-tags';
import { IdentityPoolRoleMapping } from './role-mapping';

/**
 * Sign-in with public providers directly, by their tokens (no user pool). Twitter is not offered:
 * Cognito would keep its consumer secret in the template.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/external-identity-providers.html
 */
export interface IdentityPoolLoginProviders {
  /** Google OAuth client id (`<id>.apps.googleusercontent.com`). @default - none */
  readonly google?: string;
  /** Facebook app id. @default - none */
  readonly facebook?: string;
  /** Sign in with Apple services id. @default - none */
  readonly apple?: string;
  /** Login with Amazon app id. @default - none */
  readonly amazon?: string;
}

/** Providers, role mappings and principal tags of an identity pool, beside its user pool. */
export interface IdentityPoolFederationOptions {
  /** Sign-in with public providers directly. @default - none */
  readonly loginProviders?: IdentityPoolLoginProviders;
  /**
   * OpenID Connect providers (IAM OIDC providers) whose tokens the pool accepts.
   * @default - none
   */
  readonly openIdConnectProviders?: iam.IOpenIdConnectProvider[];
  /** SAML providers (IAM SAML providers) whose assertions the pool accepts. @default - none */
  readonly samlProviders?: iam.ISamlProvider[];
  /**
   * Developer-authenticated identities: the name your backend uses with
   * `GetOpenIdTokenForDeveloperIdentity` (letters, digits, `.`, `_`, `-`). It cannot be changed once set.
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/developer-authenticated-identities.html
   * @default - none
   */
  readonly developerProviderName?: string;
  /**
   * Role mappings beside the token-based mapping of each user-pool client (a mapping of the same client
   * replaces it). An identity pool maps at most 10 providers, the clients' default mappings included.
   * @default - a token-based mapping per non-machine client
   */
  readonly roleMappings?: IdentityPoolRoleMapping[];
  /**
   * Principal tags for attribute-based access control; every role assumed through the pool then trusts
   * `sts:TagSession`.
   * @default - none
   */
  readonly principalTags?: PrincipalTags;
}
