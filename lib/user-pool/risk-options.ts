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
  /** Sender address, verified in SES. @default - the SES identity of `email` */
  readonly from?: string;
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
