import * as cognito from 'aws-cdk-lib/aws-cognito';
import { cfnPool, findingsOf, stack } from './helpers';

function risk(mode: string | undefined, notifyConfiguration: boolean) {
  const s = stack();
  const p = cfnPool(s, 'Pool', {
    userPoolTier: 'PLUS',
    userPoolAddOns: mode ? { advancedSecurityMode: mode } : undefined,
  });
  new cognito.CfnUserPoolRiskConfigurationAttachment(s, 'Risk', {
    userPoolId: p.ref,
    clientId: 'ALL',
    accountTakeoverRiskConfiguration: {
      actions: { highAction: { eventAction: 'MFA_REQUIRED', notify: true } },
      notifyConfiguration: notifyConfiguration
        ? {
            sourceArn: 'arn:aws:ses:eu-west-1:123456789012:identity/acme-corp.net',
            from: 'security@acme-corp.net',
          }
        : undefined,
    },
  });
  return findingsOf(s, 'RiskWithoutThreatProtection');
}

describe('CognitoChecks-RiskWithoutThreatProtection', () => {
  test('non-compliant: threat protection off', () => {
    expect(risk('OFF', true)).toEqual([
      'CognitoChecks-RiskWithoutThreatProtection[threat-protection-off] Checked/Risk',
    ]);
    expect(risk(undefined, true)).toEqual([
      'CognitoChecks-RiskWithoutThreatProtection[threat-protection-off] Checked/Risk',
    ]);
  });

  test('non-compliant: notify without a notification configuration', () => {
    expect(risk('ENFORCED', false)).toEqual([
      'CognitoChecks-RiskWithoutThreatProtection[notify-without-configuration] Checked/Risk',
    ]);
  });

  test('compliant: threat protection on, notifications configured', () => {
    expect(risk('ENFORCED', true)).toEqual([]);
    expect(risk('AUDIT', true)).toEqual([]);
  });
});
