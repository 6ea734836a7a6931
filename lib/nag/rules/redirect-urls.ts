import { CfnResource, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { list } from '../../private/cfn';
import { CognitoRule, resolve } from '../rule';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const PLACEHOLDER = /(^|\.)(example(\.(com|org|net))?|test|invalid|localhost\.localdomain)$/i;

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

function isUnsafe(url: string): boolean {
  if (url.includes('*') || url.includes('#')) return true;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return true;
  }
  if (parsed.protocol === 'https:') return PLACEHOLDER.test(parsed.hostname);
  if (parsed.protocol === 'http:') return !LOOPBACK.has(parsed.hostname);
  // Private-use schemes of native apps (RFC 8252), e.g. com.example.app:/callback.
  return !/^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+:$/.test(parsed.protocol);
}
