import { IdentityPoolProvider } from './role-mapping';

/**
 * Principal tags for attribute-based access control (ABAC): Cognito copies claims of the user's token into
 * session tags of the credentials, which policies read as `aws:PrincipalTag/<tag>`. Every role assumed
 * through the identity pool then trusts `sts:TagSession` as well.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/attributes-for-access-control.html
 */
export class PrincipalTags {
  /**
   * Cognito's default mapping for each provider (user pool: `client` = the `aud` client id, `username` =
   * `sub`; see the page for the other providers).
   * @param providers @default [IdentityPoolProvider.userPool()]
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/provider-mappings.html
   */
  public static defaults(providers?: IdentityPoolProvider[]): PrincipalTags {
    return new PrincipalTags(undefined, providers);
  }

  /**
   * Tags from claims, tag name to claim name: `{ tenant: 'custom:tenant_id' }`.
   * @param providers @default [IdentityPoolProvider.userPool()]
   */
  public static fromClaims(
    tagsToClaims: Record<string, string>,
    providers?: IdentityPoolProvider[],
  ): PrincipalTags {
    return new PrincipalTags(tagsToClaims, providers);
  }

  /** Tag name to claim name; undefined for Cognito's defaults. @internal */
  public readonly _tags?: Record<string, string>;
  /** @internal */
  public readonly _providers: IdentityPoolProvider[];

  private constructor(
    tags: Record<string, string> | undefined,
    providers: IdentityPoolProvider[] | undefined,
  ) {
    this._tags = tags;
    this._providers = providers ?? [IdentityPoolProvider.userPool()];
  }
}
