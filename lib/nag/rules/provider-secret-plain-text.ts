import { CfnParameter, CfnResource, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { field } from '../../private/cfn';
import { TWITTER_PROVIDER_KEY } from '../../shared/identity-pool';
import { CognitoRule, resolve } from '../rule';

const SECRET_KEYS = ['client_secret', 'private_key'];

/**
 * Identity provider secrets must come from Secrets Manager (or a NoEcho parameter), never sit in the template
 * in plain text. An SSM SecureString reference is a finding too: CloudFormation resolves `ssm-secure` only in
 * the resource properties its user guide lists, and AWS::Cognito::UserPoolIdentityProvider is not one.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-ssm-secure-strings.html#template-parameters-dynamic-patterns-resources
 */
export const providerSecretPlainText: CognitoRule = {
  id: 'ProviderSecretPlainText',
  info: 'The identity provider has a client secret or private key in plain text in the template, or in an SSM reference CloudFormation cannot resolve there.',
  explanation:
    'Templates are stored by CloudFormation, kept in cdk.out and in version control, and shown in the console: a secret there is no longer secret. Keep it in AWS Secrets Manager and pass a dynamic reference (SecretValue.secretsManager), or a NoEcho parameter. An SSM SecureString reference (ssm-secure) does not work here: CloudFormation resolves it only in the few properties its user guide lists, and fails the stack on AWS::Cognito::UserPoolIdentityProvider.',
  level: NagMessageLevel.ERROR,
  check(node: CfnResource) {
    if (node instanceof cognito.CfnIdentityPool) return twitterSecret(node);
    if (!(node instanceof cognito.CfnUserPoolIdentityProvider)) return NagRuleCompliance.NOT_APPLICABLE;
    const details = resolve(node, node.providerDetails);
    const findings = SECRET_KEYS.filter((key) => {
      const value = field(details, key);
      return value !== undefined && !isKeptSecret(node, value);
    });
    return findings.length > 0 ? findings : NagRuleCompliance.COMPLIANT;
  },
};

/**
 * An identity pool's Twitter sign-in (`api.twitter.com`) takes `<consumer key>;<consumer secret>` in
 * SupportedLoginProviders, which puts the secret in the template (aws-cdk-lib's IdentityPool writes it so).
 * @see https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_CreateIdentityPool.html#CognitoIdentity-CreateIdentityPool-request-SupportedLoginProviders
 */
function twitterSecret(node: cognito.CfnIdentityPool): NagRuleResult {
  const value = field(resolve(node, node.supportedLoginProviders), TWITTER_PROVIDER_KEY);
  if (value === undefined) return NagRuleCompliance.NOT_APPLICABLE;
  if (isKeptSecret(node, value)) return NagRuleCompliance.COMPLIANT;
  return typeof value === 'string' && !value.includes(';') ? NagRuleCompliance.COMPLIANT : ['twitter'];
}

/** True for a dynamic reference, a NoEcho parameter, or an attribute of another resource. */
function isKeptSecret(node: CfnResource, value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{resolve:secretsmanager:');
  if (value === null || typeof value !== 'object') return false;
  const ref = (value as { Ref?: unknown }).Ref;
  if (typeof ref === 'string') return isNoEchoParameter(node, ref);
  if ('Fn::GetAtt' in value) return true;
  for (const key of ['Fn::Join', 'Fn::Sub']) {
    const args = (value as Record<string, unknown>)[key];
    if (args === undefined) continue;
    if (JSON.stringify(args).includes('{{resolve:secretsmanager:')) return true;
    return refsIn(args).some((r) => isNoEchoParameter(node, r));
  }
  return false;
}

function isNoEchoParameter(node: CfnResource, logicalId: string): boolean {
  const stack = Stack.of(node);
  return stack.node
    .findAll()
    .some((c) => c instanceof CfnParameter && stack.resolve(c.logicalId) === logicalId && c.noEcho === true);
}

function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value === null || typeof value !== 'object') return [];
  const ref = (value as { Ref?: unknown }).Ref;
  if (typeof ref === 'string') return [ref];
  return Object.values(value).flatMap(refsIn);
}
