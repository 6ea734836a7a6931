/** `cognito-admin users ...`: import, list, inspect, enable, disable, delete, passwords, inactivity. */
import { Command, Option } from 'commander';
import type { AdminContext } from '../admin/context';
import type { ImportUsersResult } from '../admin/import-users';
import type { CsvValidation } from '../admin/validate-csv';
import { context, EXIT_INTERRUPTED, integer, json, note, out, printValue } from './common';
import { PasswordFlags, withPasswordOption } from './options';
import { secrets } from './prompt';
import { safeInline } from './terminal-safe';

/** Rows with problems shown on the terminal; the report has them all. */
const SHOWN_PROBLEMS = 50;

function printValidation(validation: CsvValidation, shown: number): void {
  note(
    `validated ${validation.rows} rows: ${validation.valid} valid, ${validation.invalid} invalid, ${validation.duplicates} repeated`,
  );
  for (const warning of validation.plan.warnings) note(`warning: ${warning}`);
  for (const problem of validation.problems.slice(0, shown)) {
    note(
      `row ${problem.line}${problem.username ? ` (${safeInline(problem.username)})` : ''}: ${safeInline(problem.reasons.join('; '))}`,
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
      c.membershipsAdded ? `${c.membershipsAdded} group memberships added to existing users` : '',
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

/** Options of `users import`. */
interface ImportFlags {
  readonly dryRun?: boolean;
  readonly updateExisting?: boolean;
  readonly invite?: boolean;
  readonly concurrency: number;
  readonly report?: string;
  readonly checkpoint?: string;
  readonly restart?: boolean;
  readonly strict?: boolean;
  readonly job?: boolean;
  readonly cloudwatchLogsRoleArn?: string;
  readonly jobName?: string;
  readonly pollInterval: number;
}

async function importCommand(file: string, options: ImportFlags, command: Command): Promise<void> {
  const ctx = await context(command);
  const { createProgress } = await import('./progress');
  const progress = createProgress();
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(EXIT_INTERRUPTED);
    progress.stop();
    note('stopping: rows in flight finish and the checkpoint is written (Ctrl-C again to quit at once)');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    if (options.job && !options.dryRun) {
      const { importUsersWithJob } = await import('../admin/import-job');
      const result = await importUsersWithJob(ctx, {
        file,
        cloudWatchLogsRoleArn: options.cloudwatchLogsRoleArn,
        jobName: options.jobName,
        reportFile: options.report,
        pollIntervalMs: options.pollInterval * 1000,
        concurrency: options.concurrency,
        signal: controller.signal,
        onValidated: (v) => printValidation(v, SHOWN_PROBLEMS),
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
    const { importUsers } = await import('../admin/import-users');
    let started = false;
    const result = await importUsers(ctx, {
      file,
      dryRun: options.dryRun === true,
      mode: options.job ? 'job' : 'api',
      updateExisting: options.updateExisting === true,
      invite: options.invite === true,
      concurrency: options.concurrency,
      reportFile: options.report,
      checkpointFile: options.checkpoint,
      restart: options.restart === true,
      strict: options.strict === true,
      signal: controller.signal,
      onValidated: (validation, resume) => {
        printValidation(validation, SHOWN_PROBLEMS);
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
}

function registerImport(users: Command): void {
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
    .option(
      '--report <file>',
      'per-row report, owner-readable only (default: <file>.report.csv beside the CSV; --dry-run: <file>.dry-run.report.csv, and never an existing file)',
    )
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
    .action(importCommand);
}

/** Options of `users list`. */
interface ListFlags {
  readonly filter?: string;
  readonly group?: string;
  readonly status?: string;
  readonly enabled?: boolean;
  readonly disabled?: boolean;
  readonly limit?: number;
  readonly attributes?: string;
  readonly output: 'table' | 'json' | 'csv';
}

function registerList(users: Command): void {
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
    .action(async (options: ListFlags, command: Command) => {
      const ctx = await context(command);
      const { listUsers } = await import('../admin/users');
      const users = await listUsers(ctx, {
        filter: options.filter,
        group: options.group,
        status: options.status,
        enabled: options.enabled ? true : options.disabled ? false : undefined,
        limit: options.limit,
      });
      const format = json(command) ? 'json' : options.output;
      const output = await import('./output');
      if (format === 'json') {
        out(output.formatJson(users));
        return;
      }
      const extra = (options.attributes ?? '')
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
}

function registerSingleUser(users: Command): void {
  users
    .command('get')
    .description("show a user's attributes, status, groups and MFA")
    .argument('<username>')
    .action(async (username: string, _options: object, command: Command) => {
      const ctx = await context(command);
      const { getUser } = await import('../admin/users');
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
          ...Object.entries(user.attributes).map(([k, v]) => `  ${safeInline(k)}: ${safeInline(String(v))}`),
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
      .action(async (username: string, _options: object, command: Command) => {
        const ctx = await context(command);
        const ops = await import('../admin/users');
        await (name === 'disable' ? ops.disableUser : ops.enableUser)(ctx, username);
        await printValue(command, { username, [verb]: true }, () => `${username} ${verb}`);
      });
  }

  users
    .command('delete')
    .description('delete a user; an enabled user is refused unless --force (disable it first)')
    .argument('<username>')
    .option('--force', 'delete even if the user is enabled')
    .action(async (username: string, options: { readonly force?: boolean }, command: Command) => {
      const ctx = await context(command);
      const { deleteUser } = await import('../admin/users');
      await deleteUser(ctx, username, { force: options.force });
      await printValue(command, { username, deleted: true }, () => `${username} deleted`);
    });
}

/** Options of `users set-password`. */
interface SetPasswordFlags extends PasswordFlags {
  readonly permanent?: boolean;
  readonly temporary?: boolean;
}

function registerPasswords(users: Command): void {
  users
    .command('reset-password')
    .description(
      "reset a user's password as an administrator: it stops working and Cognito sends the user a code for a new one (auth confirm-forgot-password)",
    )
    .argument('<username>')
    .action(async (username: string, _options: object, command: Command) => {
      const ctx = await context(command);
      const { adminResetPassword } = await import('../admin/passwords');
      await adminResetPassword(ctx, username);
      await printValue(command, { username, reset: true }, () =>
        [
          `${username}: password reset; Cognito sent the user a code`,
          `the user sets a new one with: cognito-admin auth confirm-forgot-password ${username} <code>`,
        ].join('\n'),
      );
    });

  withPasswordOption(
    users
      .command('set-password')
      .description(
        "set a user's password as an administrator: temporary (changed at the next sign-in) unless --permanent",
      )
      .argument('<username>'),
    'the password to set',
  )
    .addOption(
      new Option('--permanent', 'the user signs in with it as it is (status CONFIRMED)').conflicts(
        'temporary',
      ),
    )
    .option(
      '--temporary',
      'the user must change it at the next sign-in (the default; status FORCE_CHANGE_PASSWORD)',
    )
    .action(async (username: string, options: SetPasswordFlags, command: Command) => {
      const ctx = await context(command);
      const { adminSetPassword } = await import('../admin/passwords');
      const permanent = options.permanent === true;
      const secret = await secrets(options, { password: { ask: `Password for ${username}` } });
      await adminSetPassword(ctx, username, { password: secret.password!, permanent });
      await printValue(command, { username, permanent }, () =>
        permanent
          ? `${username}: permanent password set`
          : `${username}: temporary password set; it must be changed at the next sign-in`,
      );
    });
}

function registerDeactivate(users: Command): void {
  users
    .command('deactivate-inactive')
    .description(
      'disable users with no activity for N days (last sign-in where the pool has threat protection; otherwise the last-modified date, and it says so)',
    )
    .requiredOption('--days <n>', 'days without activity', integer('--days', 1))
    .option('--dry-run', 'list the users that would be disabled; change nothing')
    .action(async (options: { readonly days: number; readonly dryRun?: boolean }, command: Command) => {
      const ctx = await context(command);
      const { deactivateInactive } = await import('../admin/deactivate-inactive');
      const result = await deactivateInactive(ctx, { days: options.days, dryRun: options.dryRun });
      if (!json(command)) note(`basis: ${result.basisNote}`);
      const { formatTable } = await import('./output');
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
}

/** Registers `users` and its commands. */
export function registerUsers(program: Command): void {
  const users = program
    .command('users')
    .description('import, list, inspect, disable, enable and delete users; reset and set their passwords');
  registerImport(users);
  registerList(users);
  registerSingleUser(users);
  registerPasswords(users);
  registerDeactivate(users);
}
