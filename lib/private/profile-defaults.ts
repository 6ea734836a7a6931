import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AuthProfile } from '../profile';

/** The resolved defaults of a profile. */
export interface ProfileDefaults {
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
  readonly mfa: cognito.Mfa;
  readonly featurePlan: cognito.FeaturePlan;
  readonly standardThreatProtection?: cognito.StandardThreatProtectionMode;
  readonly customThreatProtection?: cognito.CustomThreatProtectionMode;
  readonly requireSesEmail: boolean;
  readonly passwordMinLength: number;
  readonly tempPasswordValidity: Duration;
  readonly passwordHistorySize?: number;
  readonly logRetention: logs.RetentionDays;
}

/** Defaults of each profile. */
export function profileDefaults(profile: AuthProfile): ProfileDefaults {
  if (profile === AuthProfile.PROD) {
    return {
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
      mfa: cognito.Mfa.REQUIRED,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtection: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      customThreatProtection: cognito.CustomThreatProtectionMode.FULL_FUNCTION,
      requireSesEmail: true,
      passwordMinLength: 12,
      tempPasswordValidity: Duration.days(3),
      passwordHistorySize: 5,
      logRetention: logs.RetentionDays.ONE_YEAR,
    };
  }
  return {
    removalPolicy: RemovalPolicy.DESTROY,
    deletionProtection: false,
    mfa: cognito.Mfa.OPTIONAL,
    featurePlan: cognito.FeaturePlan.ESSENTIALS,
    requireSesEmail: false,
    passwordMinLength: 8,
    tempPasswordValidity: Duration.days(7),
    logRetention: logs.RetentionDays.ONE_WEEK,
  };
}

/** What the prod profile never goes below, whatever the props say. */
export const PROD_FLOOR = {
  passwordMinLength: 8,
  tempPasswordValidityDays: 7,
} as const;
