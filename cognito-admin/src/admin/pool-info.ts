import {
  DescribeUserPoolCommand,
  GroupType,
  ListGroupsCommand,
  SchemaAttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AdminContext } from './context';
import { AdminError, errorName } from './errors';

/** What the CSV import and the other operations need to know about a user pool. */
export interface PoolInfo {
  readonly userPoolId: string;
  /** The pool's name, when the service returns it. */
  readonly name?: string;
  /** Attributes of the pool's schema by name (`email`, `custom:tenant`). */
  readonly attributes: ReadonlyMap<string, SchemaAttributeType>;
  /** `email` and/or `phone_number` when they are the username (not aliases). */
  readonly usernameAttributes: readonly string[];
  /** `email`, `phone_number`, `preferred_username` when they are sign-in aliases. */
  readonly aliasAttributes: readonly string[];
  /** False when user names are case-insensitive. Cognito's API default is case-sensitive. */
  readonly caseSensitive: boolean;
  /** Group names of the pool. */
  readonly groups: ReadonlySet<string>;
  /** True when threat protection (advanced security) records authentication events. */
  readonly authEventsRecorded: boolean;
}

/** Lists every group of the pool, following pagination. */
export async function listAllGroups(ctx: AdminContext): Promise<GroupType[]> {
  const groups: GroupType[] = [];
  let token: string | undefined;
  do {
    const page = await ctx.idp.send(
      new ListGroupsCommand({ UserPoolId: ctx.userPoolId(), Limit: 60, NextToken: token }),
    );
    groups.push(...(page.Groups ?? []));
    token = page.NextToken;
  } while (token);
  return groups;
}

/** Reads the pool's schema, sign-in settings and groups. */
export async function describePool(ctx: AdminContext): Promise<PoolInfo> {
  const userPoolId = ctx.userPoolId();
  let pool;
  try {
    pool = (await ctx.idp.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }))).UserPool;
  } catch (err) {
    if (errorName(err) === 'ResourceNotFoundException') {
      throw new AdminError(
        `user pool ${userPoolId} does not exist in ${ctx.region}${ctx.endpoint ? ` at ${ctx.endpoint}` : ''}`,
      );
    }
    throw err;
  }
  if (!pool) throw new AdminError(`user pool ${userPoolId} was not described`);
  const groups = await listAllGroups(ctx);
  const attributes = new Map<string, SchemaAttributeType>();
  for (const attribute of pool.SchemaAttributes ?? []) {
    if (attribute.Name) attributes.set(attribute.Name, attribute);
  }
  const advanced = pool.UserPoolAddOns?.AdvancedSecurityMode;
  return {
    userPoolId,
    name: pool.Name,
    attributes,
    usernameAttributes: pool.UsernameAttributes ?? [],
    aliasAttributes: pool.AliasAttributes ?? [],
    caseSensitive: pool.UsernameConfiguration?.CaseSensitive ?? true,
    groups: new Set(groups.map((g) => g.GroupName ?? '').filter(Boolean)),
    authEventsRecorded: advanced === 'AUDIT' || advanced === 'ENFORCED',
  };
}
