import type { Duration } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { AdaptiveAuthenticationOptions, CompromisedCredentialsOptions } from './risk-options';

/**
 * Password rules.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-policies.html
 */
export interface PasswordPolicyOptions {
  /** Minimum length, 6 to 99 (the prod profile refuses less than 8). @default - dev 8, prod 12 */
  readonly minLength?: number;
  /** Require a lower-case letter. @default true */
  readonly requireLowercase?: boolean;
  /** Require an upper-case letter. @default true */
  readonly requireUppercase?: boolean;
  /** Require a digit. @default true */
  readonly requireDigits?: boolean;
  /** Require a symbol. @default true */
  readonly requireSymbols?: boolean;
  /**
   * How long a temporary password from an administrator stays valid, in whole days, at most 365 (the
   * prod profile refuses more than 7).
   * @default - dev 7 days, prod 3 days
   */
  readonly tempPasswordValidity?: Duration;
  /**
   * Number of previous passwords a user may not reuse, 0 to 24. Needs the Essentials or Plus plan.
   * @default - dev none, prod 5
   */
  readonly passwordHistorySize?: number;
}

/**
 * Multi-factor authentication.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html
 */
export interface MfaOptions {
  /** Off, optional (users choose) or required. @default - dev OPTIONAL, prod REQUIRED */
  readonly mode?: cognito.Mfa;
  /** Authenticator apps (TOTP). @default true */
  readonly totp?: boolean;
  /** Codes by SMS. Creates the SMS role. @default false */
  readonly sms?: boolean;
  /** Codes by e-mail. Needs SES e-mail and the Essentials or Plus plan. @default false */
  readonly email?: boolean;
  /**
   * SMS text of MFA codes (and SMS sign-in codes); must contain `{####}`.
   * @deprecated use `signInCodeMessages.smsMessage`, the same setting (SmsAuthenticationMessage)
   * @default - Cognito's text
   */
  readonly smsMessage?: string;
}

/** Sending SMS through Amazon SNS. */
export interface SmsOptions {
  /**
   * External id that Cognito passes when it assumes `role` (its trust policy should require it).
   * Only with `role`: the role created otherwise carries an external id unique to the pool.
   * @default - none
   */
  readonly externalId?: string;
  /** Region of SNS. @default - the stack's region */
  readonly snsRegion?: string;
  /** Bring your own SMS role. @default - a role is created when SMS is used */
  readonly role?: iam.IRole;
}

/** When a user's devices are remembered. */
export enum DeviceRemembering {
  /** Every device a user signs in from is remembered. */
  ALWAYS = 'always',
  /** Devices are remembered only when the user (through the app) asks for it. */
  USER_OPT_IN = 'userOptIn',
  /** Devices are not tracked. */
  NEVER = 'never',
}

/**
 * Device tracking.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-device-tracking.html
 */
export interface DeviceTrackingOptions {
  /** When devices are remembered. */
  readonly remember: DeviceRemembering;
  /**
   * Let a remembered device sign in with device authentication instead of an MFA code.
   * @default false
   */
  readonly skipMfaOnRememberedDevices?: boolean;
}

/**
 * Threat protection (formerly advanced security). Needs the Plus plan.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-settings-threat-protection.html
 */
export interface ThreatProtectionOptions {
  /** For standard (password, SRP) authentication. @default - prod FULL_FUNCTION, dev none */
  readonly standard?: cognito.StandardThreatProtectionMode;
  /** For custom authentication (custom challenge triggers). @default - prod FULL_FUNCTION, dev none */
  readonly custom?: cognito.CustomThreatProtectionMode;
  /**
   * What happens when a user's password appears in a breach. Full-function mode only.
   * @default - prod: block on every event; otherwise Cognito's default (no risk configuration)
   */
  readonly compromisedCredentials?: CompromisedCredentialsOptions;
  /**
   * Actions per assessed risk level. Full-function mode only.
   * @default - prod: low allow; medium MFA if configured; high MFA required; notify on medium and high (with SES e-mail); otherwise none
   */
  readonly adaptiveAuthentication?: AdaptiveAuthenticationOptions;
  /** CIDR ranges that are never assessed (always allowed), at most 200. @default - none */
  readonly alwaysAllowIpRanges?: string[];
  /** CIDR ranges that are always blocked, at most 200. @default - none */
  readonly alwaysBlockIpRanges?: string[];
}

/** Stack outputs. */
export interface OutputsOptions {
  /** Emit CfnOutputs. @default true */
  readonly enabled?: boolean;
  /**
   * Prefix of the outputs' logical ids: letters and digits only (CloudFormation's output ids are
   * alphanumeric).
   * @default - none for the first `CognitoAuth` of a stack (`UserPoolId`, `ClientConfiguration`, ...); the
   * construct id in PascalCase for each later one, so that several in one stack never collide
   */
  readonly prefix?: string;
  /**
   * One output per app client (`Client<Name>Id`) and per group role (`Group<Name>RoleArn`) besides the
   * aggregated `ClientIds` and `GroupRoleArns` JSON outputs. CloudFormation allows 200 outputs per stack,
   * so per-item outputs limit how many clients and groups a stack can hold; the aggregated outputs and
   * `ClientConfiguration` carry every id either way.
   * @default false
   */
  readonly perItem?: boolean;
  /** Export the outputs under `<exportPrefix><OutputName>` for other stacks. @default - not exported */
  readonly exportPrefix?: string;
}
