import { RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoAuthError } from '../errors';
import { show } from '../private/show';
import { checkName } from '../private/validate';
import { USER_POOL_NAME } from '../shared';
import type { SettingsContext } from './context';

/** The pool itself: its name, its feature plan, and what protects it from deletion. */
export interface PoolProps {
  /** Name of the user pool. @default - generated from the construct path */
  readonly userPoolName?: string;
  /** Feature plan. @default - dev ESSENTIALS, prod PLUS */
  readonly featurePlan?: cognito.FeaturePlan;
  /** Refuse deletion of the pool through the API. @default - prod true, dev false */
  readonly deletionProtection?: boolean;
  /** What happens to the pool when it leaves the stack or is replaced. @default - prod RETAIN, dev DESTROY */
  readonly removalPolicy?: RemovalPolicy;
}

/** The feature plan after the profile's default; checks the pool name too. */
export function resolveFeaturePlan(props: PoolProps, defaultPlan: cognito.FeaturePlan): cognito.FeaturePlan {
  const featurePlan = props.featurePlan ?? defaultPlan;
  if (!Object.values(cognito.FeaturePlan).includes(featurePlan)) {
    throw new CognitoAuthError(
      'featurePlan',
      `${show(featurePlan)} is not a feature plan; use LITE, ESSENTIALS or PLUS`,
    );
  }
  checkName('userPoolName', props.userPoolName, USER_POOL_NAME);
  return featurePlan;
}

/** Removal policy and deletion protection after the profile's defaults; a prod stage without them warns. */
export function resolveRemoval(
  props: PoolProps,
  ctx: SettingsContext,
): { readonly removalPolicy: RemovalPolicy; readonly deletionProtection: boolean } {
  const removalPolicy = props.removalPolicy ?? ctx.defaults.removalPolicy;
  const deletionProtection = props.deletionProtection ?? ctx.defaults.deletionProtection;
  if (ctx.prod && (removalPolicy === RemovalPolicy.DESTROY || !deletionProtection)) {
    ctx.warn(
      'cdk-cognito-auth:prod-removal',
      `a prod stage with ${removalPolicy === RemovalPolicy.DESTROY ? 'RemovalPolicy.DESTROY' : 'deletion protection off'}: deleting the stack or the pool loses every user`,
    );
  }
  return { removalPolicy, deletionProtection };
}
