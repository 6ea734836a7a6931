import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  CognitoAuth,
  IdentityPoolProvider,
  IdentityPoolRoleMapping,
  MappedRole,
  PrincipalTags,
} from '../../lib';
import { findingsOf, stack } from './helpers';

const POOL = 'eu-west-1:11111111-2222-3333-4444-555555555555';

describe('CognitoChecks-PrincipalTagsTagSession', () => {
  const federated = (poolId: string) =>
    new iam.FederatedPrincipal(
      'cognito-identity.amazonaws.com',
      {
        StringEquals: { 'cognito-identity.amazonaws.com:aud': poolId },
        'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
      },
      'sts:AssumeRoleWithWebIdentity',
    );

  test('non-compliant: a role of a pool with principal tags, without sts:TagSession; compliant with it', () => {
    const s = stack();
    new cognito.CfnIdentityPoolPrincipalTag(s, 'Tags', {
      identityPoolId: POOL,
      identityProviderName: 'accounts.google.com',
      useDefaults: true,
    });
    new iam.Role(s, 'Plain', { assumedBy: federated(POOL) });
    new iam.Role(s, 'Tagged', { assumedBy: federated(POOL).withSessionTags() });
    new iam.Role(s, 'OtherPool', { assumedBy: federated('eu-west-1:other') });
    expect(findingsOf(s, 'PrincipalTagsTagSession')).toEqual([
      'CognitoChecks-PrincipalTagsTagSession Checked/Plain/Resource',
    ]);
  });

  test('not applicable without principal tags', () => {
    const s = stack();
    new iam.Role(s, 'Plain', { assumedBy: federated(POOL) });
    expect(findingsOf(s, 'PrincipalTagsTagSession')).toEqual([]);
  });

  test('compliant: every role CognitoAuth makes with principal tags, and a role of a mapping rule', () => {
    const s = stack();
    const auth = new CognitoAuth(s, 'Auth', {
      groups: [{ name: 'admins', precedence: 0 }],
      identityPool: {
        allowGuestAccess: true,
        guestAccessReason: 'Public catalogue',
        principalTags: PrincipalTags.fromClaims({ tenant: 'custom:tenant_id' }),
      },
    });
    const partner = new iam.Role(s, 'Partner', { assumedBy: new iam.AccountRootPrincipal() });
    auth.identityPool!.addRoleMapping(
      IdentityPoolRoleMapping.rules(IdentityPoolProvider.userPoolClient('web'), [
        { claim: 'org', value: 'partner', role: MappedRole.role(partner) },
      ]),
    );
    expect(findingsOf(s, 'PrincipalTagsTagSession')).toEqual([]);
    expect(findingsOf(s, 'IdentityRoleTrust')).toEqual([]);
  });
});
