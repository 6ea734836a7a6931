import { CfnResource } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { list } from '../../private/cfn';
import { CognitoRule, resolve } from '../rule';

/** App clients must not use the OAuth implicit grant. */
export const implicitGrant: CognitoRule = {
  id: 'ImplicitGrant',
  info: 'The app client allows the OAuth implicit grant.',
  explanation:
    'The implicit grant returns tokens in the redirect URL, where browser history, referrer headers, logs and other scripts on the page can read them, and it cannot be bound to the client (no PKCE). Use the authorization code grant with PKCE (AllowedOAuthFlows: code).',
  level: NagMessageLevel.ERROR,
  check(node: CfnResource) {
    if (!(node instanceof cognito.CfnUserPoolClient)) return NagRuleCompliance.NOT_APPLICABLE;
    const flows = list(resolve(node, node.allowedOAuthFlows));
    return flows.includes('implicit') ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
};
