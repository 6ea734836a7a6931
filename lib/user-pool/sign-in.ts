import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoAuthError, show } from '../errors';
import { checkLength, checkOneOf, checkPlaceholders, checkPlan, isToken } from '../private/validate';
import {
  FirstAuthFactor,
  MESSAGE_LIMITS,
  PLAN_GATES,
  relyingPartyCovers,
  relyingPartyIdProblem,
} from '../shared';
import type { AuthEmail } from './email';
import { PasskeyOptions, SignInCodeMessages, SignInFactors } from './sign-in-options';

/** The sign-in settings after defaults and validation. */
export interface ResolvedSignIn {
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

/** What resolving sign-in needs from the rest of the pool. */
export interface SignInContext {
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
export function resolveSignIn(
  given: SignInFactors | undefined,
  passkeys: PasskeyOptions | undefined,
  messages: SignInCodeMessages | undefined,
  ctx: SignInContext,
): ResolvedSignIn {
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
function resolveRelyingPartyId(given: string | undefined, ctx: SignInContext): string {
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
export function applySignIn(pool: cognito.CfnUserPool, signIn: ResolvedSignIn): void {
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
  signIn: ResolvedSignIn,
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
