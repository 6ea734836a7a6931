import { CfnDeletionPolicy, CfnResource } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { CognitoRule, resolve } from '../rule';

/** A production pool must survive an accidental delete or replacement. */
export const deletionProtection: CognitoRule = {
  id: 'DeletionProtection',
  info: 'The production user pool can be deleted: deletion protection is off, or its DeletionPolicy or UpdateReplacePolicy is not Retain.',
  explanation:
    'A deleted user pool cannot be restored: every user, password, MFA enrolment and group membership is gone. Set DeletionProtection to ACTIVE and both DeletionPolicy and UpdateReplacePolicy to Retain (RemovalPolicy.RETAIN).',
  level: NagMessageLevel.ERROR,
  check(node: CfnResource, context) {
    if (!(node instanceof cognito.CfnUserPool)) return NagRuleCompliance.NOT_APPLICABLE;
    if (!context.isProduction(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const findings: string[] = [];
    if (resolve(node, node.deletionProtection) !== 'ACTIVE') findings.push('DeletionProtection');
    if (node.cfnOptions.deletionPolicy !== CfnDeletionPolicy.RETAIN) findings.push('DeletionPolicy');
    if (node.cfnOptions.updateReplacePolicy !== CfnDeletionPolicy.RETAIN)
      findings.push('UpdateReplacePolicy');
    return findings.length > 0 ? findings : NagRuleCompliance.COMPLIANT;
  },
};
