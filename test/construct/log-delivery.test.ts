import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  AuthEmail,
  AuthProfile,
  CognitoAuth,
  CognitoAuthError,
  CognitoAuthProps,
  LogDestination,
} from '../../lib';
import { expectDeployable } from '../template-checks';
import { newStack, only, synth, tmpDir } from '../util';

const ses = AuthEmail.ses({ fromEmail: 'no-reply@acme-corp.net' });
const prod: CognitoAuthProps = { profile: AuthProfile.PROD, email: ses };

function failure(build: (stack: Stack) => CognitoAuthProps): Error {
  const stack = newStack();
  try {
    new CognitoAuth(stack, 'Auth', build(stack));
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a CognitoAuthError');
}

describe('log delivery', () => {
  test('prod: message-delivery errors and user activity go to new, unencrypted /aws/vendedlogs log groups', () => {
    const { template, auth } = synth(prod);
    const config = only(template, 'AWS::Cognito::LogDeliveryConfiguration').Properties;
    const configurations = config.LogConfigurations as Array<Record<string, unknown>>;
    expect(configurations.map((c) => [c.EventSource, c.LogLevel])).toEqual([
      ['userNotification', 'ERROR'],
      ['userAuthEvents', 'INFO'],
    ]);
    const groups = template.findResources('AWS::Logs::LogGroup');
    const names = Object.values(groups).map(
      (g) => (g as { Properties: { LogGroupName: string } }).Properties,
    );
    expect(names.map((p) => p.LogGroupName).sort()).toEqual([
      expect.stringMatching(/^\/aws\/vendedlogs\/cognito\/[A-Za-z0-9]+\/user-activity$/),
      expect.stringMatching(/^\/aws\/vendedlogs\/cognito\/[A-Za-z0-9]+\/user-notification$/),
    ]);
    for (const p of names) {
      expect(p).not.toHaveProperty('KmsKeyId');
      expect((p as unknown as { RetentionInDays: number }).RetentionInDays).toBe(365);
    }
    // The ARN Cognito takes: built from the name, never Fn::GetAtt Arn (which ends with ":*").
    const arn = JSON.stringify(
      (configurations[0].CloudWatchLogsConfiguration as { LogGroupArn: unknown }).LogGroupArn,
    );
    expect(arn).toMatch(/:logs:eu-west-1:123456789012:log-group:","?\{"Ref":"AuthLogDeliveryMessageErrors/);
    expect(arn).not.toContain('Fn::GetAtt');
    expect(auth.messageDeliveryLogGroup).toBeDefined();
    expect(auth.userActivityLogGroup).toBeDefined();
    const out = auth.clientConfiguration.custom.cognito_auth.log_delivery!;
    expect(out.message_delivery_errors!.type).toBe('cloudwatch');
    expect(Stack.of(auth).resolve(out.message_delivery_errors!.log_group_name)).toEqual({
      Ref: expect.stringMatching(/^AuthLogDeliveryMessageErrors/),
    });
    expect(out.user_activity!.type).toBe('cloudwatch');
  });

  test('dev: no log delivery unless asked for', () => {
    const { template, auth } = synth();
    template.resourceCountIs('AWS::Cognito::LogDeliveryConfiguration', 0);
    expect(auth.clientConfiguration.custom.cognito_auth.log_delivery).toBeUndefined();
    const { template: asked } = synth({
      logDelivery: { messageDeliveryErrors: LogDestination.newLogGroup() },
    });
    asked.resourceCountIs('AWS::Cognito::LogDeliveryConfiguration', 1);
    asked.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
    asked.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete' });
  });

  test('prod on Essentials: message-delivery errors only; none() turns a log off', () => {
    const { template } = synth({ ...prod, featurePlan: cognito.FeaturePlan.ESSENTIALS });
    const config = only(template, 'AWS::Cognito::LogDeliveryConfiguration').Properties;
    expect((config.LogConfigurations as unknown[]).length).toBe(1);
    const { template: off } = synth({
      ...prod,
      logDelivery: { messageDeliveryErrors: LogDestination.none(), userActivity: LogDestination.none() },
    });
    off.resourceCountIs('AWS::Cognito::LogDeliveryConfiguration', 0);
  });

  test('user activity to an SSE-KMS bucket: bucket policy and key policy for log delivery', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const bucket = new s3.Bucket(stack, 'Activity', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      enforceSSL: true,
    });
    const auth = new CognitoAuth(stack, 'Auth', {
      ...prod,
      logDelivery: { userActivity: LogDestination.bucket(bucket) },
    });
    const template = Template.fromStack(stack);
    const config = only(template, 'AWS::Cognito::LogDeliveryConfiguration').Properties;
    expect((config.LogConfigurations as Array<Record<string, unknown>>)[1]).toEqual({
      EventSource: 'userAuthEvents',
      LogLevel: 'INFO',
      S3Configuration: { BucketArn: { 'Fn::GetAtt': [expect.stringMatching(/^Activity/), 'Arn'] } },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AWSLogDeliveryWrite',
            Principal: { Service: 'delivery.logs.amazonaws.com' },
            Action: 's3:PutObject',
            Condition: Match.objectLike({
              StringEquals: {
                'aws:SourceAccount': '123456789012',
                's3:x-amz-acl': 'bucket-owner-full-control',
              },
            }),
          }),
          Match.objectLike({ Sid: 'AWSLogDeliveryAclCheck', Action: 's3:GetBucketAcl' }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowLogDeliveryToUseTheKey',
            Principal: { Service: 'delivery.logs.amazonaws.com' },
          }),
        ]),
      },
    });
    expect(auth.userActivityLogGroup).toBeUndefined();
    expect(auth.clientConfiguration.custom.cognito_auth.log_delivery!.user_activity!.type).toBe('s3');
  });

  test.each<[string, (stack: Stack) => CognitoAuthProps, RegExp]>([
    [
      'message-delivery errors to S3',
      (stack) => ({
        logDelivery: { messageDeliveryErrors: LogDestination.bucket(new s3.Bucket(stack, 'B')) },
      }),
      /logDelivery\.messageDeliveryErrors is LogDestination\.bucket\(\.\.\.\); Cognito delivers message-delivery errors to CloudWatch Logs only/,
    ],
    [
      'user activity on Essentials',
      () => ({ logDelivery: { userActivity: LogDestination.newLogGroup() } }),
      /logDelivery\.userActivity needs user activity log export \(threat protection logs\), which the ESSENTIALS feature plan lacks; set featurePlan to PLUS/,
    ],
    [
      'user activity without threat protection',
      () => ({
        featurePlan: cognito.FeaturePlan.PLUS,
        threatProtection: { standard: cognito.StandardThreatProtectionMode.NO_ENFORCEMENT },
        logDelivery: { userActivity: LogDestination.newLogGroup() },
      }),
      /logDelivery\.userActivity is set but threat protection is off .*Cognito writes user-activity logs only while threat protection is active/,
    ],
    [
      'a KMS-encrypted log group',
      (stack) => ({
        logDelivery: {
          messageDeliveryErrors: LogDestination.logGroup(
            new logs.LogGroup(stack, 'Encrypted', {
              logGroupName: '/aws/vendedlogs/cognito/encrypted',
              encryptionKey: new kms.Key(stack, 'K'),
            }),
          ),
        },
      }),
      /logDelivery\.messageDeliveryErrors log group "TestStack\/Encrypted" is encrypted with a KMS key; Cognito refuses encrypted log groups/,
    ],
    [
      'a log group of another account',
      (stack) => ({
        logDelivery: {
          messageDeliveryErrors: LogDestination.logGroup(
            logs.LogGroup.fromLogGroupArn(
              stack,
              'Other',
              'arn:aws:logs:eu-west-1:210987654321:log-group:/aws/vendedlogs/other',
            ),
          ),
        },
      }),
      /log group "TestStack\/Other" is in account 210987654321 but the pool in 123456789012; Cognito delivers only within the pool's account/,
    ],
  ])('refused: %s', (_name, build, message) => {
    const error = failure(build);
    expect(error).toBeInstanceOf(CognitoAuthError);
    expect(error.message).toMatch(message);
  });

  test('an existing log group outside /aws/vendedlogs/ is accepted with a warning', () => {
    const stack = newStack();
    const group = new logs.LogGroup(stack, 'Mine', {
      logGroupName: 'cognito-errors',
      removalPolicy: RemovalPolicy.DESTROY,
    });
    new CognitoAuth(stack, 'Auth', {
      logDelivery: { messageDeliveryErrors: LogDestination.logGroup(group) },
    });
    const warnings = Annotations.fromStack(stack)
      .findWarning('*', Match.anyValue())
      .map((w) => String(w.entry.data));
    expect(warnings.join('\n')).toMatch(/log group "cognito-errors" is not under \/aws\/vendedlogs\//);
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::LogDeliveryConfiguration', {
      LogConfigurations: [
        {
          CloudWatchLogsConfiguration: {
            LogGroupArn: {
              'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':log-group:$')])],
            },
          },
        },
      ],
    });
  });

  test('the prod template passes cfn-lint and aws-cdk-lib template validation', () => {
    const outdir = tmpDir('cdk-out');
    const app = new App({ outdir });
    const stack = new Stack(app, 'Logs', { env: { account: '123456789012', region: 'eu-west-1' } });
    const bucket = new s3.Bucket(stack, 'Activity', { encryption: s3.BucketEncryption.KMS });
    new CognitoAuth(stack, 'Auth', { ...prod, logDelivery: { userActivity: LogDestination.bucket(bucket) } });
    app.synth();
    expectDeployable(outdir);
  });
});
