import type * as cognito from 'aws-cdk-lib/aws-cognito';

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
