import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { CognitoAuthError } from '../errors';
import { locateErrors } from '../private/locate-errors';
import { show } from '../private/show';
import { TRIGGER_ARCHITECTURE, TRIGGER_RUNTIME } from './runtime';
import {
  AddTriggersContext,
  attachTriggers,
  UserPoolTriggers,
  UserPoolTriggersProps,
} from './user-pool-triggers';

/**
 * Lambda triggers on a user pool of your own (`CognitoAuth` attaches its `triggers` prop the same way), and
 * the runtime every bundled trigger runs on.
 */
export class Triggers {
  /**
   * The one Node.js runtime of every bundled trigger (`nodejs24.x`): the handlers are compiled for it.
   */
  public static readonly RUNTIME: lambda.Runtime = TRIGGER_RUNTIME;

  /** The processor architecture of every bundled trigger (`arm64`). */
  public static readonly ARCHITECTURE: lambda.Architecture = TRIGGER_ARCHITECTURE;

  /**
   * Attaches the triggers in `props` to `userPool`. Bundled functions are created under
   * `<scope>/Triggers/PreSignUp` and `<scope>/Triggers/PreTokenGeneration`; each attachment adds a Lambda
   * permission for `cognito-idp.amazonaws.com` scoped to the pool's ARN. Throws a `CognitoAuthError` on an
   * invalid configuration, a V2_0/V3_0 pre token generation trigger on the Lite plan, or a custom sender
   * without its KMS key.
   *
   * @returns the functions attached, by trigger
   */
  public static add(
    scope: Construct,
    userPool: cognito.UserPool,
    props: UserPoolTriggersProps,
    context: AddTriggersContext,
  ): UserPoolTriggers {
    return locateErrors(scope, () => attachTriggers(scope, userPool, props, context));
  }

  /**
   * Lets a trigger function call the user pool it is attached to, without a dependency cycle.
   *
   * The pool depends on its trigger functions (their ARNs are in its `LambdaConfig`), so nothing a function
   * depends on may refer to the pool. `userPool.grant(fn, ...)` would add the pool's ARN to the function
   * role's default policy, which the function depends on: a cycle. This puts the statement in a separate
   * `iam.Policy`, attached to the function's role, that nothing depends on. CloudFormation creates it after
   * the pool, and the function reads the pool id from its event (`event.userPoolId`), never from an
   * environment variable.
   *
   * Calls for the same function and pool add to the same policy.
   *
   * @param fn the trigger function; it must have a role (functions created in this app do)
   * @param userPool the user pool the function calls
   * @param actions the Amazon Cognito actions allowed, e.g. `cognito-idp:AdminAddUserToGroup`
   * @returns the policy holding the permission
   */
  public static grantUserPoolAccess(
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

  private constructor() {}
}
