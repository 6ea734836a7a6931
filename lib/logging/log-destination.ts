import type { RemovalPolicy } from 'aws-cdk-lib';
import type * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { LogDestinationKind } from '../shared';

/** Options of a log group made for Cognito's logs. */
export interface NewLogGroupOptions {
  /** How long the logs are kept. @default - the profile's: one week in dev, one year in prod */
  readonly retention?: logs.RetentionDays;
  /** What happens to the log group when it leaves the stack. @default - the profile's removal policy */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Where a user pool log goes.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/exporting-quotas-and-usage.html
 */
export class LogDestination {
  /**
   * A log group made here, named under `/aws/vendedlogs/cognito/`, not encrypted with a KMS key: Cognito
   * refuses KMS-encrypted log groups (CloudWatch Logs still encrypts the data at rest with its own keys).
   */
  public static newLogGroup(options: NewLogGroupOptions = {}): LogDestination {
    return new LogDestination('cloudwatch', { newLogGroup: options });
  }

  /** An existing log group of the pool's account, not encrypted with a KMS key. */
  public static logGroup(logGroup: logs.ILogGroup): LogDestination {
    return new LogDestination('cloudwatch', { logGroup });
  }

  /**
   * An S3 bucket (user activity only). A bucket of this app gets the bucket-policy statements log delivery
   * needs, and its KMS key (SSE-KMS) a key-policy statement for `delivery.logs.amazonaws.com`.
   */
  public static bucket(bucket: s3.IBucket): LogDestination {
    return new LogDestination('s3', { bucket });
  }

  /** An Amazon Data Firehose stream of the pool's account and Region (user activity only). */
  public static firehose(stream: firehose.IDeliveryStream): LogDestination {
    return new LogDestination('firehose', { stream });
  }

  /** No delivery. */
  public static none(): LogDestination {
    return new LogDestination('none', {});
  }

  private constructor(
    /** @internal */ public readonly _kind: LogDestinationKind | 'none',
    /** @internal */ public readonly _target: {
      readonly newLogGroup?: NewLogGroupOptions;
      readonly logGroup?: logs.ILogGroup;
      readonly bucket?: s3.IBucket;
      readonly stream?: firehose.IDeliveryStream;
    },
  ) {}
}

/**
 * Logs the user pool exports (`AWS::Cognito::LogDeliveryConfiguration`).
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/exporting-quotas-and-usage.html
 */
export interface LogDeliveryOptions {
  /**
   * ERROR-level logs of e-mail and SMS delivery (event source `userNotification`). CloudWatch Logs only.
   * @default - prod: LogDestination.newLogGroup(); dev: none
   */
  readonly messageDeliveryErrors?: LogDestination;
  /**
   * INFO-level user activity and risk logs of threat protection (event source `userAuthEvents`). Plus plan,
   * threat protection active.
   * @default - prod on the Plus plan with threat protection: LogDestination.newLogGroup(); otherwise none
   */
  readonly userActivity?: LogDestination;
}
