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

/** Options of the identity pool made by `CognitoAuth`. */
export interface IdentityPoolOptions {
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
}

/** Props of `AuthIdentityPool`. */
export interface AuthIdentityPoolProps {
  /** Name of the identity pool. @default - generated from the construct path */
  readonly identityPoolName?: string;
  /** Allow guest identities. @default false */
  readonly allowGuestAccess?: boolean;
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
  /** Role of signed-in users. */
  public readonly authenticatedRole: iam.Role;
  /** Role of guests, when guest access is on. */
  public readonly unauthenticatedRole?: iam.Role;
  /** The L1 identity pool. */
  public readonly cfnIdentityPool: cognito.CfnIdentityPool;

  private readonly providers: Array<{
    userPool: cognito.IUserPool;
    client: cognito.IUserPoolClient;
    key: string;
  }> = [];

  constructor(scope: Construct, id: string, props: AuthIdentityPoolProps = {}) {
    super(scope, id);
    this.cfnIdentityPool = new cognito.CfnIdentityPool(this, 'Resource', {
      identityPoolName: props.identityPoolName,
      allowUnauthenticatedIdentities: props.allowGuestAccess ?? false,
      allowClassicFlow: false,
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
    this.authenticatedRole = new iam.Role(this, 'AuthenticatedRole', {
      description: 'Signed-in users of the identity pool',
      assumedBy: this.principal(IdentityType.AUTHENTICATED),
    });
    if (props.allowGuestAccess) {
      this.unauthenticatedRole = new iam.Role(this, 'UnauthenticatedRole', {
        description: 'Guests of the identity pool',
        assumedBy: this.principal(IdentityType.UNAUTHENTICATED),
      });
    }
    new cognito.CfnIdentityPoolRoleAttachment(this, 'RoleAttachment', {
      identityPoolId: this.identityPoolId,
      roles: {
        authenticated: this.authenticatedRole.roleArn,
        ...(this.unauthenticatedRole ? { unauthenticated: this.unauthenticatedRole.roleArn } : {}),
      },
      roleMappings: Lazy.any(
        {
          produce: () => {
            if (this.providers.length === 0) return undefined;
            return Object.fromEntries(
              this.providers.map((p) => [
                p.key,
                {
                  type: 'Token',
                  ambiguousRoleResolution: 'AuthenticatedRole',
                  identityProvider: `${p.userPool.userPoolProviderName}:${p.client.userPoolClientId}`,
                },
              ]),
            );
          },
        },
        { omitEmptyArray: true },
      ),
    });
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
   * Lets users of a user-pool client sign in to the identity pool, with token-based role mapping.
   * @param key a stable key for the role mapping, e.g. the client's name
   */
  public addUserPoolClient(userPool: cognito.IUserPool, client: cognito.IUserPoolClient, key: string): void {
    this.providers.push({ userPool, client, key });
  }
}
