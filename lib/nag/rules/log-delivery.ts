import { CfnResource } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { field, list } from '../../private/cfn';
import { LOG_EVENT_SOURCES, LogDestinationKind, logGroupArnProblem } from '../../shared/logs';
import { CognitoRule, logicalId, resolve, stackResources } from '../rule';

/** The destination kinds a log configuration names. */
function destinationsOf(config: unknown): LogDestinationKind[] {
  const kinds: LogDestinationKind[] = [];
  if (field(config, 'cloudWatchLogsConfiguration') !== undefined) kinds.push('cloudwatch');
  if (field(config, 's3Configuration') !== undefined) kinds.push('s3');
  if (field(config, 'firehoseConfiguration') !== undefined) kinds.push('firehose');
  return kinds;
}

/** Logical ids a value points to with `Ref` or `Fn::GetAtt`, and whether one is a `Fn::GetAtt <id>.Arn`. */
function references(value: unknown, found: { ids: string[]; arnOf: string[] }): void {
  if (Array.isArray(value)) {
    value.forEach((v) => references(v, found));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  if (typeof record.Ref === 'string') found.ids.push(record.Ref);
  const getAtt = record['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') {
    found.ids.push(getAtt[0]);
    if (getAtt[1] === 'Arn') found.arnOf.push(getAtt[0]);
  }
  Object.values(record).forEach((v) => references(v, found));
}

/** What is wrong with a `LogGroupArn` value, as finding names. */
function logGroupFindings(node: CfnResource, arn: unknown): string[] {
  if (typeof arn === 'string') return logGroupArnProblem(arn) === undefined ? [] : ['log-group-arn'];
  const found = { ids: [] as string[], arnOf: [] as string[] };
  references(arn, found);
  const groups = stackResources(node, logs.CfnLogGroup).filter((g) => found.ids.includes(logicalId(g)));
  const findings: string[] = [];
  // `Fn::GetAtt <LogGroup>.Arn` (aws-cdk-lib's `logGroup.logGroupArn`) ends with ":*", which the LogGroupArn
  // pattern does not admit.
  if (groups.some((g) => found.arnOf.includes(logicalId(g)))) findings.push('log-group-arn');
  // A string in a Fn::Join, e.g. "arn:aws:logs:...:log-group:name:*".
  if (typeof arn === 'object' && arn !== null && JSON.stringify(arn).includes(':*"')) {
    if (!findings.includes('log-group-arn')) findings.push('log-group-arn');
  }
  if (groups.some((g) => resolve(g, g.kmsKeyId) !== undefined)) findings.push('encrypted-log-group');
  return findings;
}

/**
 * A log delivery configuration that Cognito refuses: an event source at a level or to a destination it does
 * not take, a log group ARN with the `:*` suffix of `Fn::GetAtt LogGroup.Arn`, a KMS-encrypted log group, or
 * one event source configured twice. A `userAuthEvents` source on a pool without the Plus plan is reported
 * by FeaturePlan, two configurations for one pool by DuplicateAttachment.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_LogConfigurationType.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cognito-logdeliveryconfiguration-cloudwatchlogsconfiguration.html
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetLogDeliveryConfiguration.html
 */
export const logDelivery: CognitoRule = {
  id: 'LogDelivery',
  info: 'The log delivery configuration has a level, destination or log group that Cognito refuses.',
  explanation:
    'Cognito takes userNotification (message delivery errors) at level ERROR to CloudWatch Logs only, and userAuthEvents (user activity) at level INFO to CloudWatch Logs, S3 or Data Firehose, one configuration per event source. LogGroupArn must be the log group ARN without the ":*" that Fn::GetAtt LogGroup.Arn (logGroup.logGroupArn) ends with: build it with Stack.formatArn({ service: "logs", resource: "log-group", resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME }). The log group must not be encrypted with a KMS key.',
  level: NagMessageLevel.ERROR,
  check(node: CfnResource) {
    if (!(node instanceof cognito.CfnLogDeliveryConfiguration)) return NagRuleCompliance.NOT_APPLICABLE;
    const configs = list(resolve(node, node.logConfigurations));
    const findings = new Set<string>();
    const seen = new Set<string>();
    for (const config of configs) {
      const source = field(config, 'eventSource');
      if (typeof source === 'string' && source in LOG_EVENT_SOURCES) {
        const rules = LOG_EVENT_SOURCES[source as keyof typeof LOG_EVENT_SOURCES];
        const level = field(config, 'logLevel');
        if (typeof level === 'string' && level !== rules.level) findings.add(`${source}-level`);
        const allowed: readonly string[] = rules.destinations;
        if (destinationsOf(config).some((d) => !allowed.includes(d))) findings.add(`${source}-destination`);
        if (seen.has(source)) findings.add(`${source}-twice`);
        seen.add(source);
      }
      const arn = field(field(config, 'cloudWatchLogsConfiguration'), 'logGroupArn');
      if (arn !== undefined) logGroupFindings(node, arn).forEach((f) => findings.add(f));
    }
    return findings.size > 0 ? [...findings] : NagRuleCompliance.COMPLIANT;
  },
};
