import * as cognito from 'aws-cdk-lib/aws-cognito';
import { FeaturePlanName, planAtLeast as planIncludes } from '../shared';

/** The CloudFormation `UserPoolTier` name of an aws-cdk-lib feature plan. */
export function planName(plan: cognito.FeaturePlan): FeaturePlanName {
  return String(plan).toUpperCase() as FeaturePlanName;
}

/** True when `plan` includes the features of `needed`. */
export function planAtLeast(plan: cognito.FeaturePlan, needed: cognito.FeaturePlan): boolean {
  return planIncludes(planName(plan), planName(needed));
}
