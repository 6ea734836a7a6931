import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoAuthError } from '../errors';
import { checkLength, checkOneOf, checkPlaceholders, checkPlan } from '../private/validate';
import { MESSAGE_LIMITS, PLAN_GATES } from '../shared';
import type { SettingsContext } from './context';
import type { AuthEmail } from './email';
import { SignInFactors, wantsOtpSignIn } from './sign-in';

/**
 * Multi-factor authentication.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html
 */
export interface MfaOptions {
  /** Off, optional (users choose) or required. @default - dev OPTIONAL, prod REQUIRED */
  readonly mode?: cognito.Mfa;
  /** Authenticator apps (TOTP). @default true */
  readonly totp?: boolean;
  /** Codes by SMS. Creates the SMS role. @default false */
  readonly sms?: boolean;
  /** Codes by e-mail. Needs SES e-mail and the Essentials or Plus plan. @default false */
  readonly email?: boolean;
  /**
   * SMS text of MFA codes (and SMS sign-in codes); must contain `{####}`.
   * @deprecated use `signInCodeMessages.smsMessage`, the same setting (SmsAuthenticationMessage)
   * @default - Cognito's text
   */
  readonly smsMessage?: string;
}

/** Multi-factor authentication of the pool. */
export interface MfaProps {
  /** Multi-factor authentication. @default - dev optional TOTP, prod required TOTP */
  readonly mfa?: MfaOptions;
}

/** The MFA settings after defaults. */
export interface ResolvedMfa {
  readonly mode: cognito.Mfa;
  readonly factors: { readonly totp: boolean; readonly sms: boolean; readonly email: boolean };
  readonly smsMessage?: string;
}

/**
 * Applies the profile's defaults to MFA and validates it against the e-mail sender and the plan. The prod
 * warning about MFA that is not required comes later, with threat protection (see resolveUserPoolSettings).
 */
export function resolveMfa(
  props: MfaProps,
  ctx: SettingsContext,
  email: AuthEmail,
  signInFactors: SignInFactors | undefined,
): ResolvedMfa {
  const mfa = props.mfa ?? {};
  // One-time-code first factors are offered only to users without MFA: the prod profile then makes MFA
  // optional instead of required (see resolveFirstFactors).
  const mode =
    mfa.mode ?? (ctx.prod && wantsOtpSignIn(signInFactors) ? cognito.Mfa.OPTIONAL : ctx.defaults.mfa);
  checkOneOf('mfa.mode', mode, Object.values(cognito.Mfa), 'Mfa.OFF, Mfa.OPTIONAL or Mfa.REQUIRED');
  const factors = { totp: mfa.totp ?? true, sms: mfa.sms ?? false, email: mfa.email ?? false };
  if (mode !== cognito.Mfa.OFF && !factors.totp && !factors.sms && !factors.email) {
    throw new CognitoAuthError(
      'mfa',
      `mode ${mode} with totp, sms and email all off leaves no second factor; enable at least one, or set mode to Mfa.OFF`,
    );
  }
  if (factors.email) {
    if (!email.isSes) {
      throw new CognitoAuthError(
        'mfa.email',
        'is true but e-mail is sent by Cognito; e-mail MFA needs email: AuthEmail.ses(...)',
      );
    }
    checkPlan('mfa.email', ctx.plan, PLAN_GATES.emailMfa);
  }
  checkPlaceholders('mfa.smsMessage', mfa.smsMessage, ['{####}']);
  checkLength('mfa.smsMessage', mfa.smsMessage, MESSAGE_LIMITS.sms.min, MESSAGE_LIMITS.sms.max);
  if (mfa.smsMessage !== undefined && !factors.sms && signInFactors?.smsOtp !== true) {
    throw new CognitoAuthError(
      'mfa.smsMessage',
      'is set but mfa.sms is false; the message is only used for SMS MFA and SMS sign-in codes',
    );
  }
  return { mode, factors, smsMessage: mfa.smsMessage };
}

/** The second factors for aws-cdk-lib's `mfaSecondFactor`: none when MFA is off. */
export function mfaSecondFactor(mfa: ResolvedMfa): cognito.MfaSecondFactor | undefined {
  if (mfa.mode === cognito.Mfa.OFF) return undefined;
  return { otp: mfa.factors.totp, sms: mfa.factors.sms, email: mfa.factors.email };
}
