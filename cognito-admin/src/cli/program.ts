#!/usr/bin/env node
/**
 * cognito-admin: user management for Amazon Cognito user pools (CSV import, users, groups, auth flows,
 * identity-pool credentials), on the AWS SDK. Works against AWS or a local emulator (`--endpoint`).
 *
 * Start-up is kept short: only commander is loaded to parse the command line; the SDK and the operation
 * modules are loaded by the command that needs them.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { AdminContext } from '../lib/admin/context';
import type { ImportUsersResult } from '../lib/admin/import-users';
import type { CsvValidation } from '../lib/admin/validate-csv';

interface GlobalOptions {
  readonly userPoolId?: string;
  readonly config?: string;
  readonly stack?: string;
  readonly region?: string;
  readonly profile?: string;
  readonly endpoint?: string;
  readonly json?: boolean;
  readonly rate?: string;
  readonly maxAttempts?: string;
}

const EXIT_USAGE = 2;
const EXIT_INTERRUPTED = 130;

function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

function note(text: string): void {
  process.stderr.write(`${text}\n`);
}

function globals(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

function integer(name: string, min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new InvalidArgumentError(`${name} must be a whole number >= ${min}`);
    return n;
  };
}

function maxAttempts(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new CommanderError(
      EXIT_USAGE,
      'cognito-admin.invalidArgument',
      `--max-attempts ${value} must be a whole number >= 1`,
    );
  }
  return n;
}

async function context(command: Command): Promise<AdminContext> {
  const g = globals(command);
  const [{ createAdminContext }, { parseRates }] = await Promise.all([
    import('../lib/admin/context'),
    import('../lib/admin/quotas'),
  ]);
  let retries = 0;
  const ctx = createAdminContext({
    userPoolId: g.userPoolId,
    config: g.config,
    stack: g.stack,
    region: g.region,
    profile: g.profile,
    endpoint: g.endpoint,
    pacer: {
      rates: g.rate ? parseRates(g.rate) : undefined,
      maxAttempts: g.maxAttempts ? maxAttempts(g.maxAttempts) : undefined,
      onRetry: (event) => {
        retries++;
        if (retries === 1 || retries % 50 === 0) {
          note(`retrying ${event.category} calls after ${event.error} (${retries} retries so far)`);
        }
      },
    },
  });
  return ctx;
}

function json(command: Command): boolean {
  return globals(command).json === true;
}

async function printValue(command: Command, value: unknown, human: () => string): Promise<void> {
  if (json(command)) {
    const { formatJson } = await import('../lib/admin/output');
    out(formatJson(value));
  } else {
    out(human());
  }
}

/** Reads a secret from the terminal without echoing it. */
async function promptSecret(question: string, secret: boolean): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY)
    throw new CommanderError(EXIT_USAGE, 'cognito-admin.noTerminal', `${question}: no terminal to ask on`);
  process.stderr.write(`${question}: `);
  if (!secret) {
    const readline = await import('node:readline/promises');
    const rl = readline.createInterface({ input: stdin, output: process.stderr, terminal: false });
    const answer = await rl.question('');
    rl.close();
    return answer.trim();
  }
  return new Promise((resolve, reject) => {
    let value = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          done();
          resolve(value);
          return;
        }
        if (char === '\u0003') {
          done();
          reject(new CommanderError(EXIT_INTERRUPTED, 'cognito-admin.interrupted', 'interrupted'));
          return;
        }
        value = char === '\u007f' ? value.slice(0, -1) : value + char;
      }
    };
    const done = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    stdin.on('data', onData);
  });
}

async function password(given: string | undefined, question: string): Promise<string> {
  if (given) return given;
  if (process.env.COGNITO_ADMIN_PASSWORD) return process.env.COGNITO_ADMIN_PASSWORD;
  return promptSecret(question, true);
}

function version(): string {
  for (const candidate of ['../package.json', '../../package.json']) {
    const file = path.join(__dirname, candidate);
    if (fs.existsSync(file))
      return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return '0.0.0';
}

function printValidation(validation: CsvValidation, shown: number): void {
  note(
    `validated ${validation.rows} rows: ${validation.valid} valid, ${validation.invalid} invalid, ${validation.duplicates} repeated`,
  );
  for (const warning of validation.plan.warnings) note(`warning: ${warning}`);
  for (const problem of validation.problems.slice(0, shown)) {
    note(
      `row ${problem.line}${problem.username ? ` (${problem.username})` : ''}: ${problem.reasons.join('; ')}`,
    );
  }
  const more = validation.invalid + validation.duplicates - Math.min(shown, validation.problems.length);
  if (more > 0) note(`... and ${more} more rows with problems (see the report)`);
}

function importSummary(result: ImportUsersResult): string {
  const c = result.counts;
  const lines: string[] = [];
  if (result.dryRun) {
    lines.push(
      `dry run: ${result.valid} of ${result.rows} rows would be imported; ${result.invalid} invalid, ${result.duplicates} repeated; nothing was changed`,
    );
  } else {
    const parts = [
      `${c.created} created`,
      c.updated ? `${c.updated} updated` : '',
      c.skipped ? `${c.skipped} skipped (they exist; --update-existing updates them)` : '',
      c.completed ? `${c.completed} completed (started by the interrupted run)` : '',
      `${c.failed} failed`,
      c.invalid ? `${c.invalid} invalid` : '',
      c.duplicate ? `${c.duplicate} repeated` : '',
    ].filter(Boolean);
    lines.push(`${result.interrupted ? 'interrupted' : 'done'}: ${parts.join(', ')}`);
    if (result.resumed) lines.push(`resumed: ${result.resumed.rowsDone} rows were done by an earlier run`);
    if (result.interrupted && result.checkpointFile) {
      lines.push(`checkpoint: ${result.checkpointFile}; run the same command again to resume`);
    }
  }
  lines.push(`report: ${result.reportFile}`);
  return lines.join('\n');
}

function pacingSummary(ctx: AdminContext): string | undefined {
  const stats = ctx.pacer.stats();
  const used = Object.entries(stats);
  if (used.length === 0) return undefined;
  const rates = used
    .map(([category, s]) => {
      const rate = ctx.pacer.rateOf(category as Parameters<AdminContext['pacer']['rateOf']>[0]);
      return `${category} ${s?.requests ?? 0} calls at ${Number.isFinite(rate) ? `${rate}/s` : 'no limit'}`;
    })
    .join(', ');
  const t = ctx.pacer.totals();
  return `pacing: ${rates}; ${t.throttled} throttled, ${t.retried} retried, ${t.failed} given up`;
}

function buildProgram(): Command {
  const program = new Command('cognito-admin')
    .description(
      'Manage the users of an Amazon Cognito user pool: CSV import, users, groups, sign-up and sign-in, identity-pool credentials.\n' +
        'Point it at a pool with --user-pool-id or --config (a client configuration or a cdk outputs file).',
    )
    .version(version())
    .option('--user-pool-id <id>', 'user pool id (default: from --config)')
    .option(
      '--config <file>',
      'client configuration file (.local/outputs.json) or a `cdk deploy --outputs-file` file',
    )
    .option('--stack <name>', 'stack to read when the outputs file has several')
    .option('--region <region>', 'AWS Region (default: from --config, the pool id, or AWS_REGION)')
    .option('--profile <name>', 'AWS profile of the shared config files')
    .option('--endpoint <url>', 'Cognito endpoint, e.g. a local emulator (http://localhost:9229)')
    .option('--json', 'print results as JSON')
    .option(
      '--rate <rates>',
      'requests per second by quota category, e.g. UserCreation=50,UserUpdate=25,UserList=30 (0 = no limit)',
    )
    .option('--max-attempts <n>', 'attempts per call on throttling and transient errors (default 8)')
    .showHelpAfterError()
    .showSuggestionAfterError();

  const users = program
    .command('users')
    .description('import, list, inspect, disable, enable and delete users');

  users
    .command('import')
    .description(
      'import users from a CSV file (Cognito import header names: cognito:username, email, phone_number, given_name, custom:*, ' +
        'plus an optional groups column separated by ";"); every row is validated before any change; resumable',
    )
    .argument('<file>', 'CSV file')
    .option('--dry-run', 'validate only; change nothing')
    .addOption(
      new Option(
        '--update-existing',
        'update the attributes and groups of users that already exist (default: skip them)',
      ).conflicts('job'),
    )
    .addOption(
      new Option(
        '--invite',
        "send Cognito's invitation message to new users (default: suppressed)",
      ).conflicts('job'),
    )
    .option(
      '--concurrency <n>',
      'rows worked on at once (the rate stays within --rate)',
      integer('--concurrency', 1),
      16,
    )
    .option('--report <file>', 'per-row report (default: <file>.report.csv beside the CSV)')
    .addOption(
      new Option(
        '--checkpoint <file>',
        'checkpoint for resuming (default: <file>.checkpoint.json beside the CSV)',
      ).conflicts('job'),
    )
    .addOption(
      new Option('--restart', 'ignore an existing checkpoint and start from the first row').conflicts('job'),
    )
    .option('--strict', 'change nothing when any row is invalid or repeated')
    .option(
      '--job',
      "use Cognito's CSV import job (for very large files); groups are added through the API afterwards",
    )
    .option(
      '--cloudwatch-logs-role-arn <arn>',
      'role for the import job logs (default: import_role_arn of --config)',
    )
    .option('--job-name <name>', 'name of the import job')
    .option(
      '--poll-interval <seconds>',
      'time between import job status checks',
      integer('--poll-interval', 1),
      5,
    )
    .action(
      async (
        file: string,
        options: Record<string, string | boolean | number | undefined>,
        command: Command,
      ) => {
        const ctx = await context(command);
        const { createProgress } = await import('../lib/admin/progress');
        const progress = createProgress();
        const controller = new AbortController();
        let interrupts = 0;
        const onSigint = () => {
          interrupts++;
          if (interrupts > 1) process.exit(EXIT_INTERRUPTED);
          progress.stop();
          note(
            'stopping: rows in flight finish and the checkpoint is written (Ctrl-C again to quit at once)',
          );
          controller.abort();
        };
        process.on('SIGINT', onSigint);
        try {
          if (options.job && !options.dryRun) {
            const { importUsersWithJob } = await import('../lib/admin/import-job');
            const result = await importUsersWithJob(ctx, {
              file,
              cloudWatchLogsRoleArn: options.cloudwatchLogsRoleArn as string | undefined,
              jobName: options.jobName as string | undefined,
              reportFile: options.report as string | undefined,
              pollIntervalMs: Number(options.pollInterval) * 1000,
              concurrency: options.concurrency as number,
              signal: controller.signal,
              onValidated: (v) => printValidation(v, 50),
              onStatus: note,
            });
            await printValue(command, result, () =>
              [
                `import job ${result.jobId} (${result.jobName}): ${result.status}`,
                `${result.importedUsers} imported, ${result.skippedUsers} skipped, ${result.failedUsers} failed by the job` +
                  (result.completionMessage ? ` (${result.completionMessage})` : ''),
                `groups: ${result.groupsAdded} memberships added, ${result.groupFailures} failed`,
                `job log: CloudWatch Logs ${result.logGroup}`,
                `report: ${result.reportFile}`,
              ].join('\n'),
            );
            process.exitCode = result.status === 'Waiting' ? EXIT_INTERRUPTED : result.hasProblems ? 1 : 0;
            return;
          }
          const { importUsers } = await import('../lib/admin/import-users');
          let started = false;
          const result = await importUsers(ctx, {
            file,
            dryRun: options.dryRun === true,
            mode: options.job ? 'job' : 'api',
            updateExisting: options.updateExisting === true,
            invite: options.invite === true,
            concurrency: options.concurrency as number,
            reportFile: options.report as string | undefined,
            checkpointFile: options.checkpoint as string | undefined,
            restart: options.restart === true,
            strict: options.strict === true,
            signal: controller.signal,
            onValidated: (validation, resume) => {
              printValidation(validation, 50);
              if (resume) {
                note(
                  `resuming: ${resume.rowsDone} rows were done by an earlier run; ` +
                    `${resume.inFlight} rows it may have started are checked again`,
                );
              }
            },
            onProgress: (done, total) => {
              if (!started) {
                started = true;
                progress.start('importing', total);
              }
              progress.update(done, total);
            },
          });
          progress.stop();
          await printValue(command, result, () => importSummary(result));
          const pacing = pacingSummary(ctx);
          if (pacing && !json(command)) note(pacing);
          process.exitCode = result.interrupted ? EXIT_INTERRUPTED : result.hasProblems ? 1 : 0;
        } finally {
          progress.stop();
          process.off('SIGINT', onSigint);
        }
      },
    );

  users
    .command('list')
    .description('list users, with a Cognito filter, by group, by status; as a table, JSON (--json) or CSV')
    .option(
      '--filter <expression>',
      'Cognito filter, e.g. \'email ^= "ana"\' or \'cognito:user_status = "CONFIRMED"\'',
    )
    .option('--group <name>', 'only members of this group')
    .option(
      '--status <status>',
      'only users in this status: CONFIRMED, UNCONFIRMED, FORCE_CHANGE_PASSWORD, ...',
    )
    .addOption(new Option('--enabled', 'only enabled users').conflicts('disabled'))
    .option('--disabled', 'only disabled users')
    .option('--limit <n>', 'at most this many users', integer('--limit', 1))
    .option(
      '--attributes <names>',
      'extra attribute columns, comma-separated (e.g. given_name,custom:tenant)',
    )
    .addOption(
      new Option('--output <format>', 'output format').choices(['table', 'json', 'csv']).default('table'),
    )
    .action(async (options: Record<string, string | boolean | number | undefined>, command: Command) => {
      const ctx = await context(command);
      const { listUsers } = await import('../lib/admin/users');
      const users = await listUsers(ctx, {
        filter: options.filter as string | undefined,
        group: options.group as string | undefined,
        status: options.status as string | undefined,
        enabled: options.enabled ? true : options.disabled ? false : undefined,
        limit: options.limit as number | undefined,
      });
      const format = json(command) ? 'json' : (options.output as string);
      const output = await import('../lib/admin/output');
      if (format === 'json') {
        out(output.formatJson(users));
        return;
      }
      const extra = ((options.attributes as string | undefined) ?? '')
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean);
      const columns = ['username', 'status', 'enabled', 'email', 'created', ...extra];
      const rows = users.map((u) => [
        u.username,
        u.status,
        u.enabled,
        u.attributes.email,
        u.created,
        ...extra.map((a) => u.attributes[a]),
      ]);
      out(format === 'csv' ? output.formatCsv(columns, rows) : output.formatTable(columns, rows));
      if (format === 'table') note(`${users.length} users`);
    });

  users
    .command('get')
    .description("show a user's attributes, status, groups and MFA")
    .argument('<username>')
    .action(async (username: string, _options: unknown, command: Command) => {
      const ctx = await context(command);
      const { getUser } = await import('../lib/admin/users');
      const user = await getUser(ctx, username);
      await printValue(command, user, () =>
        [
          `username: ${user.username}`,
          `status: ${user.status}`,
          `enabled: ${user.enabled}`,
          `created: ${user.created?.toISOString() ?? ''}`,
          `last modified: ${user.lastModified?.toISOString() ?? ''}`,
          `groups: ${user.groups.join(', ') || '(none)'}`,
          `mfa: ${user.mfa.join(', ') || '(none)'}`,
          'attributes:',
          ...Object.entries(user.attributes).map(([k, v]) => `  ${k}: ${v}`),
        ].join('\n'),
      );
    });

  for (const [name, verb] of [
    ['disable', 'disabled'],
    ['enable', 'enabled'],
  ] as const) {
    users
      .command(name)
      .description(
        name === 'disable' ? 'disable a user (it can no longer sign in)' : 'enable a disabled user',
      )
      .argument('<username>')
      .action(async (username: string, _options: unknown, command: Command) => {
        const ctx = await context(command);
        const ops = await import('../lib/admin/users');
        await (name === 'disable' ? ops.disableUser : ops.enableUser)(ctx, username);
        await printValue(command, { username, [verb]: true }, () => `${username} ${verb}`);
      });
  }

  users
    .command('delete')
    .description('delete a user; an enabled user is refused unless --force (disable it first)')
    .argument('<username>')
    .option('--force', 'delete even if the user is enabled')
    .action(async (username: string, options: { force?: boolean }, command: Command) => {
      const ctx = await context(command);
      const { deleteUser } = await import('../lib/admin/users');
      await deleteUser(ctx, username, { force: options.force });
      await printValue(command, { username, deleted: true }, () => `${username} deleted`);
    });

  users
    .command('deactivate-inactive')
    .description(
      'disable users with no activity for N days (last sign-in where the pool has threat protection; otherwise the last-modified date, and it says so)',
    )
    .requiredOption('--days <n>', 'days without activity', integer('--days', 1))
    .option('--dry-run', 'list the users that would be disabled; change nothing')
    .action(async (options: { days: number; dryRun?: boolean }, command: Command) => {
      const ctx = await context(command);
      const { deactivateInactive } = await import('../lib/admin/deactivate-inactive');
      const result = await deactivateInactive(ctx, { days: options.days, dryRun: options.dryRun });
      if (!json(command)) note(`basis: ${result.basisNote}`);
      const { formatTable } = await import('../lib/admin/output');
      await printValue(command, result, () => {
        const head = `${result.inactive.length} of ${result.examined} enabled users inactive since ${result.cutoff.toISOString()}${
          result.dryRun ? ' (dry run: none disabled)' : ''
        }`;
        if (result.inactive.length === 0) return head;
        return (
          head +
          '\n' +
          formatTable(
            ['username', 'last activity', 'evidence', 'disabled'],
            result.inactive.map((u) => [
              u.username,
              u.lastActivity,
              u.evidence,
              u.error ? `failed: ${u.error}` : u.disabled,
            ]),
          )
        );
      });
      if (result.inactive.some((u) => u.error)) process.exitCode = 1;
    });

  const groups = program.command('groups').description('list and create groups, add and remove members');

  groups
    .command('list')
    .description('list the groups of the pool')
    .action(async (_options: unknown, command: Command) => {
      const ctx = await context(command);
      const { listGroups } = await import('../lib/admin/groups');
      const { formatTable } = await import('../lib/admin/output');
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
    .action(
      async (
        name: string,
        options: { description?: string; precedence?: number; roleArn?: string },
        command: Command,
      ) => {
        const ctx = await context(command);
        const { createGroup } = await import('../lib/admin/groups');
        const group = await createGroup(ctx, name, options);
        await printValue(command, group, () => `group ${group.name} created`);
      },
    );

  for (const [name, description] of [
    ['add-user', 'add a user to a group'],
    ['remove-user', 'remove a user from a group'],
  ] as const) {
    groups
      .command(name)
      .description(description)
      .argument('<group>')
      .argument('<username>')
      .action(async (group: string, username: string, _options: unknown, command: Command) => {
        const ctx = await context(command);
        const ops = await import('../lib/admin/groups');
        await (name === 'add-user' ? ops.addUserToGroup : ops.removeUserFromGroup)(ctx, username, group);
        await printValue(command, { group, username, member: name === 'add-user' }, () =>
          name === 'add-user' ? `${username} added to ${group}` : `${username} removed from ${group}`,
        );
      });
  }

  const auth = program
    .command('auth')
    .description("a user's side: sign up, confirm, sign in (USER_PASSWORD_AUTH) and who am I");
  const clientOptions = (command: Command) =>
    command
      .option(
        '--client <name-or-id>',
        'app client: a name of the configuration (web, public, ...) or a client id',
      )
      .option('--client-id <id>', 'app client id (same as --client)')
      .option(
        '--client-secret <secret>',
        'secret of a client that has one (SECRET_HASH is computed from it)',
      );
  const clientOf = (options: { client?: string; clientId?: string; clientSecret?: string }) => ({
    client: options.client ?? options.clientId,
    clientSecret: options.clientSecret ?? process.env.COGNITO_ADMIN_CLIENT_SECRET,
  });

  clientOptions(
    auth
      .command('sign-up')
      .description('sign a user up through an app client')
      .argument('<username>')
      .option(
        '--password <password>',
        'password (default: COGNITO_ADMIN_PASSWORD, else asked on the terminal)',
      )
      .option(
        '--attribute <name=value>',
        'user attribute, repeatable (e.g. --attribute email=ana@example.com)',
        (value: string, previous: string[] = []) => [...previous, value],
      ),
  ).action(
    async (
      username: string,
      options: {
        password?: string;
        attribute?: string[];
        client?: string;
        clientId?: string;
        clientSecret?: string;
      },
      command: Command,
    ) => {
      const ctx = await context(command);
      const { signUp } = await import('../lib/admin/auth');
      const attributes: Record<string, string> = {};
      for (const pair of options.attribute ?? []) {
        const at = pair.indexOf('=');
        if (at < 1) {
          throw new CommanderError(
            EXIT_USAGE,
            'cognito-admin.invalidArgument',
            `--attribute ${pair} is not name=value`,
          );
        }
        attributes[pair.slice(0, at)] = pair.slice(at + 1);
      }
      const result = await signUp(ctx, {
        ...clientOf(options),
        username,
        password: await password(options.password, 'Password'),
        attributes,
      });
      await printValue(command, result, () =>
        result.confirmed
          ? `${username} signed up and confirmed`
          : `${username} signed up; confirm with the code sent to ${result.codeSentTo ?? 'the user'}: cognito-admin auth confirm ${username} <code>`,
      );
    },
  );

  clientOptions(
    auth
      .command('confirm')
      .description('confirm a sign-up with its code')
      .argument('<username>')
      .argument('<code>'),
  ).action(
    async (
      username: string,
      code: string,
      options: { client?: string; clientId?: string; clientSecret?: string },
      command: Command,
    ) => {
      const ctx = await context(command);
      const { confirmSignUp } = await import('../lib/admin/auth');
      await confirmSignUp(ctx, { ...clientOf(options), username, code });
      await printValue(command, { username, confirmed: true }, () => `${username} confirmed`);
    },
  );

  clientOptions(
    auth
      .command('sign-in')
      .description(
        'sign in with USER_PASSWORD_AUTH; answers NEW_PASSWORD_REQUIRED and MFA code challenges; saves the tokens',
      )
      .argument('<username>')
      .option(
        '--password <password>',
        'password (default: COGNITO_ADMIN_PASSWORD, else asked on the terminal)',
      )
      .option('--new-password <password>', 'new password when the user must change a temporary one')
      .option('--mfa-code <code>', 'code from the authenticator app (or SMS / e-mail)')
      .option('--session <file>', 'where to save the tokens (default: ~/.config/cognito-admin/session.json)')
      .option('--no-save', 'do not save the tokens'),
  ).action(
    async (
      username: string,
      options: {
        password?: string;
        newPassword?: string;
        mfaCode?: string;
        session?: string;
        save: boolean;
        client?: string;
        clientId?: string;
        clientSecret?: string;
      },
      command: Command,
    ) => {
      const ctx = await context(command);
      const { signIn } = await import('../lib/admin/auth');
      const tokens = await import('../lib/admin/tokens');
      const result = await signIn(ctx, {
        ...clientOf(options),
        username,
        password: await password(options.password, 'Password'),
        newPassword: options.newPassword,
        mfaCode: options.mfaCode,
        prompt: process.stdin.isTTY ? (question, o) => promptSecret(question, o.secret) : undefined,
      });
      let saved: string | undefined;
      if (options.save) {
        saved = options.session ?? tokens.defaultSessionFile();
        tokens.saveSession(saved, {
          clientId: result.clientId,
          username: result.username,
          idToken: result.idToken,
          accessToken: result.accessToken,
          refreshToken: result.refreshToken,
          expiresAt: result.expiresAt.toISOString(),
          region: ctx.region,
          endpoint: ctx.endpoint,
        });
      }
      await printValue(command, { ...result, session: saved }, () =>
        [
          `signed in as ${result.username}${result.challenges.length ? ` (answered ${result.challenges.join(', ')})` : ''}`,
          `tokens expire at ${result.expiresAt.toISOString()}`,
          saved ? `tokens saved to ${saved}` : 'tokens not saved (--json prints them)',
        ].join('\n'),
      );
    },
  );

  auth
    .command('whoami')
    .description('show the signed-in user (GetUser with the access token)')
    .option('--access-token <token>', 'access token (default: the saved session)')
    .option('--session <file>', 'session file (default: ~/.config/cognito-admin/session.json)')
    .action(async (options: { accessToken?: string; session?: string }, command: Command) => {
      const ctx = await context(command);
      const { whoAmI } = await import('../lib/admin/auth');
      const tokens = await import('../lib/admin/tokens');
      const session = options.accessToken
        ? undefined
        : tokens.loadSession(options.session ?? tokens.defaultSessionFile());
      const me = await whoAmI(ctx, {
        accessToken: options.accessToken ?? session?.accessToken ?? '',
        idToken: session?.idToken,
      });
      await printValue(command, me, () =>
        [
          `username: ${me.username}`,
          `groups: ${me.groups?.join(', ') || '(none)'}`,
          `mfa: ${me.mfa.join(', ') || '(none)'}`,
          `token expires: ${me.tokenExpiresAt?.toISOString() ?? 'unknown'}`,
          'attributes:',
          ...Object.entries(me.attributes).map(([k, v]) => `  ${k}: ${v}`),
        ].join('\n'),
      );
    });

  const identity = program
    .command('identity')
    .description('identity pool: AWS credentials for a signed-in user');
  identity
    .command('credentials')
    .description('exchange an ID token for temporary AWS credentials (GetId, GetCredentialsForIdentity)')
    .option('--id-token <token>', 'ID token (default: the saved session)')
    .option('--session <file>', 'session file (default: ~/.config/cognito-admin/session.json)')
    .option('--identity-pool-id <id>', 'identity pool id (default: from --config)')
    .option('--role-arn <arn>', 'role to ask for, when the token allows several (CustomRoleArn)')
    .option('--export', 'print shell export lines with the credentials')
    .action(
      async (
        options: {
          idToken?: string;
          session?: string;
          identityPoolId?: string;
          roleArn?: string;
          export?: boolean;
        },
        command: Command,
      ) => {
        const ctx = await context(command);
        const { getIdentityCredentials } = await import('../lib/admin/identity');
        const tokens = await import('../lib/admin/tokens');
        const idToken =
          options.idToken ?? tokens.loadSession(options.session ?? tokens.defaultSessionFile()).idToken;
        const creds = await getIdentityCredentials(ctx, {
          idToken,
          identityPoolId: options.identityPoolId,
          roleArn: options.roleArn,
        });
        if (options.export && !json(command)) {
          out(
            [
              `export AWS_ACCESS_KEY_ID=${creds.accessKeyId}`,
              `export AWS_SECRET_ACCESS_KEY=${creds.secretAccessKey}`,
              `export AWS_SESSION_TOKEN=${creds.sessionToken}`,
            ].join('\n'),
          );
          note(
            `role: ${creds.roleArn ?? 'unknown'} (${creds.roleSource}); expires ${creds.expiration?.toISOString() ?? 'unknown'}`,
          );
          return;
        }
        await printValue(command, creds, () =>
          [
            `identity: ${creds.identityId}`,
            `access key id: ${creds.accessKeyId}`,
            `expires: ${creds.expiration?.toISOString() ?? 'unknown'}`,
            `role: ${creds.roleArn ?? 'unknown'}`,
            `  (${creds.roleSource})`,
            'secret and session token: use --export or --json',
          ].join('\n'),
        );
      },
    );

  program.exitOverride();
  program.commands.forEach(function exitOverride(c: Command) {
    c.exitOverride();
    c.commands.forEach(exitOverride);
  });
  return program;
}

function isSdkError(err: unknown): boolean {
  return (
    err instanceof Error && ('$metadata' in err || '$fault' in err || err.name === 'CredentialsProviderError')
  );
}

async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      if (
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.code === 'commander.help'
      ) {
        process.exitCode = 0;
        return;
      }
      if (err.code === 'cognito-admin.invalidArgument' || err.code === 'cognito-admin.noTerminal') {
        note(`cognito-admin: ${err.message}`);
      }
      process.exitCode = err.exitCode === 1 ? EXIT_USAGE : err.exitCode;
      return;
    }
    const errors = await import('../lib/admin/errors');
    if (err instanceof errors.AdminError) {
      note(`cognito-admin: ${err.message}`);
      process.exitCode = err.exitCode;
    } else if (isSdkError(err) || (err instanceof Error && 'code' in err && 'syscall' in err)) {
      note(`cognito-admin: ${errors.messageOf(err)}`);
      process.exitCode = 1;
    } else {
      note(`cognito-admin: unexpected error`);
      note(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exitCode = 1;
    }
  }
}

void main(process.argv);
