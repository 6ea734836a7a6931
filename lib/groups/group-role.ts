import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { AuthIdentityPool } from '../identity-pool/auth-identity-pool';
import { GroupDefinition } from './group';

/** What a group's role is made from besides the group. */
export interface GroupRoleContext {
  /** The identity pool through which members assume the role. */
  readonly identityPool: AuthIdentityPool;
  /** The base authenticated permissions, for groups that inherit them. */
  readonly authenticatedPolicy?: iam.ManagedPolicy;
}

/**
 * The IAM role of a group's members: assumable only through the identity pool, by authenticated identities;
 * the group's statements in a customer-managed policy (HIPAA, NIST 800-53 and PCI DSS refuse inline
 * policies), its managed policies, and the base authenticated permissions when it inherits them.
 *
 * @param key the group's key in construct ids (`GroupRole-<key>`, `GroupPolicy-<key>`)
 */
export function createGroupRole(
  scope: Construct,
  key: string,
  group: GroupDefinition,
  context: GroupRoleContext,
): iam.Role {
  const role = new iam.Role(scope, `GroupRole-${key}`, {
    description: iamDescription(`Members of the user-pool group ${group.name}`),
    assumedBy: context.identityPool.authenticatedPrincipal(),
  });
  if ((group.policyStatements?.length ?? 0) > 0) {
    role.addManagedPolicy(
      new iam.ManagedPolicy(scope, `GroupPolicy-${key}`, {
        description: iamDescription(`Permissions of the user-pool group ${group.name}`),
        statements: group.policyStatements,
      }),
    );
  }
  for (const policy of group.managedPolicies ?? []) role.addManagedPolicy(policy);
  if (group.inheritAuthenticatedPermissions && context.authenticatedPolicy) {
    role.addManagedPolicy(context.authenticatedPolicy);
  }
  return role;
}

/**
 * An IAM role or policy description: at most 1,000 characters of tab, line feed, carriage return and
 * Latin-1 printable characters; anything else (a group name in another script) becomes "?".
 * (The CloudFormation schema of AWS::IAM::Role and AWS::IAM::ManagedPolicy has the same pattern; cfn-lint E3031.)
 * @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
 */
export function iamDescription(text: string): string {
  return text.replace(/[^\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]/gu, '?').slice(0, 1000);
}
