/**
 * Feature plans (UserPoolTier) and the features each one gates. Plan names are CloudFormation's
 * `UserPoolTier` values.
 *
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-sign-in-feature-plans.html
 */

/** The plans, cheapest first. CloudFormation's default `UserPoolTier` is ESSENTIALS. */
export const FEATURE_PLANS = ['LITE', 'ESSENTIALS', 'PLUS'] as const;

/** A feature plan name. */
export type FeaturePlanName = (typeof FEATURE_PLANS)[number];

/** A plan-gated feature: what it is called in messages and the cheapest plan that has it. */
export interface PlanGate {
  readonly feature: string;
  readonly minimum: FeaturePlanName;
}

/**
 * The gated features this library can configure.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-sign-in-feature-plans.html
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-settings-threat-protection.html
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_EmailMfaConfigType.html
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-managed-login.html ("In the Lite feature plan, the classic hosted UI is your only option")
 */
export const PLAN_GATES = {
  threatProtection: { feature: 'threat protection', minimum: 'PLUS' },
  logExport: { feature: 'user activity log export (threat protection logs)', minimum: 'PLUS' },
  passwordHistory: { feature: 'password history', minimum: 'ESSENTIALS' },
  emailMfa: { feature: 'e-mail MFA', minimum: 'ESSENTIALS' },
  accessTokenCustomization: {
    feature: 'access-token customization (pre token generation event V2_0 or V3_0)',
    minimum: 'ESSENTIALS',
  },
  newerManagedLogin: { feature: 'the newer managed login (managed login version 2)', minimum: 'ESSENTIALS' },
  passwordless: { feature: 'passwordless sign-in (choice-based first factors)', minimum: 'ESSENTIALS' },
  // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-ExplicitAuthFlows
  // ("ALLOW_USER_AUTH ... your user pool must be in the Essentials tier or higher")
  userAuthFlow: { feature: 'choice-based sign-in (the USER_AUTH flow)', minimum: 'ESSENTIALS' },
  // Not stated on the CloudFormation or API pages; the 2025-04 announcement names Essentials and Plus:
  // https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-refresh-token.html
  // https://peterhallen.com/blog/amazon-cognito-refresh-token-rotation.html
  refreshTokenRotation: { feature: 'refresh-token rotation', minimum: 'ESSENTIALS' },
  // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_WebAuthnConfigurationType.html
  passkeyMfa: {
    feature: 'passkeys that satisfy MFA (WebAuthnFactorConfiguration MULTI_FACTOR_WITH_USER_VERIFICATION)',
    minimum: 'ESSENTIALS',
  },
} as const satisfies Record<string, PlanGate>;

/** True when `plan` includes what `minimum` does. */
export function planAtLeast(plan: FeaturePlanName, minimum: FeaturePlanName): boolean {
  return FEATURE_PLANS.indexOf(plan) >= FEATURE_PLANS.indexOf(minimum);
}

/** The problem when `plan` lacks `gate`, or undefined. */
export function planProblem(plan: FeaturePlanName, gate: PlanGate): string | undefined {
  if (planAtLeast(plan, gate.minimum)) return undefined;
  const allowed = gate.minimum === 'PLUS' ? 'PLUS' : 'ESSENTIALS or PLUS';
  return `needs ${gate.feature}, which the ${plan} feature plan lacks; set featurePlan to ${allowed} or drop the setting`;
}
