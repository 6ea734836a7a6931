/**
 * Pre token generation trigger: claims copied or renamed from user attributes, claims derived from group
 * membership, suppressed claims and, with event versions 2 and 3, access-token scopes per group.
 *
 * It fails closed: with a configuration it cannot use in full (missing, not JSON, or with any entry that
 * `validatePreTokenGenerationConfig` refuses), on a malformed event, or on any unexpected error, it throws,
 * so Amazon Cognito issues no token at all rather than one without the claims and scopes the configuration
 * removes or decides. Each refusal is logged with a reason code; never user data.
 */
import type { PreTokenGenerationTriggerEvent, PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { isRecord } from '../shared/config';
import { log } from '../shared/log';
import {
  PreTokenGenerationConfig,
  canSetClaim,
  canSuppressClaim,
  isName,
  customizesAccessToken,
  parsePreTokenGenerationConfig,
  PRE_TOKEN_GENERATION_CONFIG_ENV,
  PRE_TOKEN_GENERATION_CONFIG_KEYS,
  STRING_ONLY_CLAIMS,
} from './config';

/**
 * Thrown to refuse a token request. Amazon Cognito answers the client with
 * `PreTokenGeneration failed with error <message>.`, so the message says nothing of the cause, which is
 * logged instead.
 */
export class TokenCustomizationError extends Error {
  /** The reason code, also written to the log. */
  public readonly reason: 'CONFIG_INVALID' | 'MALFORMED_EVENT' | 'UNEXPECTED_ERROR';

  constructor(reason: TokenCustomizationError['reason']) {
    super('Sign-in is temporarily unavailable. Please try again later.');
    this.name = 'TokenCustomizationError';
    this.reason = reason;
  }
}

/** The events this trigger handles: version 1 (ID token) and versions 2 and 3 (ID and access tokens). */
export type PreTokenGenerationEvent = PreTokenGenerationTriggerEvent | PreTokenGenerationV2TriggerEvent;

/** A claim value: a string, or with event versions 2 and 3 a list of strings. */
export type ClaimValue = string | string[];

interface Compiled {
  readonly attributeClaims: ReadonlyArray<readonly [attribute: string, claim: string]>;
  readonly groupClaims: ReadonlyArray<{
    readonly claim: string;
    readonly byGroup: ReadonlyMap<string, string[]>;
  }>;
  readonly suppress: readonly string[];
  readonly scopes: ReadonlyMap<string, { readonly add: string[]; readonly suppress: string[] }>;
  readonly accessTokenClaims?: boolean;
  /** What makes the configuration unusable (the paths of its bad entries), when anything does. */
  readonly unusable?: string;
}

const cache = new WeakMap<object, Compiled>();
const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

/**
 * Turns a configuration into lookup tables, and finds what would make it unusable: an unknown option, an
 * entry of the wrong shape, a claim a trigger may not set or suppress, a claim with two sources or both
 * added and suppressed, scopes or access-token claims
 * without version 2 or 3. A compact re-check of what `validatePreTokenGenerationConfig` refused at synth
 * (its messages stay out of the bundle); any such entry makes the trigger refuse every event, so a
 * configuration is never applied in part.
 */
function compile(config: unknown): Compiled {
  const bad: string[] = [];
  const c = isRecord(config) ? config : {};
  if (!isRecord(config)) bad.push('(not an object)');
  const known = (path: string, value: Record<string, unknown>, keys: readonly string[]) => {
    for (const key of Object.keys(value)) if (!keys.includes(key)) bad.push(path + key);
  };
  const record = (path: string, value: unknown): Record<string, unknown> => {
    if (isRecord(value)) return value;
    if (value !== undefined) bad.push(path);
    return {};
  };
  const list = (path: string, value: unknown, ok: (v: unknown) => boolean): string[] => {
    if (value === undefined) return [];
    if (Array.isArray(value) && value.every(ok)) return value as string[];
    bad.push(path);
    return [];
  };
  // A claim has one source, and is not both added and suppressed (as validation says at synth).
  const produced = new Set<string>();
  const settable = (path: string, name: unknown): name is string => {
    const ok = isName(name) && canSetClaim(name) && !produced.has(name);
    if (!ok) bad.push(path);
    else produced.add(name);
    return ok;
  };
  known('', c, PRE_TOKEN_GENERATION_CONFIG_KEYS);
  const v2 = customizesAccessToken(c.version);
  if (c.version !== undefined && c.version !== 'V1_0' && !v2) bad.push('version');

  const attributeClaims: Array<readonly [string, string]> = [];
  for (const [attribute, claim] of Object.entries(record('claimsFromAttributes', c.claimsFromAttributes))) {
    const path = `claimsFromAttributes.${attribute}`;
    if (!isName(attribute)) bad.push(path);
    else if (settable(path, claim)) attributeClaims.push([attribute, claim]);
  }

  const groupClaims: Array<{ claim: string; byGroup: Map<string, string[]> }> = [];
  list('groupClaims', c.groupClaims, () => true).forEach((gc: unknown, i) => {
    const path = `groupClaims[${i}]`;
    const entry = record(path, gc);
    known(`${path}.`, entry, ['claimName', 'valuesByGroup']);
    const claim = entry.claimName;
    if (!settable(`${path}.claimName`, claim)) return;
    if (STRING_ONLY_CLAIMS.includes(claim)) bad.push(`${path}.claimName`);
    const byGroup = new Map<string, string[]>();
    for (const [group, values] of Object.entries(
      record(`${path}.valuesByGroup`, entry.valuesByGroup ?? null),
    )) {
      byGroup.set(group, list(`${path}.valuesByGroup.${group}`, values ?? null, isName));
    }
    groupClaims.push({ claim, byGroup });
  });

  const suppress = list(
    'suppressClaims',
    c.suppressClaims,
    (v) => isName(v) && canSuppressClaim(v) && !produced.has(v),
  );

  const scopes = new Map<string, { add: string[]; suppress: string[] }>();
  const byGroup = record('scopesByGroup', c.scopesByGroup);
  if (Object.keys(byGroup).length && !v2) bad.push('scopesByGroup');
  for (const [group, spec] of Object.entries(byGroup)) {
    const path = `scopesByGroup.${group}`;
    const entry = record(path, spec);
    known(`${path}.`, entry, ['add', 'suppress']);
    scopes.set(group, {
      add: list(`${path}.add`, entry.add, isName),
      suppress: list(`${path}.suppress`, entry.suppress, isName),
    });
  }

  const access = c.accessTokenClaims;
  if ((access !== undefined && typeof access !== 'boolean') || (access === true && !v2)) {
    bad.push('accessTokenClaims');
  }
  const accessTokenClaims = typeof access === 'boolean' ? access : undefined;
  const unusable = bad.length
    ? `${PRE_TOKEN_GENERATION_CONFIG_ENV} is invalid at ${bad.slice(0, 10).join(', ')}${bad.length > 10 ? ', ...' : ''}`
    : undefined;
  return { attributeClaims, groupClaims, suppress, scopes, accessTokenClaims, unusable };
}

function compiled(config: unknown): Compiled {
  if (!isRecord(config)) return compile(config);
  let out = cache.get(config);
  if (!out) {
    out = compile(config);
    cache.set(config, out);
  }
  return out;
}

/** The user's group names, from `groupConfiguration.groupsToOverride`. */
function groupsOf(groupConfiguration: unknown): string[] {
  const configs = Array.isArray(groupConfiguration) ? groupConfiguration : [groupConfiguration];
  const out: string[] = [];
  for (const gc of configs) {
    if (isRecord(gc) && Array.isArray(gc.groupsToOverride)) {
      for (const g of gc.groupsToOverride) if (typeof g === 'string') out.push(g);
    }
  }
  return out;
}

function sourceOf(event: unknown): string {
  return isRecord(event) && typeof event.triggerSource === 'string'
    ? event.triggerSource.slice(0, 64)
    : 'unknown';
}

interface TokenChanges {
  claimsToAddOrOverride?: Record<string, ClaimValue>;
  claimsToSuppress?: string[];
}

function apply<E extends PreTokenGenerationEvent>(event: E, config: PreTokenGenerationConfig): E {
  const raw: unknown = event;
  const source = sourceOf(raw);
  const rules = compiled(config);
  if (rules.unusable) {
    log('error', {
      trigger: 'pre-token-generation',
      source,
      reason: 'CONFIG_INVALID',
      detail: rules.unusable,
    });
    throw new TokenCustomizationError('CONFIG_INVALID');
  }
  if (!isRecord(raw) || !isRecord(raw.request)) {
    log('error', { trigger: 'pre-token-generation', source, reason: 'MALFORMED_EVENT' });
    throw new TokenCustomizationError('MALFORMED_EVENT');
  }
  const request = raw.request;
  const attributes = isRecord(request.userAttributes) ? request.userAttributes : {};
  const groups = groupsOf(request.groupConfiguration);
  const v2 =
    raw.version === '2' ||
    raw.version === '3' ||
    (isRecord(raw.response) && hasOwn(raw.response, 'claimsAndScopeOverrideDetails'));

  const add: Record<string, ClaimValue> = Object.create(null) as Record<string, ClaimValue>;
  const suppress = new Set<string>();
  for (const [attribute, claim] of rules.attributeClaims) {
    const value = hasOwn(attributes, attribute) ? attributes[attribute] : undefined;
    if (typeof value === 'string') add[claim] = value;
    else suppress.add(claim);
  }
  for (const { claim, byGroup } of rules.groupClaims) {
    const values = new Set<string>();
    for (const group of groups) for (const v of byGroup.get(group) ?? []) values.add(v);
    if (values.size === 0) {
      suppress.add(claim);
      continue;
    }
    const sorted = [...values].sort();
    add[claim] = v2 ? sorted : sorted.join(' ');
  }
  for (const claim of rules.suppress) suppress.add(claim);

  const claims: TokenChanges = {};
  const added = Object.keys(add).length;
  if (added) claims.claimsToAddOrOverride = add;
  if (suppress.size) claims.claimsToSuppress = [...suppress];

  const scopesToAdd = new Set<string>();
  const scopesToSuppress = new Set<string>();
  if (v2) {
    for (const group of groups) {
      const spec = rules.scopes.get(group);
      spec?.add.forEach((s) => scopesToAdd.add(s));
      spec?.suppress.forEach((s) => scopesToSuppress.add(s));
    }
    for (const s of scopesToSuppress) scopesToAdd.delete(s);
  }

  log('info', {
    trigger: 'pre-token-generation',
    source,
    eventVersion: v2 ? 2 : 1,
    groups: groups.length,
    claimsAdded: added,
    claimsSuppressed: suppress.size,
    scopesAdded: scopesToAdd.size,
    scopesSuppressed: scopesToSuppress.size,
  });
  if (!added && !suppress.size && !scopesToAdd.size && !scopesToSuppress.size) return event;

  // Amazon Cognito replaces the user's groups with `groupOverrideDetails` when a response carries one; the
  // documented way to keep them is to send back the request's group configuration.
  const groupOverrideDetails = isRecord(request.groupConfiguration) ? request.groupConfiguration : undefined;
  let response: unknown;
  if (v2) {
    const access: TokenChanges & { scopesToAdd?: string[]; scopesToSuppress?: string[] } =
      rules.accessTokenClaims === false ? {} : { ...claims };
    if (scopesToAdd.size) access.scopesToAdd = [...scopesToAdd].sort();
    if (scopesToSuppress.size) access.scopesToSuppress = [...scopesToSuppress].sort();
    response = {
      claimsAndScopeOverrideDetails: {
        idTokenGeneration: claims,
        accessTokenGeneration: access,
        groupOverrideDetails,
      },
    };
  } else {
    response = { claimsOverrideDetails: { ...claims, groupOverrideDetails } };
  }
  return { ...event, response } as E;
}

/**
 * Applies the configuration to one event. Rejects with a `TokenCustomizationError` (and logs why) when the
 * configuration is unusable, the event malformed, or anything unexpected happens: Amazon Cognito then
 * issues no token, rather than one the configuration did not decide.
 */
export async function preTokenGeneration<E extends PreTokenGenerationEvent>(
  event: E,
  config: PreTokenGenerationConfig,
): Promise<E> {
  try {
    return apply(event, config);
  } catch (e) {
    if (e instanceof TokenCustomizationError) throw e;
    log('error', {
      trigger: 'pre-token-generation',
      source: sourceOf(event),
      reason: 'UNEXPECTED_ERROR',
      error: e instanceof Error ? e.name : typeof e,
    });
    throw new TokenCustomizationError('UNEXPECTED_ERROR');
  }
}

/** Why the configuration is unusable, when it is. */
let unusable: string | undefined;

/** The configuration read at module load; undefined when it is missing or not a JSON object. */
const loaded: PreTokenGenerationConfig | undefined = (() => {
  try {
    const config = parsePreTokenGenerationConfig(process.env);
    unusable = compiled(config).unusable;
    if (unusable)
      log('error', { trigger: 'pre-token-generation', reason: 'CONFIG_INVALID', detail: unusable });
    return config;
  } catch (e) {
    // A TriggerConfigError names the variable and what is wrong with it, never user data.
    unusable = String(e);
    log('error', { trigger: 'pre-token-generation', reason: 'CONFIG_INVALID', detail: unusable });
    return undefined;
  }
})();

/** The Lambda entry point. Without a usable configuration every event is refused (fail closed). */
export async function handler<E extends PreTokenGenerationEvent>(event: E): Promise<E> {
  if (!loaded) {
    log('error', {
      trigger: 'pre-token-generation',
      source: sourceOf(event),
      reason: 'CONFIG_INVALID',
      detail: unusable ?? '',
    });
    throw new TokenCustomizationError('CONFIG_INVALID');
  }
  return preTokenGeneration(event, loaded);
}
