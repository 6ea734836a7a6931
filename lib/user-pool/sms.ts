import type * as iam from 'aws-cdk-lib/aws-iam';
import { CognitoAuthError } from '../errors';
import { checkLength } from '../private/validate';
import type { SettingsContext } from './context';

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

/**
 * How the pool sends SMS. Used only when a feature sends SMS: phone sign-in or verification, SMS MFA,
 * recovery by phone, SMS messages.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SmsConfigurationType.html
 */
export interface SmsProps {
  /** SMS sending (role, external id). Used only when a feature needs SMS. @default - a role when SMS is used */
  readonly sms?: SmsOptions;
}

/**
 * Validates the SMS configuration. `used` says whether any feature sends SMS: every such setting needs the
 * SMS configuration, and a configuration no feature uses is ignored with a warning.
 */
export function validateSms(props: SmsProps, used: boolean, ctx: SettingsContext): void {
  if (props.sms?.externalId !== undefined) {
    if (!props.sms.role) {
      throw new CognitoAuthError(
        'sms.externalId',
        'is given without sms.role; the role created for SMS already carries an external id unique to this pool, so give externalId only with your own role',
      );
    }
    checkLength('sms.externalId', props.sms.externalId, 2, 1224);
  }
  if (props.sms && !used) {
    ctx.warn(
      'cdk-cognito-auth:sms-unused',
      'sms is configured but no feature sends SMS (phone sign-in, phone verification, SMS MFA, phone recovery or SMS messages); it is ignored',
    );
  }
}
