import { CfnResource } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { field } from '../../private/cfn';
import { CognitoRule, resolve } from '../rule';

/** User names and aliases should be case-insensitive. */
export const caseSensitiveSignIn: CognitoRule = {
  id: 'CaseSensitiveSignIn',
  info: 'The user pool treats user names and e-mail aliases as case-sensitive.',
  explanation:
    'With case-sensitive sign-in, "Ana@Example.org" and "ana@example.org" are two different users: people cannot sign in when they type their address differently, and duplicates appear. Set UsernameConfiguration.CaseSensitive to false (CloudFormation\'s default is true). It can only be set when the pool is created.',
  level: NagMessageLevel.ERROR,
  check(node: CfnResource) {
    if (!(node instanceof cognito.CfnUserPool)) return NagRuleCompliance.NOT_APPLICABLE;
    const caseSensitive = field(resolve(node, node.usernameConfiguration), 'caseSensitive');
    return caseSensitive === false ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
