/**
 * E-mail rules of user pools: sender addresses, SES Regions, message lengths.
 */

/**
 * Regions whose SES a user pool in another Region may use (the "backwards compatible" alternate Regions).
 * A pool can always use SES in its own Region; in any other Region only these. CloudFormation takes the
 * Region from the `SourceArn`.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-email.html#user-pool-email-developer-region-mapping
 */
export const SES_ALTERNATE_REGIONS: readonly string[] = ['us-east-1', 'us-west-2', 'eu-west-1'];

/** The problem when a pool in `poolRegion` sends through SES in `sesRegion`, or undefined. */
export function sesRegionProblem(poolRegion: string, sesRegion: string): string | undefined {
  if (sesRegion === poolRegion || SES_ALTERNATE_REGIONS.includes(sesRegion)) return undefined;
  return `is not a Region a user pool in ${poolRegion} can send e-mail from; use ${poolRegion} (the pool's own Region) or one of ${SES_ALTERNATE_REGIONS.join(', ')}`;
}

/**
 * A sender or reply-to address: `name@domain.tld`, or `Display Name <name@domain.tld>` for `From`. The
 * local part must be ASCII (aws-cdk-lib punycode-encodes the domain only and refuses the rest).
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_EmailConfigurationType.html#CognitoUserPools-Type-EmailConfigurationType-From
 */
export function emailAddressProblem(value: string, displayNameAllowed: boolean): string | undefined {
  const named = value.match(/^(.*)<([^>]+)>\s*$/);
  if (named && !displayNameAllowed) return 'has a display name; give the address alone, name@domain.tld';
  const address = named ? named[2] : value;
  if (!/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(address))
    return 'is not an e-mail address; use name@domain.tld';
  if (!/^[\x21-\x7e]+$/.test(address.split('@')[0])) {
    return 'has a non-ASCII local part (before "@"); SES takes ASCII local parts only';
  }
  return undefined;
}

/**
 * Lengths of messages: e-mail subject 1 to 140, e-mail body up to 20,000, SMS 6 to 140 characters.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html#resource-quotas
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_VerificationMessageTemplateType.html
 */
export const MESSAGE_LIMITS = {
  emailSubject: { min: 1, max: 140 },
  emailBody: { min: 6, max: 20000 },
  sms: { min: 6, max: 140 },
} as const;
