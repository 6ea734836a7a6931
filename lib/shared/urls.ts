/**
 * Callback and sign-out URLs of app clients, as Amazon Cognito documents them, with this library's
 * stricter additions. Pure: the constructs, the CognitoChecks pack and the CLI use the same rule.
 */

/**
 * How many URLs and how long each. At most 100 callback and 100 sign-out URLs per client, each 1 to 1,024
 * characters of `[\p{L}\p{M}\p{S}\p{N}\p{P}]` (no white space).
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-CallbackURLs
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html#resource-quotas
 */
export const REDIRECT_URL_LIMITS = { maxUrls: 100, maxLength: 1024 } as const;

/** Hosts plain http is allowed for: loopback only, for local development. */
export const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** Host names that are placeholders or leftovers (example.com and the reserved test TLDs of RFC 2606). */
export const PLACEHOLDER_HOST = /(^|\.)(example(\.(com|org|net))?|test|invalid|localhost\.localdomain)$/i;

/** What `redirectUrlProblem` allows, in words. */
export const REDIRECT_URL_ALLOWED =
  'use https://, http://localhost (or 127.0.0.1, [::1]) for local development, or a reverse-DNS app scheme such as com.example.app:/callback';

/**
 * The problem with a callback or sign-out URL, or undefined when it is allowed.
 *
 * Cognito's rule: "A redirect URI must be an absolute URI, be registered with the authorization server,
 * not include a fragment component. Amazon Cognito requires HTTPS over HTTP except for http://localhost for
 * testing purposes only. App callback URLs such as myapp://example are also supported." This library is
 * stricter, and says so in its docs: app schemes must be reverse-DNS private-use schemes (RFC 8252 section
 * 7.1, `com.example.app:/callback`), because a short scheme such as `myapp:` can be claimed by any other app
 * on the device; wildcards (never matched by Cognito) and placeholder hosts are refused.
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-CallbackURLs
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.1
 */
export function redirectUrlProblem(url: string): string | undefined {
  if (url.length < 1 || url.length > REDIRECT_URL_LIMITS.maxLength) {
    return `has ${url.length} characters; Cognito allows 1 to ${REDIRECT_URL_LIMITS.maxLength}`;
  }
  if (/\s/.test(url)) return `contains white space, which Cognito refuses in a URL; ${REDIRECT_URL_ALLOWED}`;
  if (url.includes('*'))
    return `contains a wildcard; Cognito matches redirect URLs exactly, ${REDIRECT_URL_ALLOWED}`;
  if (url.includes('#'))
    return `contains a fragment (#), which OAuth redirect URLs may not have; ${REDIRECT_URL_ALLOWED}`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `is not an absolute URL; ${REDIRECT_URL_ALLOWED}`;
  }
  const scheme = parsed.protocol.replace(/:$/, '');
  if (scheme === 'https') {
    return PLACEHOLDER_HOST.test(parsed.hostname)
      ? 'is a placeholder host; give the real URL of your application'
      : undefined;
  }
  if (scheme === 'http') {
    return LOOPBACK_HOSTS.includes(parsed.hostname) ? undefined : `is not https; ${REDIRECT_URL_ALLOWED}`;
  }
  if (/^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+$/.test(scheme)) return undefined;
  return `uses the scheme "${scheme}:"; ${REDIRECT_URL_ALLOWED}`;
}
