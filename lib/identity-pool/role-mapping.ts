import * as identitypool from 'aws-cdk-lib/aws-cognito-identitypool';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CognitoAuthError } from '../errors';
import { show } from '../private/show';
import { LOGIN_PROVIDER_KEYS } from '../shared/identity-pool';

/** The kinds of identity-pool provider. */
type ProviderKind = 'userPoolClient' | 'userPool' | 'login' | 'oidc' | 'saml';

/**
 * A provider of the identity pool, as role mappings and principal tags name it.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/external-identity-providers.html
 */
export class IdentityPoolProvider {
  /** Users of a user-pool client of this construct, by the client's name in `clients`. */
  public static userPoolClient(clientName: string): IdentityPoolProvider {
    return new IdentityPoolProvider('userPoolClient', clientName, `userPoolClient(${show(clientName)})`);
  }

  /** Users of the user pool, whatever client they signed in with (principal tags are set per user pool). */
  public static userPool(): IdentityPoolProvider {
    return new IdentityPoolProvider('userPool', 'userPool', 'userPool()');
  }

  /** Google, signing in directly (`identityPool.loginProviders.google`). */
  public static google(): IdentityPoolProvider {
    return new IdentityPoolProvider('login', 'google', 'google()');
  }

  /** Facebook, signing in directly (`identityPool.loginProviders.facebook`). */
  public static facebook(): IdentityPoolProvider {
    return new IdentityPoolProvider('login', 'facebook', 'facebook()');
  }

  /** Sign in with Apple, directly (`identityPool.loginProviders.apple`). */
  public static apple(): IdentityPoolProvider {
    return new IdentityPoolProvider('login', 'apple', 'apple()');
  }

  /** Login with Amazon, directly (`identityPool.loginProviders.amazon`). */
  public static amazon(): IdentityPoolProvider {
    return new IdentityPoolProvider('login', 'amazon', 'amazon()');
  }

  /** An OpenID Connect provider of `identityPool.openIdConnectProviders`. */
  public static openIdConnect(provider: iam.IOpenIdConnectProvider): IdentityPoolProvider {
    return new IdentityPoolProvider('oidc', provider.node.id, `openIdConnect(${provider.node.id})`, provider);
  }

  /** A SAML provider of `identityPool.samlProviders`. */
  public static saml(provider: iam.ISamlProvider): IdentityPoolProvider {
    return new IdentityPoolProvider(
      'saml',
      provider.node.id,
      `saml(${provider.node.id})`,
      undefined,
      provider,
    );
  }

  /** `userPoolClient`, `userPool`, `login`, `oidc` or `saml`. @internal */
  public readonly _kind: string;
  /** The client name, login provider name (`google`) or the IAM provider's construct id. @internal */
  public readonly _name: string;
  /** How the provider is written in messages: `userPoolClient("web")`. @internal */
  public readonly _display: string;
  /** @internal */
  public readonly _oidc?: iam.IOpenIdConnectProvider;
  /** @internal */
  public readonly _saml?: iam.ISamlProvider;

  private constructor(
    kind: string,
    name: string,
    display: string,
    oidc?: iam.IOpenIdConnectProvider,
    saml?: iam.ISamlProvider,
  ) {
    this._kind = kind;
    this._name = name;
    this._display = display;
    this._oidc = oidc;
    this._saml = saml;
  }

  /**
   * The stable key of the provider in `RoleMappings` and in construct ids: the client's name for a
   * user-pool client (the key of its default token mapping, which a mapping of the same client replaces),
   * `userPool`, the login provider's name, `oidc-<id>` or `saml-<id>`.
   * @internal
   */
  public _key(): string {
    switch (this._kind) {
      case 'oidc':
        return `oidc-${this._name}`;
      case 'saml':
        return `saml-${this._name}`;
      default:
        return this._name;
    }
  }

  /**
   * The provider name Cognito uses in role mappings (`IdentityProvider`) and principal tags
   * (`IdentityProviderName`): `<user pool provider name>:<client id>`, the user pool's provider name, the
   * login provider's key (`accounts.google.com`), the OIDC issuer without `https://`, the SAML provider ARN.
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html
   * @internal
   */
  public _providerName(userPoolProviderName: string | undefined, clientIds: Record<string, string>): string {
    switch (this._kind as ProviderKind) {
      case 'userPoolClient': {
        const clientId = clientIds[this._name];
        if (!userPoolProviderName || clientId === undefined) {
          throw new CognitoAuthError(this._display, 'is not a client registered with the identity pool');
        }
        return `${userPoolProviderName}:${clientId}`;
      }
      case 'userPool':
        if (!userPoolProviderName) {
          throw new CognitoAuthError(
            this._display,
            'names no user pool: no client is registered with the identity pool',
          );
        }
        return userPoolProviderName;
      case 'login':
        return LOGIN_PROVIDER_KEYS[this._name as keyof typeof LOGIN_PROVIDER_KEYS];
      case 'oidc':
        return this._oidc!.openIdConnectProviderIssuer;
      case 'saml':
        return this._saml!.samlProviderArn;
    }
  }
}

/**
 * What Cognito does when no rule matches, or when a token names no role (token-based mapping).
 * @see https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_RoleMapping.html
 */
export enum AmbiguousRoleResolution {
  /** Give the identity pool's authenticated role. */
  AUTHENTICATED_ROLE = 'AuthenticatedRole',
  /** Refuse credentials. */
  DENY = 'Deny',
}

/** What a rule maps to a role: a role, or a group's role (resolved once every group is known). */
export class MappedRole {
  /** A role. It must trust this identity pool for authenticated identities (`authenticatedPrincipal()`). */
  public static role(role: iam.IRole): MappedRole {
    return new MappedRole(role, undefined);
  }

  /** The role of a group of this construct; groups added later with `addGroup` count too. */
  public static group(groupName: string): MappedRole {
    return new MappedRole(undefined, groupName);
  }

  /** @internal */
  public readonly _role?: iam.IRole;
  /** @internal */
  public readonly _groupName?: string;

  private constructor(role: iam.IRole | undefined, groupName: string | undefined) {
    this._role = role;
    this._groupName = groupName;
  }

  /** How the role is written in messages. @internal */
  public _display(): string {
    return this._groupName !== undefined
      ? `MappedRole.group(${show(this._groupName)})`
      : 'MappedRole.role(...)';
  }
}

/**
 * One rule of a rules-based role mapping: users whose token claim matches get the role. Rules are
 * evaluated in order; the first match wins.
 * @see https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_MappingRule.html
 */
export interface RoleMappingRule {
  /** The token claim to test, e.g. `custom:plan` or `cognito:groups`. */
  readonly claim: string;
  /** The value to test the claim against. */
  readonly value: string;
  /** The role of users whose claim matches. */
  readonly role: MappedRole;
  /** How the claim is tested. @default RoleMappingMatchType.EQUALS */
  readonly matchType?: identitypool.RoleMappingMatchType;
}

/**
 * How users of one provider get their role, beside the token-based mapping the construct gives every
 * user-pool client (a mapping of the same client replaces that one). An identity pool maps at most 10
 * providers.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/role-based-access-control.html
 */
export class IdentityPoolRoleMapping {
  /**
   * Token-based: the role the token names (`cognito:preferred_role`, or a SAML/OIDC role claim).
   * @param ambiguous when the token names no role @default AmbiguousRoleResolution.AUTHENTICATED_ROLE
   */
  public static token(
    provider: IdentityPoolProvider,
    ambiguous?: AmbiguousRoleResolution,
  ): IdentityPoolRoleMapping {
    return new IdentityPoolRoleMapping(provider, undefined, ambiguous);
  }

  /**
   * Rules-based: 1 to 25 rules on the token's claims, first match wins.
   * @param ambiguous when no rule matches @default AmbiguousRoleResolution.AUTHENTICATED_ROLE
   */
  public static rules(
    provider: IdentityPoolProvider,
    rules: RoleMappingRule[],
    ambiguous?: AmbiguousRoleResolution,
  ): IdentityPoolRoleMapping {
    return new IdentityPoolRoleMapping(provider, rules, ambiguous);
  }

  /** @internal */
  public readonly _provider: IdentityPoolProvider;
  /** @internal */
  public readonly _rules?: RoleMappingRule[];
  /** @internal */
  public readonly _ambiguous: AmbiguousRoleResolution;

  private constructor(
    provider: IdentityPoolProvider,
    rules: RoleMappingRule[] | undefined,
    ambiguous: AmbiguousRoleResolution | undefined,
  ) {
    this._provider = provider;
    this._rules = rules;
    this._ambiguous = ambiguous ?? AmbiguousRoleResolution.AUTHENTICATED_ROLE;
  }

  /** `token` or `rules for <provider>`, for messages. @internal */
  public _display(): string {
    return `${this._rules ? 'rules' : 'token'} for ${this._provider._display}`;
  }
}
