import { CfnResource } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { field, list } from '../../private/cfn';
import { CognitoRule, resolve } from '../rule';

/**
 * E-mailed sign-in codes need e-mail through Amazon SES: the one e-mail template (EmailMfaConfigType) serves
 * e-mail MFA and e-mail sign-in codes, and e-mail MFA requires the SES configuration.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_EmailMfaConfigType.html
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-email.html
 */
export const emailOtpWithoutSes: CognitoRule = {
  id: 'EmailOtpWithoutSes',
  info: "The user pool allows e-mail one-time-code sign-in but sends e-mail with Cognito's default sender.",
  explanation:
    "E-mailed sign-in codes (EMAIL_OTP) and e-mail MFA need EmailConfiguration.EmailSendingAccount DEVELOPER (Amazon SES); Cognito's default sender is also limited to a few dozen e-mails a day. Configure SES or drop EMAIL_OTP.",
  level: NagMessageLevel.ERROR,
  check(node: CfnResource) {
    if (!(node instanceof cognito.CfnUserPool)) return NagRuleCompliance.NOT_APPLICABLE;
    const factors = list(
      field(field(resolve(node, node.policies), 'signInPolicy'), 'allowedFirstAuthFactors'),
    );
    if (!factors.includes('EMAIL_OTP')) return NagRuleCompliance.NOT_APPLICABLE;
    const account = field(resolve(node, node.emailConfiguration), 'emailSendingAccount');
    return account === 'DEVELOPER' ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
