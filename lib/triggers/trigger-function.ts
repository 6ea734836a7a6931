import { Annotations, ArnFormat, Duration, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CognitoAuthError, show } from '../errors';
import { checkInteger } from '../private/validate';
import { TRIGGER_ARCHITECTURE, TRIGGER_RUNTIME } from './runtime';

/** Settings of a bundled trigger function. */
export interface TriggerFunctionOptions {
  /**
   * Memory of the function, in MB (128 to 10240). Lambda gives CPU in proportion to memory, so a little
   * more than the handler needs keeps cold starts short.
   * @default 256
   */
  readonly memorySize?: number;
  /**
   * How long the function may run. Amazon Cognito waits 5 seconds for a trigger and then fails the
   * request, so at most 5 seconds are allowed.
   * @default Duration.seconds(3)
   */
  readonly timeout?: Duration;
  /**
   * How long the function's logs are kept.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the log group when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * KMS key that encrypts the function's log group (HIPAA, NIST 800-53 and PCI DSS ask for one). The log
   * group then gets a fixed name, `/cognito-auth/<stack name>/<path of the function's construct>`, and a
   * key created in this app (`kms.Key`) gets a key-policy statement that lets CloudWatch Logs
   * (`logs.<region>.amazonaws.com`) use it for exactly that log group (condition
   * `kms:EncryptionContext:aws:logs:arn`). For an imported key, add that statement to its policy yourself.
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
   * @default - CloudWatch Logs' own encryption at rest
   */
  readonly logEncryptionKey?: kms.IKey;
}

/** Defaults of `TriggerFunctionOptions`. */
export const TRIGGER_FUNCTION_DEFAULTS = {
  memorySize: 256,
  timeout: Duration.seconds(3),
  logRetention: logs.RetentionDays.ONE_MONTH,
  logRemovalPolicy: RemovalPolicy.RETAIN,
} as const;

/** Amazon Cognito's limit on a trigger's run time. */
const COGNITO_TRIGGER_LIMIT = Duration.seconds(5);

/** Lambda's limit on the total size of a function's environment variables. */
const ENVIRONMENT_LIMIT = 4096;

const PACKAGE_NAME = 'cdk-cognito-auth';

/** The root of this package: the nearest folder above `start` whose package.json is named cdk-cognito-auth. */
export function packageRoot(start: string = __dirname): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        if ((JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME)
          return dir;
      } catch {
        // An unreadable package.json is not ours: keep looking.
      }
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`cannot find the ${PACKAGE_NAME} package root above ${start}`);
    }
  }
}

/** The folder holding the bundled code of trigger `name` (`assets/<name>`), checked to exist. */
export function triggerAssetPath(prop: string, name: string): string {
  const root = packageRoot();
  const dir = path.join(root, 'assets', name);
  if (!fs.existsSync(path.join(dir, 'index.js'))) {
    throw new CognitoAuthError(
      prop,
      `needs the bundled handler ${path.join('assets', name, 'index.js')}, which is missing from ${root}; run "npm run bundle" (part of "npm run build") in that package`,
    );
  }
  return dir;
}

/** Checks the function settings; the prop names in messages start with `prop`. */
export function validateFunctionOptions(prop: string, options: TriggerFunctionOptions): void {
  checkInteger(`${prop}.memorySize`, options.memorySize, 128, 10240);
  const timeout = options.timeout;
  if (timeout && !timeout.isUnresolved()) {
    const ms = timeout.toMilliseconds();
    if (ms < 1000 || ms > COGNITO_TRIGGER_LIMIT.toMilliseconds()) {
      throw new CognitoAuthError(
        `${prop}.timeout`,
        `${timeout.toHumanString()} is not allowed; use 1 to 5 seconds, since Amazon Cognito gives up on a trigger after 5 seconds`,
      );
    }
  }
}

/** Props of a `BundledTriggerFunction`. */
export interface BundledTriggerFunctionProps extends TriggerFunctionOptions {
  /** Folder name of the trigger under `lambda-triggers/` and `assets/`, e.g. `pre-sign-up`. */
  readonly trigger: string;
  /** The prop path used in error messages, e.g. `triggers.preSignUp`. */
  readonly prop: string;
  /** The environment variable that carries the configuration. */
  readonly configEnv: string;
  /** The configuration, serialized to JSON into `configEnv`. */
  readonly config: object;
  /** What the function does, for its description. */
  readonly description: string;
}

/**
 * A trigger function running bundled code from `assets/<trigger>`: the pinned runtime and architecture,
 * its own log group with a retention, and its own role whose only permission (a customer-managed policy)
 * is to write to that log group.
 */
export class BundledTriggerFunction extends Construct {
  /** The function. */
  public readonly function: lambda.Function;
  /** The function's log group. */
  public readonly logGroup: logs.LogGroup;
  /** The function's execution role. */
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: BundledTriggerFunctionProps) {
    super(scope, id);
    validateFunctionOptions(props.prop, props);
    const code = lambda.Code.fromAsset(triggerAssetPath(props.prop, props.trigger));

    // Plain JSON when every value is known; otherwise CloudFormation assembles it at deploy time.
    const plain = JSON.stringify(props.config);
    const known = !Token.isUnresolved(plain);
    const config = known ? plain : Stack.of(this).toJsonString(props.config);
    if (known && Buffer.byteLength(props.configEnv + config) > ENVIRONMENT_LIMIT - 64) {
      throw new CognitoAuthError(
        props.prop,
        `configuration is ${Buffer.byteLength(config)} bytes of JSON (${show(config.slice(0, 60))}...); Lambda allows 4 KB of environment variables, so keep it under ${ENVIRONMENT_LIMIT - 64 - props.configEnv.length} bytes`,
      );
    }

    const key = props.logEncryptionKey;
    // With a key, a fixed name: the key policy can then name this log group exactly, with no reference
    // from the key back to the log group (which refers to the key), so no dependency cycle.
    const logGroupName = key ? encryptedLogGroupName(this) : undefined;
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName,
      retention: props.logRetention ?? TRIGGER_FUNCTION_DEFAULTS.logRetention,
      removalPolicy: props.logRemovalPolicy ?? TRIGGER_FUNCTION_DEFAULTS.logRemovalPolicy,
      encryptionKey: key,
    });
    if (key && logGroupName) allowLogsToUseKey(this, key, logGroupName);
    const logsPolicy = new iam.ManagedPolicy(this, 'LogsPolicy', {
      description: `Lets the ${props.description} write to its own log group`,
      statements: [
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [this.logGroup.logGroupArn],
        }),
      ],
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${props.description}`,
      managedPolicies: [logsPolicy],
    });
    this.function = new lambda.Function(this, 'Function', {
      description: props.description,
      runtime: TRIGGER_RUNTIME,
      architecture: TRIGGER_ARCHITECTURE,
      handler: 'index.handler',
      code,
      memorySize: props.memorySize ?? TRIGGER_FUNCTION_DEFAULTS.memorySize,
      timeout: props.timeout ?? TRIGGER_FUNCTION_DEFAULTS.timeout,
      role: this.role,
      logGroup: this.logGroup,
      environment: { [props.configEnv]: config },
    });
  }
}

/** Longest log group name CloudWatch Logs accepts. */
const MAX_LOG_GROUP_NAME = 512;

/**
 * The fixed name of an encrypted trigger log group: `/cognito-auth/<stack name>/<construct path in the
 * stack>`, with characters CloudWatch Logs does not accept in a name (`[.\-_/#A-Za-z0-9]`) replaced by `-`.
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
 */
export function encryptedLogGroupName(scope: Construct): string {
  const stack = Stack.of(scope);
  const inStack = scope.node.path.slice(stack.node.path.length).replace(/^\//, '');
  const stackName = Token.isUnresolved(stack.stackName) ? stack.node.id : stack.stackName;
  return `/cognito-auth/${stackName}/${inStack}`
    .replace(/[^.\-_/#A-Za-z0-9]/g, '-')
    .slice(0, MAX_LOG_GROUP_NAME);
}

/**
 * Lets CloudWatch Logs of this Region use `key` for the one log group `logGroupName`, the narrowest grant
 * CloudWatch Logs allows (the actions its guide lists, conditioned on the encryption context it sends).
 * An imported key's policy cannot be changed from here: a warning says what to add.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
function allowLogsToUseKey(scope: Construct, key: kms.IKey, logGroupName: string): void {
  const stack = Stack.of(scope);
  const logGroupArn = stack.formatArn({
    service: 'logs',
    resource: 'log-group',
    resourceName: logGroupName,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  const added = key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: `CloudWatchLogs${Names.uniqueId(scope).slice(-40)}`,
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn } },
    }),
  );
  if (!added.statementAdded) {
    Annotations.of(scope).addWarningV2(
      'cdk-cognito-auth:log-key-policy',
      `logEncryptionKey is an imported key: add to its key policy a statement that lets logs.<region>.amazonaws.com use it with the condition kms:EncryptionContext:aws:logs:arn = the ARN of log group ${logGroupName}, or CloudWatch Logs cannot write the trigger's logs`,
    );
  }
}
