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
  /**
   * What happens when a user's password appears in a breach. Full-function mode only.
   * @default - prod: block on every event; otherwise Cognito's default (no risk configuration)
   */
  readonly compromisedCredentials?: CompromisedCredentialsOptions;
  /**
   * Actions per assessed risk level. Full-function mode only.
   * @default - prod: low allow; medium MFA if configured; high MFA required; notify on medium and high (with SES e-mail); otherwise none
   */
  readonly adaptiveAuthentication?: AdaptiveAuthenticationOptions;
  /** CIDR ranges that are never assessed (always allowed), at most 200. @default - none */
  readonly alwaysAllowIpRanges?: string[];
  /** CIDR ranges that are always blocked, at most 200. @default - none */
  readonly alwaysBlockIpRanges?: string[];
}

/**
 * The risk configuration of one app client, which replaces the pool's for sign-ins through that client
 * (Cognito no longer falls back to the pool's `ALL` configuration for it). Settings left out are copied
 * from the pool's risk configuration. Needs what the pool's needs: the Plus plan, threat protection on, and
 * `AuthEmail.ses` for notifications.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetRiskConfiguration.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-userpoolriskconfigurationattachment.html
 */
export interface ClientThreatProtectionOptions {
  /** What happens when a user's password appears in a breach. @default - the pool's `threatProtection.compromisedCredentials` */
  readonly compromisedCredentials?: CompromisedCredentialsOptions;
  /** Actions per assessed risk level. @default - the pool's `threatProtection.adaptiveAuthentication` */
  readonly adaptiveAuthentication?: AdaptiveAuthenticationOptions;
  /** CIDR ranges that are never assessed (always allowed), at most 200. @default - the pool's `threatProtection.alwaysAllowIpRanges` */
  readonly alwaysAllowIpRanges?: string[];
  /** CIDR ranges that are always blocked, at most 200. @default - the pool's `threatProtection.alwaysBlockIpRanges` */
  readonly alwaysBlockIpRanges?: string[];
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

/**
 * What threat protection does when a user's password appears in a breach.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CompromisedCredentialsRiskConfigurationType.html
 */
export enum CompromisedCredentialsAction {
  /** Refuse the sign-in, sign-up or password change. */
  BLOCK = 'BLOCK',
  /** Only record the event. */
  ALLOW = 'NO_ACTION',
}

/** The events on which compromised credentials are checked. */
export enum CompromisedCredentialsEvent {
  SIGN_IN = 'SIGN_IN',
  PASSWORD_CHANGE = 'PASSWORD_CHANGE',
  SIGN_UP = 'SIGN_UP',
}

/** Compromised-credentials protection. Acts in full-function (ENFORCED) mode only. */
export interface CompromisedCredentialsOptions {
  /** What to do. */
  readonly action: CompromisedCredentialsAction;
  /** When to check. @default - every event (sign-in, password change, sign-up) */
  readonly events?: CompromisedCredentialsEvent[];
}

/**
 * What adaptive authentication does at a risk level.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AccountTakeoverActionType.html
 */
export enum RiskAction {
  /** Let the sign-in through. */
  ALLOW = 'NO_ACTION',
  /** Ask for MFA when the user has set it up, else let the sign-in through. */
  MFA_IF_CONFIGURED = 'MFA_IF_CONFIGURED',
  /** Ask for MFA; block users who have not set it up. */
  MFA_REQUIRED = 'MFA_REQUIRED',
  /** Refuse the sign-in. */
  BLOCK = 'BLOCK',
}

/** The response to one risk level. */
export interface RiskResponse {
  /** What to do. */
  readonly action: RiskAction;
  /** E-mail the user about it. Needs `email: AuthEmail.ses(...)`. @default false */
  readonly notify?: boolean;
}

/** One notification e-mail: a subject and an HTML or text body. */
export interface RiskNotificationEmail {
  /** Subject, 1 to 140 characters. */
  readonly subject: string;
  /** HTML body, 6 to 20,000 characters. @default - none; give this or textBody */
  readonly htmlBody?: string;
  /** Text body, 6 to 20,000 characters. @default - none; give this or htmlBody */
  readonly textBody?: string;
}

/** Sender and texts of risk notifications. */
export interface RiskNotifications {
  /**
   * Sender address (the `From` of the notifications), verified in SES. Named `fromAddress` because
   * `from` is a reserved word in Python.
   * @default - the SES identity of `email`
   */
  readonly fromAddress?: string;
  /** Reply-to address. @default - the `replyTo` of `AuthEmail.ses` */
  readonly replyTo?: string;
  /** E-mail when a sign-in was blocked. @default - Cognito's */
  readonly blockEmail?: RiskNotificationEmail;
  /** E-mail when MFA was asked for. @default - Cognito's */
  readonly mfaEmail?: RiskNotificationEmail;
  /** E-mail when the sign-in was let through. @default - Cognito's */
  readonly noActionEmail?: RiskNotificationEmail;
}

/**
 * Adaptive authentication: actions per assessed risk level. Acts in full-function (ENFORCED) mode only.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-settings-adaptive-authentication.html
 */
export interface AdaptiveAuthenticationOptions {
  /** Low risk. @default - allow, no notification */
  readonly low?: RiskResponse;
  /** Medium risk. @default - allow, no notification */
  readonly medium?: RiskResponse;
  /** High risk. @default - allow, no notification */
  readonly high?: RiskResponse;
  /** Sender and texts of notifications. @default - the SES sender of `email` and Cognito's texts */
  readonly notifications?: RiskNotifications;
}
