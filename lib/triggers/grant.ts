import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { CognitoAuthError, show } from '../errors';

/**
 * Lets a trigger function call the user pool it is attached to, without a dependency cycle.
 *
 * The pool depends on its trigger functions (their ARNs are in its `LambdaConfig`), so nothing a function
 * depends on may refer to the pool. `userPool.grant(fn, ...)` would add the pool's ARN to the function
 * role's default policy, which the function depends on: a cycle. This helper puts the statement in a
 * separate `iam.Policy`, attached to the function's role, that nothing depends on. CloudFormation creates
 * it after the pool, and the function reads the pool id from its event (`event.userPoolId`), never from
 * an environment variable.
 *
 * Calls for the same function and pool add to the same policy.
 *
 * @param fn the trigger function; it must have a role (functions created in this app do)
 * @param userPool the user pool the function calls
 * @param actions the Amazon Cognito actions allowed, e.g. `cognito-idp:AdminAddUserToGroup`
 * @returns the policy holding the permission
 */
export function grantUserPoolAccess(
  fn: lambda.IFunction,
  userPool: cognito.IUserPool,
  actions: string[],
): iam.Policy {
  const role = fn.role;
  if (!role) {
    throw new CognitoAuthError(
      'fn',
      `${show(fn.node.path)} has no execution role this app can change; use a function created in this app, or grant the permission to its role where it is defined`,
    );
  }
  const bad = actions.find((a) => !/^cognito-idp:[A-Za-z*]+$/.test(a));
  if (actions.length === 0 || bad !== undefined) {
    throw new CognitoAuthError(
      'actions',
      `${show(actions.length === 0 ? actions : bad)} is not allowed; give one or more Amazon Cognito user pool actions such as "cognito-idp:AdminAddUserToGroup"`,
    );
  }
  const id = `UserPoolAccess${userPool.node.id}`;
  const existing = fn.node.tryFindChild(id);
  const policy = existing instanceof iam.Policy ? existing : new iam.Policy(fn, id);
  policy.addStatements(new iam.PolicyStatement({ actions, resources: [userPool.userPoolArn] }));
  if (!existing) policy.attachToRole(role);
  return policy;
}
