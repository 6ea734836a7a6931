import { ArnFormat, Names, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { LogDeliveryOptions, LogDestination } from './log-destination';
import { CognitoAuthError } from '../errors';
import { show } from '../private/show';
import { checkPlan } from '../private/validate';
import {
  LOG_EVENT_SOURCES,
  LogDestinationKind,
  LogEventSource,
  PLAN_GATES,
  VENDED_LOGS_PREFIX,
} from '../shared';

/** Log delivery after defaults and validation. */
export interface ResolvedLogDelivery {
  readonly messageDeliveryErrors?: LogDestination;
  readonly userActivity?: LogDestination;
}

/** What resolving log delivery needs from the rest of the pool. */
export interface LogDeliveryContext {
  readonly prod: boolean;
  readonly plan: string;
  /** Threat protection runs (audit or full function) for standard authentication. */
  readonly threatProtectionActive: boolean;
  readonly account: string;
  readonly warnings: Array<{ id: string; message: string }>;
}

const PROPS: Record<LogEventSource, string> = {
  userNotification: 'logDelivery.messageDeliveryErrors',
  userAuthEvents: 'logDelivery.userActivity',
};

/** Applies defaults to `logDelivery` and validates it. */
export function resolveLogDelivery(
  given: LogDeliveryOptions | undefined,
  ctx: LogDeliveryContext,
): ResolvedLogDelivery {
  if (given !== undefined && (given === null || typeof given !== 'object')) {
    throw new CognitoAuthError(
      'logDelivery',
      `${show(given)} is not allowed; give { messageDeliveryErrors, userActivity }`,
    );
  }
  const userActivityDefault =
    ctx.prod && ctx.plan === 'PLUS' && ctx.threatProtectionActive ? LogDestination.newLogGroup() : undefined;
  const messageDeliveryErrors = check(
    'userNotification',
    given?.messageDeliveryErrors ?? (ctx.prod ? LogDestination.newLogGroup() : undefined),
    ctx,
  );
  const userActivity = check('userAuthEvents', given?.userActivity ?? userActivityDefault, ctx);
  return { messageDeliveryErrors, userActivity };
}

function check(
  source: LogEventSource,
  destination: LogDestination | undefined,
  ctx: LogDeliveryContext,
): LogDestination | undefined {
  const prop = PROPS[source];
  if (destination === undefined) return undefined;
  if (!(destination instanceof LogDestination)) {
    throw new CognitoAuthError(
      prop,
      `${show(destination)} is not a log destination; use LogDestination.newLogGroup(), logGroup(...), bucket(...), firehose(...) or none()`,
    );
  }
  if (destination._kind === 'none') return undefined;
  // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_LogConfigurationType.html
  const allowed: readonly string[] = LOG_EVENT_SOURCES[source].destinations;
  if (!allowed.includes(destination._kind)) {
    throw new CognitoAuthError(
      prop,
      `is LogDestination.${destination._kind === 's3' ? 'bucket' : 'firehose'}(...); Cognito delivers message-delivery errors to CloudWatch Logs only: use LogDestination.newLogGroup() or logGroup(...)`,
    );
  }
  if (source === 'userAuthEvents') {
    // User activity logs: Plus plan, and only while threat protection runs.
    // https://docs.aws.amazon.com/cognito/latest/developerguide/exporting-quotas-and-usage.html
    checkPlan(prop, ctx.plan, PLAN_GATES.logExport);
    if (!ctx.threatProtectionActive) {
      throw new CognitoAuthError(
        prop,
        'is set but threat protection is off (threatProtection.standard NO_ENFORCEMENT or unset); Cognito writes user-activity logs only while threat protection is active',
      );
    }
  }
  const group = destination._target.logGroup;
  if (group) {
    // "The log group must not be encrypted with AWS Key Management Service and must be in the same AWS
    // account as your user pool."
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cognito-logdeliveryconfiguration-cloudwatchlogsconfiguration.html
    const cfn = group.node.defaultChild;
    if (cfn instanceof logs.CfnLogGroup && cfn.kmsKeyId !== undefined) {
      throw new CognitoAuthError(
        prop,
        `log group ${show(group.node.path)} is encrypted with a KMS key; Cognito refuses encrypted log groups: use a log group without encryptionKey, or LogDestination.newLogGroup()`,
      );
    }
    const account = group.env.account;
    if (!Token.isUnresolved(account) && !Token.isUnresolved(ctx.account) && account !== ctx.account) {
      throw new CognitoAuthError(
        prop,
        `log group ${show(group.node.path)} is in account ${account} but the pool in ${ctx.account}; Cognito delivers only within the pool's account`,
      );
    }
    // The name as written (a log group of this app), else as imported.
    const name = cfn instanceof logs.CfnLogGroup ? cfn.logGroupName : group.logGroupName;
    if (name !== undefined && !Token.isUnresolved(name) && !name.startsWith(VENDED_LOGS_PREFIX)) {
      ctx.warnings.push({
        id: 'cdk-cognito-auth:log-group-name',
        message: `${prop}: log group ${show(name)} is not under ${VENDED_LOGS_PREFIX}; CloudWatch Logs adds it to the account's resource policy for log delivery, which is capped at 5,120 characters`,
      });
    }
  }
  const stream = destination._target.stream;
  if (stream) {
    const account = stream.env.account;
    if (!Token.isUnresolved(account) && !Token.isUnresolved(ctx.account) && account !== ctx.account) {
      throw new CognitoAuthError(
        prop,
        `Firehose stream ${show(stream.node.path)} is in account ${account} but the pool in ${ctx.account}; Cognito delivers only within the pool's account`,
      );
    }
  }
  return destination;
}

/** What `createLogDelivery` made. */
export interface CreatedLogDelivery {
  readonly configuration?: cognito.CfnLogDeliveryConfiguration;
  readonly messageDeliveryLogGroup?: logs.ILogGroup;
  readonly userActivityLogGroup?: logs.ILogGroup;
  /** Per event source: the destination's kind and ARN, and the log group name for CloudWatch Logs. */
  readonly outputs: Partial<
    Record<
      LogEventSource,
      { readonly type: LogDestinationKind; readonly arn: string; readonly logGroupName?: string }
    >
  >;
}

/** Defaults of log groups made for Cognito. */
export interface LogGroupDefaults {
  readonly retention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * HIPAA, NIST 800-53 R5 and PCI DSS ask for KMS-encrypted log groups; Cognito refuses them as log-delivery
 * destinations, and deployment would fail. Acknowledged on the log groups made here only.
 */
const UNENCRYPTED_LOG_GROUP_IDS = [
  'HIPAA.Security-CloudWatchLogGroupEncrypted',
  'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
  'PCI.DSS.321-CloudWatchLogGroupEncrypted',
];
const UNENCRYPTED_LOG_GROUP_REASON =
  'Cognito delivers logs only to log groups that are not encrypted with a KMS key ("The log group must not be encrypted with AWS Key Management Service", https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cognito-logdeliveryconfiguration-cloudwatchlogsconfiguration.html); CloudWatch Logs still encrypts the data at rest with its own keys. Use LogDestination.bucket with SSE-KMS for user activity where a customer-managed key is required.';

/**
 * Creates the log groups, the bucket and key policy statements and the one `LogDeliveryConfiguration` of the
 * pool (construct id `LogDelivery`: a pool has one, and a new logical id would make CloudFormation create the
 * new configuration before deleting, and so wiping, the old one).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-logdeliveryconfiguration.html
 */
export function createLogDelivery(
  scope: Construct,
  userPool: cognito.IUserPool,
  resolved: ResolvedLogDelivery,
  defaults: LogGroupDefaults,
): CreatedLogDelivery {
  const stack = Stack.of(scope);
  const configurations: cognito.CfnLogDeliveryConfiguration.LogConfigurationProperty[] = [];
  const outputs: CreatedLogDelivery['outputs'] = {};
  const groups: Partial<Record<LogEventSource, logs.ILogGroup>> = {};
  const made: logs.LogGroup[] = [];
  for (const source of ['userNotification', 'userAuthEvents'] as const) {
    const destination =
      source === 'userNotification' ? resolved.messageDeliveryErrors : resolved.userActivity;
    if (!destination) continue;
    const level = LOG_EVENT_SOURCES[source].level;
    const target = destination._target;
    if (destination._kind === 'cloudwatch') {
      let group = target.logGroup;
      if (!group) {
        const options = target.newLogGroup ?? {};
        const suffix = source === 'userNotification' ? 'user-notification' : 'user-activity';
        const created = new logs.LogGroup(
          scope,
          source === 'userNotification' ? 'LogDelivery-MessageErrors' : 'LogDelivery-UserActivity',
          {
            logGroupName: `${VENDED_LOGS_PREFIX}cognito/${Names.uniqueResourceName(scope, { maxLength: 200 })}/${suffix}`,
            retention: options.retention ?? defaults.retention,
            removalPolicy: options.removalPolicy ?? defaults.removalPolicy,
          },
        );
        for (const id of UNENCRYPTED_LOG_GROUP_IDS) {
          Validations.of(created).acknowledge({ id, reason: UNENCRYPTED_LOG_GROUP_REASON });
        }
        made.push(created);
        group = created;
      }
      // Not logGroupArn: Fn::GetAtt LogGroup.Arn ends with ":*", which Cognito's LogGroupArn pattern refuses.
      const arn = stack.formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: group.logGroupName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
      configurations.push({
        eventSource: source,
        logLevel: level,
        cloudWatchLogsConfiguration: { logGroupArn: arn },
      });
      outputs[source] = { type: 'cloudwatch', arn, logGroupName: group.logGroupName };
      groups[source] = group;
    } else if (destination._kind === 's3' && target.bucket) {
      allowLogDelivery(stack, target.bucket);
      configurations.push({
        eventSource: source,
        logLevel: level,
        s3Configuration: { bucketArn: target.bucket.bucketArn },
      });
      outputs[source] = { type: 's3', arn: target.bucket.bucketArn };
    } else if (destination._kind === 'firehose' && target.stream) {
      configurations.push({
        eventSource: source,
        logLevel: level,
        firehoseConfiguration: { streamArn: target.stream.deliveryStreamArn },
      });
      outputs[source] = { type: 'firehose', arn: target.stream.deliveryStreamArn };
    }
  }
  if (configurations.length === 0) return { outputs };
  const configuration = new cognito.CfnLogDeliveryConfiguration(scope, 'LogDelivery', {
    userPoolId: userPool.userPoolId,
    logConfigurations: configurations,
  });
  for (const group of made) configuration.node.addDependency(group);
  return {
    configuration,
    messageDeliveryLogGroup: groups.userNotification,
    userActivityLogGroup: groups.userAuthEvents,
    outputs,
  };
}

/**
 * The bucket policy log delivery needs (declared here, so that CloudFormation does not overwrite what the
 * delivery automation would add), and a key-policy statement when the bucket uses SSE-KMS with a key of this
 * app. Imported buckets and keys are left as they are.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-V2-S3.html
 */
function allowLogDelivery(stack: Stack, bucket: s3.IBucket): void {
  const service = new iam.ServicePrincipal('delivery.logs.amazonaws.com');
  const source = {
    StringEquals: { 'aws:SourceAccount': stack.account },
    ArnLike: {
      'aws:SourceArn': stack.formatArn({
        service: 'logs',
        resource: '*',
        arnFormat: ArnFormat.NO_RESOURCE_NAME,
      }),
    },
  };
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AWSLogDeliveryWrite',
      principals: [service],
      actions: ['s3:PutObject'],
      resources: [bucket.arnForObjects(`AWSLogs/${stack.account}/*`)],
      conditions: {
        ...source,
        StringEquals: { ...source.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' },
      },
    }),
  );
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AWSLogDeliveryAclCheck',
      principals: [service],
      actions: ['s3:GetBucketAcl'],
      resources: [bucket.bucketArn],
      conditions: source,
    }),
  );
  bucket.encryptionKey?.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowLogDeliveryToUseTheKey',
      principals: [service],
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: source,
    }),
  );
}
