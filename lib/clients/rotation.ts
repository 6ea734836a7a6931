import { Duration } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoAuthError } from '../errors';
import { show } from '../private/show';
import { checkPlan, isToken } from '../private/validate';
import { PLAN_GATES, ROTATION_GRACE_PERIOD_SECONDS } from '../shared';
import { AppClientKind } from './app-client';

/**
 * Checks `refreshTokenRotationGracePeriod` of a client and returns it for aws-cdk-lib, which then writes
 * `RefreshTokenRotation { Feature: ENABLED, RetryGracePeriodSeconds }` and leaves ALLOW_REFRESH_TOKEN_AUTH out
 * of the client's flows (a rotating client refuses REFRESH_TOKEN_AUTH: refreshes go through
 * GetTokensFromRefreshToken).
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RefreshTokenRotationType.html
 */
export function resolveRotation(
  prop: string,
  gracePeriod: Duration | undefined,
  kind: AppClientKind,
  authFlows: cognito.AuthFlow,
  plan: string,
): Duration | undefined {
  if (gracePeriod === undefined) return undefined;
  const p = `${prop}.refreshTokenRotationGracePeriod`;
  if (!(gracePeriod instanceof Duration)) {
    throw new CognitoAuthError(p, `${show(gracePeriod)} is not a Duration; use Duration.seconds(0 to 60)`);
  }
  if (kind === AppClientKind.MACHINE) {
    throw new CognitoAuthError(
      p,
      'is set on a machine client; the client credentials grant issues no refresh tokens, so there is nothing to rotate',
    );
  }
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cognito-userpoolclient-refreshtokenrotation.html
  if (!isToken(gracePeriod)) {
    const seconds = gracePeriod.toMilliseconds() / 1000;
    const { min, max } = ROTATION_GRACE_PERIOD_SECONDS;
    if (!Number.isInteger(seconds) || seconds < min || seconds > max) {
      throw new CognitoAuthError(
        p,
        `${seconds} seconds is not allowed; use whole seconds from ${min} to ${max}`,
      );
    }
  }
  checkPlan(p, plan, PLAN_GATES.refreshTokenRotation);
  // Without any flow the client gets Cognito's default flows, which include ALLOW_REFRESH_TOKEN_AUTH.
  // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-ExplicitAuthFlows
  const anyFlow = Object.values(authFlows).some((on) => on === true);
  if (!anyFlow) {
    throw new CognitoAuthError(
      `${prop}.authFlows`,
      `${show(authFlows)} turns no flow on, which leaves Cognito's default flows (they include ALLOW_REFRESH_TOKEN_AUTH, which a rotating client refuses); turn at least one flow on, e.g. { userSrp: true }`,
    );
  }
  return gracePeriod;
}

/** The grace period in whole seconds, as written to the template; undefined for a token. */
export function gracePeriodSeconds(gracePeriod: Duration): number | undefined {
  return gracePeriod.isUnresolved() ? undefined : gracePeriod.toSeconds();
}
