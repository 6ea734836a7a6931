import { CfnResource } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { field, list } from '../../private/cfn';
import { CognitoRule, resolve } from '../rule';

/** A production pool that sends e-mail must not use Cognito's default sender (50 e-mails a day). */
export const defaultEmailSender: CognitoRule = {
  id: 'DefaultEmailSender',
  info: "The production user pool sends e-mail through Cognito's default sender.",
  explanation:
    "Cognito's default sender delivers at most 50 e-mails a day per account and Region: past that, sign-up codes, invitations and password resets are silently not sent. Send through Amazon SES (EmailConfiguration.EmailSendingAccount DEVELOPER with a verified identity; AuthEmail.ses(...)) or a custom email sender trigger.",
  level: NagMessageLevel.ERROR,
  check(node: CfnResource, context) {
    if (!(node instanceof cognito.CfnUserPool)) return NagRuleCompliance.NOT_APPLICABLE;
    if (!context.isProduction(node)) return NagRuleCompliance.NOT_APPLICABLE;
    if (!sendsEmail(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const lambdaConfig = resolve(node, node.lambdaConfig);
    if (field(lambdaConfig, 'customEmailSender') !== undefined) return NagRuleCompliance.COMPLIANT;
    const account = field(resolve(node, node.emailConfiguration), 'emailSendingAccount');
    return account === 'DEVELOPER' ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};

/** Whether the pool has any reason to send e-mail: e-mail sign-in, verification or recovery. */
function sendsEmail(pool: cognito.CfnUserPool): boolean {
  const names = [
    ...list(resolve(pool, pool.usernameAttributes)),
    ...list(resolve(pool, pool.aliasAttributes)),
    ...list(resolve(pool, pool.autoVerifiedAttributes)),
  ];
  if (names.includes('email')) return true;
  const recovery = list(field(resolve(pool, pool.accountRecoverySetting), 'recoveryMechanisms'));
  if (recovery.some((m) => field(m, 'name') === 'verified_email')) return true;
  return list(resolve(pool, pool.enabledMfas)).includes('EMAIL_OTP');
}
