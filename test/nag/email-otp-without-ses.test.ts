import { cfnPool, findingsOf, stack } from './helpers';

function pool(emailSendingAccount: string | undefined) {
  const s = stack();
  cfnPool(s, 'Pool', {
    policies: { signInPolicy: { allowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } },
    emailConfiguration: emailSendingAccount
      ? {
          emailSendingAccount,
          sourceArn:
            emailSendingAccount === 'DEVELOPER'
              ? 'arn:aws:ses:eu-west-1:123456789012:identity/acme-corp.net'
              : undefined,
          from: emailSendingAccount === 'DEVELOPER' ? 'no-reply@acme-corp.net' : undefined,
        }
      : undefined,
  });
  return findingsOf(s, 'EmailOtpWithoutSes');
}

describe('CognitoChecks-EmailOtpWithoutSes', () => {
  test("non-compliant: e-mail codes with Cognito's default sender", () => {
    expect(pool(undefined)).toEqual(['CognitoChecks-EmailOtpWithoutSes Checked/Pool']);
    expect(pool('COGNITO_DEFAULT')).toEqual(['CognitoChecks-EmailOtpWithoutSes Checked/Pool']);
  });

  test('compliant: e-mail codes through SES', () => {
    expect(pool('DEVELOPER')).toEqual([]);
  });
});
