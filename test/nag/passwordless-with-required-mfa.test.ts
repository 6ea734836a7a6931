import { cfnPool, findingsOf, stack } from './helpers';

function pool(factors: string[], mfa: string, webAuthn?: string) {
  const s = stack();
  cfnPool(s, 'Pool', {
    mfaConfiguration: mfa,
    enabledMfas: mfa === 'OFF' ? undefined : ['SOFTWARE_TOKEN_MFA'],
    policies: { signInPolicy: { allowedFirstAuthFactors: factors } },
    webAuthnRelyingPartyId: 'auth.acme-corp.net',
    webAuthnFactorConfiguration: webAuthn,
  });
  return findingsOf(s, 'PasswordlessWithRequiredMfa');
}

describe('CognitoChecks-PasswordlessWithRequiredMfa', () => {
  test('non-compliant: e-mail or SMS codes with MFA required, passkeys that do not satisfy MFA', () => {
    expect(pool(['PASSWORD', 'EMAIL_OTP'], 'ON')).toEqual([
      'CognitoChecks-PasswordlessWithRequiredMfa[EMAIL_OTP] Checked/Pool',
    ]);
    expect(pool(['PASSWORD', 'SMS_OTP', 'WEB_AUTHN'], 'ON')).toEqual([
      'CognitoChecks-PasswordlessWithRequiredMfa[SMS_OTP] Checked/Pool',
      'CognitoChecks-PasswordlessWithRequiredMfa[WEB_AUTHN] Checked/Pool',
    ]);
  });

  test('compliant: optional MFA, or passkeys that count as MFA', () => {
    expect(pool(['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'], 'OPTIONAL')).toEqual([]);
    expect(pool(['PASSWORD', 'WEB_AUTHN'], 'ON', 'MULTI_FACTOR_WITH_USER_VERIFICATION')).toEqual([]);
  });
});
