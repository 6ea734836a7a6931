import { CfnResource } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { CognitoRule, logicalId, resolve, stackResources } from '../rule';

/** The "set" resources: one per target, and the properties that name the target. */
const TARGETS: Array<[new (...args: never[]) => CfnResource, string, string[]]> = [
  [cognito.CfnLogDeliveryConfiguration, 'log-delivery', ['userPoolId']],
  [cognito.CfnUserPoolRiskConfigurationAttachment, 'risk-configuration', ['userPoolId', 'clientId']],
  [cognito.CfnManagedLoginBranding, 'branding-style', ['userPoolId', 'clientId']],
  [cognito.CfnTerms, 'terms', ['userPoolId', 'clientId', 'termsName']],
  [cognito.CfnIdentityPoolPrincipalTag, 'principal-tags', ['identityPoolId', 'identityProviderName']],
];

/**
 * Resources that set one thing of a pool, client or provider: a second one for the same target overwrites
 * the first (log delivery, risk, principal tags) or fails (branding, terms), and a change of logical id makes
 * CloudFormation create the new one before deleting the old one, whose delete then wipes the setting.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stack-failure-options.html
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateManagedLoginBranding.html
 */
export const duplicateAttachment: CognitoRule = {
  id: 'DuplicateAttachment',
  info: 'Two resources set the same log delivery, risk configuration, branding style, terms document or principal tags.',
  explanation:
    'LogDeliveryConfiguration (per pool), UserPoolRiskConfigurationAttachment (per pool and client), ManagedLoginBranding (per client), Terms (per client and name) and IdentityPoolPrincipalTag (per identity pool and provider) each hold the one setting of their target. Two of them overwrite each other or fail to create. Keep one per target.',
  level: NagMessageLevel.ERROR,
  check(node: CfnResource) {
    const target = TARGETS.find(([type]) => node instanceof type);
    if (!target) return NagRuleCompliance.NOT_APPLICABLE;
    const [type, name, keys] = target;
    const keyOf = (r: CfnResource) =>
      JSON.stringify(keys.map((k) => resolve(r, (r as unknown as Record<string, unknown>)[k]) ?? null));
    const mine = keyOf(node);
    const id = logicalId(node);
    const twin = stackResources(node, type).some((other) => logicalId(other) !== id && keyOf(other) === mine);
    return twin ? [name] : NagRuleCompliance.COMPLIANT;
  },
};
