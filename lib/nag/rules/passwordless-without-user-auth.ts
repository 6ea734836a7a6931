import { CfnResource } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { field, list } from '../../private/cfn';
import { CognitoRule, resolve, resourcesOfPool } from '../rule';

/**
 * Passwordless first factors (EMAIL_OTP, SMS_OTP, WEB_AUTHN) that no client of the pool can use: Cognito
 * offers them only in the choice-based USER_AUTH flow, which a client allows with ALLOW_USER_AUTH in
 * ExplicitAuthFlows (absent from the default flows).
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flows-selection-sdk.html
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-ExplicitAuthFlows
 */
export const passwordlessWithoutUserAuth: CognitoRule = {
  id: 'PasswordlessWithoutUserAuth',
  info: 'The user pool allows passwordless first factors, but none of its app clients allows the USER_AUTH flow.',
  explanation:
    'Cognito offers the first factors of Policies.SignInPolicy.AllowedFirstAuthFactors other than PASSWORD (e-mail and SMS one-time codes, passkeys) only in the choice-based USER_AUTH flow. With no client listing ALLOW_USER_AUTH in ExplicitAuthFlows, nobody can sign in with them. Add ALLOW_USER_AUTH to the clients that should offer them, or drop the factors.',
  level: NagMessageLevel.WARN,
  check(node: CfnResource) {
    if (!(node instanceof cognito.CfnUserPool)) return NagRuleCompliance.NOT_APPLICABLE;
    const factors = list(
      field(field(resolve(node, node.policies), 'signInPolicy'), 'allowedFirstAuthFactors'),
    ).filter((f): f is string => typeof f === 'string' && f !== 'PASSWORD');
    if (factors.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
    // Clients in other stacks are out of sight: judge only pools with clients here.
    const clients = resourcesOfPool(node, cognito.CfnUserPoolClient);
    if (clients.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
    const userAuth = clients.some((c) => list(resolve(c, c.explicitAuthFlows)).includes('ALLOW_USER_AUTH'));
    return userAuth ? NagRuleCompliance.COMPLIANT : factors;
  },
};
