import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/**
 * Where the user pool's user-activity logs (threat protection's sign-in events) go: an S3 bucket encrypted
 * with a customer-managed key (rotated yearly), versioned, private, TLS only, with server access logs in a
 * second bucket. Cognito cannot deliver to KMS-encrypted log groups, so S3 is where these logs can be
 * encrypted with a key of our own.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/exporting-quotas-and-usage.html
 */
export class ActivityLogs extends Construct {
  /** The bucket Cognito delivers to. */
  public readonly bucket: s3.Bucket;
  /** The key of the bucket. */
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // Grant S3 log delivery through the bucket policy, not the legacy LogDeliveryWrite ACL (which needs ACLs on).
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    this.key = new kms.Key(this, 'Key', {
      description: 'Encrypts the user-activity logs of the Cognito user pool',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // S3 server access logs go only to buckets with SSE-S3 (not SSE-KMS), and a bucket cannot log to itself.
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(400), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'activity-logs/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const replication =
      'Security logs stay in the Region of the user pool, versioned and retained; copying them to another Region is an organisation-wide choice (S3 replication or AWS Backup), not one of this stack.';
    Validations.of(this.bucket).acknowledge({
      id: 'HIPAA.Security-S3BucketReplicationEnabled',
      reason: replication,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
      reason: replication,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'PCI.DSS.321-S3BucketReplicationEnabled',
      reason: replication,
    });
    const target =
      'The server-access-log bucket of the activity logs: it cannot log to itself, and S3 delivers server access logs only to buckets encrypted with SSE-S3, not SSE-KMS (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html).';
    for (const rule of [
      'AwsSolutions-S1',
      'HIPAA.Security-S3BucketLoggingEnabled',
      'NIST.800.53.R5-S3BucketLoggingEnabled',
      'PCI.DSS.321-S3BucketLoggingEnabled',
      'HIPAA.Security-S3DefaultEncryptionKMS',
      'NIST.800.53.R5-S3DefaultEncryptionKMS',
      'PCI.DSS.321-S3DefaultEncryptionKMS',
    ]) {
      Validations.of(accessLogs).acknowledge({ id: rule, reason: target });
    }
    for (const rule of [
      'HIPAA.Security-S3BucketReplicationEnabled',
      'NIST.800.53.R5-S3BucketReplicationEnabled',
      'PCI.DSS.321-S3BucketReplicationEnabled',
    ]) {
      Validations.of(accessLogs).acknowledge({ id: rule, reason: replication });
    }
  }
}
