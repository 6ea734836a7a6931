import { CfnResource } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { CognitoRule, resolve } from '../rule';

/**
 * "You can only activate EnablePropagateAdditionalUserContextData in an app client that has a client secret."
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-EnablePropagateAdditionalUserContextData
 */
export const propagateUserContextDataWithoutSecret: CognitoRule = {
  id: 'PropagateUserContextDataWithoutSecret',
  info: 'The app client propagates user context data but has no client secret.',
  explanation:
    'Cognito accepts EnablePropagateAdditionalUserContextData only on app clients with a secret (GenerateSecret true): user context data comes from a server that can authenticate. Give the client a secret (a new client: GenerateSecret is create-only) or turn propagation off.',
  level: NagMessageLevel.ERROR,
  check(node: CfnResource) {
    if (!(node instanceof cognito.CfnUserPoolClient)) return NagRuleCompliance.NOT_APPLICABLE;
    if (resolve(node, node.enablePropagateAdditionalUserContextData) !== true)
      return NagRuleCompliance.NOT_APPLICABLE;
    return resolve(node, node.generateSecret) === true
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
};
