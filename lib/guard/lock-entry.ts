import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { IConstruct } from 'constructs';
import { customAttributeName, isStandardAttribute } from '../shared/attributes';
import { field, isIntrinsic } from '../private/cfn';

/** A JSON value. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json | undefined };

/** Recorded in place of a value that is not known at synth (a token): such a value is never compared. */
export const UNRESOLVED = '<unresolved>';

/**
 * Where a pool lives. A pool is the resource `logicalId` of the CloudFormation stack `stack` in one account
 * and Region: change any of them and CloudFormation makes another pool.
 */
export interface PoolLocation {
  /** Name of the stack. */
  readonly stack: string;
  /** Path of the `CognitoAuth` in its stack, e.g. `Auth`. */
  readonly path: string;
  /** Logical id of the `AWS::Cognito::UserPool` resource. */
  readonly logicalId: string;
  /** The stack's Region, when known at synth. */
  readonly region?: string;
  /** The stack's account, when known at synth (`env.account`, or `CDK_DEFAULT_ACCOUNT` with credentials). */
  readonly account?: string;
}

/** What the lock records about one user pool. */
export interface PoolLockEntry {
  /** Where the pool lives. Missing in entries written by versions before 0.2. */
  readonly location?: PoolLocation;
  /** `UsernameAttributes` (sorted). */
  readonly usernameAttributes: Json;
  /** `AliasAttributes` (sorted). */
  readonly aliasAttributes: Json;
  /** `UsernameConfiguration.CaseSensitive` (CloudFormation's default, when absent, is true). */
  readonly caseSensitive: Json;
  /** Schema attributes by name (`email`, `custom:tenant_id`). */
  readonly schema: Record<string, Json>;
  /** Group names (sorted). */
  readonly groups: string[];
  /** Identity provider names (sorted). */
  readonly identityProviders: string[];
  /** Resource server identifiers (sorted). */
  readonly resourceServers: string[];
  /** The domain (prefix or custom domain name), or null. */
  readonly domain: Json;
  /** Each client's secret setting, by client name. */
  readonly clients: Record<string, { readonly generateSecret: Json }>;
  /** `WebAuthnRelyingPartyID`, when the pool has one: every registered passkey is bound to it. */
  readonly relyingPartyId?: Json;
  /**
   * `DeveloperProviderName` of the construct's identity pool, when it has one: Cognito refuses to change it.
   * @see https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_CreateIdentityPool.html
   */
  readonly developerProviderName?: Json;
}

/** True when the name in a schema entry is a standard attribute (custom ones are recorded as `custom:<name>`). */
export { isStandardAttribute };

/**
 * Reads the settings the lock guards from the CloudFormation resources under `root` that belong to
 * `pool`: what CloudFormation will be asked for, after every escape hatch on the L1 properties.
 *
 * @param clientName names a client resource (the key under `clients` of `CognitoAuth`, else its path)
 */
export function readPoolEntry(
  root: IConstruct,
  pool: cognito.CfnUserPool,
  clientName: (client: cognito.CfnUserPoolClient) => string,
): PoolLockEntry {
  const stack = Stack.of(pool);
  const resolve = (value: unknown): Json => normalize(stack.resolve(value));
  const poolRef = JSON.stringify(stack.resolve(pool.ref));
  const mine = <T extends CfnResource & { userPoolId: string }>(type: new (...args: never[]) => T): T[] =>
    root.node
      .findAll()
      .filter((c): c is T => c instanceof type)
      .filter((c) => JSON.stringify(stack.resolve(c.userPoolId)) === poolRef);

  const schema: Record<string, Json> = {};
  const entries = stack.resolve(pool.schema) as unknown;
  if (Array.isArray(entries)) {
    for (const entry of entries as unknown[]) {
      const name = field(entry, 'name');
      if (typeof name !== 'string' || Token.isUnresolved(name)) continue;
      const key = isStandardAttribute(name) ? name : customAttributeName(name);
      const strings = field(entry, 'stringAttributeConstraints');
      const numbers = field(entry, 'numberAttributeConstraints');
      schema[key] = normalize({
        type: field(entry, 'attributeDataType') ?? null,
        mutable: field(entry, 'mutable') ?? true,
        required: field(entry, 'required') ?? false,
        minLength: field(strings, 'minLength'),
        maxLength: field(strings, 'maxLength'),
        minValue: field(numbers, 'minValue'),
        maxValue: field(numbers, 'maxValue'),
        developerOnly: field(entry, 'developerOnlyAttribute'),
      });
    }
  }

  const usernameConfiguration = stack.resolve(pool.usernameConfiguration) as unknown;
  const names = (values: unknown[]): string[] =>
    values
      .map((v) => resolve(v))
      .filter((v): v is string => typeof v === 'string' && v !== UNRESOLVED)
      .sort();
  const domains = mine(cognito.CfnUserPoolDomain).map((d) => resolve(d.domain));
  const clients: Record<string, { generateSecret: Json }> = {};
  for (const client of mine(cognito.CfnUserPoolClient)) {
    clients[clientName(client)] = { generateSecret: resolve(client.generateSecret) ?? false };
  }
  const known = (value: string): string | undefined => (Token.isUnresolved(value) ? undefined : value);
  const relyingPartyId = resolve(pool.webAuthnRelyingPartyId);
  const identityPool = root.node
    .findAll()
    .find((c): c is cognito.CfnIdentityPool => c instanceof cognito.CfnIdentityPool);
  const developerProviderName = identityPool ? resolve(identityPool.developerProviderName) : null;
  return {
    location: {
      stack: known(stack.stackName) ?? stack.node.path,
      path: root.node.path.slice(stack.node.path.length).replace(/^\//, ''),
      logicalId: String(stack.resolve(pool.logicalId)),
      region: known(stack.region),
      account: known(stack.account),
    },
    usernameAttributes: sortedList(resolve(pool.usernameAttributes)),
    aliasAttributes: sortedList(resolve(pool.aliasAttributes)),
    caseSensitive:
      usernameConfiguration === undefined
        ? true
        : normalize(field(usernameConfiguration, 'caseSensitive') ?? true),
    schema,
    groups: names(mine(cognito.CfnUserPoolGroup).map((g) => g.groupName)),
    identityProviders: names(mine(cognito.CfnUserPoolIdentityProvider).map((p) => p.providerName)),
    resourceServers: names(mine(cognito.CfnUserPoolResourceServer).map((r) => r.identifier)),
    domain: domains.length > 0 ? domains[0] : null,
    clients,
    ...(relyingPartyId !== null ? { relyingPartyId } : {}),
    ...(developerProviderName !== null ? { developerProviderName } : {}),
  };
}

/** A resolved value, with anything CloudFormation decides at deploy time replaced by `UNRESOLVED`. */
export function normalize(value: unknown): Json {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return Token.isUnresolved(value) ? UNRESOLVED : value;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(normalize);
  if (typeof value === 'object') {
    const keys = Object.keys(value as object);
    if (isIntrinsic(value)) return UNRESOLVED;
    const out: Record<string, Json> = {};
    for (const key of keys) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = normalize(v);
    }
    return out;
  }
  return UNRESOLVED;
}

function sortedList(value: Json): Json {
  if (value === null) return [];
  if (!Array.isArray(value)) return value;
  return [...value].sort((a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
}
