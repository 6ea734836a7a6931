import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { Duration } from 'aws-cdk-lib';
import { CognitoAuthError } from '../errors';
import { planAtLeast } from '../private/plan';
import { PROD_FLOOR } from '../private/profile-defaults';
import { checkInteger, checkPlan, isToken } from '../private/validate';
import { PLAN_GATES } from '../shared';
import type { SettingsContext } from './context';

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

/** The password policy of the pool. */
export interface PasswordProps {
  /** Password rules. @default - all four character classes; length and temporary validity per profile */
  readonly passwordPolicy?: PasswordPolicyOptions;
}

/** The password policy after defaults. */
export interface ResolvedPasswordPolicy {
  readonly minLength: number;
  readonly requireLowercase: boolean;
  readonly requireUppercase: boolean;
  readonly requireDigits: boolean;
  readonly requireSymbols: boolean;
  readonly tempPasswordValidity: Duration;
  readonly passwordHistorySize?: number;
}

/** Applies the profile's defaults to the password policy and validates it, the prod floor included. */
export function resolvePasswordPolicy(props: PasswordProps, ctx: SettingsContext): ResolvedPasswordPolicy {
  const given = props.passwordPolicy ?? {};
  checkInteger('passwordPolicy.minLength', given.minLength, 6, 99);
  const temp = given.tempPasswordValidity;
  if (temp !== undefined && !temp.isUnresolved()) {
    const days = temp.toDays({ integral: false });
    if (!Number.isInteger(days) || days < 1 || days > 365) {
      throw new CognitoAuthError(
        'passwordPolicy.tempPasswordValidity',
        `${temp.toHumanString()} is not allowed; use whole days from 1 to 365`,
      );
    }
  }
  checkInteger('passwordPolicy.passwordHistorySize', given.passwordHistorySize, 0, 24);
  const passwordHistorySize =
    given.passwordHistorySize ??
    (planAtLeast(ctx.featurePlan, cognito.FeaturePlan.ESSENTIALS)
      ? ctx.defaults.passwordHistorySize
      : undefined);
  if (given.passwordHistorySize !== undefined && given.passwordHistorySize > 0) {
    checkPlan('passwordPolicy.passwordHistorySize', ctx.plan, PLAN_GATES.passwordHistory);
  }
  const policy: ResolvedPasswordPolicy = {
    minLength: given.minLength ?? ctx.defaults.passwordMinLength,
    requireLowercase: given.requireLowercase ?? true,
    requireUppercase: given.requireUppercase ?? true,
    requireDigits: given.requireDigits ?? true,
    requireSymbols: given.requireSymbols ?? true,
    tempPasswordValidity: temp ?? ctx.defaults.tempPasswordValidity,
    passwordHistorySize,
  };
  if (ctx.prod) checkProdFloor(policy);
  return policy;
}

/** The prod profile never goes below its floor: 8 characters, four classes, temporary passwords at most 7 days. */
function checkProdFloor(policy: ResolvedPasswordPolicy): void {
  if (!isToken(policy.minLength) && policy.minLength < PROD_FLOOR.passwordMinLength) {
    throw new CognitoAuthError(
      'passwordPolicy.minLength',
      `${policy.minLength} is below the prod profile's floor; use at least ${PROD_FLOOR.passwordMinLength}`,
    );
  }
  for (const key of ['requireLowercase', 'requireUppercase', 'requireDigits', 'requireSymbols'] as const) {
    if (policy[key] === false) {
      throw new CognitoAuthError(
        `passwordPolicy.${key}`,
        'is false; the prod profile requires all four character classes (lower case, upper case, digits, symbols)',
      );
    }
  }
  const temp = policy.tempPasswordValidity;
  if (!temp.isUnresolved() && temp.toDays({ integral: false }) > PROD_FLOOR.tempPasswordValidityDays) {
    throw new CognitoAuthError(
      'passwordPolicy.tempPasswordValidity',
      `${temp.toHumanString()} is longer than the prod profile allows; use at most ${PROD_FLOOR.tempPasswordValidityDays} days`,
    );
  }
}
