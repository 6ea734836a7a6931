import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoAuth } from '../../lib';
import { cfnPool, findingsOf, stack } from './helpers';

describe('CognitoChecks-CaseSensitiveSignIn', () => {
  test("non-compliant: no UsernameConfiguration (CloudFormation's default is case-sensitive) or CaseSensitive true", () => {
    const s = stack();
    cfnPool(s, 'Default');
    cfnPool(s, 'Sensitive', { usernameConfiguration: { caseSensitive: true } });
    expect(findingsOf(s, 'CaseSensitiveSignIn')).toEqual([
      'CognitoChecks-CaseSensitiveSignIn Checked/Default',
      'CognitoChecks-CaseSensitiveSignIn Checked/Sensitive',
    ]);
  });

  test('non-compliant: an aws-cdk-lib UserPool that asks for case-sensitive sign-in', () => {
    const s = stack();
    new cognito.UserPool(s, 'Pool', { signInCaseSensitive: true });
    expect(findingsOf(s, 'CaseSensitiveSignIn')).toEqual([
      'CognitoChecks-CaseSensitiveSignIn Checked/Pool/Resource',
    ]);
  });

  test('compliant: case-insensitive sign-in (the CognitoAuth default)', () => {
    const s = stack();
    cfnPool(s, 'Pool', { usernameConfiguration: { caseSensitive: false } });
    new CognitoAuth(s, 'Auth');
    expect(findingsOf(s, 'CaseSensitiveSignIn')).toEqual([]);
  });
});
