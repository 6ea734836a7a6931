import { CfnResource, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { NagMessageLevel, NagRuleResult } from 'cdk-nag';
import { STAGE_TAG } from '../metadata';

/** What a rule knows beyond the resource it checks. */
export interface RuleContext {
  /** Whether the pool belongs to a production stage. */
  isProduction(pool: cognito.CfnUserPool): boolean;
}

/** One rule of the CognitoChecks pack. */
export interface CognitoRule {
  /** Rule id; findings are reported as `CognitoChecks-<id>`. */
  readonly id: string;
  /** What was found, in one sentence. */
  readonly info: string;
  /** Why it matters and how to fix it. */
  readonly explanation: string;
  /** Error or warning. */
  readonly level: NagMessageLevel;
  /** Checks one resource. */
  check(node: CfnResource, context: RuleContext): NagRuleResult;
}

/** Resolves a property value of `node`. */
export function resolve(node: CfnResource, value: unknown): unknown {
  return Stack.of(node).resolve(value);
}

/** Every CloudFormation resource of a type in the stack of `node`. */
export function stackResources<T extends CfnResource>(
  node: CfnResource,
  type: new (...args: never[]) => T,
): T[] {
  return Stack.of(node)
    .node.findAll()
    .filter((c): c is T => c instanceof type);
}

/** The logical id of a resource, as CloudFormation will see it. */
export function logicalId(node: CfnResource): string {
  return Stack.of(node).resolve(node.logicalId) as string;
}

/** The user pool a `UserPoolId` value points to, when it is a `Ref` to a pool in the same stack. */
export function poolOf(node: CfnResource, userPoolId: unknown): cognito.CfnUserPool | undefined {
  const ref = (resolve(node, userPoolId) as { Ref?: unknown } | undefined)?.Ref;
  if (typeof ref !== 'string') return undefined;
  return stackResources(node, cognito.CfnUserPool).find((p) => logicalId(p) === ref);
}

/** Resources of a type whose `UserPoolId` points to `pool`. */
export function resourcesOfPool<T extends CfnResource & { userPoolId: string }>(
  pool: cognito.CfnUserPool,
  type: new (...args: never[]) => T,
): T[] {
  const id = logicalId(pool);
  return stackResources(pool, type).filter(
    (r) => (resolve(r, r.userPoolId) as { Ref?: unknown } | undefined)?.Ref === id,
  );
}

/** The stage tag of a pool, when it has one. */
export function stageOf(pool: cognito.CfnUserPool): string | undefined {
  const value = pool.tags.tagValues()[STAGE_TAG];
  return value === undefined ? undefined : String(value);
}
