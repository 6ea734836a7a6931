import { Duration, Token } from 'aws-cdk-lib';
import { CognitoAuthError, show } from '../errors';

/** True when the value contains an unresolved token and so cannot be checked at synth. */
export function isToken(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (value instanceof Duration) return value.isUnresolved();
  return Token.isUnresolved(value);
}

/** Throws unless `value` is an integer in [min, max]. Tokens skip the check. */
export function checkInteger(prop: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined || isToken(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new CognitoAuthError(prop, `${show(value)} is not allowed; use an integer from ${min} to ${max}`);
  }
}

/** Throws unless the duration lies in [min, max]. Tokens skip the check. */
export function checkDuration(
  prop: string,
  value: Duration | undefined,
  min: Duration,
  max: Duration,
  describe: string,
): void {
  if (value === undefined || value.isUnresolved()) return;
  const ms = value.toMilliseconds();
  if (ms < min.toMilliseconds() || ms > max.toMilliseconds()) {
    throw new CognitoAuthError(prop, `${value.toHumanString()} is out of range; ${describe}`);
  }
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const PLACEHOLDER_HOSTS = /(^|\.)(example\.(com|org|net)|test|invalid|localhost\.localdomain)$/i;

/**
 * Checks an OAuth callback or logout URL. Allowed: `https://` URLs; `http://` on loopback only
 * (localhost, 127.0.0.1, [::1]) for local development; private-use reverse-DNS schemes for native apps
 * (RFC 8252 section 7.1, e.g. `com.example.app:/callback`). Refused: other `http://`, wildcards,
 * fragments, placeholder hosts (example.com) and anything that is not an absolute URL.
 */
export function checkRedirectUrl(prop: string, url: string): void {
  if (isToken(url)) return;
  const allowed =
    'use https://, http://localhost (or 127.0.0.1) for local development, or a reverse-DNS app scheme such as com.example.app:/callback';
  if (url.includes('*')) {
    throw new CognitoAuthError(
      prop,
      `${show(url)} contains a wildcard; Cognito matches redirect URLs exactly, ${allowed}`,
    );
  }
  if (url.includes('#')) {
    throw new CognitoAuthError(
      prop,
      `${show(url)} contains a fragment (#), which OAuth redirect URLs may not have; ${allowed}`,
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CognitoAuthError(prop, `${show(url)} is not an absolute URL; ${allowed}`);
  }
  const scheme = parsed.protocol.replace(/:$/, '');
  if (scheme === 'https') {
    if (PLACEHOLDER_HOSTS.test(parsed.hostname)) {
      throw new CognitoAuthError(
        prop,
        `${show(url)} is a placeholder host; give the real URL of your application`,
      );
    }
    return;
  }
  if (scheme === 'http') {
    if (LOOPBACK_HOSTS.has(parsed.hostname)) return;
    throw new CognitoAuthError(prop, `${show(url)} is not https; ${allowed}`);
  }
  if (/^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+$/.test(scheme)) return;
  throw new CognitoAuthError(prop, `${show(url)} uses the scheme "${scheme}:"; ${allowed}`);
}

/** A plausible e-mail address (what SES and Cognito accept as an address). */
export function checkEmailAddress(prop: string, value: string | undefined): void {
  if (value === undefined || isToken(value)) return;
  const address = value.match(/<([^>]+)>\s*$/)?.[1] ?? value;
  if (!/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(address)) {
    throw new CognitoAuthError(prop, `${show(value)} is not an e-mail address; use name@domain.tld`);
  }
}

/** Throws unless `text` contains every placeholder. Tokens skip the check. */
export function checkPlaceholders(prop: string, text: string | undefined, placeholders: string[]): void {
  if (text === undefined || isToken(text)) return;
  const missing = placeholders.filter((p) => !text.includes(p));
  if (missing.length > 0) {
    throw new CognitoAuthError(
      prop,
      `${show(text)} lacks ${missing.join(' and ')}; Cognito replaces ${placeholders.join(' and ')} in this message and refuses a template without ${placeholders.length > 1 ? 'them' : 'it'}`,
    );
  }
}

/** Throws when the string is longer than `max` characters. */
export function checkLength(prop: string, value: string | undefined, min: number, max: number): void {
  if (value === undefined || isToken(value)) return;
  if (value.length < min || value.length > max) {
    throw new CognitoAuthError(
      prop,
      `${show(value)} has ${value.length} characters; allowed: ${min} to ${max}`,
    );
  }
}
