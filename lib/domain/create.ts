import { Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import type { Construct } from 'constructs';
import type { AuthDomain } from './auth-domain';

/** The domain made by `CognitoAuth`, with the managed login version it serves. */
export interface CreatedDomain {
  readonly domain: cognito.UserPoolDomain;
  readonly managedLoginVersion: cognito.ManagedLoginVersion;
}

/**
 * Adds the domain to the pool, and for a custom domain with a hosted zone the IPv4 and IPv6 alias records
 * that point the name at the domain's CloudFront distribution.
 *
 * @param managedLoginVersion the version asked for; @default - the newer managed login, the classic hosted
 * UI on the Lite plan
 */
export function createDomain(
  scope: Construct,
  userPool: cognito.UserPool,
  domain: AuthDomain,
  featurePlan: cognito.FeaturePlan,
  managedLoginVersion: cognito.ManagedLoginVersion | undefined,
): CreatedDomain {
  const version =
    managedLoginVersion ??
    (featurePlan === cognito.FeaturePlan.LITE
      ? cognito.ManagedLoginVersion.CLASSIC_HOSTED_UI
      : cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN);
  const custom = domain.customDomain;
  const created = userPool.addDomain('Domain', {
    cognitoDomain: domain.prefix !== undefined ? { domainPrefix: domain.prefix } : undefined,
    customDomain: custom ? { domainName: custom.domainName, certificate: custom.certificate } : undefined,
    managedLoginVersion: version,
  });
  if (custom?.hostedZone) {
    const target = route53.RecordTarget.fromAlias({
      bind: () => ({
        dnsName: created.cloudFrontEndpoint,
        hostedZoneId: targets.CloudFrontTarget.getHostedZoneId(scope),
      }),
    });
    new route53.ARecord(scope, 'DomainAliasRecord', {
      zone: custom.hostedZone,
      recordName: custom.domainName,
      target,
    });
    new route53.AaaaRecord(scope, 'DomainAliasRecordIpv6', {
      zone: custom.hostedZone,
      recordName: custom.domainName,
      target,
    });
  }
  return { domain: created, managedLoginVersion: version };
}

/** The host name of a domain: `<prefix>.auth.<region>.amazoncognito.com` or the custom name. */
export function domainHost(scope: Stack, domain: AuthDomain): string {
  if (domain.prefix !== undefined) return `${domain.prefix}.auth.${scope.region}.amazoncognito.com`;
  return domain.customDomain!.domainName;
}
