import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PreSignUp, PreTokenGeneration, Triggers } from '../../lib/triggers';
import { ensureTriggerAssets, testOutdirs } from './assets';
import { allowTemplateFindings } from '../template-checks';

beforeAll(ensureTriggerAssets);
const outdirs = testOutdirs('triggers-no-cycle');
afterAll(outdirs.cleanup);

/** A post confirmation function that adds the new user to a group, taking the pool id from its event. */
const ADD_TO_GROUP = `
const { CognitoIdentityProviderClient, AdminAddUserToGroupCommand } = require('@aws-sdk/client-cognito-identity-provider');
const client = new CognitoIdentityProviderClient({});
exports.handler = async (event) => {
  await client.send(new AdminAddUserToGroupCommand({ UserPoolId: event.userPoolId, Username: event.userName, GroupName: 'members' }));
  return event;
};`;

function setup() {
  const app = new App({ outdir: outdirs.next() });
  const stack = new Stack(app, 'Stack');
  const pool = new cognito.UserPool(stack, 'Pool', { featurePlan: cognito.FeaturePlan.ESSENTIALS });
  pool.addGroup('Members', { groupName: 'members' });
  const fn = new lambda.Function(stack, 'AddToGroup', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline(ADD_TO_GROUP),
  });
  return { stack, pool, fn };
}

const id = (stack: Stack, c: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(c.node.defaultChild as lambda.CfnFunction);

describe('a trigger that calls its own user pool', () => {
  test('synthesizes with no dependency cycle when granted with grantUserPoolAccess', () => {
    // GIVEN a post confirmation trigger
    const { stack, pool, fn } = setup();
    Triggers.add(stack, pool, { postConfirmation: fn }, { featurePlan: cognito.FeaturePlan.ESSENTIALS });
    // WHEN it may add users to groups
    const policy = Triggers.grantUserPoolAccess(fn, pool, ['cognito-idp:AdminAddUserToGroup']);
    // THEN the template has no cycle (Template.fromStack refuses one)...
    const template = Template.fromStack(stack);
    const resources = template.toJSON().Resources as Record<
      string,
      { DependsOn?: string[]; Properties: object }
    >;
    const policyId = stack.getLogicalId(policy.node.defaultChild as iam.CfnPolicy);
    const poolId = stack.getLogicalId(pool.node.defaultChild as cognito.CfnUserPool);
    // ...the function does not wait for the policy, and nothing it depends on names the pool
    expect(resources[id(stack, fn)].DependsOn ?? []).not.toContain(policyId);
    expect(JSON.stringify(resources[id(stack, fn)].Properties)).not.toContain(poolId);
    for (const dep of resources[id(stack, fn)].DependsOn ?? []) {
      expect(JSON.stringify(resources[dep])).not.toContain(poolId);
    }
    // ...and the permission names this pool only
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: 'cognito-idp:AdminAddUserToGroup',
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [poolId, 'Arn'] },
          },
        ],
      },
      Roles: [{ Ref: stack.getLogicalId(fn.role!.node.defaultChild as iam.CfnRole) }],
    });
  });

  test('the same trigger granted through the role default policy would be a cycle', () => {
    allowTemplateFindings(
      ['E3004', 'F3004'],
      'the template shows the dependency cycle this file guards against',
    );
    const { stack, pool, fn } = setup();
    Triggers.add(stack, pool, { postConfirmation: fn }, { featurePlan: cognito.FeaturePlan.ESSENTIALS });
    pool.grant(fn, 'cognito-idp:AdminAddUserToGroup');
    const report = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(() => Template.fromStack(stack)).toThrow(/cycl/i);
    } finally {
      report.mockRestore();
    }
  });

  test('works for a bundled trigger too', () => {
    const { stack, pool } = setup();
    const triggers = Triggers.add(
      stack,
      pool,
      { preSignUp: PreSignUp.bundled({ allowedDomains: ['example.com'] }) },
      { featurePlan: cognito.FeaturePlan.ESSENTIALS },
    );
    Triggers.grantUserPoolAccess(triggers.preSignUp!, pool, ['cognito-idp:ListUsers']);
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('repeated grants for one pool share one policy', () => {
    const { stack, pool, fn } = setup();
    const a = Triggers.grantUserPoolAccess(fn, pool, ['cognito-idp:AdminAddUserToGroup']);
    const b = Triggers.grantUserPoolAccess(fn, pool, ['cognito-idp:AdminGetUser']);
    expect(b).toBe(a);
    const policies = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p).includes('cognito-idp:'),
    );
    expect(policies).toHaveLength(1);
    expect(
      policies[0].Properties.PolicyDocument.Statement.map((st: { Action: string }) => st.Action),
    ).toEqual(['cognito-idp:AdminAddUserToGroup', 'cognito-idp:AdminGetUser']);
  });

  test('refuses a function it cannot change, and actions that are not user pool actions', () => {
    const { stack, pool } = setup();
    const imported = lambda.Function.fromFunctionArn(
      stack,
      'Imported',
      'arn:aws:lambda:eu-west-1:123456789012:function:elsewhere',
    );
    expect(() => Triggers.grantUserPoolAccess(imported, pool, ['cognito-idp:AdminAddUserToGroup'])).toThrow(
      /^fn "Stack\/Imported" has no execution role this app can change/,
    );
    const { fn } = setup();
    expect(() => Triggers.grantUserPoolAccess(fn, pool, ['s3:GetObject'])).toThrow(
      /^actions "s3:GetObject" is not allowed; give one or more Amazon Cognito user pool actions/,
    );
    expect(() => Triggers.grantUserPoolAccess(fn, pool, [])).toThrow(/^actions \[\] is not allowed/);
  });
});

describe('cdk-nag AwsSolutions', () => {
  test('finds nothing to report on the bundled triggers and the access policy', () => {
    const { stack, pool, fn } = setup();
    Triggers.add(
      stack,
      pool,
      {
        preSignUp: PreSignUp.bundled({ allowedDomains: ['example.com'] }),
        preTokenGeneration: PreTokenGeneration.bundled({ suppressClaims: ['phone_number'] }),
        postConfirmation: fn,
      },
      { featurePlan: cognito.FeaturePlan.ESSENTIALS },
    );
    Triggers.grantUserPoolAccess(fn, pool, ['cognito-idp:AdminAddUserToGroup']);
    const report = new AwsSolutionsChecks().validateScope(stack);
    const ours = report.violations.flatMap((v) =>
      v.violatingResources
        .filter((r) => /\/Triggers\/|\/UserPoolAccess/.test(r.constructPath ?? ''))
        .map((r) => `${v.ruleName} ${r.constructPath}`),
    );
    expect(ours).toEqual([]);
    // The check does see the rest of the stack: the plain pool's own findings are reported.
    expect(report.violations.map((v) => v.ruleName)).toContain('AwsSolutions-COG1');
  });
});
