import {
  AdminAddUserToGroupCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AdminContext } from './context';

/** The groups of a row that an existing user was not in yet, and were added now. */
export interface ConvergedGroups {
  /** Groups the user was added to by this call. */
  readonly added: string[];
  /** Groups the user was already in. */
  readonly already: string[];
}

/**
 * Brings an existing user into every group of `wanted`: reads the user's groups (by its canonical user
 * name, as AdminGetUser returns it, since a sign-in alias is not accepted everywhere) and adds the missing
 * memberships. Groups the user is in beyond `wanted` are left alone. Throws the first failing call's
 * error, naming the group in `onGroup` when adding to it failed.
 */
export async function convergeGroups(
  ctx: AdminContext,
  userPoolId: string,
  username: string,
  wanted: readonly string[],
  onAddFailed?: (group: string, err: unknown) => never,
): Promise<ConvergedGroups> {
  if (wanted.length === 0) return { added: [], already: [] };
  const user = await ctx.idp.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
  const canonical = user.Username ?? username;
  const current = new Set<string>();
  let token: string | undefined;
  do {
    const page = await ctx.idp.send(
      new AdminListGroupsForUserCommand({
        UserPoolId: userPoolId,
        Username: canonical,
        Limit: 60,
        NextToken: token,
      }),
    );
    for (const g of page.Groups ?? []) if (g.GroupName) current.add(g.GroupName);
    token = page.NextToken;
  } while (token);
  const added: string[] = [];
  const already: string[] = [];
  for (const group of wanted) {
    if (current.has(group)) {
      already.push(group);
      continue;
    }
    try {
      await ctx.idp.send(
        new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: username, GroupName: group }),
      );
    } catch (err) {
      if (onAddFailed) onAddFailed(group, err);
      throw err;
    }
    added.push(group);
  }
  return { added, already };
}
