import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** Props of `TenantData`. */
export interface TenantDataProps {
  /** Keep the table (and refuse to delete it) when the stack goes. */
  readonly retain: boolean;
}

/**
 * Data shared by the users of one tenant, reached through the identity pool with attribute-based access
 * control: the pool tags each session with the user's `custom:tenant_id` (principal tag `tenant`), and
 * `readStatement` lets a session read only the items whose partition key is its tenant.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/attributes-for-access-control.html
 */
export class TenantData extends Construct {
  /** The table, partition key `tenantId`. */
  public readonly table: dynamodb.Table;
  /** Read the items of the caller's own tenant (`dynamodb:LeadingKeys` = `${aws:PrincipalTag/tenant}`). */
  public readonly readStatement: iam.PolicyStatement;

  constructor(scope: Construct, id: string, props: TenantDataProps) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'tenantId', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'itemId', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      deletionProtection: props.retain,
    });
    this.readStatement = new iam.PolicyStatement({
      actions: ['dynamodb:GetItem', 'dynamodb:Query'],
      resources: [this.table.tableArn],
      conditions: {
        'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['${aws:PrincipalTag/tenant}'] },
      },
    });
  }
}
