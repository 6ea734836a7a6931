import { Names, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/**
 * The role Amazon Cognito assumes to send SMS through Amazon SNS: trusted by `cognito-idp.amazonaws.com`
 * only with this pool's external id, allowed `sns:Publish` through a customer-managed policy (HIPAA, NIST
 * 800-53 and PCI DSS refuse inline policies).
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SmsConfigurationType.html
 */
export class SmsRole extends Construct {
  /** The role. */
  public readonly role: iam.Role;
  /** The external id Cognito passes when it assumes the role. */
  public readonly externalId: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.externalId = Names.uniqueId(this).slice(-64);
    this.role = new iam.Role(this, 'Role', {
      description: 'Amazon Cognito sends SMS through Amazon SNS with this role',
      assumedBy: new iam.ServicePrincipal('cognito-idp.amazonaws.com', {
        conditions: { StringEquals: { 'sts:ExternalId': this.externalId } },
      }),
    });
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'Lets Amazon Cognito publish SMS messages through Amazon SNS',
      statements: [new iam.PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] })],
      roles: [this.role],
    });
    // A message published straight to a phone number names no topic, so there is no SNS resource ARN to
    // scope sns:Publish to; the trust policy (Cognito, this pool's external id) is what narrows the role.
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        "sns:Publish to phone numbers (SMS) has no resource ARN to scope to; the role is assumable only by Cognito with this pool's external id",
    });
  }
}
