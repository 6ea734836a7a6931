import * as cognito from 'aws-cdk-lib/aws-cognito';
import { cfnPool, findingsOf, stack } from './helpers';

const passkeys = { signInPolicy: { allowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } };

function pool(rpId: string | undefined, domain: 'none' | 'prefix' | 'custom') {
  const s = stack();
  const p = cfnPool(s, 'Pool', { policies: passkeys, webAuthnRelyingPartyId: rpId });
  if (domain === 'prefix')
    new cognito.CfnUserPoolDomain(s, 'Domain', { userPoolId: p.ref, domain: 'acme-shop' });
  if (domain === 'custom') {
    new cognito.CfnUserPoolDomain(s, 'Domain', {
      userPoolId: p.ref,
      domain: 'auth.acme-corp.net',
      customDomainConfig: { certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' },
    });
  }
  return findingsOf(s, 'PasskeyRelyingParty');
}

describe('CognitoChecks-PasskeyRelyingParty', () => {
  test('non-compliant: a custom domain and another relying-party id', () => {
    expect(pool('acme-corp.net', 'custom')).toEqual([
      'CognitoChecks-PasskeyRelyingParty[custom-domain] Checked/Pool',
    ]);
  });

  test('non-compliant: no relying-party id and no domain', () => {
    expect(pool(undefined, 'none')).toEqual(['CognitoChecks-PasskeyRelyingParty[no-domain] Checked/Pool']);
  });

  test('compliant: the custom domain as relying-party id, or a prefix domain Cognito defaults to', () => {
    expect(pool('auth.acme-corp.net', 'custom')).toEqual([]);
    expect(pool(undefined, 'prefix')).toEqual([]);
    expect(pool('login.acme-corp.net', 'none')).toEqual([]);
  });
});
