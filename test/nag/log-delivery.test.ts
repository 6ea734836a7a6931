import { ArnFormat, Aws, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { cfnPool, findings, findingsOf, severityOf, stack } from './helpers';

const ARN = 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vendedlogs/cognito/errors';

function delivery(s: Stack, configurations: cognito.CfnLogDeliveryConfiguration.LogConfigurationProperty[]) {
  const pool = cfnPool(s, 'Pool', {
    userPoolTier: 'PLUS',
    userPoolAddOns: { advancedSecurityMode: 'ENFORCED' },
  });
  new cognito.CfnLogDeliveryConfiguration(s, 'Logs', {
    userPoolId: pool.ref,
    logConfigurations: configurations,
  });
  return findingsOf(s, 'LogDelivery');
}

/** The ARN the way the construct builds it: without ":*". */
function formattedArn(s: Stack, group: logs.LogGroup): string {
  return s.formatArn({
    service: 'logs',
    resource: 'log-group',
    resourceName: group.logGroupName,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

describe('CognitoChecks-LogDelivery', () => {
  test('non-compliant: message delivery errors at INFO, or to S3', () => {
    const s = stack();
    const bucket = 'arn:aws:s3:::acme-corp-cognito-logs';
    expect(
      delivery(s, [
        {
          eventSource: 'userNotification',
          logLevel: 'INFO',
          s3Configuration: { bucketArn: bucket },
        },
      ]),
    ).toEqual([
      'CognitoChecks-LogDelivery[userNotification-destination] Checked/Logs',
      'CognitoChecks-LogDelivery[userNotification-level] Checked/Logs',
    ]);
    expect(severityOf(s, 'LogDelivery')).toBe('error');
  });

  test('non-compliant: logGroup.logGroupArn (Fn::GetAtt LogGroup.Arn, which ends with ":*")', () => {
    const s = stack();
    const group = new logs.LogGroup(s, 'Errors', { logGroupName: '/aws/vendedlogs/cognito/errors' });
    expect(
      delivery(s, [
        {
          eventSource: 'userNotification',
          logLevel: 'ERROR',
          cloudWatchLogsConfiguration: { logGroupArn: group.logGroupArn },
        },
      ]),
    ).toEqual(['CognitoChecks-LogDelivery[log-group-arn] Checked/Logs']);
  });

  test('non-compliant: a hand-written ARN ending with ":*", a KMS-encrypted log group', () => {
    const s = stack();
    expect(
      delivery(s, [
        {
          eventSource: 'userNotification',
          logLevel: 'ERROR',
          cloudWatchLogsConfiguration: { logGroupArn: `${ARN}:*` },
        },
      ]),
    ).toEqual(['CognitoChecks-LogDelivery[log-group-arn] Checked/Logs']);
    const t = stack();
    const group = new logs.LogGroup(t, 'Activity', {
      logGroupName: '/aws/vendedlogs/cognito/activity',
      encryptionKey: new kms.Key(t, 'Key'),
    });
    expect(
      delivery(t, [
        {
          eventSource: 'userAuthEvents',
          logLevel: 'INFO',
          cloudWatchLogsConfiguration: { logGroupArn: formattedArn(t, group) },
        },
      ]),
    ).toEqual(['CognitoChecks-LogDelivery[encrypted-log-group] Checked/Logs']);
  });

  test('non-compliant: one event source configured twice', () => {
    const s = stack();
    const config = {
      eventSource: 'userNotification',
      logLevel: 'ERROR',
      cloudWatchLogsConfiguration: { logGroupArn: ARN },
    };
    expect(delivery(s, [config, config])).toEqual([
      'CognitoChecks-LogDelivery[userNotification-twice] Checked/Logs',
    ]);
  });

  test('a hand-built ARN in Fn::Join ending with ":*"', () => {
    const s = stack();
    const arn = `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:/aws/vendedlogs/cognito/errors:*`;
    expect(
      delivery(s, [
        {
          eventSource: 'userNotification',
          logLevel: 'ERROR',
          cloudWatchLogsConfiguration: { logGroupArn: arn },
        },
      ]),
    ).toEqual(['CognitoChecks-LogDelivery[log-group-arn] Checked/Logs']);
  });

  test('user activity below Plus and two resources for one pool: reported once, by FeaturePlan and DuplicateAttachment', () => {
    const s = stack();
    const pool = cfnPool(s, 'Pool', { userPoolTier: 'ESSENTIALS' });
    for (const id of ['LogsA', 'LogsB']) {
      new cognito.CfnLogDeliveryConfiguration(s, id, {
        userPoolId: pool.ref,
        logConfigurations: [
          {
            eventSource: 'userAuthEvents',
            logLevel: 'INFO',
            cloudWatchLogsConfiguration: { logGroupArn: ARN },
          },
        ],
      });
    }
    expect(findings(s).filter((f) => f.includes('/Logs'))).toEqual([
      'CognitoChecks-DuplicateAttachment[log-delivery] Checked/LogsA',
      'CognitoChecks-DuplicateAttachment[log-delivery] Checked/LogsB',
      'CognitoChecks-FeaturePlan[user-activity-logs] Checked/LogsA',
      'CognitoChecks-FeaturePlan[user-activity-logs] Checked/LogsB',
    ]);
  });

  test('compliant: errors to CloudWatch Logs by formatted ARN, user activity to S3 or Firehose', () => {
    const s = stack();
    const group = new logs.LogGroup(s, 'Errors', { logGroupName: '/aws/vendedlogs/cognito/errors' });
    expect(
      delivery(s, [
        {
          eventSource: 'userNotification',
          logLevel: 'ERROR',
          cloudWatchLogsConfiguration: { logGroupArn: formattedArn(s, group) },
        },
        {
          eventSource: 'userAuthEvents',
          logLevel: 'INFO',
          s3Configuration: { bucketArn: 'arn:aws:s3:::acme-corp-cognito-logs' },
        },
      ]),
    ).toEqual([]);
    const t = stack();
    expect(
      delivery(t, [
        {
          eventSource: 'userAuthEvents',
          logLevel: 'INFO',
          firehoseConfiguration: {
            streamArn: 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/cognito-activity',
          },
        },
      ]),
    ).toEqual([]);
  });
});
