import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoAuthError } from '../errors';
import { show } from '../private/show';
import { checkLength, checkOneOf, checkPlaceholders, isToken } from '../private/validate';
import { MESSAGE_LIMITS } from '../shared';
import type { SettingsContext } from './context';
import { AuthEmail } from './email';

/**
 * How the pool sends e-mail, and the verification and invitation messages it sends.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-settings-message-customizations.html
 */
export interface MessagesProps {
  /** E-mail sender. @default - dev AuthEmail.cognito(); prod requires AuthEmail.ses(...) */
  readonly email?: AuthEmail;
  /** Verification messages (code or link). @default - Cognito's texts, by code */
  readonly userVerification?: cognito.UserVerificationConfig;
  /** Invitation messages of admin-created users. @default - Cognito's texts */
  readonly userInvitation?: cognito.UserInvitationConfig;
}

/** The e-mail sender after defaults; the prod profile demands SES (or a custom e-mail sender trigger). */
export function resolveEmail(props: MessagesProps, ctx: SettingsContext): AuthEmail {
  const email = props.email ?? AuthEmail.cognito();
  if (!(email instanceof AuthEmail)) {
    throw new CognitoAuthError(
      'email',
      `${show(email)} is not allowed; use AuthEmail.cognito() or AuthEmail.ses({...})`,
    );
  }
  if (ctx.prod && ctx.defaults.requireSesEmail && !email.isSes && !ctx.customEmailSender) {
    throw new CognitoAuthError(
      'email',
      `is ${props.email ? "Cognito's default sender" : 'not set'}; the prod profile requires AuthEmail.ses(...) because Cognito's default sender is limited to 50 e-mails a day (or a triggers.customEmailSender that sends every e-mail)`,
    );
  }
  return email;
}

/** Checks the verification and invitation messages: placeholders, lengths, a domain for link verification. */
export function validateMessages(props: MessagesProps, ctx: SettingsContext): void {
  validateVerification(props.userVerification ?? {}, ctx);
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
}

/** True when a message prop makes Cognito send an SMS (and so needs the SMS configuration). */
export function messagesSendSms(props: MessagesProps): boolean {
  return props.userInvitation?.smsMessage !== undefined || props.userVerification?.smsMessage !== undefined;
}

function validateVerification(verification: cognito.UserVerificationConfig, ctx: SettingsContext): void {
  const style = verification.emailStyle ?? cognito.VerificationEmailStyle.CODE;
  checkOneOf(
    'userVerification.emailStyle',
    style,
    Object.values(cognito.VerificationEmailStyle),
    'VerificationEmailStyle.CODE or LINK',
  );
  // The verification link points to the pool's domain (/confirmUser): without a domain it leads nowhere.
  // https://docs.aws.amazon.com/cognito/latest/developerguide/hosted-UI-endpoints.html
  if (style === cognito.VerificationEmailStyle.LINK && !ctx.hasDomain) {
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
}
