import { Duration, Token } from 'aws-cdk-lib';
import { CognitoAuthError, show } from '../errors';
import {
  emailAddressProblem,
  FeaturePlanName,
  NameRule,
  nameProblem,
  PlanGate,
  planProblem,
  Quota,
  quotaProblem,
  redirectUrlProblem,
} from '../shared';

/** True when the value contains an unresolved token and so cannot be checked at synth. */
export function isToken(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (value instanceof Duration) return value.isUnresolved();
  return Token.isUnresolved(value);
}

/** Throws unless `value` is an integer in [min, max]. Tokens skip the check. */
export function checkInteger(prop: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined || isToken(value)) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
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
  if (value === undefined) return;
  if (!(value instanceof Duration)) {
    throw new CognitoAuthError(
      prop,
      `${show(value)} is not a Duration; use Duration.minutes(...) and the like`,
    );
  }
  if (value.isUnresolved()) return;
  const ms = value.toMilliseconds();
  if (ms < min.toMilliseconds() || ms > max.toMilliseconds()) {
    throw new CognitoAuthError(prop, `${value.toHumanString()} is out of range; ${describe}`);
  }
}

/**
 * Checks an OAuth callback or logout URL against `redirectUrlProblem` (lib/shared/urls.ts): https, loopback
 * http, reverse-DNS app schemes; no wildcards, fragments, placeholders; at most 1,024 characters.
 */
export function checkRedirectUrl(prop: string, url: string): void {
  if (isToken(url)) return;
  if (typeof url !== 'string') throw new CognitoAuthError(prop, `${show(url)} is not a URL string`);
  const problem = redirectUrlProblem(url);
  if (problem) throw new CognitoAuthError(prop, `${show(url)} ${problem}`);
}

/** An e-mail address as SES and Cognito take it; `From` addresses may carry a display name. */
export function checkEmailAddress(prop: string, value: string | undefined, displayNameAllowed = true): void {
  if (value === undefined || isToken(value)) return;
  const problem =
    typeof value === 'string' ? emailAddressProblem(value, displayNameAllowed) : 'is not an e-mail address';
  if (problem) throw new CognitoAuthError(prop, `${show(value)} ${problem}`);
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

/** Throws when the string is shorter than `min` or longer than `max` characters. */
export function checkLength(prop: string, value: string | undefined, min: number, max: number): void {
  if (value === undefined || isToken(value)) return;
  if (typeof value !== 'string') throw new CognitoAuthError(prop, `${show(value)} is not a string`);
  if (value.length < min || value.length > max) {
    throw new CognitoAuthError(
      prop,
      `${show(value)} has ${value.length} characters; allowed: ${min} to ${max}`,
    );
  }
}

/** Throws unless `value` follows a name rule of lib/shared/names.ts. Tokens skip the check. */
export function checkName(prop: string, value: string | undefined, rule: NameRule): void {
  if (value === undefined || isToken(value)) return;
  if (typeof value !== 'string') {
    throw new CognitoAuthError(prop, `${show(value)} is not a string; a ${rule.what} is ${rule.allowed}`);
  }
  const problem = nameProblem(value, rule);
  if (problem) throw new CognitoAuthError(prop, `${show(value)} ${problem}`);
}

/** Throws when a count exceeds a quota of lib/shared/quotas.ts, with the count and the way out. */
export function checkQuota(prop: string, count: number, quota: Quota): void {
  const problem = quotaProblem(count, quota);
  if (problem) throw new CognitoAuthError(prop, problem);
}

/** Throws when the feature plan lacks a gated feature of lib/shared/plans.ts. */
export function checkPlan(prop: string, plan: string, gate: PlanGate): void {
  const problem = planProblem(plan as FeaturePlanName, gate);
  if (problem) throw new CognitoAuthError(prop, problem);
}

/** Throws when a value is given twice: `seen` maps each value to the prop that first gave it. */
export function checkUnique(prop: string, value: string, seen: Map<string, string>, what: string): void {
  if (isToken(value)) return;
  const first = seen.get(value);
  if (first !== undefined) {
    throw new CognitoAuthError(prop, `${show(value)} is already used by ${first}; ${what} must be unique`);
  }
  seen.set(value, prop);
}

/** Throws unless `value` is one of the members of an enum-like set. */
export function checkOneOf<T>(
  prop: string,
  value: T | undefined,
  allowed: readonly T[],
  names: string,
): void {
  if (value === undefined || isToken(value)) return;
  if (!allowed.includes(value))
    throw new CognitoAuthError(prop, `${show(value)} is not allowed; use ${names}`);
}
