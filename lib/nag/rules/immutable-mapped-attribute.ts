import { CfnResource } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { field, list } from '../../private/cfn';
import { CognitoRule, poolOf, resolve } from '../rule';
import { bareAttributeName } from '../../shared/attributes';

/** Attributes an identity provider fills must be mutable. */
export const immutableMappedAttribute: CognitoRule = {
  id: 'ImmutableMappedAttribute',
  info: 'The identity provider maps an attribute that the user pool declares immutable.',
  explanation:
    'Cognito writes mapped attributes at every federated sign-in; an immutable attribute can only be written once, so every sign-in after the first fails. Declare mapped attributes mutable (only possible for new attributes: mutability cannot change later) or drop the mapping.',
  level: NagMessageLevel.ERROR,
  check(node: CfnResource) {
    if (!(node instanceof cognito.CfnUserPoolIdentityProvider)) return NagRuleCompliance.NOT_APPLICABLE;
    const mapping = resolve(node, node.attributeMapping);
    if (!mapping || typeof mapping !== 'object') return NagRuleCompliance.NOT_APPLICABLE;
    const pool = poolOf(node, node.userPoolId);
    if (!pool) return NagRuleCompliance.NOT_APPLICABLE;
    const immutable = new Set(
      list(resolve(pool, pool.schema))
        .filter((entry) => field(entry, 'mutable') === false)
        .map((entry) => field(entry, 'name'))
        .filter((name): name is string => typeof name === 'string'),
    );
    const findings = Object.keys(mapping).filter((attribute) => immutable.has(bareAttributeName(attribute)));
    return findings.length > 0 ? findings : NagRuleCompliance.COMPLIANT;
  },
};
