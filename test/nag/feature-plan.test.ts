import * as cognito from 'aws-cdk-lib/aws-cognito';
import { cfnPool, findingsOf, stack } from './helpers';

function plan(tier: string | undefined, props: cognito.CfnUserPoolProps) {
  const s = stack();
  cfnPool(s, 'Pool', { userPoolTier: tier, ...props });
  return findingsOf(s, 'FeaturePlan');
}

const threat: cognito.CfnUserPoolProps = {
  userPoolAddOns: {
    advancedSecurityMode: 'ENFORCED',
    advancedSecurityAdditionalFlows: { customAuthMode: 'AUDIT' },
  },
};
const essentials: cognito.CfnUserPoolProps = {
  policies: { passwordPolicy: { minimumLength: 12, passwordHistorySize: 5 } },
  enabledMfas: ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'],
  lambdaConfig: {
    preTokenGenerationConfig: {
      lambdaArn: 'arn:aws:lambda:eu-west-1:123456789012:function:f',
      lambdaVersion: 'V2_0',
    },
  },
};

describe('CognitoChecks-FeaturePlan', () => {
  test('non-compliant: threat protection below PLUS, each feature named', () => {
    expect(plan('ESSENTIALS', threat)).toEqual([
      'CognitoChecks-FeaturePlan[custom-auth-threat-protection] Checked/Pool',
      'CognitoChecks-FeaturePlan[threat-protection] Checked/Pool',
    ]);
  });

  test('non-compliant: Essentials features on LITE', () => {
    expect(plan('LITE', essentials)).toEqual([
      'CognitoChecks-FeaturePlan[access-token-customization] Checked/Pool',
      'CognitoChecks-FeaturePlan[email-mfa] Checked/Pool',
      'CognitoChecks-FeaturePlan[password-history] Checked/Pool',
    ]);
  });

  test('compliant: the features the plan includes (no tier means ESSENTIALS)', () => {
    expect(plan('PLUS', { ...threat, ...essentials })).toEqual([]);
    expect(plan(undefined, essentials)).toEqual([]);
    expect(plan('LITE', { policies: { passwordPolicy: { minimumLength: 12 } } })).toEqual([]);
  });

  test('non-compliant: managed login (version 2) on a LITE pool', () => {
    const s = stack();
    const pool = cfnPool(s, 'Pool', { userPoolTier: 'LITE' });
    new cognito.CfnUserPoolDomain(s, 'Domain', {
      userPoolId: pool.ref,
      domain: 'acme-shop',
      managedLoginVersion: 2,
    });
    new cognito.CfnUserPoolDomain(s, 'Classic', {
      userPoolId: pool.ref,
      domain: 'acme-classic',
      managedLoginVersion: 1,
    });
    expect(findingsOf(s, 'FeaturePlan')).toEqual(['CognitoChecks-FeaturePlan[managed-login] Checked/Domain']);
  });

  test('non-compliant: USER_AUTH, refresh-token rotation and passkeys as MFA on a LITE pool', () => {
    const s = stack();
    const pool = cfnPool(s, 'Pool', {
      userPoolTier: 'LITE',
      webAuthnRelyingPartyId: 'auth.acme-corp.net',
      webAuthnFactorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION',
    });
    new cognito.CfnUserPoolClient(s, 'Client', {
      userPoolId: pool.ref,
      explicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_USER_SRP_AUTH'],
      refreshTokenRotation: { feature: 'ENABLED', retryGracePeriodSeconds: 0 },
    });
    new cognito.CfnUserPoolClient(s, 'Plain', {
      userPoolId: pool.ref,
      explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
    expect(findingsOf(s, 'FeaturePlan')).toEqual([
      'CognitoChecks-FeaturePlan[passkey-mfa] Checked/Pool',
      'CognitoChecks-FeaturePlan[refresh-token-rotation] Checked/Client',
      'CognitoChecks-FeaturePlan[user-auth-flow] Checked/Client',
    ]);
  });
});

describe('CognitoChecks-FeaturePlan: branding, risk and user-activity logs', () => {
  function extras(tier: string) {
    const s = stack();
    const p = cfnPool(s, 'Pool', { userPoolTier: tier });
    new cognito.CfnManagedLoginBranding(s, 'Style', {
      userPoolId: p.ref,
      clientId: 'abc',
      settings: { categories: {} },
    });
    new cognito.CfnUserPoolRiskConfigurationAttachment(s, 'Risk', {
      userPoolId: p.ref,
      clientId: 'ALL',
      compromisedCredentialsRiskConfiguration: { actions: { eventAction: 'BLOCK' } },
    });
    new cognito.CfnLogDeliveryConfiguration(s, 'Logs', {
      userPoolId: p.ref,
      logConfigurations: [
        {
          eventSource: 'userAuthEvents',
          logLevel: 'INFO',
          s3Configuration: { bucketArn: 'arn:aws:s3:::activity' },
        },
      ],
    });
    return findingsOf(s, 'FeaturePlan');
  }

  test('non-compliant: a custom style on LITE, risk and activity logs below PLUS', () => {
    expect(extras('LITE')).toEqual([
      'CognitoChecks-FeaturePlan[managed-login-branding] Checked/Style',
      'CognitoChecks-FeaturePlan[risk-configuration] Checked/Risk',
      'CognitoChecks-FeaturePlan[user-activity-logs] Checked/Logs',
    ]);
    expect(extras('ESSENTIALS')).toEqual([
      'CognitoChecks-FeaturePlan[risk-configuration] Checked/Risk',
      'CognitoChecks-FeaturePlan[user-activity-logs] Checked/Logs',
    ]);
  });

  test('compliant: all of them on PLUS', () => {
    expect(extras('PLUS')).toEqual([]);
  });
});
