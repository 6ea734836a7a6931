/**
 * Log delivery of a user pool (`AWS::Cognito::LogDeliveryConfiguration`): Cognito's and CloudFormation's
 * rules, each with the page it comes from. Pure code, no aws-cdk-lib import.
 */

/**
 * Event sources and the one log level each takes: `userNotification` (e-mail and SMS delivery errors) at
 * ERROR, `userAuthEvents` (threat protection's user activity) at INFO.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_LogConfigurationType.html
 */
export const LOG_EVENT_SOURCES = {
  userNotification: { level: 'ERROR', destinations: ['cloudwatch'] },
  userAuthEvents: { level: 'INFO', destinations: ['cloudwatch', 's3', 'firehose'] },
} as const;

/** A log event source name. */
export type LogEventSource = keyof typeof LOG_EVENT_SOURCES;

/** A kind of destination. */
export type LogDestinationKind = 'cloudwatch' | 's3' | 'firehose';

/**
 * Log group names Cognito delivers to: `[\.\-_/#A-Za-z0-9]+`, at most 512 characters. Names under
 * `/aws/vendedlogs/` keep CloudWatch Logs' account resource policy small (it is capped at 5,120 characters;
 * near that limit CloudWatch Logs admits `/aws/vendedlogs/*` instead of one entry per log group).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cognito-logdeliveryconfiguration-cloudwatchlogsconfiguration.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-CWL.html
 */
export const VENDED_LOGS_PREFIX = '/aws/vendedlogs/';

/**
 * A log group ARN as `CloudWatchLogsConfiguration.LogGroupArn` takes it: no `:*` suffix (the pattern's
 * character class has no `*`, while CloudFormation's `Fn::GetAtt LogGroup.Arn` ends with `:*`).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cognito-logdeliveryconfiguration-cloudwatchlogsconfiguration.html
 */
export function logGroupArnProblem(arn: string): string | undefined {
  if (arn.endsWith(':*')) {
    return 'ends with ":*" (Fn::GetAtt LogGroup.Arn); Cognito takes the ARN without it: arn:aws:logs:<region>:<account>:log-group:<name>';
  }
  if (arn.length < 20 || arn.length > 2048) return `has ${arn.length} characters; allowed: 20 to 2048`;
  return undefined;
}
