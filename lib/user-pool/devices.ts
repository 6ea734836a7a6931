import type * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoAuthError } from '../errors';
import { show } from '../private/show';

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

/** Remembered devices of the pool. */
export interface DeviceProps {
  /** Device tracking. @default - devices are not tracked */
  readonly deviceTracking?: DeviceTrackingOptions;
}

/** aws-cdk-lib's device tracking of the props: none unless devices are remembered. */
export function resolveDeviceTracking(props: DeviceProps): cognito.DeviceTracking | undefined {
  const tracking = props.deviceTracking;
  if (!tracking || tracking.remember === DeviceRemembering.NEVER) return undefined;
  if (!Object.values(DeviceRemembering).includes(tracking.remember)) {
    throw new CognitoAuthError(
      'deviceTracking.remember',
      `${show(tracking.remember)} is not allowed; use DeviceRemembering.ALWAYS, USER_OPT_IN or NEVER`,
    );
  }
  return {
    challengeRequiredOnNewDevice: tracking.skipMfaOnRememberedDevices ?? false,
    deviceOnlyRememberedOnUserPrompt: tracking.remember === DeviceRemembering.USER_OPT_IN,
  };
}
