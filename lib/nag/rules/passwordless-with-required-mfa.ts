import { CfnResource } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { field, list } from '../../private/cfn';
import { CognitoRule, resolve } from '../rule';

/**
 * One-time-code first factors with MFA required: Cognito offers them only to users without MFA, so nobody
 * can use them.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flow-things-to-know.html
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html#user-pool-settings-mfa-prerequisites
 */
export const passwordlessWithRequiredMfa: CognitoRule = {
  id: 'PasswordlessWithRequiredMfa',
  info: 'The user pool allows e-mail or SMS one-time-code sign-in while MFA is required (MfaConfiguration ON).',
  explanation:
    'Cognito offers one-time-code first factors only to users without MFA; with MFA required every user has MFA, so the factor is never offered. Set MfaConfiguration OPTIONAL and let threat protection require MFA on risky sign-ins (adaptive authentication), or drop EMAIL_OTP/SMS_OTP. Passkeys are usable with required MFA only with WebAuthnFactorConfiguration MULTI_FACTOR_WITH_USER_VERIFICATION.',
  level: NagMessageLevel.ERROR,
  check(node: CfnResource) {
    if (!(node instanceof cognito.CfnUserPool)) return NagRuleCompliance.NOT_APPLICABLE;
    const factors = list(
      field(field(resolve(node, node.policies), 'signInPolicy'), 'allowedFirstAuthFactors'),
    );
    if (resolve(node, node.mfaConfiguration) !== 'ON') return NagRuleCompliance.COMPLIANT;
    const findings = factors.filter((f): f is string => f === 'EMAIL_OTP' || f === 'SMS_OTP');
    if (
      factors.includes('WEB_AUTHN') &&
      resolve(node, node.webAuthnFactorConfiguration) !== 'MULTI_FACTOR_WITH_USER_VERIFICATION'
    ) {
      findings.push('WEB_AUTHN');
    }
    return findings.length > 0 ? findings : NagRuleCompliance.COMPLIANT;
  },
};
