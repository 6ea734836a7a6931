import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoAuth, IdentityPoolProvider, IdentityPoolRoleMapping, MappedRole } from '../../lib';
import { findingsOf, severityOf, stack } from './helpers';

const POOL = 'eu-west-1:11111111-2222-3333-4444-555555555555';

describe('CognitoChecks-IdentityPoolRoleMappingLimits', () => {
  const attachment = (mappings: Record<string, unknown>) => {
    const s = stack();
    new cognito.CfnIdentityPoolRoleAttachment(s, 'Roles', {
      identityPoolId: POOL,
      roleMappings: mappings as Record<string, cognito.CfnIdentityPoolRoleAttachment.RoleMappingProperty>,
    });
    return s;
  };
  const token = { type: 'Token', ambiguousRoleResolution: 'Deny', identityProvider: 'accounts.google.com' };
  const rules = (n: number) => ({
    type: 'Rules',
    ambiguousRoleResolution: 'Deny',
    identityProvider: 'accounts.google.com',
    rulesConfiguration: {
      rules: Array.from({ length: n }, (_, i) => ({
        claim: 'sub',
        matchType: 'Equals',
        value: `v${i}`,
        roleArn: 'arn:aws:iam::123456789012:role/r',
      })),
    },
  });

  test('compliant: 10 providers, 25 rules', () => {
    const ten = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`p${i}`, token]));
    expect(findingsOf(attachment({ ...ten, google: rules(25) }), 'IdentityPoolRoleMappingLimits')).toEqual(
      [],
    );
  });

  test('non-compliant: 11 providers, 26 rules, 0 rules; an error', () => {
    const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`p${i}`, token]));
    expect(findingsOf(attachment(eleven), 'IdentityPoolRoleMappingLimits')).toEqual([
      'CognitoChecks-IdentityPoolRoleMappingLimits[11 mappings] Checked/Roles',
    ]);
    expect(
      findingsOf(attachment({ google: rules(26), fb: rules(0) }), 'IdentityPoolRoleMappingLimits'),
    ).toEqual([
      'CognitoChecks-IdentityPoolRoleMappingLimits[fb: 0 rules] Checked/Roles',
      'CognitoChecks-IdentityPoolRoleMappingLimits[google: 26 rules] Checked/Roles',
    ]);
    expect(severityOf(attachment({ google: rules(26) }), 'IdentityPoolRoleMappingLimits')).toBe('error');
  });

  test('compliant: what CognitoAuth makes with rules mappings', () => {
    const s = stack();
    new CognitoAuth(s, 'Auth', {
      groups: [{ name: 'support' }],
      identityPool: {
        roleMappings: [
          IdentityPoolRoleMapping.rules(IdentityPoolProvider.userPoolClient('web'), [
            { claim: 'custom:plan', value: 'internal', role: MappedRole.group('support') },
          ]),
        ],
      },
    });
    expect(findingsOf(s, 'IdentityPoolRoleMappingLimits')).toEqual([]);
  });
});
