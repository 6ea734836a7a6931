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
import { configProblem, isRecord, TriggerConfigError } from '../shared/config';
import { log } from '../shared/log';
import {
  PreTokenGenerationConfig,
  canSetClaim,
  canSuppressClaim,
  isName,
  parsePreTokenGenerationConfig,
  PRE_TOKEN_GENERATION_CONFIG_ENV,
  validatePreTokenGenerationConfig,
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
  /** Entries left out because they name a claim a trigger may not set or suppress, or are malformed. */
  readonly skipped: number;
  /** What makes the configuration unusable, when `validatePreTokenGenerationConfig` refuses it. */
  readonly unusable?: string;
}

const cache = new WeakMap<object, Compiled>();
const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter(isName) : [];
}

/**
 * Turns a configuration into lookup tables. A configuration with any problem is marked unusable (the
 * trigger then refuses every event); the lookup tables still leave out anything malformed or not allowed.
 */
function compile(config: unknown): Compiled {
  const issues = validatePreTokenGenerationConfig(config);
  const unusable = issues.length
    ? new TriggerConfigError(PRE_TOKEN_GENERATION_CONFIG_ENV, issues).message.slice(0, 1000)
    : undefined;
  const c = isRecord(config) ? config : {};
  let skipped = 0;
  const settable = (name: unknown): name is string => {
    const ok = isName(name) && canSetClaim(name);
    if (!ok) skipped++;
    return ok;
  };

  const attributeClaims: Array<readonly [string, string]> = [];
  if (isRecord(c.claimsFromAttributes)) {
    for (const [attribute, claim] of Object.entries(c.claimsFromAttributes)) {
      if (settable(claim)) attributeClaims.push([attribute, claim]);
    }
  }

  const groupClaims: Array<{ claim: string; byGroup: Map<string, string[]> }> = [];
  for (const gc of Array.isArray(c.groupClaims) ? c.groupClaims : []) {
    if (!isRecord(gc) || !settable(gc.claimName)) continue;
    const byGroup = new Map<string, string[]>();
    if (isRecord(gc.valuesByGroup)) {
      for (const [group, values] of Object.entries(gc.valuesByGroup)) byGroup.set(group, strings(values));
    }
    groupClaims.push({ claim: gc.claimName, byGroup });
  }

  const suppress: string[] = [];
  for (const claim of Array.isArray(c.suppressClaims) ? c.suppressClaims : []) {
    if (isName(claim) && canSuppressClaim(claim)) suppress.push(claim);
    else skipped++;
  }

  const scopes = new Map<string, { add: string[]; suppress: string[] }>();
  if (isRecord(c.scopesByGroup)) {
    for (const [group, spec] of Object.entries(c.scopesByGroup)) {
      if (isRecord(spec)) scopes.set(group, { add: strings(spec.add), suppress: strings(spec.suppress) });
    }
  }

  const accessTokenClaims = typeof c.accessTokenClaims === 'boolean' ? c.accessTokenClaims : undefined;
  return { attributeClaims, groupClaims, suppress, scopes, accessTokenClaims, skipped, unusable };
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
    unusable = configProblem(e);
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
