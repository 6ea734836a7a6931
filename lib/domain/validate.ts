import { Arn, ArnFormat, Stack, Token } from 'aws-cdk-lib';
import { CognitoAuthError, show } from '../errors';
import { checkName } from '../private/validate';
import { CUSTOM_DOMAIN, DOMAIN_PREFIX, RESERVED_DOMAIN_WORDS } from '../shared/names';
import { AuthDomain } from './auth-domain';

/**
 * The Region a custom domain's certificate must be in: Cognito serves custom domains through CloudFront,
 * which takes ACM certificates from US East (N. Virginia) only.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateUserPoolDomain.html
 */
export const CUSTOM_DOMAIN_CERTIFICATE_REGION = 'us-east-1';

/** Validates a Cognito prefix or custom domain. */
export function validateDomain(domain: AuthDomain): void {
  if (!(domain instanceof AuthDomain)) {
    throw new CognitoAuthError(
      'domain',
      `${show(domain)} is not allowed; use AuthDomain.cognitoPrefix(...) or AuthDomain.custom(...)`,
    );
  }
  if (domain.prefix !== undefined) {
    const prefix = domain.prefix;
    checkName('domain.prefix', prefix, DOMAIN_PREFIX);
    if (Token.isUnresolved(prefix)) return;
    const word = RESERVED_DOMAIN_WORDS.find((w) => prefix.includes(w));
    if (word) {
      throw new CognitoAuthError(
        'domain.prefix',
        `${show(prefix)} contains the reserved word "${word}"; Cognito refuses prefixes containing ${RESERVED_DOMAIN_WORDS.join(', ')}`,
      );
    }
    return;
  }
  const custom = domain.custom;
  if (!custom)
    throw new CognitoAuthError(
      'domain',
      'has neither a prefix nor a custom domain; use AuthDomain.cognitoPrefix or AuthDomain.custom',
    );
  checkName('domain.domainName', custom.domainName, CUSTOM_DOMAIN);
  if (!custom.certificate) {
    throw new CognitoAuthError(
      'domain.certificate',
      `is missing; a custom domain needs an ACM certificate in ${CUSTOM_DOMAIN_CERTIFICATE_REGION}`,
    );
  }
  const region = certificateRegion(custom.certificate);
  if (region !== undefined && region !== CUSTOM_DOMAIN_CERTIFICATE_REGION) {
    throw new CognitoAuthError(
      'domain.certificate',
      `is in ${region}; Cognito serves custom domains through CloudFront, which only takes ACM certificates from ${CUSTOM_DOMAIN_CERTIFICATE_REGION}. Create the certificate in a stack in ${CUSTOM_DOMAIN_CERTIFICATE_REGION} (with crossRegionReferences: true on both stacks) or import one by ARN (see docs/security.md#custom-domains)`,
    );
  }
  if (Token.isUnresolved(custom.domainName)) return;
  const zone = custom.hostedZone;
  if (zone && !Token.isUnresolved(zone.zoneName)) {
    const zoneName = zone.zoneName.replace(/\.$/, '');
    if (custom.domainName !== zoneName && !custom.domainName.endsWith(`.${zoneName}`)) {
      throw new CognitoAuthError(
        'domain.hostedZone',
        `${show(zoneName)} does not contain ${show(custom.domainName)}; use the zone the domain name belongs to`,
      );
    }
  }
}

/** The Region of a certificate when it is known at synth: from a literal ARN, else from its stack. */
function certificateRegion(certificate: {
  certificateArn: string;
  env?: { region: string };
}): string | undefined {
  const arn = certificate.certificateArn;
  if (typeof arn === 'string' && !Token.isUnresolved(arn)) {
    let region: string | undefined;
    try {
      region = Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME).region;
    } catch {
      throw new CognitoAuthError('domain.certificate', `${show(arn)} is not an ACM certificate ARN`);
    }
    return region && !Token.isUnresolved(region) ? region : undefined;
  }
  const region = certificate.env?.region;
  if (region && !Token.isUnresolved(region)) return region;
  return undefined;
}

/** The host name of a domain: `<prefix>.auth.<region>.amazoncognito.com` or the custom name. */
export function domainHost(scope: Stack, domain: AuthDomain): string {
  if (domain.prefix !== undefined) return `${domain.prefix}.auth.${scope.region}.amazoncognito.com`;
  return domain.custom!.domainName;
}
