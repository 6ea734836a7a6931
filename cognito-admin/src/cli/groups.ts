/** `cognito-admin groups ...`: list and create groups, add and remove members. */
import { Command } from 'commander';
import { context, integer, printValue } from './common';

/** Options of `groups create`. */
interface CreateGroupFlags {
  readonly description?: string;
  readonly precedence?: number;
  readonly roleArn?: string;
}

/** Registers `groups` and its commands. */
export function registerGroups(program: Command): void {
  const groups = program.command('groups').description('list and create groups, add and remove members');

  groups
    .command('list')
    .description('list the groups of the pool')
    .action(async (_options: object, command: Command) => {
      const ctx = await context(command);
      const { listGroups } = await import('../admin/groups');
      const { formatTable } = await import('./output');
      const list = await listGroups(ctx);
      await printValue(command, list, () =>
        formatTable(
          ['name', 'precedence', 'role', 'description'],
          list.map((g) => [g.name, g.precedence, g.roleArn, g.description]),
        ),
      );
    });

  groups
    .command('create')
    .description('create a group')
    .argument('<name>')
    .option('--description <text>')
    .option(
      '--precedence <n>',
      'lower wins when a user is in several groups with roles',
      integer('--precedence', 0),
    )
    .option('--role-arn <arn>', "IAM role of the group's members in the identity pool")
    .action(async (name: string, options: CreateGroupFlags, command: Command) => {
      const ctx = await context(command);
      const { createGroup } = await import('../admin/groups');
      const group = await createGroup(ctx, name, options);
      await printValue(command, group, () => `group ${group.name} created`);
    });

  for (const [name, description] of [
    ['add-user', 'add a user to a group'],
    ['remove-user', 'remove a user from a group'],
  ] as const) {
    groups
      .command(name)
      .description(description)
      .argument('<group>')
      .argument('<username>')
      .action(async (group: string, username: string, _options: object, command: Command) => {
        const ctx = await context(command);
        const ops = await import('../admin/groups');
        await (name === 'add-user' ? ops.addUserToGroup : ops.removeUserFromGroup)(ctx, username, group);
        await printValue(command, { group, username, member: name === 'add-user' }, () =>
          name === 'add-user' ? `${username} added to ${group}` : `${username} removed from ${group}`,
        );
      });
  }
}
