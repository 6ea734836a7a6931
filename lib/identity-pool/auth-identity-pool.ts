import { Lazy, Resource, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { IIdentityPool } from 'aws-cdk-lib/aws-cognito-identitypool';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { CognitoAuthError } from '../errors';
import { show } from '../private/show';

/**
 * The kind of identity a role is assumed by: the `amr` (authentication methods reference) value that
 * Cognito puts in the web identity token of the identity pool.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html
 */
export enum IdentityType {
  /** Signed-in users. */
  AUTHENTICATED = 'authenticated',
  /** Guests (unauthenticated identities). */
  UNAUTHENTICATED = 'unauthenticated',
}
import { LOGIN_PROVIDER_KEYS } from '../shared/identity-pool';
import { IdentityPoolFederationOptions } from './federation-options';
import { IdentityPoolProvider, IdentityPoolRoleMapping, MappedRole } from './role-mapping';
import { trustIdentityPool } from './own-role';
import { validateFederationOptions, validateRoleMapping } from './validate';

/** Options of the identity pool made by `CognitoAuth`. */
export interface IdentityPoolOptions extends IdentityPoolFederationOptions {
  /** Create an identity pool. @default true */
  readonly enabled?: boolean;
  /** Name of the identity pool. @default - generated from the construct path */
  readonly identityPoolName?: string;
  /**
   * Allow guest (unauthenticated) identities. Off by default; when on, guests get their own role whose
   * trust only admits unauthenticated identities of this pool.
   * @default false
   */
  readonly allowGuestAccess?: boolean;
  /**
   * Why guest access is on. Required with `allowGuestAccess`, recorded in the template's metadata and
   * used to acknowledge cdk-nag's AwsSolutions-COG7.
   * @default - none
   */
  readonly guestAccessReason?: string;
  /** Permissions of every signed-in user (the authenticated role). @default - none */
  readonly authenticatedPolicyStatements?: iam.PolicyStatement[];
  /** Permissions of guests. @default - none */
  readonly guestPolicyStatements?: iam.PolicyStatement[];
  /**
   * A role of your own for signed-in users, instead of the one the construct creates. For a role of this
   * app, the trust statement of this pool (`aud`, `amr`, and `sts:TagSession` with principal tags) is added
   * to its trust policy; an imported role must trust the pool already (a warning says what it needs).
   * @default - a role is created
   */
  readonly authenticatedRole?: iam.IRole;
  /** A role of your own for guests (see `authenticatedRole`). Needs `allowGuestAccess`. @default - a role is created when allowGuestAccess */
  readonly guestRole?: iam.IRole;
}

/** Props of `AuthIdentityPool`. */
export interface AuthIdentityPoolProps extends IdentityPoolFederationOptions {
  /** Name of the identity pool. @default - generated from the construct path */
  readonly identityPoolName?: string;
  /** Allow guest identities. @default false */
  readonly allowGuestAccess?: boolean;
  /** A role of your own for signed-in users (see `IdentityPoolOptions.authenticatedRole`). @default - a role is created */
  readonly authenticatedRole?: iam.IRole;
  /** A role of your own for guests (see `IdentityPoolOptions.guestRole`). @default - a role is created when allowGuestAccess */
  readonly guestRole?: iam.IRole;
}

/**
 * A Cognito identity pool in the enhanced (simplified) flow only, with an authenticated role, an
 * optional guest role, and token-based role mapping for each user-pool client so that a user's group
 * role (`cognito:preferred_role`) applies; ambiguous tokens get the authenticated role.
 *
 * Every role it creates trusts `cognito-identity.amazonaws.com` only for this pool (`aud`) and only for
 * the right kind of identity (`amr`).
 */
export class AuthIdentityPool extends Resource implements IIdentityPool {
  /** The identity pool id, `<region>:<uuid>`. */
  public readonly identityPoolId: string;
  /** The identity pool ARN. */
  public readonly identityPoolArn: string;
  /** The identity pool name. */
  public readonly identityPoolName: string;
  /** Role of signed-in users: created, or the one given as `authenticatedRole`. */
  public readonly authenticatedRole: iam.IRole;
  /** Role of guests, when guest access is on: created, or the one given as `guestRole`. */
  public readonly unauthenticatedRole?: iam.IRole;
  /** The L1 identity pool. */
  public readonly cfnIdentityPool: cognito.CfnIdentityPool;

  private readonly providers: Array<{
    userPool: cognito.IUserPool;
    client: cognito.IUserPoolClient;
    key: string;
  }> = [];

  /** Role mappings given beside the clients' token-based mappings. */
  private readonly roleMappings: IdentityPoolRoleMapping[] = [];
  /** Whether roles assumed through the pool must trust sts:TagSession (principal tags are on). */
  private readonly sessionTags: boolean;
  /** The role of a group, for `MappedRole.group(name)`; set by `CognitoAuth`. */
  private groupRole?: (name: string) => iam.IRole | undefined;
  /** The providers and principal tags the pool was made with. */
  private readonly federation: IdentityPoolFederationOptions;
  /** Providers and roles that mappings or principal tags name but that do not exist, found while rendering. */
  private readonly unresolved = new Set<string>();

  constructor(scope: Construct, id: string, props: AuthIdentityPoolProps = {}) {
    super(scope, id);
    validateFederationOptions('props', props);
    this.node.addValidation({ validate: () => [...this.unresolved] });
    this.sessionTags = props.principalTags !== undefined;
    this.federation = props;
    const loginProviders = Object.fromEntries(
      Object.entries(props.loginProviders ?? {})
        .filter(([, appId]) => appId !== undefined)
        .map(([name, appId]) => [LOGIN_PROVIDER_KEYS[name as keyof typeof LOGIN_PROVIDER_KEYS], appId]),
    );
    this.cfnIdentityPool = new cognito.CfnIdentityPool(this, 'Resource', {
      identityPoolName: props.identityPoolName,
      allowUnauthenticatedIdentities: props.allowGuestAccess ?? false,
      allowClassicFlow: false,
      supportedLoginProviders: Object.keys(loginProviders).length > 0 ? loginProviders : undefined,
      openIdConnectProviderArns: props.openIdConnectProviders?.length
        ? props.openIdConnectProviders.map((p) => p.openIdConnectProviderArn)
        : undefined,
      samlProviderArns: props.samlProviders?.length
        ? props.samlProviders.map((p) => p.samlProviderArn)
        : undefined,
      developerProviderName: props.developerProviderName,
      cognitoIdentityProviders: Lazy.any(
        {
          produce: () =>
            this.providers.map((p) => ({
              clientId: p.client.userPoolClientId,
              providerName: p.userPool.userPoolProviderName,
              serverSideTokenCheck: true,
            })),
        },
        { omitEmptyArray: true },
      ),
    });
    this.identityPoolId = this.cfnIdentityPool.ref;
    this.identityPoolName = this.cfnIdentityPool.attrName;
    this.identityPoolArn = Stack.of(this).formatArn({
      service: 'cognito-identity',
      resource: 'identitypool',
      resourceName: this.identityPoolId,
    });
    this.authenticatedRole =
      props.authenticatedRole ??
      new iam.Role(this, 'AuthenticatedRole', {
        description: 'Signed-in users of the identity pool',
        assumedBy: this.authenticatedPrincipal(),
      });
    if (props.authenticatedRole) {
      trustIdentityPool(
        this,
        'authenticatedRole',
        props.authenticatedRole,
        this.authenticatedPrincipal(),
        this.identityPoolId,
        'authenticated',
        this.sessionTags,
      );
    }
    if (props.allowGuestAccess) {
      this.unauthenticatedRole =
        props.guestRole ??
        new iam.Role(this, 'UnauthenticatedRole', {
          description: 'Guests of the identity pool',
          assumedBy: this.unauthenticatedPrincipal(),
        });
      if (props.guestRole) {
        trustIdentityPool(
          this,
          'guestRole',
          props.guestRole,
          this.unauthenticatedPrincipal(),
          this.identityPoolId,
          'unauthenticated',
          this.sessionTags,
        );
      }
    }
    new cognito.CfnIdentityPoolRoleAttachment(this, 'RoleAttachment', {
      identityPoolId: this.identityPoolId,
      roles: {
        authenticated: this.authenticatedRole.roleArn,
        ...(this.unauthenticatedRole ? { unauthenticated: this.unauthenticatedRole.roleArn } : {}),
      },
      roleMappings: Lazy.any({ produce: () => this.renderRoleMappings() }, { omitEmptyArray: true }),
    });
    (props.roleMappings ?? []).forEach((mapping) => this.addRoleMapping(mapping));
    if (props.principalTags) {
      const tags = props.principalTags;
      // One resource per provider, with a fixed id: CloudFormation creates a renamed one before deleting the
      // old, whose deletion would then wipe the provider's tags.
      for (const provider of tags._providers) {
        new cognito.CfnIdentityPoolPrincipalTag(this, `PrincipalTags-${provider._key()}`, {
          identityPoolId: this.identityPoolId,
          identityProviderName: Lazy.string({ produce: () => this.providerName(provider) }),
          principalTags: tags._tags,
          useDefaults: tags._tags === undefined,
        });
      }
    }
  }

  /** A reference to this identity pool. */
  public get identityPoolRef(): cognito.IdentityPoolReference {
    return { identityPoolId: this.identityPoolId };
  }

  /**
   * A principal for roles assumed through this identity pool, for authenticated or unauthenticated
   * identities only. Use it for any role you add yourself.
   * @param identities who may assume the role: `IdentityType.AUTHENTICATED` or `UNAUTHENTICATED`
   */
  public principal(identities: IdentityType): iam.FederatedPrincipal {
    const amr: string = identities;
    if (amr !== IdentityType.AUTHENTICATED && amr !== IdentityType.UNAUTHENTICATED) {
      throw new CognitoAuthError(
        'identities',
        `${show(amr)} is not an identity type; use IdentityType.AUTHENTICATED or IdentityType.UNAUTHENTICATED`,
      );
    }
    return new iam.FederatedPrincipal(
      'cognito-identity.amazonaws.com',
      {
        StringEquals: { 'cognito-identity.amazonaws.com:aud': this.identityPoolId },
        'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
      },
      'sts:AssumeRoleWithWebIdentity',
    );
  }

  /**
   * A principal for roles that signed-in identities of this pool assume: the trust is limited to this pool
   * (`aud`) and to authenticated identities (`amr`), and allows `sts:TagSession` when principal tags are on.
   * Use it for any role you add yourself (a group's own role, a role of a mapping rule).
   */
  public authenticatedPrincipal(): iam.IPrincipal {
    return this.withTags(this.principal(IdentityType.AUTHENTICATED));
  }

  /** A principal for roles that guests (unauthenticated identities) of this pool assume (see `authenticatedPrincipal`). */
  public unauthenticatedPrincipal(): iam.IPrincipal {
    return this.withTags(this.principal(IdentityType.UNAUTHENTICATED));
  }

  /**
   * Lets a backend sign users in as developer-authenticated identities:
   * `GetOpenIdTokenForDeveloperIdentity`, `LookupDeveloperIdentity`, `MergeDeveloperIdentities` and
   * `UnlinkDeveloperIdentity` on this pool. Needs `developerProviderName`.
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/developer-authenticated-identities.html
   */
  public grantDeveloperIdentities(grantee: iam.IGrantable): iam.Grant {
    if (this.cfnIdentityPool.developerProviderName === undefined) {
      throw new CognitoAuthError(
        'grantDeveloperIdentities',
        'needs developerProviderName on the identity pool; without it there are no developer identities',
      );
    }
    return iam.Grant.addToPrincipal({
      grantee,
      actions: [
        'cognito-identity:GetOpenIdTokenForDeveloperIdentity',
        'cognito-identity:LookupDeveloperIdentity',
        'cognito-identity:MergeDeveloperIdentities',
        'cognito-identity:UnlinkDeveloperIdentity',
      ],
      resourceArns: [this.identityPoolArn],
    });
  }

  /**
   * Adds a role mapping. A mapping of a user-pool client replaces that client's token-based mapping; an
   * identity pool maps at most 10 providers.
   */
  public addRoleMapping(mapping: IdentityPoolRoleMapping): void {
    const prop = `roleMappings[${this.roleMappings.length}]`;
    validateRoleMapping(prop, mapping);
    const key = mapping._provider._key();
    const before = this.roleMappings.findIndex((m) => m._provider._key() === key);
    if (before >= 0) {
      throw new CognitoAuthError(
        prop,
        `(${mapping._display()}) repeats the provider of roleMappings[${before}]; give one mapping per provider`,
      );
    }
    (mapping._rules ?? []).forEach((rule, i) => {
      if (rule.role._role) {
        trustIdentityPool(
          this,
          `${prop}.rules[${i}].role`,
          rule.role._role,
          this.authenticatedPrincipal(),
          this.identityPoolId,
          'authenticated',
          this.sessionTags,
        );
      }
    });
    this.roleMappings.push(mapping);
  }

  /** The role mappings given beside the clients' defaults. @internal */
  public _givenRoleMappings(): IdentityPoolRoleMapping[] {
    return [...this.roleMappings];
  }

  /** The keys of the providers with a role mapping: every registered client and every given mapping. @internal */
  public _mappingKeys(): string[] {
    return [
      ...new Set([...this.providers.map((p) => p.key), ...this.roleMappings.map((m) => m._provider._key())]),
    ];
  }

  /**
   * The providers, role mappings and principal tags for the client configuration (`identity_pool`).
   * @internal
   */
  public _federationConfiguration(): Record<string, unknown> {
    const loginProviders = this.cfnIdentityPool.supportedLoginProviders as Record<string, string> | undefined;
    const tags = this.federation.principalTags;
    return {
      ...(loginProviders ? { login_providers: loginProviders } : {}),
      ...(this.cfnIdentityPool.openIdConnectProviderArns
        ? { openid_connect_provider_arns: this.cfnIdentityPool.openIdConnectProviderArns }
        : {}),
      ...(this.cfnIdentityPool.samlProviderArns
        ? { saml_provider_arns: this.cfnIdentityPool.samlProviderArns }
        : {}),
      ...(this.federation.developerProviderName !== undefined
        ? { developer_provider_name: this.federation.developerProviderName }
        : {}),
      ...(tags
        ? {
            principal_tags: Lazy.any({
              produce: () =>
                tags._providers.map((provider) => ({
                  provider: this.providerName(provider),
                  tags: tags._tags ?? 'defaults',
                })),
            }),
          }
        : {}),
      // Written when mappings are given (added later too); the clients' default mappings alone are implied.
      role_mappings: Lazy.any({
        produce: () => {
          if (this.roleMappings.length === 0) return undefined;
          const rendered = this.renderRoleMappings() ?? {};
          return Object.values(rendered).map((m) => {
            const mapping = m as {
              identityProvider: string;
              type: string;
              ambiguousRoleResolution: string;
            };
            return {
              provider: mapping.identityProvider,
              type: mapping.type,
              ambiguous: mapping.ambiguousRoleResolution,
            };
          });
        },
      }),
    };
  }

  /** Whether roles assumed through the pool must trust `sts:TagSession`. @internal */
  public get _sessionTags(): boolean {
    return this.sessionTags;
  }

  /** How `MappedRole.group(name)` finds a group's role. @internal */
  public _resolveGroupRoles(resolve: (name: string) => iam.IRole | undefined): void {
    this.groupRole = resolve;
  }

  private withTags(principal: iam.FederatedPrincipal): iam.IPrincipal {
    // With principal tags Cognito tags the session, so the trust must allow sts:TagSession; withSessionTags
    // adds it to the same statement, with the same aud and amr conditions.
    // https://docs.aws.amazon.com/cognito/latest/developerguide/using-afac-with-cognito-identity-pools.html
    return this.sessionTags ? principal.withSessionTags() : principal;
  }

  /**
   * The name Cognito knows a provider by (see `IdentityPoolProvider`). Runs while the template resolves, before
   * validation: a provider that names nothing is recorded and reported by this construct's validation (after
   * `CognitoAuth`'s, which names the prop).
   */
  private providerName(provider: IdentityPoolProvider): string {
    try {
      return provider._providerName(
        this.providers[0]?.userPool.userPoolProviderName,
        Object.fromEntries(this.providers.map((p) => [p.key, p.client.userPoolClientId])),
      );
    } catch (e) {
      if (!(e instanceof CognitoAuthError)) throw e;
      this.unresolved.add(e.message);
      return provider._key();
    }
  }

  /** `RoleMappings`: each client's token mapping unless a given mapping replaces it, then the other mappings. */
  private renderRoleMappings(): Record<string, unknown> | undefined {
    const given = new Map(this.roleMappings.map((m) => [m._provider._key(), m]));
    const entries: Array<[string, unknown]> = this.providers.map((p) => {
      const mapping = given.get(p.key);
      if (mapping) return [p.key, this.renderRoleMapping(mapping)];
      return [
        p.key,
        {
          type: 'Token',
          ambiguousRoleResolution: 'AuthenticatedRole',
          identityProvider: `${p.userPool.userPoolProviderName}:${p.client.userPoolClientId}`,
        },
      ];
    });
    const clientKeys = new Set(this.providers.map((p) => p.key));
    for (const mapping of this.roleMappings) {
      const key = mapping._provider._key();
      if (!clientKeys.has(key)) entries.push([key, this.renderRoleMapping(mapping)]);
    }
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  }

  private renderRoleMapping(mapping: IdentityPoolRoleMapping): Record<string, unknown> {
    const rules = mapping._rules;
    return {
      type: rules ? 'Rules' : 'Token',
      ambiguousRoleResolution: mapping._ambiguous,
      identityProvider: this.providerName(mapping._provider),
      ...(rules
        ? {
            rulesConfiguration: {
              rules: rules.map((rule) => ({
                claim: rule.claim,
                matchType: rule.matchType ?? 'Equals',
                value: rule.value,
                roleArn: this.mappedRole(rule.role, mapping).roleArn,
              })),
            },
          }
        : {}),
    };
  }

  private mappedRole(role: MappedRole, mapping: IdentityPoolRoleMapping): iam.IRole {
    if (role._role) return role._role;
    const found = this.groupRole?.(role._groupName!);
    if (found) return found;
    this.unresolved.add(
      `roleMappings (${mapping._display()}) ${role._display()} names no group with a role; give groups with roles, or MappedRole.role(role)`,
    );
    return this.authenticatedRole;
  }

  /**
   * Lets users of a user-pool client sign in to the identity pool, with token-based role mapping.
   * @param key a stable key for the role mapping, e.g. the client's name
   */
  public addUserPoolClient(userPool: cognito.IUserPool, client: cognito.IUserPoolClient, key: string): void {
    this.providers.push({ userPool, client, key });
  }
}
