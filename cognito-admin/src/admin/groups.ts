import {
  AdminAddUserToGroupCommand,
  AdminRemoveUserFromGroupCommand,
  CreateGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AdminContext } from './context';
import { AdminError, errorName, EXIT_USAGE, messageOf } from './errors';
import { listAllGroups } from './pool-info';
import { GROUP_NAME, nameProblem, precedenceProblem } from '../../../lib/shared/names';

/** A group as the commands show it. */
export interface GroupSummary {
  readonly name: string;
  readonly description?: string;
  readonly precedence?: number;
  readonly roleArn?: string;
  readonly created?: Date;
}

/** Options of {@link createGroup}. */
export interface CreateGroupOptions {
  readonly description?: string;
  /** Lower wins when a user is in several groups with roles. */
  readonly precedence?: number;
  /** IAM role of the group's members in the identity pool. */
  readonly roleArn?: string;
}

function rethrow(err: unknown, UserPoolId: string, username: string, group: string): never {
  const name = errorName(err);
  if (name === 'UserNotFoundException')
    throw new AdminError(`user ${username} does not exist in user pool ${UserPoolId}`);
  if (name === 'ResourceNotFoundException') {
    throw new AdminError(`group ${group} does not exist in user pool ${UserPoolId} (${messageOf(err)})`);
  }
  throw err;
}

/** Every group of the pool, sorted by precedence then name. */
export async function listGroups(ctx: AdminContext): Promise<GroupSummary[]> {
  const groups = await listAllGroups(ctx);
  return groups
    .map((g) => ({
      name: g.GroupName ?? '',
      description: g.Description,
      precedence: g.Precedence,
      roleArn: g.RoleArn,
      created: g.CreationDate,
    }))
    .sort((a, b) => (a.precedence ?? Infinity) - (b.precedence ?? Infinity) || a.name.localeCompare(b.name));
}

/** Creates a group. */
export async function createGroup(
  ctx: AdminContext,
  name: string,
  options: CreateGroupOptions = {},
): Promise<GroupSummary> {
  const nameIssue = nameProblem(name, GROUP_NAME);
  if (nameIssue) throw new AdminError(`group name "${name}" ${nameIssue}`, { exitCode: EXIT_USAGE });
  const precedenceIssue =
    options.precedence === undefined ? undefined : precedenceProblem(options.precedence);
  if (precedenceIssue) {
    throw new AdminError(`--precedence ${options.precedence} ${precedenceIssue}`, { exitCode: EXIT_USAGE });
  }
  const UserPoolId = ctx.userPoolId();
  try {
    const out = await ctx.idp.send(
      new CreateGroupCommand({
        UserPoolId,
        GroupName: name,
        Description: options.description,
        Precedence: options.precedence,
        RoleArn: options.roleArn,
      }),
    );
    return {
      name: out.Group?.GroupName ?? name,
      description: out.Group?.Description,
      precedence: out.Group?.Precedence,
      roleArn: out.Group?.RoleArn,
      created: out.Group?.CreationDate,
    };
  } catch (err) {
    if (errorName(err) === 'GroupExistsException')
      throw new AdminError(`group ${name} already exists in user pool ${UserPoolId}`);
    throw err;
  }
}

/** Adds a user to a group (adding a member again changes nothing). */
export async function addUserToGroup(ctx: AdminContext, username: string, group: string): Promise<void> {
  const UserPoolId = ctx.userPoolId();
  await ctx.idp
    .send(new AdminAddUserToGroupCommand({ UserPoolId, Username: username, GroupName: group }))
    .catch((err: unknown) => rethrow(err, UserPoolId, username, group));
}

/** Removes a user from a group. */
export async function removeUserFromGroup(ctx: AdminContext, username: string, group: string): Promise<void> {
  const UserPoolId = ctx.userPoolId();
  await ctx.idp
    .send(new AdminRemoveUserFromGroupCommand({ UserPoolId, Username: username, GroupName: group }))
    .catch((err: unknown) => rethrow(err, UserPoolId, username, group));
}
