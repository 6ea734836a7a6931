import * as cognito from 'aws-cdk-lib/aws-cognito';
import { cfnPool, findingsOf, stack } from './helpers';

function client(generateSecret: boolean | undefined, propagate: boolean) {
  const s = stack();
  const p = cfnPool(s, 'Pool');
  new cognito.CfnUserPoolClient(s, 'Client', {
    userPoolId: p.ref,
    generateSecret,
    enablePropagateAdditionalUserContextData: propagate,
  });
  return findingsOf(s, 'PropagateUserContextDataWithoutSecret');
}

describe('CognitoChecks-PropagateUserContextDataWithoutSecret', () => {
  test('non-compliant: propagation on a client without a secret', () => {
    expect(client(undefined, true)).toEqual([
      'CognitoChecks-PropagateUserContextDataWithoutSecret Checked/Client',
    ]);
    expect(client(false, true)).toEqual([
      'CognitoChecks-PropagateUserContextDataWithoutSecret Checked/Client',
    ]);
  });

  test('compliant: a confidential client, or no propagation', () => {
    expect(client(true, true)).toEqual([]);
    expect(client(false, false)).toEqual([]);
  });
});
