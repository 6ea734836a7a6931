import * as cognito from 'aws-cdk-lib/aws-cognito';
import { cfnPool, findingsOf, severityOf, stack } from './helpers';

function pool(factors: string[], flows: Array<string[] | undefined>) {
  const s = stack();
  const p = cfnPool(s, 'Pool', {
    policies: { signInPolicy: { allowedFirstAuthFactors: factors } },
    webAuthnRelyingPartyId: 'auth.acme-corp.net',
    emailConfiguration: {
      emailSendingAccount: 'DEVELOPER',
      sourceArn: 'arn:aws:ses:eu-west-1:123456789012:identity/acme-corp.net',
      from: 'no-reply@acme-corp.net',
    },
  });
  flows.forEach((explicitAuthFlows, i) => {
    new cognito.CfnUserPoolClient(s, `Client${i}`, { userPoolId: p.ref, explicitAuthFlows });
  });
  return { s, found: findingsOf(s, 'PasswordlessWithoutUserAuth') };
}

describe('CognitoChecks-PasswordlessWithoutUserAuth', () => {
  test('non-compliant: passwordless factors, and no client allows USER_AUTH', () => {
    const { s, found } = pool(['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'], [['ALLOW_USER_SRP_AUTH'], undefined]);
    expect(found).toEqual([
      'CognitoChecks-PasswordlessWithoutUserAuth[EMAIL_OTP] Checked/Pool',
      'CognitoChecks-PasswordlessWithoutUserAuth[WEB_AUTHN] Checked/Pool',
    ]);
    expect(severityOf(s, 'PasswordlessWithoutUserAuth')).toBe('warning');
  });

  test('compliant: one client allows USER_AUTH, or PASSWORD is the only factor', () => {
    expect(
      pool(
        ['PASSWORD', 'EMAIL_OTP'],
        [['ALLOW_USER_SRP_AUTH'], ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']],
      ).found,
    ).toEqual([]);
    expect(pool(['PASSWORD'], [['ALLOW_USER_SRP_AUTH']]).found).toEqual([]);
  });
});
