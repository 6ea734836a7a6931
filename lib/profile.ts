/**
 * A set of defaults for a kind of environment. Every default can be overridden by a prop; the prod
 * profile also refuses props that would weaken its security floor (see the profile table in the README).
 */
export enum AuthProfile {
  /**
   * Cheap and quick to tear down, still secure: DESTROY on delete, no deletion protection, optional
   * TOTP MFA, Essentials plan (no threat protection), Cognito's default email sender allowed.
   */
  DEV = 'dev',
  /**
   * Production: RETAIN on delete and replace, deletion protection, MFA required, Plus plan with threat
   * protection enforced for standard and custom authentication, SES email required, strong passwords.
   */
  PROD = 'prod',
}
