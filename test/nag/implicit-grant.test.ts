import * as cognito from 'aws-cdk-lib/aws-cognito';
import { cfnPool, findingsOf, stack } from './helpers';

function client(flows: string[]) {
  const s = stack();
  const pool = cfnPool(s, 'Pool');
  new cognito.CfnUserPoolClient(s, 'Client', {
    userPoolId: pool.ref,
    allowedOAuthFlows: flows,
    allowedOAuthFlowsUserPoolClient: true,
    allowedOAuthScopes: ['openid'],
    callbackUrLs: ['https://shop.acme-corp.net/cb'],
  });
  return findingsOf(s, 'ImplicitGrant');
}

describe('CognitoChecks-ImplicitGrant', () => {
  test('non-compliant: the implicit grant', () => {
    expect(client(['implicit'])).toEqual(['CognitoChecks-ImplicitGrant Checked/Client']);
    expect(client(['code', 'implicit'])).toEqual(['CognitoChecks-ImplicitGrant Checked/Client']);
  });

  test('compliant: the authorization code grant', () => {
    expect(client(['code'])).toEqual([]);
  });
});
