import { CfnResource } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { field, list } from '../../private/cfn';
import { CognitoRule, resolve, stackResources } from '../rule';

const COGNITO_IDENTITY = 'cognito-identity.amazonaws.com';

/**
 * With principal tags on an identity pool, Cognito tags the session it opens: every role the pool hands out
 * must trust sts:TagSession beside sts:AssumeRoleWithWebIdentity, or getting credentials fails.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/using-afac-with-cognito-identity-pools.html
 */
export const principalTagsTagSession: CognitoRule = {
  id: 'PrincipalTagsTagSession',
  info: 'The role trusts an identity pool that has principal tags, but not sts:TagSession.',
  explanation:
    'An identity pool with principal tags (AWS::Cognito::IdentityPoolPrincipalTag) passes session tags when it assumes a role, which needs sts:TagSession in the role trust policy, in the same statement as sts:AssumeRoleWithWebIdentity for cognito-identity.amazonaws.com. Without it users get no credentials. Use AuthIdentityPool.authenticatedPrincipal() (or FederatedPrincipal(...).withSessionTags()).',
  level: NagMessageLevel.ERROR,
  check(node: CfnResource) {
    if (!(node instanceof iam.CfnRole)) return NagRuleCompliance.NOT_APPLICABLE;
    const tagged = new Set(
      stackResources(node, cognito.CfnIdentityPoolPrincipalTag).map((t) =>
        JSON.stringify(resolve(t, t.identityPoolId)),
      ),
    );
    if (tagged.size === 0) return NagRuleCompliance.NOT_APPLICABLE;
    const document = resolve(node, node.assumeRolePolicyDocument);
    const statements = list(field(document, 'Statement')).filter((s) => {
      if ((field(s, 'Effect') ?? 'Allow') !== 'Allow') return false;
      if (!list(field(field(s, 'Principal'), 'Federated')).includes(COGNITO_IDENTITY)) return false;
      const aud = Object.values((field(s, 'Condition') ?? {}) as Record<string, unknown>)
        .map((block) => field(block, `${COGNITO_IDENTITY}:aud`))
        .find((v) => v !== undefined);
      return list(aud).some((pool) => tagged.has(JSON.stringify(pool)));
    });
    if (statements.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
    return statements.every((s) => list(field(s, 'Action')).includes('sts:TagSession'))
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
};
