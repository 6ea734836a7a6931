import { CfnResource } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { NagPack, NagPackProps } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { CognitoRule, RuleContext, stageOf } from './rule';
import { caseSensitiveSignIn } from './rules/case-sensitive-sign-in';
import { defaultEmailSender } from './rules/default-email-sender';
import { deletionProtection } from './rules/deletion-protection';
import { featurePlan } from './rules/feature-plan';
import { groupPrecedence } from './rules/group-precedence';
import { guestAccessReason } from './rules/guest-access-reason';
import { identityPoolRoleMappingLimits } from './rules/identity-pool-role-mapping-limits';
import { identityRoleTrust } from './rules/identity-role-trust';
import { immutableMappedAttribute } from './rules/immutable-mapped-attribute';
import { implicitGrant } from './rules/implicit-grant';
import { principalTagsTagSession } from './rules/principal-tags-tag-session';
import { providerSecretPlainText } from './rules/provider-secret-plain-text';
import { redirectUrls } from './rules/redirect-urls';
import { unreadableCustomAttribute } from './rules/unreadable-custom-attribute';
import { userWritableClaim } from './rules/user-writable-claim';
import { refreshTokenRotationFlow } from './rules/refresh-token-rotation-flow';
import { passwordlessWithRequiredMfa } from './rules/passwordless-with-required-mfa';
import { emailOtpWithoutSes } from './rules/email-otp-without-ses';
import { passkeyRelyingParty } from './rules/passkey-relying-party';
import { riskWithoutThreatProtection } from './rules/risk-without-threat-protection';
import { duplicateAttachment } from './rules/duplicate-attachment';
import { propagateUserContextDataWithoutSecret } from './rules/propagate-user-context-data';
import { termsIncomplete } from './rules/terms-incomplete';
import { logDelivery } from './rules/log-delivery';
import { passwordlessWithoutUserAuth } from './rules/passwordless-without-user-auth';

/** The rules of the pack, in the order they run. */
export const COGNITO_RULES: readonly CognitoRule[] = [
  identityRoleTrust,
  providerSecretPlainText,
  defaultEmailSender,
  implicitGrant,
  redirectUrls,
  guestAccessReason,
  caseSensitiveSignIn,
  deletionProtection,
  groupPrecedence,
  unreadableCustomAttribute,
  immutableMappedAttribute,
  featurePlan,
  userWritableClaim,
  identityPoolRoleMappingLimits,
  principalTagsTagSession,
  refreshTokenRotationFlow,
  passwordlessWithRequiredMfa,
  emailOtpWithoutSes,
  passkeyRelyingParty,
  riskWithoutThreatProtection,
  duplicateAttachment,
  propagateUserContextDataWithoutSecret,
  termsIncomplete,
  logDelivery,
  passwordlessWithoutUserAuth,
];

/** Props of `CognitoChecks`. */
export interface CognitoChecksProps extends NagPackProps {
  /**
   * Values of a pool's `cognito-auth:stage` tag that mark it as production (compared case-insensitively).
   * Production-only rules: DefaultEmailSender, DeletionProtection.
   * @default ['prod', 'production']
   */
  readonly productionStages?: string[];
  /**
   * Treat pools without a `cognito-auth:stage` tag as production.
   * @default true
   */
  readonly untaggedIsProduction?: boolean;
}

/**
 * A cdk-nag rule pack for Amazon Cognito, beside cdk-nag's own packs. It checks the CloudFormation of any
 * pool, not only those made by `CognitoAuth`. Findings are reported as `CognitoChecks-<rule>`, or
 * `CognitoChecks-<rule>[<finding>]` when a rule names what it found; acknowledge one with
 * `Validations.of(construct).acknowledge({ id, reason })`.
 *
 * ```ts
 * import { CognitoChecks } from 'cdk-cognito-auth/nag';
 * Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new CognitoChecks(app));
 * ```
 */
export class CognitoChecks extends NagPack {
  /** Name of the validation plugin. */
  public readonly name = 'CognitoChecks';
  /** Ids of the rules. */
  public override readonly ruleIds = COGNITO_RULES.map((r) => `CognitoChecks-${r.id}`);

  private readonly context: RuleContext;

  constructor(scope?: IConstruct, props: CognitoChecksProps = {}) {
    super(scope, props);
    this.packName = 'CognitoChecks';
    const stages = (props.productionStages ?? ['prod', 'production']).map((s) => s.toLowerCase());
    const untagged = props.untaggedIsProduction ?? true;
    this.context = {
      isProduction: (pool: cognito.CfnUserPool) => {
        const stage = stageOf(pool);
        return stage === undefined ? untagged : stages.includes(stage.toLowerCase());
      },
    };
  }

  protected checkResource(node: CfnResource): void {
    for (const rule of COGNITO_RULES) {
      this.applyRule({
        ruleSuffixOverride: rule.id,
        info: rule.info,
        explanation: rule.explanation,
        level: rule.level,
        node,
        rule: (resource: CfnResource) => rule.check(resource, this.context),
      });
    }
  }
}
