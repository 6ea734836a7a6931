import { CfnResource } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { field, isIntrinsic, list } from '../../private/cfn';
import { COGNITO_QUOTAS } from '../../shared';
import { ROLE_MAPPING_LIMITS } from '../../shared/identity-pool';
import { CognitoRule, resolve } from '../rule';

/**
 * An identity pool maps at most 10 providers, and a rules-based mapping holds 1 to 25 rules: more fails the
 * deployment (SetIdentityPoolRoles).
 * @see https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_SetIdentityPoolRoles.html
 * @see https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_RulesConfigurationType.html
 */
export const identityPoolRoleMappingLimits: CognitoRule = {
  id: 'IdentityPoolRoleMappingLimits',
  info: 'The identity pool role attachment maps more than 10 providers, or a rules mapping has no rule or more than 25.',
  explanation:
    'Cognito refuses RoleMappings with more than 10 providers and RulesConfiguration with 0 or more than 25 rules, so the stack fails at deployment. Sign fewer clients in to the identity pool (several apps can share a client), merge rules (Contains / StartsWith match types), or split the users over two identity pools.',
  level: NagMessageLevel.ERROR,
  check(node: CfnResource) {
    if (!(node instanceof cognito.CfnIdentityPoolRoleAttachment)) return NagRuleCompliance.NOT_APPLICABLE;
    const mappings = resolve(node, node.roleMappings);
    if (
      mappings === undefined ||
      mappings === null ||
      typeof mappings !== 'object' ||
      isIntrinsic(mappings)
    ) {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    const findings: string[] = [];
    const entries = Object.entries(mappings as Record<string, unknown>);
    if (entries.length > COGNITO_QUOTAS.roleMappingsPerIdentityPool.max)
      findings.push(`${entries.length} mappings`);
    for (const [key, mapping] of entries) {
      if (field(mapping, 'type') !== 'Rules') continue;
      const rules = field(field(mapping, 'rulesConfiguration'), 'rules');
      if (isIntrinsic(rules)) continue;
      const count = list(rules).length;
      if (count < ROLE_MAPPING_LIMITS.minRules || count > ROLE_MAPPING_LIMITS.maxRules) {
        findings.push(`${key}: ${count} rules`);
      }
    }
    return findings.length > 0 ? findings : NagRuleCompliance.COMPLIANT;
  },
};
