import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoAuth } from '../../lib';

const GUEST_ACCESS_REASON_METADATA = CognitoAuth.GUEST_ACCESS_REASON_METADATA;
import { findingsOf, stack } from './helpers';

function pool(guests: boolean, reason?: string) {
  const s = stack();
  const identityPool = new cognito.CfnIdentityPool(s, 'IdentityPool', {
    allowUnauthenticatedIdentities: guests,
  });
  if (reason !== undefined) identityPool.addMetadata(GUEST_ACCESS_REASON_METADATA, reason);
  return findingsOf(s, 'GuestAccessReason');
}

describe('CognitoChecks-GuestAccessReason', () => {
  test('non-compliant: guest access without a reason, or with an empty one', () => {
    expect(pool(true)).toEqual(['CognitoChecks-GuestAccessReason Checked/IdentityPool']);
    expect(pool(true, '  ')).toEqual(['CognitoChecks-GuestAccessReason Checked/IdentityPool']);
  });

  test('compliant: guest access with a stated reason, or no guest access', () => {
    expect(pool(true, 'Anonymous visitors read the public catalogue')).toEqual([]);
    expect(pool(false)).toEqual([]);
  });

  test('CognitoAuth writes identityPool.guestAccessReason where the rule reads it', () => {
    const s = stack();
    new CognitoAuth(s, 'Auth', {
      identityPool: {
        allowGuestAccess: true,
        guestAccessReason: 'Anonymous visitors read the public catalogue',
      },
    });
    expect(findingsOf(s, 'GuestAccessReason')).toEqual([]);
  });
});
