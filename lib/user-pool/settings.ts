import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { CognitoAuthProps } from '../cognito-auth';
import { CognitoAuthError, show } from '../errors';
import { AuthProfile, PROD_FLOOR, ProfileDefaults } from '../profile';
import {
  checkInteger,
  checkLength,
  checkName,
  checkOneOf,
  checkPlaceholders,
  checkPlan,
  isToken,
} from '../private/validate';
import { MESSAGE_LIMITS, PLAN_GATES, planAtLeast as planIncludes, USER_POOL_NAME } from '../shared';
import { AuthEmail } from './email';
import { DeviceRemembering } from './options';
import { ResolvedSignIn, resolveSignIn, wantsOtpSignIn } from './sign-in';
import { ResolvedRisk, resolveRisk } from './risk';

/** The password policy after defaults. */
export interface ResolvedPasswordPolicy {
  readonly minLength: number;
  readonly requireLowercase: boolean;
  readonly requireUppercase: boolean;
  readonly requireDigits: boolean;
  readonly requireSymbols: boolean;
  readonly tempPasswordValidity: Duration;
  readonly passwordHistorySize?: number;
}

/** Everything about the user pool after defaults and validation. */
export interface ResolvedUserPoolSettings {
  readonly userPoolProps: cognito.UserPoolProps;
  readonly featurePlan: cognito.FeaturePlan;
  readonly signInAliases: cognito.SignInAliases;
  readonly autoVerify: cognito.AutoVerifiedAttrs;
  readonly caseSensitive: boolean;
  readonly selfSignUpEnabled: boolean;
  readonly mfaMode: cognito.Mfa;
  readonly mfaFactors: { readonly totp: boolean; readonly sms: boolean; readonly email: boolean };
  readonly passwordPolicy: ResolvedPasswordPolicy;
  readonly smsUsed: boolean;
  readonly email: AuthEmail;
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
  /** Choice-based sign-in: first factors, passkeys, code texts. */
  readonly signIn: ResolvedSignIn;
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

/** Recovery settings that send codes by SMS (and so need the SMS configuration). */
const PHONE_RECOVERY: readonly cognito.AccountRecovery[] = [
  cognito.AccountRecovery.EMAIL_AND_PHONE_WITHOUT_MFA,
  cognito.AccountRecovery.PHONE_WITHOUT_MFA_AND_EMAIL,
  cognito.AccountRecovery.PHONE_ONLY_WITHOUT_MFA,
  cognito.AccountRecovery.PHONE_AND_EMAIL,
];

/** The CloudFormation `UserPoolTier` name of an aws-cdk-lib feature plan. */
export function planName(plan: cognito.FeaturePlan): string {
  return String(plan).toUpperCase();
}

function planAtLeast(plan: cognito.FeaturePlan, needed: cognito.FeaturePlan): boolean {
  return planIncludes(planName(plan) as 'LITE', planName(needed) as 'LITE');
}

const PLAN_NAMES = {
  [cognito.FeaturePlan.LITE]: 'LITE',
  [cognito.FeaturePlan.ESSENTIALS]: 'ESSENTIALS',
  [cognito.FeaturePlan.PLUS]: 'PLUS',
} as Record<string, string>;

/** Applies profile defaults to the user-pool props and validates them. */
export function resolveUserPoolSettings(
  props: CognitoAuthProps,
  profile: AuthProfile,
  defaults: ProfileDefaults,
  context: UserPoolSettingsContext = { hasDomain: false, customEmailSender: false },
): ResolvedUserPoolSettings {
  const warnings: Array<{ id: string; message: string }> = [];
  const prod = profile === AuthProfile.PROD;
  const featurePlan = props.featurePlan ?? defaults.featurePlan;
  if (!Object.values(cognito.FeaturePlan).includes(featurePlan)) {
    throw new CognitoAuthError(
      'featurePlan',
      `${show(featurePlan)} is not a feature plan; use LITE, ESSENTIALS or PLUS`,
    );
  }
  const plan = planName(featurePlan);
  checkName('userPoolName', props.userPoolName, USER_POOL_NAME);

  // ---- sign-in ----
  const signInAliases = props.signInAliases ?? { email: true };
  if (signInAliases === null || typeof signInAliases !== 'object') {
    throw new CognitoAuthError(
      'signInAliases',
      `${show(signInAliases)} is not allowed; use { email: true } and the like`,
    );
  }
  if (!signInAliases.username && !signInAliases.email && !signInAliases.phone) {
    throw new CognitoAuthError(
      'signInAliases',
      `${show(signInAliases)} allows no way to sign in; enable at least one of username, email or phone`,
    );
  }
  if (signInAliases.preferredUsername && !signInAliases.username) {
    throw new CognitoAuthError(
      'signInAliases.preferredUsername',
      'is true but username is not; a preferred username is an alias of a username, so enable username too',
    );
  }
  const autoVerify = props.autoVerify ?? { email: !!signInAliases.email, phone: !!signInAliases.phone };
  const keepOriginal = props.keepOriginal ?? { email: !!autoVerify.email, phone: !!autoVerify.phone };
  if ((keepOriginal.email && !autoVerify.email) || (keepOriginal.phone && !autoVerify.phone)) {
    throw new CognitoAuthError(
      'keepOriginal',
      `${show(keepOriginal)} keeps an attribute that is not auto-verified (autoVerify ${show(autoVerify)}); keepOriginal only applies to auto-verified attributes`,
    );
  }
  const caseSensitive = props.signInCaseSensitive ?? false;

  // ---- password policy ----
  const given = props.passwordPolicy ?? {};
  checkInteger('passwordPolicy.minLength', given.minLength, 6, 99);
  const temp = given.tempPasswordValidity;
  if (temp !== undefined && !temp.isUnresolved()) {
    const days = temp.toDays({ integral: false });
    if (!Number.isInteger(days) || days < 1 || days > 365) {
      throw new CognitoAuthError(
        'passwordPolicy.tempPasswordValidity',
        `${temp.toHumanString()} is not allowed; use whole days from 1 to 365`,
      );
    }
  }
  checkInteger('passwordPolicy.passwordHistorySize', given.passwordHistorySize, 0, 24);
  const passwordHistorySize =
    given.passwordHistorySize ??
    (planAtLeast(featurePlan, cognito.FeaturePlan.ESSENTIALS) ? defaults.passwordHistorySize : undefined);
  if (given.passwordHistorySize !== undefined && given.passwordHistorySize > 0) {
    checkPlan('passwordPolicy.passwordHistorySize', plan, PLAN_GATES.passwordHistory);
  }
  const passwordPolicy: ResolvedPasswordPolicy = {
    minLength: given.minLength ?? defaults.passwordMinLength,
    requireLowercase: given.requireLowercase ?? true,
    requireUppercase: given.requireUppercase ?? true,
    requireDigits: given.requireDigits ?? true,
    requireSymbols: given.requireSymbols ?? true,
    tempPasswordValidity: temp ?? defaults.tempPasswordValidity,
    passwordHistorySize,
  };
  if (prod) {
    if (!isToken(passwordPolicy.minLength) && passwordPolicy.minLength < PROD_FLOOR.passwordMinLength) {
      throw new CognitoAuthError(
        'passwordPolicy.minLength',
        `${passwordPolicy.minLength} is below the prod profile's floor; use at least ${PROD_FLOOR.passwordMinLength}`,
      );
    }
    for (const key of ['requireLowercase', 'requireUppercase', 'requireDigits', 'requireSymbols'] as const) {
      if (passwordPolicy[key] === false) {
        throw new CognitoAuthError(
          `passwordPolicy.${key}`,
          'is false; the prod profile requires all four character classes (lower case, upper case, digits, symbols)',
        );
      }
    }
    const tempDays = passwordPolicy.tempPasswordValidity;
    if (
      !tempDays.isUnresolved() &&
      tempDays.toDays({ integral: false }) > PROD_FLOOR.tempPasswordValidityDays
    ) {
      throw new CognitoAuthError(
        'passwordPolicy.tempPasswordValidity',
        `${tempDays.toHumanString()} is longer than the prod profile allows; use at most ${PROD_FLOOR.tempPasswordValidityDays} days`,
      );
    }
  }

  // ---- e-mail ----
  const email = props.email ?? AuthEmail.cognito();
  if (!(email instanceof AuthEmail)) {
    throw new CognitoAuthError(
      'email',
      `${show(email)} is not allowed; use AuthEmail.cognito() or AuthEmail.ses({...})`,
    );
  }
  if (prod && defaults.requireSesEmail && !email.isSes && !context.customEmailSender) {
    throw new CognitoAuthError(
      'email',
      `is ${props.email ? "Cognito's default sender" : 'not set'}; the prod profile requires AuthEmail.ses(...) because Cognito's default sender is limited to 50 e-mails a day (or a triggers.customEmailSender that sends every e-mail)`,
    );
  }

  // ---- MFA ----
  const mfa = props.mfa ?? {};
  // One-time-code first factors are offered only to users without MFA: the prod profile then makes MFA
  // optional instead of required (see resolveSignIn).
  const mfaMode =
    mfa.mode ?? (prod && wantsOtpSignIn(props.signInFactors) ? cognito.Mfa.OPTIONAL : defaults.mfa);
  checkOneOf('mfa.mode', mfaMode, Object.values(cognito.Mfa), 'Mfa.OFF, Mfa.OPTIONAL or Mfa.REQUIRED');
  const mfaFactors = { totp: mfa.totp ?? true, sms: mfa.sms ?? false, email: mfa.email ?? false };
  if (mfaMode !== cognito.Mfa.OFF && !mfaFactors.totp && !mfaFactors.sms && !mfaFactors.email) {
    throw new CognitoAuthError(
      'mfa',
      `mode ${mfaMode} with totp, sms and email all off leaves no second factor; enable at least one, or set mode to Mfa.OFF`,
    );
  }
  if (mfaFactors.email) {
    if (!email.isSes) {
      throw new CognitoAuthError(
        'mfa.email',
        'is true but e-mail is sent by Cognito; e-mail MFA needs email: AuthEmail.ses(...)',
      );
    }
    checkPlan('mfa.email', plan, PLAN_GATES.emailMfa);
  }
  checkPlaceholders('mfa.smsMessage', mfa.smsMessage, ['{####}']);
  checkLength('mfa.smsMessage', mfa.smsMessage, MESSAGE_LIMITS.sms.min, MESSAGE_LIMITS.sms.max);
  if (mfa.smsMessage !== undefined && !mfaFactors.sms && props.signInFactors?.smsOtp !== true) {
    throw new CognitoAuthError(
      'mfa.smsMessage',
      'is set but mfa.sms is false; the message is only used for SMS MFA and SMS sign-in codes',
    );
  }
  const signIn = resolveSignIn(props.signInFactors, props.passkeys, props.signInCodeMessages, {
    plan,
    prod,
    email,
    signInAliases,
    autoVerify,
    mfaMode,
    emailMfa: mfaFactors.email && mfaMode !== cognito.Mfa.OFF,
    smsMfa: mfaFactors.sms && mfaMode !== cognito.Mfa.OFF,
    mfaSmsMessage: mfa.smsMessage,
    domainHost: context.domainHost,
    customDomain: context.customDomain ?? false,
    warnings,
  });

  // ---- messages ----
  const verification = props.userVerification ?? {};
  const style = verification.emailStyle ?? cognito.VerificationEmailStyle.CODE;
  checkOneOf(
    'userVerification.emailStyle',
    style,
    Object.values(cognito.VerificationEmailStyle),
    'VerificationEmailStyle.CODE or LINK',
  );
  // The verification link points to the pool's domain (/confirmUser): without a domain it leads nowhere.
  // https://docs.aws.amazon.com/cognito/latest/developerguide/hosted-UI-endpoints.html
  if (style === cognito.VerificationEmailStyle.LINK && !context.hasDomain) {
    throw new CognitoAuthError(
      'userVerification.emailStyle',
      "is LINK but the pool has no domain; the verification link opens a page of the pool's domain, so set domain: AuthDomain.cognitoPrefix(...) or AuthDomain.custom(...), or use VerificationEmailStyle.CODE",
    );
  }
  if (style === cognito.VerificationEmailStyle.CODE) {
    checkPlaceholders('userVerification.emailBody', verification.emailBody, ['{####}']);
  } else if (
    verification.emailBody !== undefined &&
    !isToken(verification.emailBody) &&
    !/\{##[\s\S]*?##\}/.test(verification.emailBody)
  ) {
    throw new CognitoAuthError(
      'userVerification.emailBody',
      `${show(verification.emailBody)} lacks a link placeholder such as {##Verify Email##}; link-style verification needs one`,
    );
  }
  checkLength('userVerification.emailSubject', verification.emailSubject, 1, MESSAGE_LIMITS.emailSubject.max);
  checkLength(
    'userVerification.emailBody',
    verification.emailBody,
    MESSAGE_LIMITS.emailBody.min,
    MESSAGE_LIMITS.emailBody.max,
  );
  checkPlaceholders('userVerification.smsMessage', verification.smsMessage, ['{####}']);
  checkLength('userVerification.smsMessage', verification.smsMessage, 6, 140);
  const invitation = props.userInvitation ?? {};
  checkPlaceholders('userInvitation.emailBody', invitation.emailBody, ['{username}', '{####}']);
  checkLength('userInvitation.emailSubject', invitation.emailSubject, 1, MESSAGE_LIMITS.emailSubject.max);
  checkLength(
    'userInvitation.emailBody',
    invitation.emailBody,
    MESSAGE_LIMITS.emailBody.min,
    MESSAGE_LIMITS.emailBody.max,
  );
  checkPlaceholders('userInvitation.smsMessage', invitation.smsMessage, ['{username}', '{####}']);
  checkLength('userInvitation.smsMessage', invitation.smsMessage, 6, 140);

  // ---- threat protection ----
  const threat = props.threatProtection ?? {};
  const standardThreat =
    threat.standard ??
    (featurePlan === cognito.FeaturePlan.PLUS ? defaults.standardThreatProtection : undefined);
  const customThreat =
    threat.custom ?? (featurePlan === cognito.FeaturePlan.PLUS ? defaults.customThreatProtection : undefined);
  if (
    threat.standard !== undefined &&
    threat.standard !== cognito.StandardThreatProtectionMode.NO_ENFORCEMENT
  ) {
    checkPlan('threatProtection.standard', plan, PLAN_GATES.threatProtection);
  }
  if (threat.custom !== undefined) {
    checkPlan('threatProtection.custom', plan, PLAN_GATES.threatProtection);
  }
  if (
    prod &&
    featurePlan === cognito.FeaturePlan.PLUS &&
    (standardThreat !== cognito.StandardThreatProtectionMode.FULL_FUNCTION ||
      customThreat !== cognito.CustomThreatProtectionMode.FULL_FUNCTION)
  ) {
    warnings.push({
      id: 'cdk-cognito-auth:prod-threat-protection',
      message: `threatProtection ${show({ standard: standardThreat, custom: customThreat })} in a prod stage: risky sign-ins are only reported, not blocked (AWS Security Hub Cognito.1 and Cognito.4 ask for FULL_FUNCTION for standard and custom authentication)`,
    });
  }
  const risk = resolveRisk(threat, {
    prod,
    plan,
    standardMode: standardThreat,
    email,
    mfaMode,
    warnings,
  });
  const otpSignIn = wantsOtpSignIn(props.signInFactors);
  if (prod && mfaMode !== cognito.Mfa.REQUIRED && !(otpSignIn && risk?.mfaOnRisk)) {
    warnings.push({
      id: 'cdk-cognito-auth:prod-mfa',
      message: otpSignIn
        ? `mfa.mode ${mfaMode} in a prod stage (sign-in codes need it) without adaptive authentication that asks for MFA on medium and high risk: users can sign in with a password alone`
        : `mfa.mode ${mfaMode} in a prod stage: users can sign in with a password alone`,
    });
  }
  if (prod && featurePlan !== cognito.FeaturePlan.PLUS) {
    warnings.push({
      id: 'cdk-cognito-auth:prod-plan',
      message: `featurePlan ${PLAN_NAMES[featurePlan]} in a prod stage: threat protection (compromised credentials, adaptive authentication) needs PLUS`,
    });
  }

  // ---- devices ----
  let deviceTracking: cognito.DeviceTracking | undefined;
  if (props.deviceTracking && props.deviceTracking.remember !== DeviceRemembering.NEVER) {
    if (!Object.values(DeviceRemembering).includes(props.deviceTracking.remember)) {
      throw new CognitoAuthError(
        'deviceTracking.remember',
        `${show(props.deviceTracking.remember)} is not allowed; use DeviceRemembering.ALWAYS, USER_OPT_IN or NEVER`,
      );
    }
    deviceTracking = {
      challengeRequiredOnNewDevice: props.deviceTracking.skipMfaOnRememberedDevices ?? false,
      deviceOnlyRememberedOnUserPrompt: props.deviceTracking.remember === DeviceRemembering.USER_OPT_IN,
    };
  }

  // ---- SMS ----
  // ---- account recovery ----
  const accountRecovery =
    props.accountRecovery ??
    (signInAliases.email || autoVerify.email
      ? cognito.AccountRecovery.EMAIL_ONLY
      : cognito.AccountRecovery.PHONE_WITHOUT_MFA_AND_EMAIL);
  checkOneOf(
    'accountRecovery',
    accountRecovery,
    Object.values(cognito.AccountRecovery).filter((v) => typeof v === 'number'),
    'a member of AccountRecovery',
  );
  // "Email MFA is also disqualifying for account recovery with email": a user with e-mail MFA on could not
  // recover an account whose only recovery channel is e-mail.
  // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPool.html#CognitoUserPools-CreateUserPool-request-AccountRecoverySetting
  if (
    mfaFactors.email &&
    mfaMode !== cognito.Mfa.OFF &&
    accountRecovery === cognito.AccountRecovery.EMAIL_ONLY
  ) {
    throw new CognitoAuthError(
      'accountRecovery',
      `is EMAIL_ONLY${props.accountRecovery === undefined ? ' (the default for e-mail sign-in)' : ''} but mfa.email is on; Cognito does not let a user with e-mail MFA recover by e-mail, so those users could not recover at all. Set accountRecovery to EMAIL_AND_PHONE_WITHOUT_MFA or PHONE_WITHOUT_MFA_AND_EMAIL (recovery by SMS), or NONE (administrators reset passwords), or turn mfa.email off`,
    );
  }

  // ---- SMS: every setting that makes Cognito send an SMS needs the SMS configuration ----
  // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SmsConfigurationType.html
  const phoneRecovery = PHONE_RECOVERY.includes(accountRecovery);
  const smsUsed =
    !!(mfaFactors.sms && mfaMode !== cognito.Mfa.OFF) ||
    signIn.smsOtp ||
    !!signInAliases.phone ||
    !!autoVerify.phone ||
    phoneRecovery ||
    props.userInvitation?.smsMessage !== undefined ||
    props.userVerification?.smsMessage !== undefined;
  if (props.sms?.externalId !== undefined) {
    if (!props.sms.role) {
      throw new CognitoAuthError(
        'sms.externalId',
        'is given without sms.role; the role created for SMS already carries an external id unique to this pool, so give externalId only with your own role',
      );
    }
    checkLength('sms.externalId', props.sms.externalId, 2, 1224);
  }
  if (props.sms && !smsUsed) {
    warnings.push({
      id: 'cdk-cognito-auth:sms-unused',
      message:
        'sms is configured but no feature sends SMS (phone sign-in, phone verification, SMS MFA, phone recovery or SMS messages); it is ignored',
    });
  }

  // ---- removal ----
  const removalPolicy = props.removalPolicy ?? defaults.removalPolicy;
  const deletionProtection = props.deletionProtection ?? defaults.deletionProtection;
  if (prod && (removalPolicy === RemovalPolicy.DESTROY || !deletionProtection)) {
    warnings.push({
      id: 'cdk-cognito-auth:prod-removal',
      message: `a prod stage with ${removalPolicy === RemovalPolicy.DESTROY ? 'RemovalPolicy.DESTROY' : 'deletion protection off'}: deleting the stack or the pool loses every user`,
    });
  }

  const userPoolProps: cognito.UserPoolProps = {
    userPoolName: props.userPoolName,
    selfSignUpEnabled: props.selfSignUpEnabled ?? false,
    signInAliases,
    signInCaseSensitive: caseSensitive,
    autoVerify,
    keepOriginal,
    standardAttributes: props.standardAttributes,
    customAttributes: Object.fromEntries(
      Object.entries(props.customAttributes ?? {}).map(([name, attribute]) => [name, attribute._toCdk()]),
    ),
    passwordPolicy: {
      minLength: passwordPolicy.minLength,
      requireLowercase: passwordPolicy.requireLowercase,
      requireUppercase: passwordPolicy.requireUppercase,
      requireDigits: passwordPolicy.requireDigits,
      requireSymbols: passwordPolicy.requireSymbols,
      tempPasswordValidity: passwordPolicy.tempPasswordValidity,
      passwordHistorySize: passwordPolicy.passwordHistorySize,
    },
    mfa: mfaMode,
    mfaSecondFactor:
      mfaMode === cognito.Mfa.OFF
        ? undefined
        : { otp: mfaFactors.totp, sms: mfaFactors.sms, email: mfaFactors.email },
    mfaMessage: signIn.smsMessage,
    ...(signIn.factors.length > 1
      ? {
          signInPolicy: {
            allowedFirstAuthFactors: {
              password: true,
              emailOtp: signIn.emailOtp,
              smsOtp: signIn.smsOtp,
              passkey: signIn.passkey,
            },
          },
        }
      : {}),
    passkeyRelyingPartyId: signIn.relyingPartyId,
    passkeyUserVerification: signIn.userVerification,
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
    standardThreatProtectionMode: standardThreat,
    customThreatProtectionMode: customThreat,
    deletionProtection,
    removalPolicy,
  };

  return {
    userPoolProps,
    featurePlan,
    signInAliases,
    autoVerify,
    caseSensitive,
    selfSignUpEnabled: props.selfSignUpEnabled ?? false,
    mfaMode,
    mfaFactors,
    passwordPolicy,
    smsUsed,
    email,
    removalPolicy,
    deletionProtection,
    signIn,
    risk,
    warnings,
  };
}
