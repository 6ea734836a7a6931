import { CfnResource, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { list } from '../../private/cfn';
import { redirectUrlProblem } from '../../shared/urls';
import { CognitoRule, resolve } from '../rule';

/** Callback and sign-out URLs must be exact https URLs of a real application. */
export const redirectUrls: CognitoRule = {
  id: 'RedirectUrls',
  info: 'The app client has a placeholder, plain-http or wildcard callback or sign-out URL.',
  explanation:
    "Cognito sends authorization codes to these URLs. A placeholder host (example.com) is either a leftover or someone else's site; plain http (other than loopback for local development) exposes codes on the network; a wildcard or fragment is not a valid redirect. Give the exact https URLs of the application.",
  level: NagMessageLevel.ERROR,
  check(node: CfnResource) {
    if (!(node instanceof cognito.CfnUserPoolClient)) return NagRuleCompliance.NOT_APPLICABLE;
    const urls = [
      ...list(resolve(node, node.callbackUrLs)),
      ...list(resolve(node, node.logoutUrLs)),
      ...list(resolve(node, node.defaultRedirectUri)),
    ].filter((u): u is string => typeof u === 'string' && !Token.isUnresolved(u));
    if (urls.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
    const findings = [...new Set(urls.filter(isUnsafe))];
    return findings.length > 0 ? findings : NagRuleCompliance.COMPLIANT;
  },
};

/** The URL rule of lib/shared/urls.ts: https, loopback http, reverse-DNS app schemes; no placeholders. */
function isUnsafe(url: string): boolean {
  return redirectUrlProblem(url) !== undefined;
}
