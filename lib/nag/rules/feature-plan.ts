import { CfnResource } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { field, list } from '../../private/cfn';
import { FEATURE_PLANS } from '../../shared/plans';
import { CognitoRule, poolOf, resolve } from '../rule';

/** The plans, cheapest first (lib/shared/plans.ts). */
const ORDER: readonly string[] = FEATURE_PLANS;

/** Features the pool's feature plan (UserPoolTier) does not include. */
export const featurePlan: CognitoRule = {
  id: 'FeaturePlan',
  info: 'The user pool uses a feature that its feature plan (UserPoolTier) does not include.',
  explanation:
    'Cognito refuses (or silently ignores) a feature the plan lacks: threat protection needs PLUS; password history, e-mail MFA, access-token customization (pre token generation V2_0/V3_0), passwordless first factors, passkeys as MFA, the USER_AUTH flow, refresh-token rotation, managed login and custom branding styles need ESSENTIALS or PLUS; risk configurations and user-activity log export need PLUS. Raise UserPoolTier or drop the feature.',
  level: NagMessageLevel.ERROR,
  check(node: CfnResource) {
    if (node instanceof cognito.CfnUserPoolClient) {
      const pool = poolOf(node, node.userPoolId);
      if (!pool) return NagRuleCompliance.NOT_APPLICABLE;
      const tier = tierOf(pool);
      if (tier !== 'LITE') return NagRuleCompliance.COMPLIANT;
      // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-ExplicitAuthFlows
      const found: string[] = [];
      if (list(resolve(node, node.explicitAuthFlows)).includes('ALLOW_USER_AUTH'))
        found.push('user-auth-flow');
      if (field(resolve(node, node.refreshTokenRotation), 'feature') === 'ENABLED') {
        found.push('refresh-token-rotation');
      }
      return found.length > 0 ? found : NagRuleCompliance.COMPLIANT;
    }
    // https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-sign-in-feature-plans.html
    if (node instanceof cognito.CfnManagedLoginBranding) {
      const pool = poolOf(node, node.userPoolId);
      if (!pool) return NagRuleCompliance.NOT_APPLICABLE;
      const custom =
        resolve(node, node.settings) !== undefined || list(resolve(node, node.assets)).length > 0;
      if (!custom) return NagRuleCompliance.NOT_APPLICABLE;
      return tierOf(pool) === 'LITE' ? ['managed-login-branding'] : NagRuleCompliance.COMPLIANT;
    }
    // https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-settings-threat-protection.html
    if (node instanceof cognito.CfnUserPoolRiskConfigurationAttachment) {
      const pool = poolOf(node, node.userPoolId);
      if (!pool) return NagRuleCompliance.NOT_APPLICABLE;
      const tier = tierOf(pool);
      return tier !== undefined && tier !== 'PLUS' ? ['risk-configuration'] : NagRuleCompliance.COMPLIANT;
    }
    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_LogConfigurationType.html
    if (node instanceof cognito.CfnLogDeliveryConfiguration) {
      const pool = poolOf(node, node.userPoolId);
      if (!pool) return NagRuleCompliance.NOT_APPLICABLE;
      const sources = list(resolve(node, node.logConfigurations)).map((c) => field(c, 'eventSource'));
      if (!sources.includes('userAuthEvents')) return NagRuleCompliance.NOT_APPLICABLE;
      const tier = tierOf(pool);
      return tier !== undefined && tier !== 'PLUS' ? ['user-activity-logs'] : NagRuleCompliance.COMPLIANT;
    }
    if (node instanceof cognito.CfnUserPoolDomain) {
      const pool = poolOf(node, node.userPoolId);
      if (!pool) return NagRuleCompliance.NOT_APPLICABLE;
      const version = resolve(node, node.managedLoginVersion);
      if (version !== 2) return NagRuleCompliance.NOT_APPLICABLE;
      return tierOf(pool) === 'LITE' ? ['managed-login'] : NagRuleCompliance.COMPLIANT;
    }
    if (!(node instanceof cognito.CfnUserPool)) return NagRuleCompliance.NOT_APPLICABLE;
    const tier = tierOf(node);
    const needs: Array<[string, string]> = [];
    const addOns = resolve(node, node.userPoolAddOns);
    const mode = field(addOns, 'advancedSecurityMode');
    if (mode === 'AUDIT' || mode === 'ENFORCED') needs.push(['threat-protection', 'PLUS']);
    if (field(field(addOns, 'advancedSecurityAdditionalFlows'), 'customAuthMode') !== undefined) {
      needs.push(['custom-auth-threat-protection', 'PLUS']);
    }
    const policies = resolve(node, node.policies);
    const history = field(field(policies, 'passwordPolicy'), 'passwordHistorySize');
    if (typeof history === 'number' && history > 0) needs.push(['password-history', 'ESSENTIALS']);
    if (list(resolve(node, node.enabledMfas)).includes('EMAIL_OTP')) needs.push(['email-mfa', 'ESSENTIALS']);
    const version = field(
      field(resolve(node, node.lambdaConfig), 'preTokenGenerationConfig'),
      'lambdaVersion',
    );
    if (version === 'V2_0' || version === 'V3_0') needs.push(['access-token-customization', 'ESSENTIALS']);
    const factors = list(field(field(policies, 'signInPolicy'), 'allowedFirstAuthFactors'));
    if (factors.some((f) => f !== 'PASSWORD')) needs.push(['passwordless', 'ESSENTIALS']);
    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_WebAuthnConfigurationType.html
    if (resolve(node, node.webAuthnFactorConfiguration) === 'MULTI_FACTOR_WITH_USER_VERIFICATION') {
      needs.push(['passkey-mfa', 'ESSENTIALS']);
    }
    if (tier === undefined) return NagRuleCompliance.COMPLIANT;
    const findings = needs
      .filter(([, plan]) => ORDER.indexOf(tier) < ORDER.indexOf(plan))
      .map(([feature]) => feature);
    return findings.length > 0 ? findings : NagRuleCompliance.COMPLIANT;
  },
};

/** The pool's plan; CloudFormation's default is ESSENTIALS. `undefined` when decided at deploy time. */
function tierOf(pool: cognito.CfnUserPool): string | undefined {
  const tier = resolve(pool, pool.userPoolTier) ?? 'ESSENTIALS';
  return typeof tier === 'string' && ORDER.includes(tier) ? tier : undefined;
}
