import type { RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { AuthProfile } from '../profile';
import { planName } from '../private/plan';
import type { ProfileDefaults } from '../private/profile-defaults';
import type { SettingsContext } from './context';
import { DeviceProps, resolveDeviceTracking } from './devices';
import type { AuthEmail } from './email';
import { MessagesProps, messagesSendSms, resolveEmail, validateMessages } from './messages';
import { MfaProps, mfaSecondFactor, ResolvedMfa, resolveMfa } from './mfa';
import { PasswordProps, ResolvedPasswordPolicy, resolvePasswordPolicy } from './password';
import { PoolProps, resolveFeaturePlan, resolveRemoval } from './pool';
import { recoverySendsSms, RecoveryProps, resolveAccountRecovery } from './recovery';
import { ResolvedRisk, resolveRisk } from './risk';
import {
  ResolvedFirstFactors,
  ResolvedSignIn,
  resolveFirstFactors,
  resolveSignIn,
  SignInProps,
  wantsOtpSignIn,
} from './sign-in';
import { SmsProps, validateSms } from './sms';
import { resolveThreatProtection, ThreatProtectionProps } from './threat-protection';

/**
 * Every prop of the user pool's settings, concept by concept. `CognitoAuthProps` extends each of them;
 * a new Cognito setting goes into the concept it belongs to (or a new one, added here and there).
 */
export interface UserPoolSettingsProps
  extends
    PoolProps,
    SignInProps,
    PasswordProps,
    MfaProps,
    RecoveryProps,
    MessagesProps,
    ThreatProtectionProps,
    SmsProps,
    DeviceProps {
  /** Standard attributes that are required and/or immutable. */
  readonly standardAttributes?: cognito.StandardAttributes;
}

/** Everything about the user pool after defaults and validation. */
export interface ResolvedUserPoolSettings extends ResolvedSignIn {
  /** The props of the L2 user pool (the schema is written on the L1 afterwards, see `buildSchema`). */
  readonly userPoolProps: cognito.UserPoolProps;
  readonly featurePlan: cognito.FeaturePlan;
  readonly mfa: ResolvedMfa;
  readonly passwordPolicy: ResolvedPasswordPolicy;
  readonly smsUsed: boolean;
  readonly email: AuthEmail;
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
  /** Choice-based sign-in: first factors, passkeys, code texts. */
  readonly firstFactors: ResolvedFirstFactors;
  /** Threat protection's risk configuration, when there is one. */
  readonly risk?: ResolvedRisk;
  /** Soft problems, reported as warnings on the construct. */
  readonly warnings: Array<{ id: string; message: string }>;
}

/** What resolving the user-pool settings needs to know besides the props. */
export interface UserPoolSettingsContext {
  /** The pool has a domain (link verification needs one). */
  readonly hasDomain: boolean;
  /** A custom e-mail sender trigger sends every e-mail (the prod profile then does not demand SES). */
  readonly customEmailSender: boolean;
  /** Host of the domain (`<prefix>.auth.<region>.amazoncognito.com` or the custom name), when there is one. */
  readonly domainHost?: string;
  /** The domain is a custom domain. */
  readonly customDomain?: boolean;
}

/**
 * Applies the profile's defaults to the user-pool props and validates them, one concept after the other
 * (each concept's file holds its props, its defaults and its rules).
 */
export function resolveUserPoolSettings(
  props: UserPoolSettingsProps,
  profile: AuthProfile,
  defaults: ProfileDefaults,
  context: UserPoolSettingsContext = { hasDomain: false, customEmailSender: false },
): ResolvedUserPoolSettings {
  const warnings: Array<{ id: string; message: string }> = [];
  const featurePlan = resolveFeaturePlan(props, defaults.featurePlan);
  const { domainHost, customDomain, ...known } = context;
  const ctx: SettingsContext = {
    prod: profile === AuthProfile.PROD,
    defaults,
    featurePlan,
    plan: planName(featurePlan),
    ...known,
    warn: (id, message) => warnings.push({ id, message }),
  };
  const signIn = resolveSignIn(props);
  const passwordPolicy = resolvePasswordPolicy(props, ctx);
  const email = resolveEmail(props, ctx);
  const mfa = resolveMfa(props, ctx, email, props.signInFactors);
  const firstFactors = resolveFirstFactors(props.signInFactors, props.passkeys, props.signInCodeMessages, {
    plan: ctx.plan,
    prod: ctx.prod,
    email,
    signInAliases: signIn.signInAliases,
    autoVerify: signIn.autoVerify,
    mfaMode: mfa.mode,
    emailMfa: mfa.factors.email && mfa.mode !== cognito.Mfa.OFF,
    smsMfa: mfa.factors.sms && mfa.mode !== cognito.Mfa.OFF,
    mfaSmsMessage: mfa.smsMessage,
    domainHost,
    customDomain: customDomain ?? false,
    warnings,
  });
  validateMessages(props, ctx);
  const threat = resolveThreatProtection(props, ctx);
  const risk = resolveRisk(props.threatProtection ?? {}, {
    prod: ctx.prod,
    plan: ctx.plan,
    standardMode: threat.standard,
    email,
    mfaMode: mfa.mode,
    warnings,
  });
  const otpSignIn = wantsOtpSignIn(props.signInFactors);
  if (ctx.prod && mfa.mode !== cognito.Mfa.REQUIRED && !(otpSignIn && risk?.mfaOnRisk)) {
    ctx.warn(
      'cdk-cognito-auth:prod-mfa',
      otpSignIn
        ? `mfa.mode ${mfa.mode} in a prod stage (sign-in codes need it) without adaptive authentication that asks for MFA on medium and high risk: users can sign in with a password alone`
        : `mfa.mode ${mfa.mode} in a prod stage: users can sign in with a password alone`,
    );
  }
  const deviceTracking = resolveDeviceTracking(props);
  const accountRecovery = resolveAccountRecovery(props, signIn, mfa);
  // Every setting that makes Cognito send an SMS needs the SMS configuration.
  // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SmsConfigurationType.html
  const smsUsed =
    (mfa.factors.sms && mfa.mode !== cognito.Mfa.OFF) ||
    firstFactors.smsOtp ||
    !!signIn.signInAliases.phone ||
    !!signIn.autoVerify.phone ||
    recoverySendsSms(accountRecovery) ||
    messagesSendSms(props);
  validateSms(props, smsUsed, ctx);
  const { removalPolicy, deletionProtection } = resolveRemoval(props, ctx);

  const userPoolProps: cognito.UserPoolProps = {
    userPoolName: props.userPoolName,
    selfSignUpEnabled: signIn.selfSignUpEnabled,
    signInAliases: signIn.signInAliases,
    signInCaseSensitive: signIn.caseSensitive,
    autoVerify: signIn.autoVerify,
    keepOriginal: signIn.keepOriginal,
    standardAttributes: props.standardAttributes,
    passwordPolicy: { ...passwordPolicy },
    mfa: mfa.mode,
    mfaSecondFactor: mfaSecondFactor(mfa),
    mfaMessage: firstFactors.smsMessage,
    ...(firstFactors.factors.length > 1
      ? {
          signInPolicy: {
            allowedFirstAuthFactors: {
              password: true,
              emailOtp: firstFactors.emailOtp,
              smsOtp: firstFactors.smsOtp,
              passkey: firstFactors.passkey,
            },
          },
        }
      : {}),
    passkeyRelyingPartyId: firstFactors.relyingPartyId,
    passkeyUserVerification: firstFactors.userVerification,
    accountRecovery,
    email: email.userPoolEmail,
    userVerification: props.userVerification,
    userInvitation: props.userInvitation,
    enableSmsRole: smsUsed,
    smsRole: smsUsed ? props.sms?.role : undefined,
    smsRoleExternalId: smsUsed ? props.sms?.externalId : undefined,
    snsRegion: smsUsed ? props.sms?.snsRegion : undefined,
    deviceTracking,
    featurePlan,
    standardThreatProtectionMode: threat.standard,
    customThreatProtectionMode: threat.custom,
    deletionProtection,
    removalPolicy,
  };

  return {
    ...signIn,
    userPoolProps,
    featurePlan,
    mfa,
    passwordPolicy,
    smsUsed,
    email,
    removalPolicy,
    deletionProtection,
    firstFactors,
    risk,
    warnings,
  };
}
