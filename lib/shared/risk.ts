/**
 * Threat protection's risk configuration (`AWS::Cognito::UserPoolRiskConfigurationAttachment`): Cognito's
 * rules, each with the page it comes from. Pure code, no aws-cdk-lib import.
 */

/**
 * IP ranges never assessed (`SkippedIPRangeList`) or always blocked (`BlockedIPRangeList`): CIDR blocks, at
 * most 200 each, no duplicates.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RiskExceptionConfigurationType.html
 */
export const MAX_RISK_IP_RANGES = 200;

/**
 * Notification e-mails: subject 1 to 140 characters, HTML or text body 6 to 20,000.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_NotifyEmailType.html
 */
export const NOTIFY_EMAIL_LIMITS = { subject: { min: 1, max: 140 }, body: { min: 6, max: 20000 } } as const;

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9A-Fa-f:.]+$/;

/** The problem with a CIDR range (IPv4 `203.0.113.0/24` or IPv6 `2001:db8::/32`), or undefined. */
export function cidrProblem(range: string): string | undefined {
  const slash = range.indexOf('/');
  const ip = slash < 0 ? range : range.slice(0, slash);
  const prefix = slash < 0 ? '' : range.slice(slash + 1);
  const v4 = IPV4.test(ip);
  const v6 = !v4 && ip.includes(':') && IPV6.test(ip) && (ip.match(/::/g) ?? []).length <= 1;
  const max = v4 ? 32 : 128;
  if ((!v4 && !v6) || !/^\d{1,3}$/.test(prefix) || Number(prefix) > max) {
    return 'is not an IPv4 or IPv6 CIDR range such as 203.0.113.0/24 or 2001:db8::/32';
  }
  if (Number(prefix) === 0) return 'covers every address';
  return undefined;
}
