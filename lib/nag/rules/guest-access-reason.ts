import { CfnResource } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { GUEST_ACCESS_REASON_METADATA } from '../../metadata';
import { CognitoRule, resolve } from '../rule';

/** An identity pool that gives guests AWS credentials must say why. */
export const guestAccessReason: CognitoRule = {
  id: 'GuestAccessReason',
  info: 'The identity pool allows guest (unauthenticated) identities without a stated reason.',
  explanation: `Guest access hands temporary AWS credentials to anyone on the internet. Turn it off, or state why it is needed in the resource's CloudFormation metadata "${GUEST_ACCESS_REASON_METADATA}" (CognitoAuth writes identityPool.guestAccessReason there) and keep the guest role's permissions minimal.`,
  level: NagMessageLevel.ERROR,
  check(node: CfnResource) {
    if (!(node instanceof cognito.CfnIdentityPool)) return NagRuleCompliance.NOT_APPLICABLE;
    if (resolve(node, node.allowUnauthenticatedIdentities) !== true) return NagRuleCompliance.COMPLIANT;
    const reason = node.getMetadata(GUEST_ACCESS_REASON_METADATA) as unknown;
    return typeof reason === 'string' && reason.trim().length > 0
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
};
