import * as cognito from 'aws-cdk-lib/aws-cognito';
import { AuthEmail, AuthProfile, CognitoAuth } from '../../lib';
import { cfnPool, findingsOf, severityOf, stack } from './helpers';

const emailPool = (tags: Record<string, string> | undefined, props: cognito.CfnUserPoolProps = {}) => {
  const s = stack();
  cfnPool(s, 'Pool', { usernameAttributes: ['email'], userPoolTags: tags, ...props });
  return s;
};
const FINDING = ['CognitoChecks-DefaultEmailSender Checked/Pool'];

describe('CognitoChecks-DefaultEmailSender', () => {
  test("non-compliant: a prod pool that signs in with e-mail and sends it through Cognito's sender", () => {
    const s = emailPool({ 'cognito-auth:stage': 'prod' });
    expect(findingsOf(s, 'DefaultEmailSender')).toEqual(FINDING);
    expect(severityOf(s, 'DefaultEmailSender')).toBe('error');
    expect(
      findingsOf(
        emailPool(
          { 'cognito-auth:stage': 'prod' },
          { emailConfiguration: { emailSendingAccount: 'COGNITO_DEFAULT' } },
        ),
        'DefaultEmailSender',
      ),
    ).toEqual(FINDING);
  });

  test('compliant: a prod pool that sends through SES, or through a custom email sender', () => {
    const ses = emailPool(
      { 'cognito-auth:stage': 'prod' },
      {
        emailConfiguration: {
          emailSendingAccount: 'DEVELOPER',
          sourceArn: 'arn:aws:ses:eu-west-1:123456789012:identity/no-reply@acme-corp.net',
        },
      },
    );
    expect(findingsOf(ses, 'DefaultEmailSender')).toEqual([]);
    const sender = emailPool(
      { 'cognito-auth:stage': 'prod' },
      {
        lambdaConfig: {
          customEmailSender: {
            lambdaArn: 'arn:aws:lambda:eu-west-1:123456789012:function:send',
            lambdaVersion: 'V1_0',
          },
          kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/k',
        },
      },
    );
    expect(findingsOf(sender, 'DefaultEmailSender')).toEqual([]);
  });

  test('not applicable: a dev pool, or a pool that never sends e-mail', () => {
    expect(findingsOf(emailPool({ 'cognito-auth:stage': 'dev' }), 'DefaultEmailSender')).toEqual([]);
    const s = stack();
    cfnPool(s, 'Pool', {
      usernameAttributes: ['phone_number'],
      userPoolTags: { 'cognito-auth:stage': 'prod' },
    });
    expect(findingsOf(s, 'DefaultEmailSender')).toEqual([]);
  });

  test('the stage: untagged pools count as production unless the pack says otherwise; productionStages names the stages', () => {
    expect(findingsOf(emailPool(undefined), 'DefaultEmailSender')).toEqual(FINDING);
    expect(findingsOf(emailPool(undefined), 'DefaultEmailSender', { untaggedIsProduction: false })).toEqual(
      [],
    );
    expect(
      findingsOf(emailPool({ 'cognito-auth:stage': 'Live' }), 'DefaultEmailSender', {
        productionStages: ['live'],
      }),
    ).toEqual(FINDING);
    expect(
      findingsOf(emailPool({ 'cognito-auth:stage': 'prod' }), 'DefaultEmailSender', {
        productionStages: ['live'],
      }),
    ).toEqual([]);
  });

  test('CognitoAuth: the stage tag it writes decides', () => {
    const dev = stack();
    new CognitoAuth(dev, 'Auth', { email: AuthEmail.cognito() });
    expect(findingsOf(dev, 'DefaultEmailSender')).toEqual([]);
    const prod = stack();
    new CognitoAuth(prod, 'Auth', { stage: 'prod', email: AuthEmail.cognito() });
    expect(findingsOf(prod, 'DefaultEmailSender')).toEqual([
      'CognitoChecks-DefaultEmailSender Checked/Auth/UserPool/Resource',
    ]);
    const ses = stack();
    new CognitoAuth(ses, 'Auth', {
      profile: AuthProfile.PROD,
      email: AuthEmail.ses({ fromEmail: 'no-reply@acme-corp.net' }),
    });
    expect(findingsOf(ses, 'DefaultEmailSender')).toEqual([]);
  });
});
