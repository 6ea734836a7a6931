import * as iam from 'aws-cdk-lib/aws-iam';
import { CognitoAuth } from '../../lib';
import { findingsOf, stack } from './helpers';

const federated = (conditions: Record<string, unknown>) =>
  new iam.FederatedPrincipal('cognito-identity.amazonaws.com', conditions, 'sts:AssumeRoleWithWebIdentity');

describe('CognitoChecks-IdentityRoleTrust', () => {
  test('compliant: a role limited to one identity pool (aud) and to signed-in identities (amr)', () => {
    const s = stack();
    new iam.Role(s, 'Role', {
      assumedBy: federated({
        StringEquals: {
          'cognito-identity.amazonaws.com:aud': 'eu-west-1:11111111-2222-3333-4444-555555555555',
        },
        'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
      }),
    });
    expect(findingsOf(s, 'IdentityRoleTrust')).toEqual([]);
  });

  test('compliant: every role CognitoAuth makes (authenticated, guest, group roles)', () => {
    const s = stack();
    new CognitoAuth(s, 'Auth', {
      groups: [{ name: 'admins', precedence: 0 }],
      identityPool: { allowGuestAccess: true, guestAccessReason: 'Public catalogue browsing' },
    });
    expect(findingsOf(s, 'IdentityRoleTrust')).toEqual([]);
  });

  test.each<[string, Record<string, unknown>]>([
    ['no condition at all', {}],
    [
      'no amr condition: guests could get the role',
      {
        StringEquals: {
          'cognito-identity.amazonaws.com:aud': 'eu-west-1:11111111-2222-3333-4444-555555555555',
        },
      },
    ],
    [
      'no aud condition: any identity pool could hand it out',
      { 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } },
    ],
    [
      'an aud that matches every pool',
      {
        StringLike: { 'cognito-identity.amazonaws.com:aud': '*' },
        'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
      },
    ],
  ])('non-compliant: %s', (_name, conditions) => {
    const s = stack();
    new iam.Role(s, 'Role', { assumedBy: federated(conditions) });
    expect(findingsOf(s, 'IdentityRoleTrust')).toEqual([
      'CognitoChecks-IdentityRoleTrust Checked/Role/Resource',
    ]);
  });

  test('not applicable: a role for another principal', () => {
    const s = stack();
    new iam.Role(s, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    expect(findingsOf(s, 'IdentityRoleTrust')).toEqual([]);
  });
});
