/**
 * Creates in the emulator what the template declares: each user pool (schema, policies, MFA, aliases,
 * username attributes, auto-verified attributes, messages), its app clients (auth flows, OAuth settings,
 * token validity, secret) and its groups (description, precedence). Idempotent: with the state of an
 * earlier run, it reuses a pool that still exists, applies the template's current settings to it, and
 * adds, updates or removes clients and groups to match the template.
 */
import {
  AddCustomAttributesCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolClientCommandInput,
  CreateUserPoolCommand,
  CreateUserPoolCommandInput,
  DeleteGroupCommand,
  DeleteUserPoolClientCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  ListGroupsCommand,
  SchemaAttributeType,
  SetUserPoolMfaConfigCommand,
  UpdateGroupCommand,
  UpdateUserPoolClientCommand,
  UpdateUserPoolClientCommandInput,
  UpdateUserPoolCommand,
  UpdateUserPoolCommandInput,
  UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import { CfnObject, CfnValue, describe, isObject, resolveValue } from './intrinsics';
import { LocalIds, localLookup } from './local-values';
import { findPoolByName } from './recover';
import type { PoolState, StackState } from './state';
import type { PoolResourceModel, StackModel, UserPoolModel } from './template';
import { customAttributeName, RESERVED_ATTRIBUTE_NAMES } from '../../../lib/shared/attributes';

/** A client as provisioned. */
export interface ProvisionedClient {
  readonly logicalId: string;
  readonly clientName: string;
  readonly clientId: string;
  readonly hasSecret: boolean;
  readonly explicitAuthFlows: string[];
}

/** A group as provisioned. */
export interface ProvisionedGroup {
  readonly name: string;
  readonly precedence?: number;
  readonly description?: string;
}

/** A user pool as provisioned. */
export interface ProvisionedPool {
  readonly logicalId: string;
  readonly id: string;
  readonly arn?: string;
  readonly name: string;
  /** True when the pool was created by this run, false when an earlier run's pool was reused. */
  readonly created: boolean;
  readonly clients: ProvisionedClient[];
  readonly groups: ProvisionedGroup[];
}

/** The outcome of `provision`. */
export interface ProvisionResult {
  readonly pools: ProvisionedPool[];
  /** The local ids to keep for the next run. */
  readonly state: StackState;
  /** The local ids, for resolving the rest of the template. */
  readonly ids: LocalIds;
  /** Things the user should know: settings left out, settings that need `--reset`. */
  readonly notes: string[];
}

/** Options of `provision`. */
export interface ProvisionOptions {
  readonly cognito: CognitoIdentityProviderClient;
  readonly model: StackModel;
  /** The state of this stack from an earlier run. @default - everything is created */
  readonly previous?: StackState;
  /** Where the emulator keeps its data, for messages. @default 'the emulator' */
  readonly where?: string;
}

/** The name local mode gives a pool: the template's `UserPoolName`, else `<stack>-<logical id>`. */
export function poolNameOf(model: StackModel, poolModel: UserPoolModel, properties: CfnObject): string {
  return typeof properties.UserPoolName === 'string'
    ? properties.UserPoolName
    : `${model.stackName}-${poolModel.logicalId}`;
}

/** The name local mode gives a client: the template's `ClientName`, else its logical id. */
export function clientNameOf(clientModel: PoolResourceModel, properties: CfnObject): string {
  return typeof properties.ClientName === 'string' ? properties.ClientName : clientModel.logicalId;
}

/** Pool properties passed to CreateUserPool as they are (CloudFormation's shapes are the API's). */
const CREATE_POOL_PROPERTIES = [
  'AccountRecoverySetting',
  'AdminCreateUserConfig',
  'AliasAttributes',
  'AutoVerifiedAttributes',
  'DeletionProtection',
  'DeviceConfiguration',
  'EmailConfiguration',
  'EmailVerificationMessage',
  'EmailVerificationSubject',
  'MfaConfiguration',
  'Policies',
  'Schema',
  'SmsAuthenticationMessage',
  'SmsConfiguration',
  'SmsVerificationMessage',
  'UserAttributeUpdateSettings',
  'UserPoolAddOns',
  'UserPoolTags',
  'UserPoolTier',
  'UsernameAttributes',
  'UsernameConfiguration',
  'VerificationMessageTemplate',
];

/** Pool properties Cognito takes only at creation. */
const CREATE_ONLY_POOL_PROPERTIES = [
  'AliasAttributes',
  'Schema',
  'UsernameAttributes',
  'UsernameConfiguration',
];

/** Pool properties that UpdateUserPool sets (it resets those it is not given). */
const UPDATE_POOL_PROPERTIES = CREATE_POOL_PROPERTIES.filter((p) => !CREATE_ONLY_POOL_PROPERTIES.includes(p));

/** Standard attributes and `sub`: every other schema entry is a custom attribute. */
const BUILT_IN_ATTRIBUTES: readonly string[] = RESERVED_ATTRIBUTE_NAMES;

/** A resolved template object read as the API input it mirrors. */
function apiInput<T>(value: CfnObject): T {
  return value as unknown as T;
}

function pick(properties: CfnObject, names: readonly string[]): CfnObject {
  const out: CfnObject = {};
  for (const name of names) if (properties[name] !== undefined) out[name] = properties[name];
  return out;
}

function without(properties: CfnObject, names: readonly string[]): CfnObject {
  const out: CfnObject = { ...properties };
  for (const name of names) delete out[name];
  return out;
}

function errorName(e: unknown): string {
  return e instanceof Error ? e.name : '';
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  return JSON.stringify([...(a ?? [])].sort()) === JSON.stringify([...(b ?? [])].sort());
}

function strings(value: CfnValue | undefined): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

/** Provisions every user pool of the model. */
export async function provision(options: ProvisionOptions): Promise<ProvisionResult> {
  const { cognito, model } = options;
  const notes: string[] = [];
  const previous = options.previous;
  const ids: {
    userPools: Record<string, { id: string; arn?: string }>;
    clients: Record<string, string>;
    functions: Record<string, string>;
  } = {
    userPools: {},
    clients: {},
    functions: {},
  };
  const resolve = (owner: string, properties: CfnObject): CfnObject => {
    const r = resolveValue(properties, localLookup(model, ids));
    if (r.missing.length) {
      notes.push(`${owner}: no local value for ${[...new Set(r.missing)].join(', ')}; left out`);
    }
    return isObject(r.value) ? r.value : {};
  };

  const pools: ProvisionedPool[] = [];
  const poolStates: Record<string, PoolState> = {};
  for (const poolModel of model.userPools) {
    let before = previous?.userPools[poolModel.logicalId];
    const properties = resolve(
      poolModel.logicalId,
      pick(poolModel.properties, [...CREATE_POOL_PROPERTIES, 'EnabledMfas', 'UserPoolName']),
    );
    if (!before || !(await describePool(cognito, before.id))) {
      // The state does not lead to a pool: find an earlier run's pool by name before creating an empty one.
      const name = poolNameOf(model, poolModel, properties);
      const found = await findPoolByName(
        cognito,
        name,
        Object.fromEntries(poolModel.clients.map((c) => [c.logicalId, clientNameOf(c, c.properties)])),
        options.where ?? 'the emulator',
      );
      if (found) {
        notes.push(
          `${poolModel.logicalId}: the local state did not lead to this stack's pool; found ${found.id} (${name}) of an earlier run by its name and kept it, with its users`,
        );
        before = found;
      }
    }
    const pool = await ensurePool(cognito, model, poolModel, properties, before, notes);
    ids.userPools[poolModel.logicalId] = { id: pool.Id!, arn: pool.Arn };
    await configureMfa(cognito, pool.Id!, properties);

    const clients: ProvisionedClient[] = [];
    const clientIds: Record<string, string> = {};
    for (const clientModel of poolModel.clients) {
      const clientProperties = resolve(
        clientModel.logicalId,
        without(clientModel.properties, ['UserPoolId']),
      );
      const client = await ensureClient(
        cognito,
        pool.Id!,
        clientModel,
        clientProperties,
        before?.clients[clientModel.logicalId],
      );
      clients.push(client);
      clientIds[clientModel.logicalId] = client.clientId;
      ids.clients[clientModel.logicalId] = client.clientId;
    }
    for (const [logicalId, clientId] of Object.entries(before?.clients ?? {})) {
      if (clientIds[logicalId] || !before || before.id !== pool.Id) continue;
      await cognito
        .send(new DeleteUserPoolClientCommand({ UserPoolId: pool.Id, ClientId: clientId }))
        .catch((e: unknown) => {
          if (errorName(e) !== 'ResourceNotFoundException') throw e;
        });
    }

    const groups = await ensureGroups(
      cognito,
      pool.Id!,
      poolModel.groups.map((g) => ({
        ...g,
        properties: resolve(g.logicalId, without(g.properties, ['UserPoolId', 'RoleArn'])),
      })),
      before && before.id === pool.Id ? before.groups : [],
    );

    pools.push({
      logicalId: poolModel.logicalId,
      id: pool.Id!,
      arn: pool.Arn,
      name: pool.Name ?? poolModel.logicalId,
      created: before?.id !== pool.Id,
      clients,
      groups,
    });
    poolStates[poolModel.logicalId] = {
      id: pool.Id!,
      ...(pool.Arn ? { arn: pool.Arn } : {}),
      clients: clientIds,
      groups: groups.map((g) => g.name),
    };
  }
  return { pools, state: { userPools: poolStates }, ids, notes };
}

async function describePool(
  cognito: CognitoIdentityProviderClient,
  id: string,
): Promise<UserPoolType | undefined> {
  try {
    return (await cognito.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool;
  } catch (e) {
    if (errorName(e) === 'ResourceNotFoundException') return undefined;
    throw e;
  }
}

async function ensurePool(
  cognito: CognitoIdentityProviderClient,
  model: StackModel,
  poolModel: UserPoolModel,
  properties: CfnObject,
  before: PoolState | undefined,
  notes: string[],
): Promise<UserPoolType> {
  const existing = before ? await describePool(cognito, before.id) : undefined;
  if (!existing) {
    const name = poolNameOf(model, poolModel, properties);
    const input = apiInput<CreateUserPoolCommandInput>({
      ...pick(properties, CREATE_POOL_PROPERTIES),
      PoolName: name,
    });
    const created = (await cognito.send(new CreateUserPoolCommand(input))).UserPool;
    if (!created?.Id) throw new Error(`the emulator created no user pool for ${poolModel.logicalId}`);
    return created;
  }

  const update = apiInput<UpdateUserPoolCommandInput>({
    ...pick(properties, UPDATE_POOL_PROPERTIES),
    UserPoolId: existing.Id!,
  });
  await cognito.send(new UpdateUserPoolCommand(update));

  const immutable: string[] = [];
  if (!sameList(existing.UsernameAttributes, strings(properties.UsernameAttributes)))
    immutable.push('UsernameAttributes');
  if (!sameList(existing.AliasAttributes, strings(properties.AliasAttributes)))
    immutable.push('AliasAttributes');
  const usernameConfiguration = properties.UsernameConfiguration;
  const caseSensitive = isObject(usernameConfiguration) ? usernameConfiguration.CaseSensitive : undefined;
  if (caseSensitive !== undefined && existing.UsernameConfiguration?.CaseSensitive !== caseSensitive) {
    immutable.push('UsernameConfiguration.CaseSensitive');
  }
  const known = new Set((existing.SchemaAttributes ?? []).map((a) => a.Name));
  const added = (Array.isArray(properties.Schema) ? properties.Schema : [])
    .filter(isObject)
    .filter(
      (a) =>
        typeof a.Name === 'string' &&
        !BUILT_IN_ATTRIBUTES.includes(a.Name) &&
        !known.has(customAttributeName(a.Name)),
    );
  if (added.length) {
    await cognito.send(
      new AddCustomAttributesCommand({
        UserPoolId: existing.Id!,
        CustomAttributes: added.map((a) => apiInput<SchemaAttributeType>(a)),
      }),
    );
    notes.push(
      `${poolModel.logicalId}: added custom attributes ${added.map((a) => customAttributeName(String(a.Name))).join(', ')}`,
    );
  }
  if (immutable.length) {
    notes.push(
      `${poolModel.logicalId}: the template changes ${immutable.join(', ')}, which Cognito cannot change on an existing pool; ` +
        'the local pool keeps its old settings. Start with --reset to recreate it (its users are lost), as a deployment would have to.',
    );
  }
  return existing;
}

async function configureMfa(
  cognito: CognitoIdentityProviderClient,
  poolId: string,
  properties: CfnObject,
): Promise<void> {
  const enabled = strings(properties.EnabledMfas) ?? [];
  const mode = typeof properties.MfaConfiguration === 'string' ? properties.MfaConfiguration : 'OFF';
  if (mode === 'OFF') return;
  await cognito.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: poolId,
      MfaConfiguration: mode === 'ON' ? 'ON' : 'OPTIONAL',
      SoftwareTokenMfaConfiguration: { Enabled: enabled.includes('SOFTWARE_TOKEN_MFA') },
    }),
  );
}

async function ensureClient(
  cognito: CognitoIdentityProviderClient,
  poolId: string,
  clientModel: PoolResourceModel,
  properties: CfnObject,
  previousId: string | undefined,
): Promise<ProvisionedClient> {
  const clientName = clientNameOf(clientModel, properties);
  const wantsSecret = properties.GenerateSecret === true;
  const flows = strings(properties.ExplicitAuthFlows) ?? [];
  const result = (clientId: string): ProvisionedClient => ({
    logicalId: clientModel.logicalId,
    clientName,
    clientId,
    hasSecret: wantsSecret,
    explicitAuthFlows: flows,
  });
  if (previousId) {
    const existing = await cognito
      .send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: previousId }))
      .then((r) => r.UserPoolClient)
      .catch((e: unknown) => {
        if (errorName(e) === 'ResourceNotFoundException') return undefined;
        throw e;
      });
    if (existing && existing.UserPoolId === poolId) {
      if (!!existing.ClientSecret === wantsSecret) {
        const update = apiInput<UpdateUserPoolClientCommandInput>({
          ...without(properties, ['GenerateSecret']),
          ClientName: clientName,
          UserPoolId: poolId,
          ClientId: previousId,
        });
        await cognito.send(new UpdateUserPoolClientCommand(update));
        return result(previousId);
      }
      // A client's secret cannot be added or removed: Cognito replaces the client, and so does local mode.
      await cognito.send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: previousId }));
    }
  }
  const input = apiInput<CreateUserPoolClientCommandInput>({
    ...properties,
    ClientName: clientName,
    UserPoolId: poolId,
  });
  const created = (await cognito.send(new CreateUserPoolClientCommand(input))).UserPoolClient;
  if (!created?.ClientId) throw new Error(`the emulator created no app client for ${clientModel.logicalId}`);
  return result(created.ClientId);
}

async function ensureGroups(
  cognito: CognitoIdentityProviderClient,
  poolId: string,
  groups: PoolResourceModel[],
  createdBefore: readonly string[],
): Promise<ProvisionedGroup[]> {
  const existing = new Set(
    ((await cognito.send(new ListGroupsCommand({ UserPoolId: poolId }))).Groups ?? []).map(
      (g) => g.GroupName,
    ),
  );
  const out: ProvisionedGroup[] = [];
  for (const group of groups) {
    const p = group.properties;
    if (typeof p.GroupName !== 'string') {
      throw new Error(
        `group ${group.logicalId} has no GroupName (${describe(p.GroupName ?? null)}); local mode needs a name`,
      );
    }
    const precedence = typeof p.Precedence === 'number' ? p.Precedence : undefined;
    const description = typeof p.Description === 'string' ? p.Description : undefined;
    const input = {
      UserPoolId: poolId,
      GroupName: p.GroupName,
      Precedence: precedence,
      Description: description,
    };
    if (existing.has(p.GroupName)) await cognito.send(new UpdateGroupCommand(input));
    else await cognito.send(new CreateGroupCommand(input));
    out.push({
      name: p.GroupName,
      ...(precedence !== undefined ? { precedence } : {}),
      ...(description !== undefined ? { description } : {}),
    });
  }
  for (const name of createdBefore) {
    if (out.some((g) => g.name === name) || !existing.has(name)) continue;
    await cognito.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: name }));
  }
  return out;
}
