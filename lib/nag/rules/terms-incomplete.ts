import { CfnResource } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { TERMS_DOCUMENTS } from '../../shared/terms';
import { CognitoRule, resolve, stackResources } from '../rule';

/**
 * "You must provide both types of terms documents in at least one language before Amazon Cognito displays
 * your terms documents."
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-terms.html
 */
export const termsIncomplete: CognitoRule = {
  id: 'TermsIncomplete',
  info: 'The app client has only one of the two terms documents (terms-of-use, privacy-policy), so managed login shows neither.',
  explanation:
    'Managed login displays terms only when both a terms-of-use and a privacy-policy document exist for the client. Add the missing Terms resource or remove the other.',
  level: NagMessageLevel.WARN,
  check(node: CfnResource) {
    if (!(node instanceof cognito.CfnTerms)) return NagRuleCompliance.NOT_APPLICABLE;
    const name = resolve(node, node.termsName);
    const names: string[] = Object.values(TERMS_DOCUMENTS);
    if (typeof name !== 'string' || !names.includes(name)) return NagRuleCompliance.NOT_APPLICABLE;
    const other = names.find((n) => n !== name);
    const target = JSON.stringify([resolve(node, node.userPoolId), resolve(node, node.clientId) ?? null]);
    const found = stackResources(node, cognito.CfnTerms).some(
      (t) =>
        resolve(t, t.termsName) === other &&
        JSON.stringify([resolve(t, t.userPoolId), resolve(t, t.clientId) ?? null]) === target,
    );
    return found ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
