import * as cognito from 'aws-cdk-lib/aws-cognito';
import { cfnPool, findingsOf, stack } from './helpers';

function client(flows: string[] | undefined, feature = 'ENABLED') {
  const s = stack();
  const pool = cfnPool(s, 'Pool');
  new cognito.CfnUserPoolClient(s, 'Client', {
    userPoolId: pool.ref,
    explicitAuthFlows: flows,
    refreshTokenRotation: { feature, retryGracePeriodSeconds: 10 },
  });
  return findingsOf(s, 'RefreshTokenRotationFlow');
}

describe('CognitoChecks-RefreshTokenRotationFlow', () => {
  test('non-compliant: rotation with ALLOW_REFRESH_TOKEN_AUTH listed (the override case)', () => {
    expect(client(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'])).toEqual([
      'CognitoChecks-RefreshTokenRotationFlow Checked/Client',
    ]);
  });

  test("non-compliant: rotation with no flows listed (Cognito's defaults include refresh)", () => {
    expect(client(undefined)).toEqual(['CognitoChecks-RefreshTokenRotationFlow Checked/Client']);
    expect(client([])).toEqual(['CognitoChecks-RefreshTokenRotationFlow Checked/Client']);
  });

  test('compliant: rotation without ALLOW_REFRESH_TOKEN_AUTH, or no rotation', () => {
    expect(client(['ALLOW_USER_SRP_AUTH'])).toEqual([]);
    expect(client(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], 'DISABLED')).toEqual([]);
  });
});
