// Run by test/template-checks.test.ts, in a jest of its own: templates that CloudFormation would refuse.
import { Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { allowTemplateFindings } from '../template-checks';
import { newStack } from '../util';

/** A group whose precedence is below Cognito's minimum of 0; cfn-lint E3034, aws-cdk-lib F3034. */
function negativePrecedence(id: string): void {
  const stack = newStack();
  const pool = new cognito.UserPool(stack, 'Pool');
  new cognito.CfnUserPoolGroup(stack, id, { userPoolId: pool.userPoolId, precedence: -5 });
  Template.fromStack(stack);
}

test('an unexpected invalid group', () => {
  negativePrecedence('Unexpected');
});

test('an invalid group the test asks for', () => {
  allowTemplateFindings(['E3034', 'F3034'], 'the test needs a precedence Cognito refuses');
  negativePrecedence('Expected');
});

test('an allowance that nothing needs', () => {
  allowTemplateFindings(['E3012'], 'this template was once invalid and is no more');
  new cognito.UserPool(newStack(), 'Pool');
});
