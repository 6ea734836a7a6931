import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IDependable } from 'constructs';
import { CognitoAuthError } from '../errors';
import { show } from '../private/show';

/**
 * A group of the pool, with its role and grants, as `CognitoAuth.group(name)` returns it.
 *
 * Not a construct: the group's resources keep their ids under `CognitoAuth` (`Group-<name>`,
 * `GroupRole-<name>`, `GroupPolicy-<name>`), because a new logical id would make CloudFormation create a
 * second group of the same name before deleting the old one, which fails and loses memberships.
 *
 * Grants go into the group's customer-managed policy (`GroupPolicy-<name>`, created on first use), never an
 * inline policy: HIPAA, NIST 800-53 and PCI DSS refuse inline policies.
 *
 * ```ts
 * declare const table: dynamodb.ITable;
 * table.grantReadData(auth.group('support'));
 * ```
 */
export class AuthGroup implements iam.IGrantable {
  /**
   * A handle on a group that `CognitoAuth` created; its managed policy is `policyId` under `scope`.
   * @internal
   */
  public static _create(
    scope: Construct,
    policyId: string,
    policyDescription: string,
    userPoolGroup: cognito.UserPoolGroup,
    groupName: string,
    precedence?: number,
    role?: iam.IRole,
  ): AuthGroup {
    return new AuthGroup({ scope, policyId, policyDescription, userPoolGroup, groupName, precedence, role });
  }

  /** The group's name. */
  public readonly groupName: string;
  /** The group's precedence, when it has one. */
  public readonly precedence?: number;
  /** The user-pool group. */
  public readonly userPoolGroup: cognito.UserPoolGroup;
  /** The IAM role members get through the identity pool, when the group has one. */
  public readonly role?: iam.IRole;

  private readonly internals: AuthGroupInternals;
  private principal?: iam.IPrincipal;

  private constructor(internals: AuthGroupInternals) {
    this.internals = internals;
    this.groupName = internals.groupName;
    this.precedence = internals.precedence;
    this.userPoolGroup = internals.userPoolGroup;
    this.role = internals.role;
  }

  /**
   * The principal to grant to. Statements granted to it go into the group's customer-managed policy
   * (`GroupPolicy-<name>`); for a role imported by ARN they go to the role itself (an inline policy).
   * Throws for a group without a role.
   */
  public get grantPrincipal(): iam.IPrincipal {
    const role = this.requireRole();
    if (!(role instanceof iam.Role)) return role;
    this.principal ??= new GroupPolicyPrincipal(role, () => this.policy(role));
    return this.principal;
  }

  /** Adds a statement to the group's permissions (its managed policy, see `grantPrincipal`). */
  public addToPolicy(statement: iam.PolicyStatement): void {
    this.grantPrincipal.addToPrincipalPolicy(statement);
  }

  private requireRole(): iam.IRole {
    if (this.role) return this.role;
    throw new CognitoAuthError(
      `group(${show(this.groupName)})`,
      'has no role, so it cannot be granted permissions; enable the identity pool and leave createRole on (or give the group a role)',
    );
  }

  /** The group's managed policy, created and attached on first use unless the group's statements made it. */
  private policy(role: iam.Role): iam.ManagedPolicy {
    const existing = this.internals.scope.node.tryFindChild(this.internals.policyId);
    if (existing instanceof iam.ManagedPolicy) return existing;
    const created = new iam.ManagedPolicy(this.internals.scope, this.internals.policyId, {
      description: this.internals.policyDescription,
    });
    role.addManagedPolicy(created);
    return created;
  }
}

/** What `CognitoAuth` hands to an `AuthGroup`. */
interface AuthGroupInternals {
  readonly groupName: string;
  readonly precedence?: number;
  readonly userPoolGroup: cognito.UserPoolGroup;
  readonly role?: iam.IRole;
  /** Where the group's managed policy lives (the `CognitoAuth`), and its id there. */
  readonly scope: Construct;
  readonly policyId: string;
  readonly policyDescription: string;
}

/**
 * A principal that acts as the group's role, except that statements added to it go into the group's
 * customer-managed policy rather than the role's default (inline) policy.
 */
class GroupPolicyPrincipal implements iam.IPrincipal {
  public readonly grantPrincipal: iam.IPrincipal = this;
  public readonly assumeRoleAction: string;
  public readonly principalAccount?: string;

  constructor(
    private readonly role: iam.Role,
    private readonly policy: () => iam.ManagedPolicy,
  ) {
    this.assumeRoleAction = role.assumeRoleAction;
    this.principalAccount = role.principalAccount;
  }

  public get policyFragment(): iam.PrincipalPolicyFragment {
    return this.role.policyFragment;
  }

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    const policy = this.policy();
    policy.addStatements(statement);
    return { statementAdded: true, policyDependable: policy as IDependable };
  }
}
