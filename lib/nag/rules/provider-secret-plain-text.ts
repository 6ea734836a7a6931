import { CfnParameter, CfnResource, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { field } from '../../private/cfn';
import { CognitoRule, resolve } from '../rule';

const SECRET_KEYS = ['client_secret', 'private_key'];

/** Identity provider secrets must come from a secret store, never sit in the template in plain text. */
export const providerSecretPlainText: CognitoRule = {
  id: 'ProviderSecretPlainText',
  info: 'The identity provider has a client secret or private key in plain text in the template.',
  explanation:
    'Templates are stored by CloudFormation, kept in cdk.out and in version control, and shown in the console: a secret there is no longer secret. Keep it in Secrets Manager or an SSM SecureString and pass a dynamic reference (SecretValue.secretsManager, SecretValue.ssmSecure), or a NoEcho parameter.',
  level: NagMessageLevel.ERROR,
  check(node: CfnResource) {
    if (!(node instanceof cognito.CfnUserPoolIdentityProvider)) return NagRuleCompliance.NOT_APPLICABLE;
    const details = resolve(node, node.providerDetails);
    const findings = SECRET_KEYS.filter((key) => {
      const value = field(details, key);
      return value !== undefined && !isKeptSecret(node, value);
    });
    return findings.length > 0 ? findings : NagRuleCompliance.COMPLIANT;
  },
};

/** True for a dynamic reference, a NoEcho parameter, or an attribute of another resource. */
function isKeptSecret(node: CfnResource, value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{resolve:');
  if (value === null || typeof value !== 'object') return false;
  const ref = (value as { Ref?: unknown }).Ref;
  if (typeof ref === 'string') return isNoEchoParameter(node, ref);
  if ('Fn::GetAtt' in value) return true;
  for (const key of ['Fn::Join', 'Fn::Sub']) {
    const args = (value as Record<string, unknown>)[key];
    if (args === undefined) continue;
    if (JSON.stringify(args).includes('{{resolve:')) return true;
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
