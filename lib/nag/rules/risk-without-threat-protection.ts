import { CfnResource } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { field } from '../../private/cfn';
import { CognitoRule, poolOf, resolve } from '../rule';

/**
 * A risk configuration acts only through threat protection: without `AdvancedSecurityMode` AUDIT or
 * ENFORCED, Cognito refuses it (UserPoolAddOnNotEnabledException). Actions that notify need a
 * `NotifyConfiguration` to send from.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetRiskConfiguration.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cognito-userpoolriskconfigurationattachment-notifyconfigurationtype.html
 */
export const riskWithoutThreatProtection: CognitoRule = {
  id: 'RiskWithoutThreatProtection',
  info: 'The risk configuration belongs to a pool without threat protection, or notifies users without a notification configuration.',
  explanation:
    'Cognito applies risk configurations only with threat protection on (UserPoolAddOns.AdvancedSecurityMode AUDIT or ENFORCED, Plus plan) and refuses them otherwise (UserPoolAddOnNotEnabledException). An adaptive-authentication action with Notify true needs NotifyConfiguration (an SES identity to send from). Turn threat protection on, or remove the attachment; add NotifyConfiguration or set Notify false.',
  level: NagMessageLevel.ERROR,
  check(node: CfnResource) {
    if (!(node instanceof cognito.CfnUserPoolRiskConfigurationAttachment))
      return NagRuleCompliance.NOT_APPLICABLE;
    const findings: string[] = [];
    const pool = poolOf(node, node.userPoolId);
    if (pool) {
      const mode = field(resolve(pool, pool.userPoolAddOns), 'advancedSecurityMode');
      if (mode !== 'AUDIT' && mode !== 'ENFORCED') findings.push('threat-protection-off');
    }
    const takeover = resolve(node, node.accountTakeoverRiskConfiguration);
    const actions = field(takeover, 'actions');
    const notifies = ['lowAction', 'mediumAction', 'highAction'].some(
      (level) => field(field(actions, level), 'notify') === true,
    );
    if (notifies && field(takeover, 'notifyConfiguration') === undefined)
      findings.push('notify-without-configuration');
    return findings.length > 0 ? findings : NagRuleCompliance.COMPLIANT;
  },
};
