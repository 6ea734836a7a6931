import { CfnResource } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { field, list } from '../../private/cfn';
import { CognitoRule, resolve } from '../rule';

const COGNITO_IDENTITY = 'cognito-identity.amazonaws.com';

/** Roles that cognito-identity.amazonaws.com may assume must be limited to one identity pool (aud) and one kind of identity (amr). */
export const identityRoleTrust: CognitoRule = {
  id: 'IdentityRoleTrust',
  info: 'The role can be assumed by cognito-identity.amazonaws.com without both an aud and an amr condition.',
  explanation:
    'Without "cognito-identity.amazonaws.com:aud" (StringEquals the identity pool id) any identity pool, in any account, can hand out this role; without "cognito-identity.amazonaws.com:amr" (authenticated or unauthenticated) guests can get the role of signed-in users. Add both conditions to the trust policy (AuthIdentityPool.principal() does).',
  level: NagMessageLevel.ERROR,
  check(node: CfnResource) {
    if (!(node instanceof iam.CfnRole)) return NagRuleCompliance.NOT_APPLICABLE;
    const document = resolve(node, node.assumeRolePolicyDocument);
    const statements = list(field(document, 'Statement')).filter((s) => {
      if ((field(s, 'Effect') ?? 'Allow') !== 'Allow') return false;
      const principal = field(s, 'Principal');
      return list(field(principal, 'Federated')).some((p) => p === COGNITO_IDENTITY);
    });
    if (statements.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
    const ok = statements.every((s) => hasCondition(s, 'aud', true) && hasCondition(s, 'amr', false));
    return ok ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};

/** True when a condition on `cognito-identity.amazonaws.com:<key>` exists (for aud: an equality, not a wildcard). */
function hasCondition(statement: unknown, key: string, equality: boolean): boolean {
  const condition = field(statement, 'Condition');
  if (!condition || typeof condition !== 'object') return false;
  const wanted = `${COGNITO_IDENTITY}:${key}`;
  return Object.entries(condition as Record<string, unknown>).some(([operator, block]) => {
    if (equality && !/^(ForAnyValue:|ForAllValues:)?StringEquals(IgnoreCase)?$/i.test(operator)) return false;
    if (!block || typeof block !== 'object') return false;
    return Object.entries(block as Record<string, unknown>).some(
      ([k, v]) =>
        k.toLowerCase() === wanted &&
        list(v).length > 0 &&
        list(v).every((x) => x !== '*' && x !== '' && x !== null),
    );
  });
}
