import { CfnResource } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { field, isIntrinsic, list } from '../../private/cfn';
import { CognitoRule, resolve } from '../rule';

/**
 * A client that rotates refresh tokens must not offer REFRESH_TOKEN_AUTH, which Cognito refuses for it.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RefreshTokenRotationType.html
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-ExplicitAuthFlows
 */
export const refreshTokenRotationFlow: CognitoRule = {
  id: 'RefreshTokenRotationFlow',
  info: 'The app client rotates refresh tokens but offers ALLOW_REFRESH_TOKEN_AUTH (listed, or by Cognito default).',
  explanation:
    "With RefreshTokenRotation ENABLED, refreshes must go through GetTokensFromRefreshToken; Cognito refuses REFRESH_TOKEN_AUTH for the client. List the flows the client uses in ExplicitAuthFlows without ALLOW_REFRESH_TOKEN_AUTH (an absent or empty list means Cognito's defaults, which include it). aws-cdk-lib's refreshTokenRotationGracePeriod does this; a property override usually does not.",
  level: NagMessageLevel.ERROR,
  check(node: CfnResource) {
    if (!(node instanceof cognito.CfnUserPoolClient)) return NagRuleCompliance.NOT_APPLICABLE;
    const rotation = resolve(node, node.refreshTokenRotation);
    if (field(rotation, 'feature') !== 'ENABLED') return NagRuleCompliance.NOT_APPLICABLE;
    const resolved = resolve(node, node.explicitAuthFlows);
    if (isIntrinsic(resolved)) return NagRuleCompliance.NOT_APPLICABLE;
    const flows = list(resolved);
    if (flows.length === 0 || flows.includes('ALLOW_REFRESH_TOKEN_AUTH')) {
      return NagRuleCompliance.NON_COMPLIANT;
    }
    return NagRuleCompliance.COMPLIANT;
  },
};
