/**
 * Configuration of the bundled pre token generation trigger: its shape, the environment variable that
 * carries it as JSON, Amazon Cognito's claim rules, and the validation shared by the construct (at synth)
 * and the handler (at module load).
 *
 * ## Claim values
 * - Attribute claims (`claimsFromAttributes`) carry the attribute's string value, unchanged.
 * - Group claims (`groupClaims`) carry the union of the values of every group the user belongs to,
 *   de-duplicated and sorted. With event version `V1_0` Amazon Cognito only accepts string claim values, so
 *   the values are joined with single spaces (`"users:read users:write"`, like the OAuth `scope` claim);
 *   with `V2_0` and `V3_0` the claim is a JSON array of strings (`["users:read","users:write"]`). Values
 *   therefore may not contain white space.
 * - When the source is missing (the attribute is not set, or the user is in none of the listed groups) the
 *   claim is suppressed, so a token never carries a stale or user-supplied value under that name.
 *
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html
 */
import {
  Checker,
  ConfigIssue,
  TriggerConfigError,
  ValidateOptions,
  checker,
  invalid,
  isRecord,
  pick,
  problem,
  readJsonEnv,
  show,
  skip,
  unknownKeys,
} from '../shared/config';
import { GROUP_NAME, nameProblem } from '../../lib/shared/names';

/** Name of the environment variable that carries the pre token generation configuration as JSON. */
export const PRE_TOKEN_GENERATION_CONFIG_ENV = 'PRE_TOKEN_GENERATION_CONFIG';

/** The version of the event Amazon Cognito sends to a pre token generation trigger. */
export enum PreTokenGenerationVersion {
  /** ID token customization. Available on every feature plan. */
  V1_0 = 'V1_0',
  /** ID and access token customization for users. Needs the Essentials or Plus feature plan. */
  V2_0 = 'V2_0',
  /**
   * As `V2_0`, and also for access tokens issued to machines (client credentials). Needs the Essentials
   * or Plus feature plan; machine-to-machine customization is priced separately.
   */
  V3_0 = 'V3_0',
}

/**
 * Claims that Amazon Cognito does not let a trigger add, change or suppress, in either token. `scope` is
 * changed through scopes (`scopesByGroup`), never as a claim; `c_hash` is reserved by OpenID Connect.
 */
export const RESERVED_CLAIMS: readonly string[] = [
  'acr',
  'amr',
  'at_hash',
  'aud',
  'auth_time',
  'azp',
  'c_hash',
  'client_id',
  'cognito:username',
  'device_key',
  'event_id',
  'exp',
  'iat',
  'identities',
  'iss',
  'jti',
  'nbf',
  'nonce',
  'origin_jti',
  'scope',
  'sub',
  'token_use',
  'username',
  'version',
];

/**
 * Claims a trigger may suppress but not add or change. Amazon Cognito sets the three group claims from
 * group membership; `dev:` claims are developer-only attributes. This library also refuses to set
 * `email_verified` and `phone_number_verified`: copying them from another value would let a token claim
 * a verification that never happened.
 */
export const SUPPRESS_ONLY_CLAIMS: readonly string[] = [
  'cognito:groups',
  'cognito:preferred_role',
  'cognito:roles',
  'email_verified',
  'phone_number_verified',
];

/** Standard claims whose value Amazon Cognito requires to be a plain string, never an array or object. */
export const STRING_ONLY_CLAIMS: readonly string[] = [
  'address',
  'email_verified',
  'phone_number_verified',
  'updated_at',
];

/** True when a trigger may add or override claim `name`. */
export function canSetClaim(name: string): boolean {
  return (
    !RESERVED_CLAIMS.includes(name) &&
    !SUPPRESS_ONLY_CLAIMS.includes(name) &&
    !name.startsWith('cognito:') &&
    !name.startsWith('dev:')
  );
}

/** True when a trigger may suppress claim `name`. */
export function canSuppressClaim(name: string): boolean {
  if (SUPPRESS_ONLY_CLAIMS.includes(name) || name.startsWith('dev:')) return true;
  return !RESERVED_CLAIMS.includes(name) && !name.startsWith('cognito:');
}

/** A claim derived from group membership. */
export interface GroupClaim {
  /**
   * Name of the claim, e.g. `permissions`. It may not be a reserved claim, a `cognito:` or `dev:` claim,
   * nor `address`, `updated_at`, `email_verified` or `phone_number_verified`.
   */
  readonly claimName: string;
  /**
   * For each group name, the values the claim receives when the user is a member, e.g.
   * `{ admins: ['users:read', 'users:write'], readers: ['users:read'] }`. Values may not contain white space.
   */
  readonly valuesByGroup: { readonly [group: string]: string[] };
}

/** Access-token scopes changed for the members of one group (event versions `V2_0` and `V3_0`). */
export interface GroupScopes {
  /**
   * Scopes added to the access token of every member, e.g. `['orders-api/orders.write']`.
   * @default - none
   */
  readonly add?: string[];
  /**
   * Scopes removed from the access token of every member. A scope suppressed for one of the user's groups
   * is removed even if another of the user's groups adds it.
   * @default - none
   */
  readonly suppress?: string[];
}

/** What the pre token generation trigger adds to and removes from tokens. */
export interface PreTokenGenerationConfig {
  /**
   * The event version the user pool sends. `V2_0` and `V3_0` need the Essentials or Plus feature plan.
   * @default PreTokenGenerationVersion.V1_0
   */
  readonly version?: PreTokenGenerationVersion;
  /**
   * Claims copied from user attributes: each key is an attribute name, each value the claim name, e.g.
   * `{ 'custom:tenant_id': 'tenant_id' }`. Use the same name on both sides to copy without renaming.
   * When the user has no such attribute the claim is suppressed.
   * @default - no attribute claims
   */
  readonly claimsFromAttributes?: { readonly [attribute: string]: string };
  /**
   * Claims derived from group membership, e.g. a `permissions` claim built from a group → permissions map.
   * See "Claim values" above for the value format per event version.
   * @default - no group claims
   */
  readonly groupClaims?: GroupClaim[];
  /**
   * Claims removed from the tokens, e.g. `['email', 'phone_number']`. A claim may not be both produced by
   * this trigger and suppressed.
   * @default - nothing is suppressed
   */
  readonly suppressClaims?: string[];
  /**
   * Access-token scopes added or removed per group name. Needs event version `V2_0` or `V3_0`.
   * @default - scopes are left as Amazon Cognito issues them
   */
  readonly scopesByGroup?: { readonly [group: string]: GroupScopes };
  /**
   * Apply the claims (added and suppressed) to the access token as well as the ID token. Needs event
   * version `V2_0` or `V3_0`.
   * @default - true with V2_0 and V3_0; false with V1_0, which can only change the ID token
   */
  readonly accessTokenClaims?: boolean;
}

/** Option names of the pre token generation configuration. */
export const PRE_TOKEN_GENERATION_CONFIG_KEYS: ReadonlyArray<keyof PreTokenGenerationConfig> = [
  'version',
  'claimsFromAttributes',
  'groupClaims',
  'suppressClaims',
  'scopesByGroup',
  'accessTokenClaims',
];
const KNOWN_KEYS = PRE_TOKEN_GENERATION_CONFIG_KEYS;
const VERSIONS: readonly string[] = Object.values(PreTokenGenerationVersion);
const NAME = '1 to 256 characters without white space';
const SETTABLE = `a claim name (${NAME}) that a trigger may set: not ${RESERVED_CLAIMS.join(', ')}, cognito:*, dev:*, email_verified, phone_number_verified`;
const V2_ONLY = 'with version V2_0 or V3_0 only; V1_0 events change the ID token only';

/** True for event versions that can change access tokens. */
export function customizesAccessToken(version: unknown): boolean {
  return version === PreTokenGenerationVersion.V2_0 || version === PreTokenGenerationVersion.V3_0;
}

/** True for a name without white space, 1 to 256 characters: claim, attribute, group, value or scope. */
export function isName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 256 && !/\s/.test(value);
}

/** Checks that `value` at `path` is a list of names. */
function names(c: Checker, path: string, value: unknown, what: string): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) return invalid(c, path, value, `a list of ${what} (${NAME})`);
  value.forEach((v: unknown, i) => {
    if (!skip(c, v) && !isName(v)) invalid(c, `${path}[${i}]`, v, `${what}: ${NAME}`);
  });
}

/** Checks a group name: 1 to 128 characters without white space, as Amazon Cognito allows. */
function groupName(c: Checker, path: string, group: string): void {
  if (!skip(c, group) && !(typeof group === 'string' && nameProblem(group, GROUP_NAME) === undefined)) {
    invalid(c, path, group, `a group name: ${GROUP_NAME.allowed}`);
  }
}

/** Checks that `value` at `path` is an object; returns its entries. */
function entries(c: Checker, path: string, value: unknown, what: string): Array<[string, unknown]> {
  if (value === undefined) return [];
  if (isRecord(value)) return Object.entries(value);
  invalid(c, path, value, what);
  return [];
}

/**
 * Checks a pre token generation configuration. Returns every problem found (an empty list when it is
 * valid). Values for which `options.isUnresolved` returns true are not checked.
 */
export function validatePreTokenGenerationConfig(
  value: unknown,
  options: ValidateOptions = {},
): ConfigIssue[] {
  const c = checker(options);
  if (!isRecord(value)) {
    invalid(c, '', value, 'an object of pre token generation options');
    return c.issues;
  }
  unknownKeys(c, '', value, KNOWN_KEYS);
  const version = value.version ?? PreTokenGenerationVersion.V1_0;
  if (!VERSIONS.includes(version as string)) invalid(c, 'version', version, VERSIONS.join(', '));
  const v2 = customizesAccessToken(version);

  /** Claim name → the path that produces it, to find a claim with two sources. */
  const produced = new Map<string, string>();
  const produce = (path: string, claim: unknown): void => {
    if (skip(c, claim)) return;
    if (!isName(claim) || !canSetClaim(claim)) return invalid(c, path, claim, SETTABLE);
    const other = produced.get(claim);
    if (other) problem(c, path, `${show(claim)} is already produced by ${other}; a claim has one source`);
    produced.set(claim, path);
  };

  for (const [attribute, claim] of entries(
    c,
    'claimsFromAttributes',
    value.claimsFromAttributes,
    'an object of attribute name → claim name',
  )) {
    const path = `claimsFromAttributes[${show(attribute)}]`;
    if (!skip(c, attribute) && !isName(attribute)) invalid(c, path, attribute, `an attribute name: ${NAME}`);
    produce(path, claim);
  }

  const groupClaims = value.groupClaims ?? [];
  if (!Array.isArray(groupClaims)) {
    invalid(c, 'groupClaims', groupClaims, 'a list of { claimName, valuesByGroup }');
  } else {
    groupClaims.forEach((gc: unknown, i: number) => {
      const path = `groupClaims[${i}]`;
      if (!isRecord(gc)) return invalid(c, path, gc, '{ claimName, valuesByGroup }');
      unknownKeys(c, `${path}.`, gc, ['claimName', 'valuesByGroup']);
      const name = gc.claimName;
      if (STRING_ONLY_CLAIMS.includes(name as string)) {
        invalid(
          c,
          `${path}.claimName`,
          name,
          `a claim that accepts a list: not ${STRING_ONLY_CLAIMS.join(', ')}`,
        );
      } else {
        produce(`${path}.claimName`, name);
      }
      const byGroup = entries(
        c,
        `${path}.valuesByGroup`,
        gc.valuesByGroup ?? null,
        'an object of group name → values',
      );
      for (const [group, values] of byGroup) {
        const gpath = `${path}.valuesByGroup[${show(group)}]`;
        groupName(c, gpath, group);
        names(c, gpath, values ?? null, 'claim values');
      }
    });
  }

  const suppress = value.suppressClaims ?? [];
  if (!Array.isArray(suppress)) {
    invalid(c, 'suppressClaims', suppress, 'a list of claim names');
  } else {
    suppress.forEach((claim: unknown, i: number) => {
      const path = `suppressClaims[${i}]`;
      if (skip(c, claim)) return;
      if (!isName(claim) || !canSuppressClaim(claim)) {
        invalid(
          c,
          path,
          claim,
          `a claim name that a trigger may suppress: not ${RESERVED_CLAIMS.join(', ')}, cognito:* (but cognito:groups, cognito:roles, cognito:preferred_role)`,
        );
      } else if (produced.has(claim)) {
        problem(
          c,
          path,
          `${show(claim)} is also produced by ${produced.get(claim)}; a claim cannot be both added and suppressed`,
        );
      }
    });
  }

  const scopes = entries(
    c,
    'scopesByGroup',
    value.scopesByGroup,
    'an object of group name → { add, suppress }',
  );
  if (scopes.length && !v2) invalid(c, 'scopesByGroup', value.scopesByGroup, V2_ONLY);
  for (const [group, spec] of scopes) {
    const path = `scopesByGroup[${show(group)}]`;
    groupName(c, path, group);
    if (!isRecord(spec)) {
      invalid(c, path, spec, '{ add?: string[], suppress?: string[] }');
      continue;
    }
    unknownKeys(c, `${path}.`, spec, ['add', 'suppress']);
    names(c, `${path}.add`, spec.add, 'scopes');
    names(c, `${path}.suppress`, spec.suppress, 'scopes');
  }

  const access = value.accessTokenClaims;
  if (access !== undefined && typeof access !== 'boolean')
    invalid(c, 'accessTokenClaims', access, 'true or false');
  if (access === true && !v2) invalid(c, 'accessTokenClaims', access, V2_ONLY);
  return c.issues;
}

/**
 * Reads the configuration from `env[PRE_TOKEN_GENERATION_CONFIG_ENV]` at module load. The construct has
 * already run `validatePreTokenGenerationConfig` at synth; at runtime the handler applies what it can read
 * and skips malformed or disallowed entries, so this only requires a JSON object.
 * @throws TriggerConfigError when the variable is missing or not a JSON object
 */
export function parsePreTokenGenerationConfig(
  env: Readonly<Record<string, string | undefined>>,
): PreTokenGenerationConfig {
  const value = readJsonEnv(env, PRE_TOKEN_GENERATION_CONFIG_ENV);
  if (!isRecord(value)) {
    throw new TriggerConfigError(PRE_TOKEN_GENERATION_CONFIG_ENV, [
      { path: '', message: 'is not a JSON object' },
    ]);
  }
  return value as PreTokenGenerationConfig;
}

/** Picks the configuration options out of `options` (which may hold other options), leaving out unset ones. */
export function pickPreTokenGenerationConfig(options: PreTokenGenerationConfig): PreTokenGenerationConfig {
  return pick(options, KNOWN_KEYS);
}
