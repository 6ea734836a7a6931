import { CfnParameter } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as identitypool from 'aws-cdk-lib/aws-cognito-identitypool';
import { AppClient, CognitoAuth } from '../../lib';
import { cfnPool, findingsOf, stack } from './helpers';

function provider(details: (s: ReturnType<typeof stack>) => Record<string, unknown>, type = 'Google') {
  const s = stack();
  const pool = cfnPool(s, 'Pool');
  new cognito.CfnUserPoolIdentityProvider(s, 'Provider', {
    userPoolId: pool.ref,
    providerName: type,
    providerType: type,
    providerDetails: { client_id: 'id', ...details(s) },
  });
  return findingsOf(s, 'ProviderSecretPlainText');
}

describe('CognitoChecks-ProviderSecretPlainText', () => {
  test('compliant: a Secrets Manager dynamic reference', () => {
    expect(
      provider(() => ({
        client_secret: '{{resolve:secretsmanager:auth/google:SecretString:clientSecret::}}',
      })),
    ).toEqual([]);
  });

  test('non-compliant: an SSM SecureString reference, which CloudFormation cannot resolve on an identity provider', () => {
    expect(
      provider(() => ({ private_key: '{{resolve:ssm-secure:/auth/apple}}' }), 'SignInWithApple'),
    ).toEqual(['CognitoChecks-ProviderSecretPlainText[private_key] Checked/Provider']);
  });

  test('compliant: a NoEcho parameter', () => {
    expect(
      provider((s) => ({ client_secret: new CfnParameter(s, 'Secret', { noEcho: true }).valueAsString })),
    ).toEqual([]);
  });

  test('non-compliant: a client secret in plain text', () => {
    expect(provider(() => ({ client_secret: 'GOCSPX-s3cr3t' }))).toEqual([
      'CognitoChecks-ProviderSecretPlainText[client_secret] Checked/Provider',
    ]);
  });

  test('non-compliant: an Apple private key in plain text', () => {
    expect(provider(() => ({ private_key: '-----BEGIN PRIVATE KEY-----' }), 'SignInWithApple')).toEqual([
      'CognitoChecks-ProviderSecretPlainText[private_key] Checked/Provider',
    ]);
  });

  test('non-compliant: a parameter that echoes its value', () => {
    expect(provider((s) => ({ client_secret: new CfnParameter(s, 'Secret').valueAsString }))).toEqual([
      'CognitoChecks-ProviderSecretPlainText[client_secret] Checked/Provider',
    ]);
  });

  test('not applicable: a SAML provider has no secret', () => {
    expect(provider(() => ({ MetadataURL: 'https://idp.acme-corp.net/metadata' }), 'SAML')).toEqual([]);
  });
});

describe('CognitoChecks-ProviderSecretPlainText for Twitter in an identity pool', () => {
  test("non-compliant: aws-cdk-lib's IdentityPool with Twitter writes the consumer secret in the template", () => {
    const s = stack();
    new identitypool.IdentityPool(s, 'Pool', {
      authenticationProviders: { twitter: { consumerKey: 'key', consumerSecret: 'secret' } },
    });
    expect(findingsOf(s, 'ProviderSecretPlainText')).toEqual([
      'CognitoChecks-ProviderSecretPlainText[twitter] Checked/Pool/Resource',
    ]);
  });

  test('not applicable: an identity pool without Twitter', () => {
    const s = stack();
    new CognitoAuth(s, 'Auth', {
      clients: { web: AppClient.web({ callbackUrls: ['https://a.acme-corp.net/cb'] }) },
      identityPool: { loginProviders: { google: '1-a.apps.googleusercontent.com' } },
    });
    expect(findingsOf(s, 'ProviderSecretPlainText')).toEqual([]);
  });
});
