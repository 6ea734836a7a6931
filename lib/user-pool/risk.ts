import { Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { CognitoAuthError } from '../errors';
import { show } from '../private/show';
import { checkEmailAddress, checkLength, checkOneOf, checkPlan, isToken } from '../private/validate';
import { cidrProblem, MAX_RISK_IP_RANGES, NOTIFY_EMAIL_LIMITS, PLAN_GATES } from '../shared';
import type { AuthEmail } from './email';
import {
  AdaptiveAuthenticationOptions,
  ClientThreatProtectionOptions,
  CompromisedCredentialsAction,
  CompromisedCredentialsEvent,
  CompromisedCredentialsOptions,
  RiskAction,
  RiskNotificationEmail,
  RiskResponse,
  ThreatProtectionOptions,
} from './threat-protection';

/** The risk configuration after defaults and validation. */
export interface ResolvedRisk {
  readonly compromisedCredentials?: CompromisedCredentialsOptions;
  readonly adaptiveAuthentication?: AdaptiveAuthenticationOptions;
  readonly alwaysAllowIpRanges: string[];
  readonly alwaysBlockIpRanges: string[];
  /** Medium and high risk ask for MFA (or block) in full-function mode. */
  readonly mfaOnRisk: boolean;
}

/** What resolving the risk configuration needs from the rest of the pool. */
export interface RiskContext {
  readonly prod: boolean;
  readonly plan: string;
  readonly standardMode?: cognito.StandardThreatProtectionMode;
  readonly email: AuthEmail;
  readonly mfaMode: cognito.Mfa;
  readonly warnings: Array<{ id: string; message: string }>;
}

const LEVELS = ['low', 'medium', 'high'] as const;

/**
 * The prod profile's actions: block compromised credentials everywhere; allow low risk, ask for MFA at
 * medium (when the user has it) and high risk (always), and tell the user at medium and high.
 */
function prodDefaults(
  notify: boolean,
): Required<Pick<ThreatProtectionOptions, 'compromisedCredentials' | 'adaptiveAuthentication'>> {
  return {
    compromisedCredentials: { action: CompromisedCredentialsAction.BLOCK },
    adaptiveAuthentication: {
      low: { action: RiskAction.ALLOW },
      medium: { action: RiskAction.MFA_IF_CONFIGURED, notify },
      high: { action: RiskAction.MFA_REQUIRED, notify },
    },
  };
}

/** Where the risk settings come from: the pool's `threatProtection`, or one client's. */
export interface RiskScope {
  /** Prop path of the settings, named in errors and warnings. */
  readonly prop: string;
  /** A client's settings: the pool's resolved risk configuration, whose values fill what the client leaves out. */
  readonly pool?: ResolvedRisk;
}

/**
 * Applies defaults to risk settings (the pool's `threatProtection`, or a client's) and validates them;
 * undefined when there are none.
 */
export function resolveRisk(
  threat: ClientThreatProtectionOptions,
  ctx: RiskContext,
  scope: RiskScope = { prop: 'threatProtection' },
): ResolvedRisk | undefined {
  const full = ctx.standardMode === cognito.StandardThreatProtectionMode.FULL_FUNCTION;
  const active = full || ctx.standardMode === cognito.StandardThreatProtectionMode.AUDIT_ONLY;
  const forClient = scope.prop !== 'threatProtection';
  const defaults = forClient
    ? scope.pool
    : ctx.prod && ctx.plan === 'PLUS' && full
      ? prodDefaults(ctx.email.isSes)
      : undefined;
  const compromised = threat.compromisedCredentials ?? defaults?.compromisedCredentials;
  const adaptive = threat.adaptiveAuthentication ?? defaults?.adaptiveAuthentication;
  const allow = threat.alwaysAllowIpRanges ?? scope.pool?.alwaysAllowIpRanges ?? [];
  const block = threat.alwaysBlockIpRanges ?? scope.pool?.alwaysBlockIpRanges ?? [];
  const given = (
    [
      ['compromisedCredentials', threat.compromisedCredentials],
      ['adaptiveAuthentication', threat.adaptiveAuthentication],
      ['alwaysAllowIpRanges', threat.alwaysAllowIpRanges],
      ['alwaysBlockIpRanges', threat.alwaysBlockIpRanges],
    ] as const
  ).filter(([, v]) => v !== undefined);
  for (const [key] of given) {
    const prop = `${scope.prop}.${key}`;
    checkPlan(prop, ctx.plan, PLAN_GATES.threatProtection);
    // SetRiskConfiguration fails with UserPoolAddOnNotEnabledException while threat protection is off.
    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetRiskConfiguration.html
    if (!active) {
      throw new CognitoAuthError(
        prop,
        `is set but threatProtection.standard is ${show(ctx.standardMode ?? 'unset')}; Cognito accepts a risk configuration only while threat protection runs: set threatProtection.standard to FULL_FUNCTION`,
      );
    }
    if (!full && (key === 'compromisedCredentials' || key === 'adaptiveAuthentication')) {
      ctx.warnings.push({
        id: 'cdk-cognito-auth:risk-audit-only',
        message: `${scope.prop}.${key} is set but threatProtection.standard is AUDIT_ONLY; its actions apply only in full-function (ENFORCED) mode`,
      });
    }
  }
  if (!compromised && !adaptive && allow.length === 0 && block.length === 0) return undefined;

  if (compromised) checkCompromised(compromised, `${scope.prop}.compromisedCredentials`);
  let mfaOnRisk = false;
  if (adaptive) {
    checkAdaptive(adaptive, ctx, `${scope.prop}.adaptiveAuthentication`);
    const asks = (r?: RiskResponse) =>
      r !== undefined &&
      [RiskAction.MFA_IF_CONFIGURED, RiskAction.MFA_REQUIRED, RiskAction.BLOCK].includes(r.action);
    mfaOnRisk = full && asks(adaptive.medium) && asks(adaptive.high);
  }
  checkRanges(`${scope.prop}.alwaysAllowIpRanges`, allow, 'skips risk assessment for every sign-in');
  checkRanges(`${scope.prop}.alwaysBlockIpRanges`, block, 'blocks every sign-in');
  return {
    compromisedCredentials: compromised,
    adaptiveAuthentication: adaptive,
    alwaysAllowIpRanges: allow,
    alwaysBlockIpRanges: block,
    mfaOnRisk,
  };
}

function checkCompromised(options: CompromisedCredentialsOptions, prop: string): void {
  if (options === null || typeof options !== 'object') {
    throw new CognitoAuthError(prop, `${show(options)} is not allowed; give { action, events }`);
  }
  // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CompromisedCredentialsActionsType.html
  checkOneOf(
    `${prop}.action`,
    options.action,
    Object.values(CompromisedCredentialsAction),
    'CompromisedCredentialsAction.BLOCK or ALLOW',
  );
  if (options.action === undefined) {
    throw new CognitoAuthError(
      `${prop}.action`,
      'is missing; use CompromisedCredentialsAction.BLOCK or ALLOW',
    );
  }
  const events = options.events;
  if (events !== undefined) {
    if (!Array.isArray(events) || events.length === 0) {
      throw new CognitoAuthError(
        `${prop}.events`,
        `${show(events)} is not allowed; list one or more of SIGN_IN, PASSWORD_CHANGE, SIGN_UP, or leave it out for all`,
      );
    }
    events.forEach((e, i) =>
      checkOneOf(
        `${prop}.events[${i}]`,
        e,
        Object.values(CompromisedCredentialsEvent),
        'CompromisedCredentialsEvent.SIGN_IN, PASSWORD_CHANGE or SIGN_UP',
      ),
    );
  }
}

function checkAdaptive(options: AdaptiveAuthenticationOptions, ctx: RiskContext, prop: string): void {
  for (const level of LEVELS) {
    const response = options[level];
    if (response === undefined) continue;
    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AccountTakeoverActionType.html
    checkOneOf(
      `${prop}.${level}.action`,
      response.action,
      Object.values(RiskAction),
      'RiskAction.ALLOW, MFA_IF_CONFIGURED, MFA_REQUIRED or BLOCK',
    );
    // Notifications are e-mailed through SES (NotifyConfiguration.SourceArn is an SES identity).
    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_NotifyConfigurationType.html
    if (response.notify && !ctx.email.isSes) {
      throw new CognitoAuthError(
        `${prop}.${level}.notify`,
        'is true but e-mail is sent by Cognito; risk notifications are sent through Amazon SES: set email: AuthEmail.ses(...)',
      );
    }
    if (response.action === RiskAction.MFA_REQUIRED && ctx.mfaMode === cognito.Mfa.OFF) {
      ctx.warnings.push({
        id: 'cdk-cognito-auth:risk-mfa-off',
        message: `${prop}.${level}.action MFA_REQUIRED with mfa.mode OFF blocks every ${level}-risk sign-in (no user can have MFA)`,
      });
    }
  }
  const n = options.notifications;
  if (n === undefined) return;
  if (!ctx.email.isSes) {
    throw new CognitoAuthError(
      `${prop}.notifications`,
      'is set but e-mail is sent by Cognito; risk notifications are sent through Amazon SES: set email: AuthEmail.ses(...)',
    );
  }
  checkEmailAddress(`${prop}.notifications.fromAddress`, n.fromAddress);
  checkEmailAddress(`${prop}.notifications.replyTo`, n.replyTo, false);
  for (const key of ['blockEmail', 'mfaEmail', 'noActionEmail'] as const) {
    const mail = n[key];
    if (mail !== undefined) checkNotifyEmail(`${prop}.notifications.${key}`, mail);
  }
}

/** @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_NotifyEmailType.html */
function checkNotifyEmail(prop: string, mail: RiskNotificationEmail): void {
  if (mail.subject === undefined)
    throw new CognitoAuthError(`${prop}.subject`, 'is missing; give 1 to 140 characters');
  checkLength(
    `${prop}.subject`,
    mail.subject,
    NOTIFY_EMAIL_LIMITS.subject.min,
    NOTIFY_EMAIL_LIMITS.subject.max,
  );
  checkLength(`${prop}.htmlBody`, mail.htmlBody, NOTIFY_EMAIL_LIMITS.body.min, NOTIFY_EMAIL_LIMITS.body.max);
  checkLength(`${prop}.textBody`, mail.textBody, NOTIFY_EMAIL_LIMITS.body.min, NOTIFY_EMAIL_LIMITS.body.max);
  if (mail.htmlBody === undefined && mail.textBody === undefined) {
    throw new CognitoAuthError(prop, 'has neither htmlBody nor textBody; give one (or both)');
  }
}

/** @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RiskExceptionConfigurationType.html */
function checkRanges(prop: string, ranges: string[], everything: string): void {
  if (!Array.isArray(ranges))
    throw new CognitoAuthError(prop, `${show(ranges)} is not a list of CIDR ranges`);
  if (ranges.length > MAX_RISK_IP_RANGES) {
    throw new CognitoAuthError(prop, `has ${ranges.length} ranges; at most ${MAX_RISK_IP_RANGES}`);
  }
  const seen = new Map<string, number>();
  ranges.forEach((range, i) => {
    if (isToken(range)) return;
    if (typeof range !== 'string')
      throw new CognitoAuthError(`${prop}[${i}]`, `${show(range)} is not a CIDR range`);
    const problem = cidrProblem(range);
    if (problem === 'covers every address') {
      throw new CognitoAuthError(`${prop}[${i}]`, `${show(range)} covers every address, which ${everything}`);
    }
    if (problem) throw new CognitoAuthError(`${prop}[${i}]`, `${show(range)} ${problem}`);
    const first = seen.get(range);
    if (first !== undefined) {
      throw new CognitoAuthError(
        `${prop}[${i}]`,
        `${show(range)} repeats ${prop}[${first}]; each range once`,
      );
    }
    seen.set(range, i);
  });
}

/** SES sender of the pool, for notifications. */
export interface RiskSender {
  /** `EmailConfiguration.SourceArn` of the pool. */
  readonly sourceArn?: string;
  readonly replyTo?: string;
}

/** The app client a risk configuration is for. */
export interface RiskClient {
  /** Key of the client in `clients`. */
  readonly name: string;
  readonly clientId: string;
}

/**
 * The pool's risk configuration, for every client (`ClientId: ALL`), under the fixed construct id
 * `RiskConfiguration`; or one client's, which replaces the pool's for that client, under
 * `RiskConfiguration-<client>`. A pool+client has one, and a new logical id would make CloudFormation create
 * the new one before deleting (and so wiping) the old one.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-userpoolriskconfigurationattachment.html
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetRiskConfiguration.html
 */
export function createRiskConfiguration(
  scope: Construct,
  userPool: cognito.IUserPool,
  risk: ResolvedRisk,
  sender: RiskSender,
  client?: RiskClient,
): cognito.CfnUserPoolRiskConfigurationAttachment {
  const adaptive = risk.adaptiveAuthentication;
  const action = (r?: RiskResponse) =>
    r === undefined ? undefined : { eventAction: r.action, notify: r.notify ?? false };
  const notifies = LEVELS.some((l) => adaptive?.[l]?.notify);
  const n = adaptive?.notifications;
  const email = (m?: RiskNotificationEmail) =>
    m === undefined ? undefined : { subject: m.subject, htmlBody: m.htmlBody, textBody: m.textBody };
  const id = client ? `RiskConfiguration-${client.name}` : 'RiskConfiguration';
  const attachment = new cognito.CfnUserPoolRiskConfigurationAttachment(scope, id, {
    userPoolId: userPool.userPoolId,
    clientId: client?.clientId ?? 'ALL',
    compromisedCredentialsRiskConfiguration: risk.compromisedCredentials
      ? {
          actions: { eventAction: risk.compromisedCredentials.action },
          eventFilter: risk.compromisedCredentials.events,
        }
      : undefined,
    accountTakeoverRiskConfiguration: adaptive
      ? {
          actions: {
            lowAction: action(adaptive.low),
            mediumAction: action(adaptive.medium),
            highAction: action(adaptive.high),
          },
          notifyConfiguration:
            notifies || n !== undefined
              ? {
                  sourceArn: sender.sourceArn!,
                  from: n?.fromAddress,
                  replyTo: n?.replyTo ?? sender.replyTo,
                  blockEmail: email(n?.blockEmail),
                  mfaEmail: email(n?.mfaEmail),
                  noActionEmail: email(n?.noActionEmail),
                }
              : undefined,
        }
      : undefined,
    riskExceptionConfiguration:
      risk.alwaysAllowIpRanges.length > 0 || risk.alwaysBlockIpRanges.length > 0
        ? {
            skippedIpRangeList: risk.alwaysAllowIpRanges.length > 0 ? risk.alwaysAllowIpRanges : undefined,
            blockedIpRangeList: risk.alwaysBlockIpRanges.length > 0 ? risk.alwaysBlockIpRanges : undefined,
          }
        : undefined,
  });
  return attachment;
}

/**
 * cdk-nag's AwsSolutions-COG2 (MFA not required) is acknowledged when MFA is optional because one-time-code
 * sign-in needs it (Cognito offers codes only to users without MFA) and adaptive authentication asks for MFA
 * on medium and high risk: what AWS advises for pools with threat protection.
 */
export function acknowledgeOptionalMfa(
  pool: cognito.CfnUserPool,
  settings: {
    readonly mfa: { readonly mode: cognito.Mfa };
    readonly firstFactors: { readonly emailOtp: boolean; readonly smsOtp: boolean };
    readonly risk?: ResolvedRisk;
  },
): void {
  if (settings.mfa.mode !== cognito.Mfa.OPTIONAL) return;
  if (!(settings.firstFactors.emailOtp || settings.firstFactors.smsOtp) || !settings.risk?.mfaOnRisk) return;
  Validations.of(pool).acknowledge({
    id: 'AwsSolutions-COG2',
    reason:
      'MFA is optional because e-mail or SMS one-time-code sign-in is on, which Cognito offers only to users without MFA (https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flow-things-to-know.html); threat protection runs in full-function mode and adaptive authentication asks for MFA on medium and high risk, as AWS advises for pools with threat protection (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetUserPoolMfaConfig.html). AWS Config cognito-user-pool-mfa-enabled checks password-only pools alone.',
  });
}
