import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as route53 from 'aws-cdk-lib/aws-route53';

/** Options of a custom domain. */
export interface CustomDomainOptions {
  /** Fully qualified domain name, e.g. `auth.example.org`. */
  readonly domainName: string;
  /** ACM certificate for the domain, in us-east-1 (Cognito serves it through CloudFront). */
  readonly certificate: acm.ICertificate;
  /**
   * Hosted zone in which to create an alias record for the domain.
   * @default - no record is created; point the name at the domain's CloudFront distribution yourself
   */
  readonly hostedZone?: route53.IHostedZone;
}

/**
 * The domain of the OAuth endpoints and of managed login (the hosted UI): a Cognito prefix domain
 * (`<prefix>.auth.<region>.amazoncognito.com`) or a custom domain. Create-only.
 */
export class AuthDomain {
  /** A Cognito prefix domain: lower-case letters, digits and hyphens; must not contain aws, amazon or cognito. */
  public static cognitoPrefix(prefix: string): AuthDomain {
    return new AuthDomain(prefix, undefined);
  }

  /** A custom domain with an ACM certificate and, optionally, a Route 53 alias record. */
  public static custom(options: CustomDomainOptions): AuthDomain {
    return new AuthDomain(undefined, options);
  }

  private constructor(
    /** The prefix of a Cognito domain. */
    public readonly prefix: string | undefined,
    /** The custom domain. */
    public readonly customDomain: CustomDomainOptions | undefined,
  ) {}
}
