import { RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { AuthEmail, AuthProfile, CognitoAuth } from '../../lib';
import { findingsOf, stack } from './helpers';

function pool(props: cognito.UserPoolProps, stage = 'prod') {
  const s = stack();
  const created = new cognito.UserPool(s, 'Pool', props);
  (created.node.defaultChild as cognito.CfnUserPool).tags.setTag('cognito-auth:stage', stage);
  return findingsOf(s, 'DeletionProtection');
}

describe('CognitoChecks-DeletionProtection', () => {
  test('compliant: deletion protection on, retained on delete and on replacement', () => {
    expect(pool({ deletionProtection: true, removalPolicy: RemovalPolicy.RETAIN })).toEqual([]);
  });

  test('non-compliant: deletion protection off', () => {
    expect(pool({ deletionProtection: false, removalPolicy: RemovalPolicy.RETAIN })).toEqual([
      'CognitoChecks-DeletionProtection[DeletionProtection] Checked/Pool/Resource',
    ]);
  });

  test('non-compliant: RemovalPolicy.DESTROY', () => {
    expect(pool({ deletionProtection: true, removalPolicy: RemovalPolicy.DESTROY })).toEqual([
      'CognitoChecks-DeletionProtection[DeletionPolicy] Checked/Pool/Resource',
      'CognitoChecks-DeletionProtection[UpdateReplacePolicy] Checked/Pool/Resource',
    ]);
  });

  test('not applicable: a dev pool', () => {
    expect(pool({ deletionProtection: false, removalPolicy: RemovalPolicy.DESTROY }, 'dev')).toEqual([]);
  });

  test('CognitoAuth: the prod profile complies; the dev profile is not production', () => {
    const s = stack();
    new CognitoAuth(s, 'Prod', {
      profile: AuthProfile.PROD,
      email: AuthEmail.ses({ fromEmail: 'no-reply@acme-corp.net' }),
    });
    new CognitoAuth(s, 'Dev', { outputs: { prefix: 'Dev' } });
    expect(findingsOf(s, 'DeletionProtection')).toEqual([]);
  });
});
