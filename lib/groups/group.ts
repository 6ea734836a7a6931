import type * as iam from 'aws-cdk-lib/aws-iam';

/** A user-pool group and the IAM role its members receive through the identity pool. */
export interface GroupDefinition {
  /** Group name: 1 to 128 characters, no whitespace. Create-only. */
  readonly name: string;
  /** Description (up to 2048 characters). @default - none */
  readonly description?: string;
  /**
   * Precedence: when a user is in several groups, the role of the group with the lowest value applies
   * (`cognito:preferred_role`). Must be unique among groups that have roles.
   * @default - no precedence (Cognito treats it as the lowest priority)
   */
  readonly precedence?: number;
  /**
   * Statements of the group role's own policy.
   * @default - none
   */
  readonly policyStatements?: iam.PolicyStatement[];
  /** Managed policies attached to the group role. @default - none */
  readonly managedPolicies?: iam.IManagedPolicy[];
  /**
   * Keep the base authenticated permissions (`identityPool.authenticatedPolicyStatements`, shared as
   * one managed policy) in addition to the group's own, instead of replacing them.
   * @default false
   */
  readonly inheritAuthenticatedPermissions?: boolean;
  /**
   * Create an IAM role for the group (assumable only through this identity pool, by authenticated users).
   * @default true when the identity pool is enabled
   */
  readonly createRole?: boolean;
  /**
   * A role of your own for the group, instead of one the construct creates. It must trust this identity
   * pool for authenticated identities: create it with `assumedBy: auth.identityPool.authenticatedPrincipal()`.
   * Give it its permissions yourself (`policyStatements`, `managedPolicies` and
   * `inheritAuthenticatedPermissions` are refused with it).
   * @default - a role is created (see `createRole`)
   */
  readonly role?: iam.IRole;
}
