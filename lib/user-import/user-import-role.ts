import { ArnFormat, Stack, Token, Validations } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/**
 * The role Amazon Cognito assumes to write the CloudWatch Logs of a user import job (CreateUserImportJob
 * `CloudWatchLogsRoleArn`), as `cognito-admin users import --job` uses. Trusted by Cognito only on behalf
 * of this pool (`aws:SourceAccount` and `aws:SourceArn`), allowed only to write logs under `/aws/cognito/`.
 *
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-using-import-tool-cli-cloudwatch-iam-role.html
 */
export class UserImportRole extends Construct {
  /** The role. */
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: { readonly userPool: cognito.IUserPool }) {
    super(scope, id);
    const stack = Stack.of(this);
    this.role = new iam.Role(this, 'Role', {
      description: 'Lets Amazon Cognito write the logs of user import jobs of this pool',
      assumedBy: new iam.ServicePrincipal('cognito-idp.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': props.userPool.userPoolArn },
        },
      }),
    });
    const policy = new iam.ManagedPolicy(this, 'LogsPolicy', {
      description: 'Writes the CloudWatch Logs of Cognito user import jobs',
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({
          actions: [
            'logs:CreateLogGroup',
            'logs:CreateLogStream',
            'logs:DescribeLogStreams',
            'logs:PutLogEvents',
          ],
          resources: [
            stack.formatArn({
              service: 'logs',
              resource: 'log-group',
              resourceName: '/aws/cognito/*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          ],
        }),
      ],
    });
    // cdk-nag names the finding after the resource as written: pseudo parameters for unresolved values.
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:${region}:${account}:log-group:/aws/cognito/*]`,
      reason:
        'Amazon Cognito names the log group and streams of an import job itself, under /aws/cognito/; the policy is limited to that prefix, to writing logs, and the role to this pool.',
    });
  }
}
