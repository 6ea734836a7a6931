import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoAuthError } from '../errors';
import { checkOneOf } from '../private/validate';
import type { ResolvedMfa } from './mfa';
import type { ResolvedSignIn } from './sign-in';

/**
 * How users recover their account.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/how-to-recover-a-user-account.html
 */
export interface RecoveryProps {
  /** How users recover their account. @default - e-mail only when e-mail is a sign-in option, else phone without MFA and e-mail */
  readonly accountRecovery?: cognito.AccountRecovery;
}

/** Recovery settings that send codes by SMS (and so need the SMS configuration). */
const PHONE_RECOVERY: readonly cognito.AccountRecovery[] = [
  cognito.AccountRecovery.EMAIL_AND_PHONE_WITHOUT_MFA,
  cognito.AccountRecovery.PHONE_WITHOUT_MFA_AND_EMAIL,
  cognito.AccountRecovery.PHONE_ONLY_WITHOUT_MFA,
  cognito.AccountRecovery.PHONE_AND_EMAIL,
];

/** The recovery setting after defaults, checked against e-mail MFA. */
export function resolveAccountRecovery(
  props: RecoveryProps,
  signIn: ResolvedSignIn,
  mfa: ResolvedMfa,
): cognito.AccountRecovery {
  const recovery =
    props.accountRecovery ??
    (signIn.signInAliases.email || signIn.autoVerify.email
      ? cognito.AccountRecovery.EMAIL_ONLY
      : cognito.AccountRecovery.PHONE_WITHOUT_MFA_AND_EMAIL);
  checkOneOf(
    'accountRecovery',
    recovery,
    Object.values(cognito.AccountRecovery).filter((v) => typeof v === 'number'),
    'a member of AccountRecovery',
  );
  // "Email MFA is also disqualifying for account recovery with email": a user with e-mail MFA on could not
  // recover an account whose only recovery channel is e-mail.
  // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPool.html#CognitoUserPools-CreateUserPool-request-AccountRecoverySetting
  if (mfa.factors.email && mfa.mode !== cognito.Mfa.OFF && recovery === cognito.AccountRecovery.EMAIL_ONLY) {
    throw new CognitoAuthError(
      'accountRecovery',
      `is EMAIL_ONLY${props.accountRecovery === undefined ? ' (the default for e-mail sign-in)' : ''} but mfa.email is on; Cognito does not let a user with e-mail MFA recover by e-mail, so those users could not recover at all. Set accountRecovery to EMAIL_AND_PHONE_WITHOUT_MFA or PHONE_WITHOUT_MFA_AND_EMAIL (recovery by SMS), or NONE (administrators reset passwords), or turn mfa.email off`,
    );
  }
  return recovery;
}

/** True when the recovery setting sends codes by SMS. */
export function recoverySendsSms(recovery: cognito.AccountRecovery): boolean {
  return PHONE_RECOVERY.includes(recovery);
}
