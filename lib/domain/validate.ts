import { Stack, Token } from 'aws-cdk-lib';
import { CognitoAuthError, show } from '../errors';
import { AuthDomain } from './auth-domain';

/** Words Cognito refuses in a prefix domain. */
export const RESERVED_DOMAIN_WORDS = ['aws', 'amazon', 'cognito'];

/** Validates a Cognito prefix or custom domain. */
export function validateDomain(domain: AuthDomain): void {
  if (domain.prefix !== undefined) {
    const prefix = domain.prefix;
    if (Token.isUnresolved(prefix)) return;
    if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(prefix)) {
      throw new CognitoAuthError(
        'domain.prefix',
        `${show(prefix)} is not allowed; use 1 to 63 lower-case letters, digits and hyphens, not starting or ending with a hyphen`,
      );
    }
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
  if (Token.isUnresolved(custom.domainName)) return;
  if (!/^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(custom.domainName)) {
    throw new CognitoAuthError(
      'domain.domainName',
      `${show(custom.domainName)} is not a fully qualified lower-case domain name such as auth.example.org`,
    );
  }
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

/** The host name of a domain: `<prefix>.auth.<region>.amazoncognito.com` or the custom name. */
export function domainHost(scope: Stack, domain: AuthDomain): string {
  if (domain.prefix !== undefined) return `${domain.prefix}.auth.${scope.region}.amazoncognito.com`;
  return domain.custom!.domainName;
}
