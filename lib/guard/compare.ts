import { Json, PoolLocation, PoolLockEntry, UNRESOLVED, isStandardAttribute } from './lock-entry';
import { stableStringify } from './lock-file';
import { bareAttributeName, isCustomAttributeName } from '../shared/attributes';

/** A change Cognito or CloudFormation cannot apply in place. */
export interface RefusedChange {
  /** The setting, named like the prop that controls it, e.g. `customAttributes.plan`. */
  readonly setting: string;
  /** What the lock holds. */
  readonly recorded: Json;
  /** What the code asks for now. */
  readonly requested: Json;
  /** Why it cannot change, and what CloudFormation would do. */
  readonly reason: string;
}

/** The outcome of comparing a pool with its recorded entry. */
export interface Comparison {
  /** Changes that need an acknowledgement. */
  readonly refused: RefusedChange[];
  /** Allowed additions, described for a message, e.g. `group "auditors"`. */
  readonly additions: string[];
  /** The entry to record: the current settings, keeping recorded values where the current ones are unknown. */
  readonly next: PoolLockEntry;
}

const REASONS = {
  signIn:
    'Cognito cannot change how users sign in once the pool exists; CloudFormation would replace the pool with a new, empty one, and every user, password and MFA enrolment would stay behind in the old pool',
  schemaChanged:
    'Cognito cannot change or delete an existing schema attribute; CloudFormation would fail the update ("Existing schema attributes cannot be modified or deleted")',
  standardAdded:
    "every pool has each standard attribute with Cognito's defaults (optional, mutable) from the day it is created, and Cognito cannot change an existing attribute; CloudFormation would fail the update",
  group:
    'a group cannot be renamed: CloudFormation deletes it with all its memberships (a group under a new name starts empty)',
  provider:
    'an identity provider cannot be renamed: removing it ends sign-in for its users, and a provider under a new name creates new, separate user profiles',
  resourceServer:
    'a resource server identifier cannot change: CloudFormation deletes the resource server and its scopes, so clients and APIs that use them stop working',
  domain:
    'a domain cannot change in place: CloudFormation deletes it, so the sign-in URLs, and every redirect URL registered at identity providers, stop working',
  clientSecret:
    "a client's secret setting cannot change: CloudFormation replaces the client, which gets a new client id; every app and refresh token using the old id stops working",
  clientRemoved:
    'removing a client deletes it: apps using its id, and refresh tokens it issued, stop working',
  region:
    'a stack lives in one Region: deploying to another Region creates a second, empty pool there (with personal data then held in that Region), while the recorded pool keeps every user where it is',
  account:
    'the recorded pool is in another account: this synth describes a different pool. Keep one lock file per account (lock.file, or -c cognito-auth:lock-file=...)',
  stack:
    'a pool belongs to its CloudFormation stack: under another stack name CloudFormation creates a new, empty pool, and the recorded pool stays in (or is deleted with) the old stack',
  relyingPartyId:
    'every registered passkey is bound to the relying-party id: under a new id browsers and Cognito refuse all of them, and users must register passkeys again (https://aws-amplify.github.io/amplify-backend/types/_aws-amplify_auth-construct.WebAuthnOptions.html: "Changing this value after deployment invalidates all existing passkeys")',
  developerProviderName:
    'Cognito refuses to change the developer provider name of an identity pool once it is set ("Once you have set a developer provider name, you cannot change it", https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_CreateIdentityPool.html): the update fails, and developer identities are linked under the recorded name',
  logicalId:
    'the logical id of the pool changed (a new construct id or path): CloudFormation creates a new, empty pool and deletes the recorded one with every user (or, with RETAIN, leaves it orphaned outside the stack)',
} as const;

const same = (a: Json | undefined, b: Json | undefined) =>
  stableStringify(a ?? null) === stableStringify(b ?? null);
const unknown = (v: Json | undefined) => v === UNRESOLVED;

/** Compares the current settings of a pool with its recorded entry. */
export function compareEntry(recorded: PoolLockEntry, current: PoolLockEntry): Comparison {
  const refused: RefusedChange[] = [];
  const additions: string[] = [];

  /** A value that never changes: unknown on either side is not compared. */
  const fixed = (setting: string, r: Json, c: Json, reason: string): Json => {
    if (unknown(c)) return r;
    if (unknown(r)) return c;
    if (!same(r, c)) refused.push({ setting, recorded: r, requested: c, reason });
    return c;
  };

  const usernameAttributes = fixed(
    'signInAliases (username attributes)',
    recorded.usernameAttributes,
    current.usernameAttributes,
    REASONS.signIn,
  );
  const aliasAttributes = fixed(
    'signInAliases (aliases)',
    recorded.aliasAttributes,
    current.aliasAttributes,
    REASONS.signIn,
  );
  const caseSensitive = fixed(
    'signInCaseSensitive',
    recorded.caseSensitive,
    current.caseSensitive,
    REASONS.signIn,
  );

  // ---- schema ----
  const schema: Record<string, Json> = {};
  const settingOf = (name: string) =>
    isCustomAttributeName(name)
      ? `customAttributes.${bareAttributeName(name)}`
      : `standardAttributes.${name}`;
  for (const [name, r] of Object.entries(recorded.schema ?? {})) {
    const c = current.schema[name];
    if (c === undefined) {
      refused.push({
        setting: settingOf(name),
        recorded: r,
        requested: isStandardAttribute(name) ? "Cognito's default (optional, mutable)" : 'no attribute',
        reason: REASONS.schemaChanged,
      });
      schema[name] = r;
      continue;
    }
    schema[name] = fixed(settingOf(name), r, c, REASONS.schemaChanged);
  }
  for (const [name, c] of Object.entries(current.schema)) {
    if (name in (recorded.schema ?? {})) continue;
    if (isStandardAttribute(name)) {
      refused.push({
        setting: settingOf(name),
        recorded: "Cognito's default (optional, mutable)",
        requested: c,
        reason: REASONS.standardAdded,
      });
    } else {
      additions.push(`custom attribute ${JSON.stringify(name)}`);
    }
    schema[name] = c;
  }
  // Acknowledged removals leave the schema: keep only what is asked for now.
  for (const name of Object.keys(schema)) if (!(name in current.schema)) delete schema[name];

  // ---- create-only identifiers ----
  const identifiers = (
    kind: string,
    setting: string,
    r: string[] | undefined,
    c: string[],
    reason: string,
  ): string[] => {
    for (const name of r ?? []) {
      if (!c.includes(name)) {
        refused.push({
          setting: `${setting}[${JSON.stringify(name)}]`,
          recorded: name,
          requested: 'removed',
          reason,
        });
      }
    }
    for (const name of c) if (!(r ?? []).includes(name)) additions.push(`${kind} ${JSON.stringify(name)}`);
    return [...c].sort();
  };
  const groups = identifiers('group', 'groups', recorded.groups, current.groups, REASONS.group);
  const identityProviders = identifiers(
    'identity provider',
    'identityProviders',
    recorded.identityProviders,
    current.identityProviders,
    REASONS.provider,
  );
  const resourceServers = identifiers(
    'resource server',
    'resourceServers',
    recorded.resourceServers,
    current.resourceServers,
    REASONS.resourceServer,
  );

  // ---- domain ----
  let domain: Json = current.domain;
  if (recorded.domain === null || recorded.domain === undefined) {
    if (current.domain !== null) additions.push(`domain ${JSON.stringify(current.domain)}`);
  } else if (current.domain === null) {
    refused.push({
      setting: 'domain',
      recorded: recorded.domain,
      requested: 'no domain',
      reason: REASONS.domain,
    });
  } else {
    domain = fixed('domain', recorded.domain, current.domain, REASONS.domain);
  }

  // ---- clients ----
  const clients: Record<string, { generateSecret: Json }> = {};
  for (const [name, r] of Object.entries(recorded.clients ?? {})) {
    const c = current.clients[name];
    if (c === undefined) {
      refused.push({
        setting: `clients.${name}`,
        recorded: { generateSecret: r.generateSecret },
        requested: 'removed',
        reason: REASONS.clientRemoved,
      });
      continue;
    }
    clients[name] = {
      generateSecret: fixed(
        `clients.${name}.generateSecret`,
        r.generateSecret,
        c.generateSecret,
        REASONS.clientSecret,
      ),
    };
  }
  for (const [name, c] of Object.entries(current.clients)) {
    if (name in (recorded.clients ?? {})) continue;
    additions.push(`client ${JSON.stringify(name)}`);
    clients[name] = { generateSecret: c.generateSecret };
  }

  // ---- passkeys ----
  let relyingPartyId: Json | undefined = current.relyingPartyId;
  if (
    recorded.relyingPartyId !== undefined &&
    recorded.relyingPartyId !== null &&
    current.relyingPartyId !== undefined &&
    current.relyingPartyId !== null
  ) {
    relyingPartyId = fixed(
      'passkeys.relyingPartyId',
      recorded.relyingPartyId,
      current.relyingPartyId,
      REASONS.relyingPartyId,
    );
  } else if (current.relyingPartyId !== undefined && recorded.relyingPartyId === undefined) {
    additions.push(`passkey relying-party id ${JSON.stringify(current.relyingPartyId)}`);
  }

  // ---- identity pool ----
  let developerProviderName: Json | undefined = current.developerProviderName;
  if (recorded.developerProviderName !== undefined && recorded.developerProviderName !== null) {
    developerProviderName = fixed(
      'identityPool.developerProviderName',
      recorded.developerProviderName,
      current.developerProviderName ?? 'none',
      REASONS.developerProviderName,
    );
  } else if (current.developerProviderName !== undefined) {
    additions.push(`developer provider name ${JSON.stringify(current.developerProviderName)}`);
  }

  const location = compareLocation(recorded.location, current.location, refused, additions);

  return {
    refused,
    additions,
    next: {
      location,
      usernameAttributes,
      aliasAttributes,
      caseSensitive,
      schema,
      groups,
      identityProviders,
      resourceServers,
      domain,
      clients,
      ...(relyingPartyId !== undefined && relyingPartyId !== null ? { relyingPartyId } : {}),
      ...(developerProviderName !== undefined &&
      developerProviderName !== null &&
      developerProviderName !== 'none'
        ? { developerProviderName }
        : {}),
    },
  };
}

/**
 * Compares where the pool lives. The stack, the logical id, the account and the Region are fixed once
 * known; the path may change (a construct moved without a new logical id, kept with `lock.id`); a value
 * that was not known before is recorded.
 */
function compareLocation(
  recorded: PoolLocation | undefined,
  current: PoolLocation | undefined,
  refused: RefusedChange[],
  additions: string[],
): PoolLocation | undefined {
  if (!current) return recorded;
  if (!recorded) {
    additions.push(`location ${JSON.stringify(describeLocation(current))}`);
    return current;
  }
  const check = (setting: string, r: string | undefined, c: string | undefined, reason: string) => {
    if (r !== undefined && c !== undefined && r !== c)
      refused.push({ setting, recorded: r, requested: c, reason });
  };
  check('location.account', recorded.account, current.account, REASONS.account);
  check('location.region', recorded.region, current.region, REASONS.region);
  check('location.stack', recorded.stack, current.stack, REASONS.stack);
  check('location.logicalId', recorded.logicalId, current.logicalId, REASONS.logicalId);
  const next: PoolLocation = {
    ...current,
    region: current.region ?? recorded.region,
    account: current.account ?? recorded.account,
  };
  if (recorded.region === undefined && current.region !== undefined)
    additions.push(`Region "${current.region}"`);
  if (recorded.account === undefined && current.account !== undefined)
    additions.push(`account "${current.account}"`);
  if (recorded.path !== current.path) additions.push(`path "${current.path}"`);
  return next;
}

/** `<account>/<region>/<stack>/<path>`, with `?` for what is not known. */
export function describeLocation(location: PoolLocation): string {
  return `${location.account ?? '?'}/${location.region ?? '?'}/${location.stack}/${location.path}`;
}
