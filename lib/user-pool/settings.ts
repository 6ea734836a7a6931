import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { CognitoAuthProps } from '../cognito-auth';
import { CognitoAuthError, show } from '../errors';
import { AuthProfile, PROD_FLOOR, ProfileDefaults } from '../profile';
import { checkInteger, checkLength, checkPlaceholders, isToken } from '../private/validate';
import { AuthEmail } from './email';
import { DeviceRemembering } from './options';

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
  /** Soft problems, reported as warnings on the construct. */
  readonly warnings: Array<{ id: string; message: string }>;
}

const PLAN_NAMES: Record<string, string> = {
  [cognito.FeaturePlan.LITE]: 'LITE',
  [cognito.FeaturePlan.ESSENTIALS]: 'ESSENTIALS',
  [cognito.FeaturePlan.PLUS]: 'PLUS',
};

function planAtLeast(plan: cognito.FeaturePlan, needed: cognito.FeaturePlan): boolean {
  const order = [cognito.FeaturePlan.LITE, cognito.FeaturePlan.ESSENTIALS, cognito.FeaturePlan.PLUS];
  return order.indexOf(plan) >= order.indexOf(needed);
}

/** Throws when `feature` needs a better plan than `plan`. */
export function requirePlan(
  prop: string,
  feature: string,
  plan: cognito.FeaturePlan,
  needed: cognito.FeaturePlan,
): void {
  if (!planAtLeast(plan, needed)) {
    const allowed = needed === cognito.FeaturePlan.PLUS ? 'PLUS' : 'ESSENTIALS or PLUS';
    throw new CognitoAuthError(
      prop,
      `needs ${feature}, which the ${PLAN_NAMES[plan]} feature plan lacks; set featurePlan to ${allowed} or drop the setting`,
    );
  }
}

/** Applies profile defaults to the user-pool props and validates them. */
export function resolveUserPoolSettings(
  props: CognitoAuthProps,
  profile: AuthProfile,
  defaults: ProfileDefaults,
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

  // ---- sign-in ----
  const signInAliases = props.signInAliases ?? { email: true };
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
    requirePlan(
      'passwordPolicy.passwordHistorySize',
      'password history',
      featurePlan,
      cognito.FeaturePlan.ESSENTIALS,
    );
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
  if (prod && defaults.requireSesEmail && !email.isSes) {
    throw new CognitoAuthError(
      'email',
      `is ${props.email ? "Cognito's default sender" : 'not set'}; the prod profile requires AuthEmail.ses(...) because Cognito's default sender is limited to 50 e-mails a day`,
    );
  }

  // ---- MFA ----
  const mfa = props.mfa ?? {};
  const mfaMode = mfa.mode ?? defaults.mfa;
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
    requirePlan('mfa.email', 'e-mail MFA', featurePlan, cognito.FeaturePlan.ESSENTIALS);
  }
  checkPlaceholders('mfa.smsMessage', mfa.smsMessage, ['{####}']);
  if (mfa.smsMessage !== undefined && !mfaFactors.sms) {
    throw new CognitoAuthError(
      'mfa.smsMessage',
      'is set but mfa.sms is false; the message is only used for SMS MFA',
    );
  }
  if (prod && mfaMode !== cognito.Mfa.REQUIRED) {
    warnings.push({
      id: 'cdk-cognito-auth:prod-mfa',
      message: `mfa.mode ${mfaMode} in a prod stage: users can sign in with a password alone`,
    });
  }

  // ---- messages ----
  const verification = props.userVerification ?? {};
  const style = verification.emailStyle ?? cognito.VerificationEmailStyle.CODE;
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
  checkLength('userVerification.emailSubject', verification.emailSubject, 1, 140);
  checkLength('userVerification.emailBody', verification.emailBody, 1, 20000);
  checkPlaceholders('userVerification.smsMessage', verification.smsMessage, ['{####}']);
  checkLength('userVerification.smsMessage', verification.smsMessage, 6, 140);
  const invitation = props.userInvitation ?? {};
  checkPlaceholders('userInvitation.emailBody', invitation.emailBody, ['{username}', '{####}']);
  checkLength('userInvitation.emailSubject', invitation.emailSubject, 1, 140);
  checkLength('userInvitation.emailBody', invitation.emailBody, 1, 20000);
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
    requirePlan('threatProtection.standard', 'threat protection', featurePlan, cognito.FeaturePlan.PLUS);
  }
  if (threat.custom !== undefined) {
    requirePlan('threatProtection.custom', 'threat protection', featurePlan, cognito.FeaturePlan.PLUS);
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
  const smsUsed =
    !!(mfaFactors.sms && mfaMode !== cognito.Mfa.OFF) || !!signInAliases.phone || !!autoVerify.phone;
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
        'sms is configured but no feature sends SMS (phone sign-in, phone verification or SMS MFA); it is ignored',
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

  const accountRecovery =
    props.accountRecovery ??
    (signInAliases.email || autoVerify.email
      ? cognito.AccountRecovery.EMAIL_ONLY
      : cognito.AccountRecovery.PHONE_WITHOUT_MFA_AND_EMAIL);

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
    mfaMessage: mfa.smsMessage,
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
    warnings,
  };
}
