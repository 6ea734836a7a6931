import {
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
  UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AdminContext } from './context';
import { AdminError, errorName, EXIT_USAGE } from './errors';
import { matchesFilter, parseUserFilter, USER_STATUSES, UserFilter } from './user-filter';

/** A user as the commands show it. */
export interface UserSummary {
  readonly username: string;
  readonly status: string;
  readonly enabled: boolean;
  readonly created?: Date;
  readonly lastModified?: Date;
  readonly attributes: Readonly<Record<string, string>>;
}

/** A user with its groups and MFA settings. */
export interface UserDetails extends UserSummary {
  readonly groups: string[];
  readonly mfa: string[];
  readonly preferredMfa?: string;
}

/** Options of {@link listUsers}. */
export interface ListUsersOptions {
  /** Cognito filter: `email ^= "ana"`, `cognito:user_status = "CONFIRMED"`, `status = "Enabled"`. */
  readonly filter?: string;
  /** Only members of this group. */
  readonly group?: string;
  /** Only users in this status (CONFIRMED, FORCE_CHANGE_PASSWORD, UNCONFIRMED, ...). */
  readonly status?: string;
  /** Only enabled (true) or disabled (false) users. */
  readonly enabled?: boolean;
  /** Stop after this many users. */
  readonly limit?: number;
}

export function toSummary(user: UserType): UserSummary {
  const attributes: Record<string, string> = {};
  for (const a of user.Attributes ?? []) if (a.Name) attributes[a.Name] = a.Value ?? '';
  return {
    username: user.Username ?? '',
    status: user.UserStatus ?? 'UNKNOWN',
    enabled: user.Enabled !== false,
    created: user.UserCreateDate,
    lastModified: user.UserLastModifiedDate,
    attributes,
  };
}

function notFound(err: unknown, username: string, poolId: string): never {
  if (errorName(err) === 'UserNotFoundException') {
    throw new AdminError(`user ${username} does not exist in user pool ${poolId}`);
  }
  throw err;
}

/**
 * Iterates over the users of the pool (or of a group), page by page. One filter is sent to Cognito
 * (ListUsers takes one and ListUsersInGroup none); the other conditions are applied to each page.
 */
export async function* iterateUsers(
  ctx: AdminContext,
  options: ListUsersOptions = {},
): AsyncGenerator<UserType> {
  const UserPoolId = ctx.userPoolId();
  const filters: UserFilter[] = [];
  if (options.filter) filters.push(parseUserFilter(options.filter));
  if (options.status) {
    const status = options.status.toUpperCase();
    if (!(USER_STATUSES as readonly string[]).includes(status)) {
      throw new AdminError(
        `--status ${options.status} is not a user status; use one of ${USER_STATUSES.join(', ')}`,
        {
          exitCode: EXIT_USAGE,
        },
      );
    }
    filters.push(parseUserFilter(`cognito:user_status = "${status}"`));
  }
  const serverFilter = options.group ? undefined : filters[0];
  const localFilters = filters.filter((f) => f !== serverFilter);
  const keep = (user: UserType) =>
    localFilters.every((f) => matchesFilter(user, f)) &&
    (options.enabled === undefined || (user.Enabled !== false) === options.enabled);
  let yielded = 0;
  let token: string | undefined;
  do {
    let users: UserType[];
    if (options.group) {
      try {
        const page = await ctx.idp.send(
          new ListUsersInGroupCommand({ UserPoolId, GroupName: options.group, Limit: 60, NextToken: token }),
        );
        users = page.Users ?? [];
        token = page.NextToken;
      } catch (err) {
        if (errorName(err) === 'ResourceNotFoundException') {
          throw new AdminError(`group ${options.group} does not exist in user pool ${UserPoolId}`);
        }
        throw err;
      }
    } else {
      const page = await ctx.idp.send(
        new ListUsersCommand({
          UserPoolId,
          Limit: 60,
          PaginationToken: token,
          Filter: serverFilter?.expression,
        }),
      );
      users = page.Users ?? [];
      token = page.PaginationToken;
    }
    for (const user of users) {
      if (!keep(user)) continue;
      yield user;
      if (options.limit !== undefined && ++yielded >= options.limit) return;
    }
  } while (token);
}

/** Lists users (see {@link iterateUsers}). */
export async function listUsers(ctx: AdminContext, options: ListUsersOptions = {}): Promise<UserSummary[]> {
  const users: UserSummary[] = [];
  for await (const user of iterateUsers(ctx, options)) users.push(toSummary(user));
  return users;
}

/** One user with its attributes, groups and MFA settings. */
export async function getUser(ctx: AdminContext, username: string): Promise<UserDetails> {
  const UserPoolId = ctx.userPoolId();
  let user;
  try {
    user = await ctx.idp.send(new AdminGetUserCommand({ UserPoolId, Username: username }));
  } catch (err) {
    notFound(err, username, UserPoolId);
  }
  const groups: string[] = [];
  let token: string | undefined;
  do {
    const page = await ctx.idp.send(
      new AdminListGroupsForUserCommand({
        UserPoolId,
        Username: user.Username ?? username,
        Limit: 60,
        NextToken: token,
      }),
    );
    groups.push(...(page.Groups ?? []).map((g) => g.GroupName ?? ''));
    token = page.NextToken;
  } while (token);
  return {
    ...toSummary({
      Username: user.Username,
      UserStatus: user.UserStatus,
      Enabled: user.Enabled,
      UserCreateDate: user.UserCreateDate,
      UserLastModifiedDate: user.UserLastModifiedDate,
      Attributes: user.UserAttributes,
    }),
    groups,
    mfa: user.UserMFASettingList ?? [],
    preferredMfa: user.PreferredMfaSetting,
  };
}

/** Disables a user: it can no longer sign in, and its tokens are no longer accepted. */
export async function disableUser(ctx: AdminContext, username: string): Promise<void> {
  const UserPoolId = ctx.userPoolId();
  await ctx.idp
    .send(new AdminDisableUserCommand({ UserPoolId, Username: username }))
    .catch((err: unknown) => notFound(err, username, UserPoolId));
}

/** Enables a disabled user. */
export async function enableUser(ctx: AdminContext, username: string): Promise<void> {
  const UserPoolId = ctx.userPoolId();
  await ctx.idp
    .send(new AdminEnableUserCommand({ UserPoolId, Username: username }))
    .catch((err: unknown) => notFound(err, username, UserPoolId));
}

/**
 * Deletes a user. Like the Cognito console, refuses a user that is still enabled unless `force`:
 * disable it first, so that deleting is a second, deliberate step.
 */
export async function deleteUser(
  ctx: AdminContext,
  username: string,
  options: { force?: boolean } = {},
): Promise<void> {
  const UserPoolId = ctx.userPoolId();
  if (!options.force) {
    let user;
    try {
      user = await ctx.idp.send(new AdminGetUserCommand({ UserPoolId, Username: username }));
    } catch (err) {
      notFound(err, username, UserPoolId);
    }
    if (user.Enabled !== false) {
      throw new AdminError(
        `user ${username} is enabled; disable it first (cognito-admin users disable ${username}) or pass --force`,
      );
    }
  }
  await ctx.idp
    .send(new AdminDeleteUserCommand({ UserPoolId, Username: username }))
    .catch((err: unknown) => notFound(err, username, UserPoolId));
}
