import * as cognito from 'aws-cdk-lib/aws-cognito';
import { planName } from '../private/plan';
import { show } from '../private/show';
import { checkPlan } from '../private/validate';
import { PLAN_GATES } from '../shared';
import type { SettingsContext } from './context';

/**
 * Threat protection (formerly advanced security). Needs the Plus plan.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-settings-threat-protection.html
 */
export interface ThreatProtectionOptions {
  /** For standard (password, SRP) authentication. @default - prod FULL_FUNCTION, dev none */
  readonly standard?: cognito.StandardThreatProtectionMode;
  /** For custom authentication (custom challenge triggers). @default - prod FULL_FUNCTION, dev none */
  readonly custom?: cognito.CustomThreatProtectionMode;
}

/** Threat protection of the pool. */
export interface ThreatProtectionProps {
  /** Threat protection, Plus plan only. @default - prod enforced for standard and custom auth, dev none */
  readonly threatProtection?: ThreatProtectionOptions;
}

/** The threat protection modes after defaults (none below the Plus plan). */
export interface ResolvedThreatProtection {
  readonly standard?: cognito.StandardThreatProtectionMode;
  readonly custom?: cognito.CustomThreatProtectionMode;
}

/** Applies the profile's defaults on the Plus plan, refuses threat protection below it, warns in prod. */
export function resolveThreatProtection(
  props: ThreatProtectionProps,
  ctx: SettingsContext,
): ResolvedThreatProtection {
  const threat = props.threatProtection ?? {};
  const plus = ctx.featurePlan === cognito.FeaturePlan.PLUS;
  const standard = threat.standard ?? (plus ? ctx.defaults.standardThreatProtection : undefined);
  const custom = threat.custom ?? (plus ? ctx.defaults.customThreatProtection : undefined);
  if (
    threat.standard !== undefined &&
    threat.standard !== cognito.StandardThreatProtectionMode.NO_ENFORCEMENT
  ) {
    checkPlan('threatProtection.standard', ctx.plan, PLAN_GATES.threatProtection);
  }
  if (threat.custom !== undefined) {
    checkPlan('threatProtection.custom', ctx.plan, PLAN_GATES.threatProtection);
  }
  if (
    ctx.prod &&
    plus &&
    (standard !== cognito.StandardThreatProtectionMode.FULL_FUNCTION ||
      custom !== cognito.CustomThreatProtectionMode.FULL_FUNCTION)
  ) {
    ctx.warn(
      'cdk-cognito-auth:prod-threat-protection',
      `threatProtection ${show({ standard, custom })} in a prod stage: risky sign-ins are only reported, not blocked (AWS Security Hub Cognito.1 and Cognito.4 ask for FULL_FUNCTION for standard and custom authentication)`,
    );
  }
  if (ctx.prod && !plus) {
    ctx.warn(
      'cdk-cognito-auth:prod-plan',
      `featurePlan ${planName(ctx.featurePlan)} in a prod stage: threat protection (compromised credentials, adaptive authentication) needs PLUS`,
    );
  }
  return { standard, custom };
}
