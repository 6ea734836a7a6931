/** A scope of a resource server. */
export interface ResourceServerScope {
  /** Scope name, e.g. `read`; clients ask for `<identifier>/<name>`. */
  readonly name: string;
  /** What the scope allows. */
  readonly description: string;
}

/**
 * An OAuth 2.0 resource server (an API) with custom scopes, for machine-to-machine clients and for
 * access tokens that carry API permissions.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-define-resource-servers.html
 */
export interface ResourceServerDefinition {
  /** Unique identifier, usually the API's URL or a short name such as `orders-api`. Create-only. */
  readonly identifier: string;
  /** Display name. @default - the identifier */
  readonly name?: string;
  /** The scopes it defines. */
  readonly scopes: ResourceServerScope[];
}
