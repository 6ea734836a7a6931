import * as cognito from 'aws-cdk-lib/aws-cognito';
import { findingsOf, stack } from './helpers';

function mapped(mapping: Record<string, string>) {
  const s = stack();
  const pool = new cognito.CfnUserPool(s, 'Pool', {
    schema: [
      { name: 'email', attributeDataType: 'String', mutable: false, required: true },
      { name: 'tenant_id', attributeDataType: 'String', mutable: false },
      { name: 'team', attributeDataType: 'String', mutable: true },
    ],
  });
  new cognito.CfnUserPoolIdentityProvider(s, 'Corp', {
    userPoolId: pool.ref,
    providerName: 'Corp',
    providerType: 'SAML',
    providerDetails: { MetadataURL: 'https://idp.acme-corp.net/metadata' },
    attributeMapping: mapping,
  });
  return findingsOf(s, 'ImmutableMappedAttribute');
}

describe('CognitoChecks-ImmutableMappedAttribute', () => {
  test('non-compliant: mapped standard and custom attributes that are immutable, each named', () => {
    expect(mapped({ email: 'mail', 'custom:tenant_id': 'tenant', 'custom:team': 'team' })).toEqual([
      'CognitoChecks-ImmutableMappedAttribute[custom:tenant_id] Checked/Corp',
      'CognitoChecks-ImmutableMappedAttribute[email] Checked/Corp',
    ]);
  });

  test('compliant: mutable attributes, and standard attributes left at their default (mutable)', () => {
    expect(mapped({ 'custom:team': 'team', given_name: 'givenName' })).toEqual([]);
  });
});
