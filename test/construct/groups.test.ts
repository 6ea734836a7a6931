import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CognitoAuth, CognitoAuthError } from '../../lib';
import { newStack, synth } from '../util';

describe('auth.group(name)', () => {
  test('names the declared groups when the group does not exist', () => {
    const { auth } = synth({
      groups: [
        { name: 'admins', precedence: 0 },
        { name: 'support', precedence: 1 },
      ],
    });
    expect(() => auth.group('auditors')).toThrow(CognitoAuthError);
    expect(() => auth.group('auditors')).toThrow(
      'group("auditors") is not a group of this construct; declared: admins, support',
    );
  });

  test('says so when there are no groups', () => {
    const { auth } = synth();
    expect(() => auth.group('admins')).toThrow(/declared: none/);
  });

  test('a handle carries the group, its precedence and its role, also for groups added later', () => {
    const stack = newStack();
    const auth = new CognitoAuth(stack, 'Auth', { groups: [{ name: 'admins', precedence: 0 }] });
    auth.addGroup({ name: 'late', precedence: 4 });
    const admins = auth.group('admins');
    expect(admins.groupName).toBe('admins');
    expect(admins.precedence).toBe(0);
    expect(admins.userPoolGroup).toBe(auth.groups.admins);
    expect(admins.role).toBe(auth.groupRoles.admins);
    expect(auth.group('late').role).toBe(auth.groupRoles.late);
    expect(Object.keys(auth.groupHandles)).toEqual(['admins', 'late']);
  });

  test('grants go into the group managed policy, created on first use, never an inline policy', () => {
    const stack = newStack();
    const auth = new CognitoAuth(stack, 'Auth', { groups: [{ name: 'support', precedence: 1 }] });
    const table = new dynamodb.Table(stack, 'Tickets', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
    });
    table.grantReadData(auth.group('support'));
    auth.userPool.grant(auth.group('support'), 'cognito-idp:ListUsers');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    const policies = template.findResources('AWS::IAM::ManagedPolicy');
    const [id, policy] = Object.entries(policies).find(([key]) => key.includes('GroupPolicysupport'))!;
    const statements = policy.Properties.PolicyDocument.Statement as Array<{ Action: unknown }>;
    const actions = statements.flatMap((s) => s.Action);
    expect(actions).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'cognito-idp:ListUsers']),
    );
    template.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: Match.arrayWith([{ Ref: id }]),
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Federated: 'cognito-identity.amazonaws.com' } })],
      }),
    });
  });

  test('grants add to the policy the group statements already made', () => {
    const stack = newStack();
    const auth = new CognitoAuth(stack, 'Auth', {
      groups: [
        {
          name: 'editors',
          policyStatements: [
            new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: ['arn:aws:s3:::docs/*'] }),
          ],
        },
      ],
    });
    auth
      .group('editors')
      .addToPolicy(
        new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::docs/*'] }),
      );
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 1);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Action: 's3:PutObject' }),
          Match.objectLike({ Action: 's3:GetObject' }),
        ],
      },
    });
  });

  test('a group without a role cannot be granted to', () => {
    const { auth } = synth({ groups: [{ name: 'readers', createRole: false }] });
    expect(auth.group('readers').role).toBeUndefined();
    expect(() => auth.group('readers').grantPrincipal).toThrow(
      /group\("readers"\) has no role, so it cannot be granted permissions/,
    );
  });

  test('a role of your own: attached to the group, in the outputs, and granted to through the handle', () => {
    const stack = newStack();
    const auth = new CognitoAuth(stack, 'Auth', {});
    const own = new iam.Role(stack, 'OwnRole', { assumedBy: auth.identityPool!.authenticatedPrincipal() });
    auth.addGroup({ name: 'ops', precedence: 2, role: own });
    auth
      .group('ops')
      .addToPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: ['*'] }));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', {
      GroupName: 'ops',
      RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OwnRole'), 'Arn'] },
    });
    // No role created for the group.
    expect(
      Object.keys(template.findResources('AWS::IAM::Role')).filter((k) => k.includes('GroupRole')),
    ).toEqual([]);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: 'sqs:SendMessage' })] },
      // attached through the role's ManagedPolicyArns (checked below)
    });
    expect(JSON.stringify(template.findOutputs('*'))).toContain('OwnRole');
    expect(auth.group('ops').role).toBe(own);
    expect(auth.groupRoles.ops).toBeUndefined();
  });

  test('a role imported by ARN takes grants on the role itself', () => {
    const stack = newStack();
    const auth = new CognitoAuth(stack, 'Auth', {});
    const imported = iam.Role.fromRoleArn(stack, 'Imported', 'arn:aws:iam::123456789012:role/ops');
    auth.addGroup({ name: 'ops', role: imported });
    expect(auth.group('ops').grantPrincipal).toBe(imported);
  });

  test.each([
    [{ createRole: false }, /groups\[0\]\.createRole is false but role is given/],
    [
      { policyStatements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })] },
      /groups\[0\]\.policyStatements are given with groups\[0\]\.role; give your own role its permissions/,
    ],
    [{ inheritAuthenticatedPermissions: true }, /groups\[0\]\.inheritAuthenticatedPermissions is true with/],
  ])('a role of your own refuses options that shape a created role: %j', (extra, message) => {
    const stack = newStack();
    const role = iam.Role.fromRoleArn(stack, 'R', 'arn:aws:iam::123456789012:role/x');
    expect(() => new CognitoAuth(stack, 'Auth', { groups: [{ name: 'ops', role, ...extra }] })).toThrow(
      message,
    );
  });

  test('a role of your own without the identity pool is refused', () => {
    const stack = newStack();
    const role = iam.Role.fromRoleArn(stack, 'R', 'arn:aws:iam::123456789012:role/x');
    expect(
      () =>
        new CognitoAuth(stack, 'Auth', { identityPool: { enabled: false }, groups: [{ name: 'ops', role }] }),
    ).toThrow(/groups\[0\]\.role is given but identityPool.enabled is false/);
  });
});
