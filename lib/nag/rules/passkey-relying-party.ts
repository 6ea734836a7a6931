import { CfnResource } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { field, list } from '../../private/cfn';
import { CognitoRule, resolve, resourcesOfPool } from '../rule';

/**
 * Passkeys need a relying-party id Cognito accepts: with a custom domain, "the passkey relying party ID must
 * be the fully-qualified domain name of your custom domain"; without a domain Cognito has no host to default to.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_WebAuthnConfigurationType.html
 */
export const passkeyRelyingParty: CognitoRule = {
  id: 'PasskeyRelyingParty',
  info: 'The user pool offers passkeys (WEB_AUTHN) with a relying-party id Cognito will not accept, or with none and no domain.',
  explanation:
    "With a custom domain, WebAuthnRelyingPartyID must be that domain's name; without WebAuthnRelyingPartyID Cognito uses the pool's domain, so a pool without a domain cannot offer passkeys. Set WebAuthnRelyingPartyID to the custom domain, or add a domain.",
  level: NagMessageLevel.ERROR,
  check(node: CfnResource) {
    if (!(node instanceof cognito.CfnUserPool)) return NagRuleCompliance.NOT_APPLICABLE;
    const factors = list(
      field(field(resolve(node, node.policies), 'signInPolicy'), 'allowedFirstAuthFactors'),
    );
    if (!factors.includes('WEB_AUTHN')) return NagRuleCompliance.NOT_APPLICABLE;
    const rpId = resolve(node, node.webAuthnRelyingPartyId);
    if (rpId !== undefined && typeof rpId !== 'string') return NagRuleCompliance.NOT_APPLICABLE;
    const domains = resourcesOfPool(node, cognito.CfnUserPoolDomain);
    if (domains.length === 0) return rpId === undefined ? ['no-domain'] : NagRuleCompliance.COMPLIANT;
    for (const domain of domains) {
      if (resolve(domain, domain.customDomainConfig) === undefined) continue;
      const name = resolve(domain, domain.domain);
      if (typeof name !== 'string') continue;
      if (rpId !== undefined && rpId.toLowerCase() !== name.toLowerCase()) return ['custom-domain'];
    }
    return NagRuleCompliance.COMPLIANT;
  },
};
