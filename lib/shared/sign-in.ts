/**
 * Choice-based sign-in (first factors, passkeys) and refresh-token rotation: Cognito's and CloudFormation's
 * rules, each with the page it comes from. Pure code, no aws-cdk-lib import.
 */

/**
 * First factors CloudFormation takes in `Policies.SignInPolicy.AllowedFirstAuthFactors` (1 to 4 items).
 * PASSWORD always stays on: aws-cdk-lib refuses to drop it, so does this library.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cognito-userpool-signinpolicy.html
 */
export const FIRST_AUTH_FACTORS = ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'] as const;

/** A first factor name. */
export type FirstAuthFactor = (typeof FIRST_AUTH_FACTORS)[number];

/**
 * `WebAuthnRelyingPartyID`: 1 to 63 characters in the CloudFormation registry schema (the API allows 127;
 * the stricter wins, since CloudFormation validates first).
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_WebAuthnConfigurationType.html
 */
export const RELYING_PARTY_ID_LIMITS = { min: 1, max: 63 } as const;

/**
 * A WebAuthn relying-party id is a bare domain name: no scheme, port or path. Labels of letters, digits and
 * hyphens (not at either end), separated by dots.
 * @see https://www.w3.org/TR/webauthn-2/#rp-id
 */
const HOST =
  /^(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** The problem with a relying-party id, or undefined. */
export function relyingPartyIdProblem(id: string): string | undefined {
  if (id.length < RELYING_PARTY_ID_LIMITS.min || id.length > RELYING_PARTY_ID_LIMITS.max) {
    return `has ${id.length} characters; CloudFormation allows ${RELYING_PARTY_ID_LIMITS.min} to ${RELYING_PARTY_ID_LIMITS.max}`;
  }
  if (!HOST.test(id)) {
    return 'is not a host name; give a bare host such as auth.example.org (no scheme, port or path)';
  }
  return undefined;
}

/**
 * True when `rpId` may serve pages of `host`: equal to it, or a parent domain of it (a registrable suffix;
 * public suffixes are not checked here).
 * @see https://www.w3.org/TR/webauthn-2/#rp-id
 */
export function relyingPartyCovers(rpId: string, host: string): boolean {
  const a = rpId.toLowerCase();
  const b = host.toLowerCase();
  return a === b || b.endsWith(`.${a}`);
}

/**
 * Refresh-token rotation: the grace period in which the old refresh token still works, whole seconds from
 * 0 to 60 (CloudFormation schema: integer, minimum 0, maximum 60).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cognito-userpoolclient-refreshtokenrotation.html
 */
export const ROTATION_GRACE_PERIOD_SECONDS = { min: 0, max: 60 } as const;

/**
 * Cognito's explicit auth flows when a client lists none (`ExplicitAuthFlows` absent or empty).
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-ExplicitAuthFlows
 */
export const DEFAULT_EXPLICIT_AUTH_FLOWS = [
  'ALLOW_REFRESH_TOKEN_AUTH',
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_CUSTOM_AUTH',
] as const;
