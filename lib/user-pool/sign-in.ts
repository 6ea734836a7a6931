import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoAuthError } from '../errors';
import { show } from '../private/show';
import { checkLength, checkOneOf, checkPlaceholders, checkPlan, isToken } from '../private/validate';
import {
  FirstAuthFactor,
  MESSAGE_LIMITS,
  PLAN_GATES,
  relyingPartyCovers,
  relyingPartyIdProblem,
} from '../shared';
import type { AuthEmail } from './email';

/**
 * How users sign in and sign up. Cognito cannot change the aliases, the username attributes or the case
 * sensitivity once the pool exists: the immutable-settings lock guards them.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html#user-pool-settings-aliases
 */
export interface SignInProps {
  /**
   * How users sign in. `username: true` makes the others aliases; without `username`, email and phone
   * are username attributes (the user signs in with them, and the username is a generated id).
   * Cannot change after the pool exists.
   * @default { email: true }
   */
  readonly signInAliases?: cognito.SignInAliases;
  /** Whether user names and aliases are case-sensitive. Cannot change later. @default false */
  readonly signInCaseSensitive?: boolean;
  /** Attributes Cognito verifies (by sending a code) on sign-up. @default - email and/or phone when they are sign-in options */
  readonly autoVerify?: cognito.AutoVerifiedAttrs;
  /**
   * Keep the original value of an attribute while a change to it is unverified, so an unverified address
   * never becomes a sign-in or recovery address.
   * @default - the auto-verified attributes
   */
  readonly keepOriginal?: cognito.KeepOriginalAttrs;
  /** Allow users to sign themselves up. When off, administrators invite users. @default false */
  readonly selfSignUpEnabled?: boolean;
  /**
   * First factors users may choose at sign-in besides the password (choice-based sign-in, USER_AUTH):
   * e-mail or SMS one-time codes and passkeys. Web and server clients then offer USER_AUTH. Needs the
   * Essentials or Plus plan.
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flows-selection-sdk.html
   * @default - password only
   */
  readonly signInFactors?: SignInFactors;
  /** Passkeys (WebAuthn), used when `signInFactors.passkey` is on. @default - see PasskeyOptions */
  readonly passkeys?: PasskeyOptions;
  /** Texts of the codes sent at sign-in (e-mail/SMS one-time codes and e-mail/SMS MFA). @default - Cognito's texts */
  readonly signInCodeMessages?: SignInCodeMessages;
}

/** The sign-in settings after defaults. */
export interface ResolvedSignIn {
  readonly signInAliases: cognito.SignInAliases;
  readonly autoVerify: cognito.AutoVerifiedAttrs;
  readonly keepOriginal: cognito.KeepOriginalAttrs;
  readonly caseSensitive: boolean;
  readonly selfSignUpEnabled: boolean;
}

/** Applies the defaults to the sign-in props and validates them. */
export function resolveSignIn(props: SignInProps): ResolvedSignIn {
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
  return {
    signInAliases,
    autoVerify,
    keepOriginal,
    caseSensitive: props.signInCaseSensitive ?? false,
    selfSignUpEnabled: props.selfSignUpEnabled ?? false,
  };
}
/**
 * First factors users may choose at sign-in besides their password (choice-based sign-in, the USER_AUTH
 * flow). The password always stays available. Needs the Essentials or Plus plan.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flows-selection-sdk.html
 */
export interface SignInFactors {
  /**
   * A one-time code by e-mail. Needs `email: AuthEmail.ses(...)` and e-mail as a sign-in or auto-verified
   * attribute. Cognito offers it only to users without MFA, so it cannot be combined with required MFA.
   * @default false
   */
  readonly emailOtp?: boolean;
  /**
   * A one-time code by SMS. Creates the SMS role; needs phone_number as a sign-in or auto-verified attribute.
   * Cognito offers it only to users without MFA, so it cannot be combined with required MFA.
   * @default false
   */
  readonly smsOtp?: boolean;
  /** Passkeys (WebAuthn) in managed login and in apps that use the SDKs. See `passkeys`. @default false */
  readonly passkey?: boolean;
}

/**
 * Passkeys (WebAuthn), used when `signInFactors.passkey` is on.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_WebAuthnConfigurationType.html
 */
export interface PasskeyOptions {
  /**
   * Relying-party id: the domain passkeys are bound to, 1 to 63 characters. Changing it makes every
   * registered passkey unusable (the immutable-settings lock records it). With a custom domain it must be
   * that domain's name (Cognito's rule for managed login).
   * @default - the host of `domain` (the custom domain name, else `<prefix>.auth.<region>.amazoncognito.com`); required without a domain
   */
  readonly relyingPartyId?: string;
  /**
   * Whether authenticators must verify the user (PIN, biometrics).
   * @default - PasskeyUserVerification.REQUIRED in the prod profile, PREFERRED in dev
   */
  readonly userVerification?: cognito.PasskeyUserVerification;
  /**
   * A user-verified passkey counts as multi-factor authentication (WebAuthnFactorConfiguration
   * MULTI_FACTOR_WITH_USER_VERIFICATION), so passkey sign-in stays available when MFA is required.
   * Needs `userVerification` REQUIRED.
   * @default false
   */
  readonly satisfiesMfa?: boolean;
}

/**
 * Texts of the codes Cognito sends at sign-in: e-mail and SMS one-time codes, and e-mail and SMS MFA (the
 * same templates serve both).
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_EmailMfaConfigType.html
 */
export interface SignInCodeMessages {
  /** Subject of e-mailed codes, 1 to 140 characters. @default - Cognito's */
  readonly emailSubject?: string;
  /** Body of e-mailed codes; must contain `{####}`; 6 to 20,000 characters. @default - Cognito's */
  readonly emailBody?: string;
  /** SMS of codes; must contain `{####}`; 6 to 140 characters. @default - `mfa.smsMessage`, else Cognito's */
  readonly smsMessage?: string;
}

/** The first factors, passkeys and code texts after defaults and validation. */
export interface ResolvedFirstFactors {
  /** The first factors, PASSWORD first. */
  readonly factors: FirstAuthFactor[];
  readonly emailOtp: boolean;
  readonly smsOtp: boolean;
  readonly passkey: boolean;
  /** The relying-party id (a token when the Region is one), when passkeys are on. */
  readonly relyingPartyId?: string;
  readonly userVerification?: cognito.PasskeyUserVerification;
  readonly satisfiesMfa: boolean;
  /** Text of sign-in and MFA SMS codes. */
  readonly smsMessage?: string;
  readonly emailSubject?: string;
  readonly emailBody?: string;
}

/** What resolving the first factors needs from the rest of the pool. */
export interface FirstFactorsContext {
  readonly plan: string;
  readonly prod: boolean;
  readonly email: AuthEmail;
  readonly signInAliases: cognito.SignInAliases;
  readonly autoVerify: cognito.AutoVerifiedAttrs;
  /** The MFA mode after defaults. */
  readonly mfaMode: cognito.Mfa;
  readonly emailMfa: boolean;
  readonly smsMfa: boolean;
  /** `mfa.smsMessage`. */
  readonly mfaSmsMessage?: string;
  /** Host of the pool's domain, when it has one. */
  readonly domainHost?: string;
  /** The domain is a custom domain. */
  readonly customDomain: boolean;
  readonly warnings: Array<{ id: string; message: string }>;
}

/** True when the props ask for a one-time-code first factor (the prod profile's MFA default depends on it). */
export function wantsOtpSignIn(factors: SignInFactors | undefined): boolean {
  return !!(factors?.emailOtp || factors?.smsOtp);
}

/** Resolves and validates `signInFactors`, `passkeys` and `signInCodeMessages`. */
export function resolveFirstFactors(
  given: SignInFactors | undefined,
  passkeys: PasskeyOptions | undefined,
  messages: SignInCodeMessages | undefined,
  ctx: FirstFactorsContext,
): ResolvedFirstFactors {
  for (const [key, value] of Object.entries(given ?? {})) {
    if (value !== undefined && typeof value !== 'boolean') {
      throw new CognitoAuthError(`signInFactors.${key}`, `${show(value)} is not allowed; use true or false`);
    }
  }
  const emailOtp = given?.emailOtp === true;
  const smsOtp = given?.smsOtp === true;
  const passkey = given?.passkey === true;
  const factors: FirstAuthFactor[] = [
    'PASSWORD',
    ...(emailOtp ? (['EMAIL_OTP'] as const) : []),
    ...(smsOtp ? (['SMS_OTP'] as const) : []),
    ...(passkey ? (['WEB_AUTHN'] as const) : []),
  ];
  if (factors.length > 1) {
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cognito-userpool-signinpolicy.html
    checkPlan('signInFactors', ctx.plan, PLAN_GATES.passwordless);
  }

  // ---- one-time codes ----
  if (emailOtp) {
    // One e-mail template serves e-mail MFA and e-mail sign-in codes, and e-mail MFA requires SES.
    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_EmailMfaConfigType.html
    // https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-email.html
    if (!ctx.email.isSes) {
      throw new CognitoAuthError(
        'signInFactors.emailOtp',
        'is true but e-mail is sent by Cognito; e-mailed sign-in codes need email: AuthEmail.ses(...)',
      );
    }
    // The code goes to the user's e-mail address.
    // https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow-methods.html
    if (!ctx.signInAliases.email && !ctx.autoVerify.email) {
      throw new CognitoAuthError(
        'signInFactors.emailOtp',
        'is true but e-mail is neither a sign-in alias nor auto-verified; sign-in codes go to a verified e-mail address, so add email to signInAliases or autoVerify',
      );
    }
  }
  if (smsOtp && !ctx.signInAliases.phone && !ctx.autoVerify.phone) {
    throw new CognitoAuthError(
      'signInFactors.smsOtp',
      'is true but phone_number is neither a sign-in alias nor auto-verified; sign-in codes go to a verified phone number, so add phone to signInAliases or autoVerify',
    );
  }
  // Cognito offers one-time-code first factors only to users without MFA; with MFA required nobody has none.
  // https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flow-things-to-know.html
  // https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html#user-pool-settings-mfa-prerequisites
  if ((emailOtp || smsOtp) && ctx.mfaMode === cognito.Mfa.REQUIRED) {
    const which = emailOtp ? 'emailOtp' : 'smsOtp';
    throw new CognitoAuthError(
      `signInFactors.${which}`,
      `is true but mfa.mode is REQUIRED: Cognito offers one-time-code sign-in only to users without MFA, so no user could use it; set mfa.mode to Mfa.OPTIONAL (threat protection's adaptive authentication can require MFA on risky sign-ins) or drop ${which}`,
    );
  }

  // ---- passkeys ----
  let relyingPartyId: string | undefined;
  let userVerification: cognito.PasskeyUserVerification | undefined;
  const satisfiesMfa = passkeys?.satisfiesMfa === true;
  if (passkeys !== undefined && !passkey) {
    throw new CognitoAuthError(
      'passkeys',
      'is set but signInFactors.passkey is not true; turn passkeys on with signInFactors: { passkey: true } or drop passkeys',
    );
  }
  if (passkey) {
    userVerification =
      passkeys?.userVerification ??
      (ctx.prod ? cognito.PasskeyUserVerification.REQUIRED : cognito.PasskeyUserVerification.PREFERRED);
    checkOneOf(
      'passkeys.userVerification',
      userVerification,
      Object.values(cognito.PasskeyUserVerification),
      'PasskeyUserVerification.REQUIRED or PREFERRED',
    );
    relyingPartyId = resolveRelyingPartyId(passkeys?.relyingPartyId, ctx);
    if (satisfiesMfa) {
      // Only user-verified passkeys satisfy MFA.
      // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_WebAuthnConfigurationType.html
      if (userVerification !== cognito.PasskeyUserVerification.REQUIRED) {
        throw new CognitoAuthError(
          'passkeys.satisfiesMfa',
          `is true but userVerification is ${show(userVerification)}; only user-verified passkeys satisfy MFA: use PasskeyUserVerification.REQUIRED`,
        );
      }
      checkPlan('passkeys.satisfiesMfa', ctx.plan, PLAN_GATES.passkeyMfa);
    } else if (ctx.mfaMode === cognito.Mfa.REQUIRED) {
      ctx.warnings.push({
        id: 'cdk-cognito-auth:passkey-required-mfa',
        message:
          'signInFactors.passkey is on, mfa.mode is REQUIRED and passkeys.satisfiesMfa is false: Cognito refuses passkey sign-in to users with MFA, which is every user; set passkeys.satisfiesMfa (with userVerification REQUIRED) or mfa.mode OPTIONAL',
      });
    }
  }

  // ---- code messages ----
  const m = messages ?? {};
  checkPlaceholders('signInCodeMessages.emailBody', m.emailBody, ['{####}']);
  checkLength(
    'signInCodeMessages.emailBody',
    m.emailBody,
    MESSAGE_LIMITS.emailBody.min,
    MESSAGE_LIMITS.emailBody.max,
  );
  checkLength(
    'signInCodeMessages.emailSubject',
    m.emailSubject,
    MESSAGE_LIMITS.emailSubject.min,
    MESSAGE_LIMITS.emailSubject.max,
  );
  checkPlaceholders('signInCodeMessages.smsMessage', m.smsMessage, ['{####}']);
  checkLength('signInCodeMessages.smsMessage', m.smsMessage, MESSAGE_LIMITS.sms.min, MESSAGE_LIMITS.sms.max);
  if ((m.emailBody !== undefined || m.emailSubject !== undefined) && !emailOtp && !ctx.emailMfa) {
    throw new CognitoAuthError(
      `signInCodeMessages.${m.emailBody !== undefined ? 'emailBody' : 'emailSubject'}`,
      'is set but neither signInFactors.emailOtp nor mfa.email is on; Cognito uses this e-mail only for sign-in and MFA codes',
    );
  }
  if (m.smsMessage !== undefined && !smsOtp && !ctx.smsMfa) {
    throw new CognitoAuthError(
      'signInCodeMessages.smsMessage',
      'is set but neither signInFactors.smsOtp nor mfa.sms is on; Cognito uses this SMS only for sign-in and MFA codes',
    );
  }
  if (m.smsMessage !== undefined && ctx.mfaSmsMessage !== undefined && m.smsMessage !== ctx.mfaSmsMessage) {
    throw new CognitoAuthError(
      'signInCodeMessages.smsMessage',
      `${show(m.smsMessage)} differs from mfa.smsMessage ${show(ctx.mfaSmsMessage)}; Cognito has one SMS text for sign-in and MFA codes, so give it once (signInCodeMessages.smsMessage)`,
    );
  }
  return {
    factors,
    emailOtp,
    smsOtp,
    passkey,
    relyingPartyId,
    userVerification,
    satisfiesMfa,
    smsMessage: m.smsMessage ?? ctx.mfaSmsMessage,
    emailSubject: m.emailSubject,
    emailBody: m.emailBody,
  };
}

/** The relying-party id: given (and checked against the domain), else the domain's host. */
function resolveRelyingPartyId(given: string | undefined, ctx: FirstFactorsContext): string {
  const prop = 'passkeys.relyingPartyId';
  if (given === undefined) {
    if (ctx.domainHost === undefined) {
      throw new CognitoAuthError(
        prop,
        'is missing; without a domain there is no default: give the host your app runs on, e.g. app.example.org',
      );
    }
    if (!isToken(ctx.domainHost)) {
      const problem = relyingPartyIdProblem(ctx.domainHost);
      if (problem) {
        throw new CognitoAuthError(
          prop,
          `defaults to the domain host ${show(ctx.domainHost)}, which ${problem}: use a shorter domain prefix or a custom domain, or give relyingPartyId`,
        );
      }
    }
    return ctx.domainHost;
  }
  if (isToken(given)) return given;
  if (typeof given !== 'string') throw new CognitoAuthError(prop, `${show(given)} is not a host name`);
  const problem = relyingPartyIdProblem(given);
  if (problem) throw new CognitoAuthError(prop, `${show(given)} ${problem}`);
  if (ctx.domainHost !== undefined && !isToken(ctx.domainHost)) {
    // "the passkey relying party ID must be the fully-qualified domain name of your custom domain"
    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_WebAuthnConfigurationType.html
    if (ctx.customDomain && given.toLowerCase() !== ctx.domainHost.toLowerCase()) {
      throw new CognitoAuthError(
        prop,
        `${show(given)} is not the custom domain ${show(ctx.domainHost)}; with a custom domain, Cognito needs the custom domain's name as relying-party id`,
      );
    }
    // Browsers accept a passkey only for pages whose host is the RP id or under it.
    // https://www.w3.org/TR/webauthn-2/#rp-id
    if (!ctx.customDomain && !relyingPartyCovers(given, ctx.domainHost)) {
      ctx.warnings.push({
        id: 'cdk-cognito-auth:passkey-relying-party',
        message: `passkeys.relyingPartyId ${show(given)} does not cover the managed login host ${show(ctx.domainHost)}: browsers refuse passkeys on managed login pages, so only apps on ${given} can use them; leave relyingPartyId unset to use the domain host`,
      });
    }
  }
  return given;
}

/**
 * Writes what aws-cdk-lib's UserPool has no prop for onto the pool's own L1: passkeys as MFA
 * (`WebAuthnFactorConfiguration`) and the e-mail of sign-in and MFA codes (`EmailAuthenticationMessage`,
 * `EmailAuthenticationSubject`).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-userpool.html
 */
export function applySignIn(pool: cognito.CfnUserPool, signIn: ResolvedFirstFactors): void {
  if (signIn.passkey) {
    pool.webAuthnFactorConfiguration = signIn.satisfiesMfa
      ? 'MULTI_FACTOR_WITH_USER_VERIFICATION'
      : 'SINGLE_FACTOR';
  }
  if (signIn.emailBody !== undefined) pool.emailAuthenticationMessage = signIn.emailBody;
  if (signIn.emailSubject !== undefined) pool.emailAuthenticationSubject = signIn.emailSubject;
}

/**
 * Soft problems that need every client: first factors no client can use, and factors the classic hosted UI
 * does not show.
 */
export function signInWarnings(
  signIn: ResolvedFirstFactors,
  userAuthByClient: Record<string, boolean>,
  managedLoginVersion: cognito.ManagedLoginVersion | undefined,
): Array<{ id: string; message: string }> {
  const extra = signIn.factors.filter((f) => f !== 'PASSWORD');
  if (extra.length === 0) return [];
  const warnings: Array<{ id: string; message: string }> = [];
  // Only clients with ALLOW_USER_AUTH offer the choice of first factor.
  // https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flows-selection-managedlogin.html
  if (!Object.values(userAuthByClient).some((on) => on)) {
    warnings.push({
      id: 'cdk-cognito-auth:passwordless-no-client',
      message: `signInFactors allows ${extra.join(', ')} but no client offers USER_AUTH (authFlows.user); nobody can use them`,
    });
  }
  // Passwordless and passkeys are not available in the classic hosted UI.
  // https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-managed-login.html
  if (managedLoginVersion === cognito.ManagedLoginVersion.CLASSIC_HOSTED_UI) {
    warnings.push({
      id: 'cdk-cognito-auth:passwordless-classic-hosted-ui',
      message: `signInFactors allows ${extra.join(', ')} but the domain uses the classic hosted UI, which offers neither one-time codes nor passkeys; apps must sign in through the SDKs, or use ManagedLoginVersion.NEWER_MANAGED_LOGIN`,
    });
  }
  return warnings;
}
