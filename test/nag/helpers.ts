import { App, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoChecks, CognitoChecksProps } from '../../lib/nag';
import { tmpDir } from '../util';

/** A stack in an app writing under test/.tmp. */
export function stack(): Stack {
  return new Stack(new App({ outdir: tmpDir('nag-out') }), 'Checked', {
    env: { account: '123456789012', region: 'eu-west-1' },
  });
}

/** `<rule id> <construct path>` of every CognitoChecks finding in the stack. */
export function findings(scope: Stack, props: CognitoChecksProps = {}): string[] {
  const report = new CognitoChecks(undefined, props).validateScope(scope);
  return report.violations
    .flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`))
    .sort();
}

/** The findings of one rule: `CognitoChecks-<rule>` and `CognitoChecks-<rule>[...]`. */
export function findingsOf(scope: Stack, rule: string, props: CognitoChecksProps = {}): string[] {
  return findings(scope, props).filter(
    (f) => f.startsWith(`CognitoChecks-${rule} `) || f.startsWith(`CognitoChecks-${rule}[`),
  );
}

/** The severity the pack reports for a rule's findings. */
export function severityOf(scope: Stack, rule: string): string | undefined {
  const report = new CognitoChecks().validateScope(scope);
  return report.violations.find((v) => v.ruleName.startsWith(`CognitoChecks-${rule}`))?.severity;
}

/** A bare L1 user pool, as any CloudFormation author could write it. */
export function cfnPool(scope: Stack, id: string, props: cognito.CfnUserPoolProps = {}): cognito.CfnUserPool {
  return new cognito.CfnUserPool(scope, id, props);
}
