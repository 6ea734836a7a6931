import type { AuthOutputs, CognitoAuthOutputs } from '../client-config';
import type { ResolvedFirstFactors } from '../user-pool/sign-in';

/**
 * `auth.passwordless` of Amplify outputs schema 1.4, which Amplify JS reads into
 * `Auth.Cognito.passwordless`: only when the default client offers USER_AUTH and the pool a first factor
 * besides the password.
 */
export function passwordlessOutputs(
  signIn: ResolvedFirstFactors,
  defaultClientOffersUserAuth: boolean,
): Pick<AuthOutputs, 'passwordless'> {
  if (signIn.factors.length < 2 || !defaultClientOffersUserAuth) return {};
  return {
    passwordless: {
      email_otp_enabled: signIn.emailOtp,
      sms_otp_enabled: signIn.smsOtp,
      ...(signIn.passkey && signIn.relyingPartyId !== undefined
        ? {
            web_authn: {
              relying_party_id: signIn.relyingPartyId,
              user_verification: userVerificationName(signIn),
            },
          }
        : {}),
    },
  };
}

/** `custom.cognito_auth.sign_in_factors` and `passkeys`. */
export function signInFactorOutputs(
  signIn: ResolvedFirstFactors,
): Pick<CognitoAuthOutputs, 'sign_in_factors' | 'passkeys'> {
  return {
    sign_in_factors: [...signIn.factors],
    ...(signIn.passkey && signIn.relyingPartyId !== undefined
      ? {
          passkeys: {
            relying_party_id: signIn.relyingPartyId,
            user_verification: userVerificationName(signIn),
            satisfies_mfa: signIn.satisfiesMfa,
          },
        }
      : {}),
  };
}

function userVerificationName(signIn: ResolvedFirstFactors): 'required' | 'preferred' {
  return String(signIn.userVerification ?? 'preferred') === 'required' ? 'required' : 'preferred';
}
