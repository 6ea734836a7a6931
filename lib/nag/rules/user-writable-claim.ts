import { CfnResource } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { PRE_TOKEN_GENERATION_CONFIG_ENV } from '../../../lambda-triggers/pre-token-generation/config';
import { findForgeableClaims } from '../../private/claim-sources';
import { field } from '../../private/cfn';
import { CognitoRule, logicalId, resolve, stackResources } from '../rule';

/** The function a `LambdaArn` value points to, when it is a `Fn::GetAtt` of a function in the same stack. */
function functionOf(pool: cognito.CfnUserPool, arn: unknown): lambda.CfnFunction | undefined {
  const target = field(arn, 'Fn::GetAtt');
  const id = Array.isArray(target) ? target[0] : undefined;
  if (typeof id !== 'string') return undefined;
  return stackResources(pool, lambda.CfnFunction).find((f) => logicalId(f) === id);
}

/**
 * The configuration of the pool's pre token generation function, when it is visible in the template: a
 * function of the stack (bundled or your own) whose `PRE_TOKEN_GENERATION_CONFIG` environment variable
 * holds the claim mapping as plain JSON.
 */
function triggerConfig(pool: cognito.CfnUserPool): unknown {
  const config = resolve(pool, pool.lambdaConfig);
  const arn =
    field(field(config, 'preTokenGenerationConfig'), 'lambdaArn') ?? field(config, 'preTokenGeneration');
  const fn = arn === undefined ? undefined : functionOf(pool, arn);
  if (!fn) return undefined;
  const variables = field(resolve(fn, fn.environment), 'variables');
  const value = field(variables, PRE_TOKEN_GENERATION_CONFIG_ENV);
  if (typeof value !== 'string') return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/** A token claim that users can set for themselves, or that replaces a standard claim. */
export const userWritableClaim: CognitoRule = {
  id: 'UserWritableClaim',
  info: 'The pre token generation trigger puts a claim in tokens that users can set for themselves, or that replaces a standard claim.',
  explanation:
    "The claim is copied from an attribute that an app client lets users write (self sign-up, or UpdateUserAttributes with their own access token; standard attributes are writable by every client that lists no WriteAttributes), so a user can change their own token, e.g. to another role or tenant; or it replaces a standard claim such as email with another value. Remove the attribute from the clients' WriteAttributes (federated users: clients of their own without API sign-in flows and without the aws.cognito.signin.user.admin scope, self sign-up off), rename the claim, or acknowledge the finding with why it is safe.",
  level: NagMessageLevel.ERROR,
  check(node: CfnResource) {
    if (!(node instanceof cognito.CfnUserPool)) return NagRuleCompliance.NOT_APPLICABLE;
    const config = triggerConfig(node);
    if (config === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    const findings = findForgeableClaims(node, config, (client) => client.node.path).map((f) => f.claim);
    return findings.length > 0 ? [...new Set(findings)] : NagRuleCompliance.COMPLIANT;
  },
};
