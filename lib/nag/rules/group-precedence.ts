import { CfnResource } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { CognitoRule, poolOf, resolve, resourcesOfPool } from '../rule';

/** Groups that give different roles must not share a precedence. */
export const groupPrecedence: CognitoRule = {
  id: 'GroupPrecedence',
  info: 'The group has the same precedence as another group of the pool that gives a different IAM role.',
  explanation:
    'A user in both groups gets the role of the group with the lowest precedence (cognito:preferred_role); with equal precedences Cognito picks neither, and which role the user receives is ambiguous. Give every group with a role its own precedence.',
  level: NagMessageLevel.ERROR,
  check(node: CfnResource) {
    if (!(node instanceof cognito.CfnUserPoolGroup)) return NagRuleCompliance.NOT_APPLICABLE;
    const role = JSON.stringify(resolve(node, node.roleArn) ?? null);
    if (role === 'null') return NagRuleCompliance.NOT_APPLICABLE;
    const precedence = JSON.stringify(resolve(node, node.precedence) ?? null);
    const pool = poolOf(node, node.userPoolId);
    const others = pool ? resourcesOfPool(pool, cognito.CfnUserPoolGroup) : []; // a pool from another stack: its groups cannot be seen
    const clash = others.some(
      (g) =>
        g !== node &&
        JSON.stringify(resolve(g, g.precedence) ?? null) === precedence &&
        JSON.stringify(resolve(g, g.roleArn) ?? null) !== 'null' &&
        JSON.stringify(resolve(g, g.roleArn)) !== role,
    );
    return clash ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
};
