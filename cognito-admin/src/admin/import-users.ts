import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminUpdateUserAttributesCommand,
  DeliveryMediumType,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  CheckpointTracker,
  defaultCheckpointFile,
  emptyCounts,
  ImportCounts,
  readCheckpoint,
} from './checkpoint';
import type { AdminContext } from './context';
import { fingerprint, openCsv } from './csv-file';
import { ConvergedGroups, convergeGroups } from './group-convergence';
import { checkRecord, ImportMode, RowProblem, UserRow } from './csv-rows';
import { AdminError, errorName, EXIT_USAGE, isEmulatorUnsupported, messageOf } from './errors';
import { classifyError, CategoryStats } from './pacer';
import { describePool, PoolInfo } from './pool-info';
import { defaultDryRunReportFile, defaultReportFile, ReportWriter, RowOutcome } from './report';
import { CsvValidation, duplicateReason, validateCsv } from './validate-csv';

/** Options of {@link importUsers}. */
export interface ImportUsersOptions {
  /** The CSV file. */
  readonly file: string;
  /** Validate only: no call changes the pool. @default false */
  readonly dryRun?: boolean;
  /** Validate for an API import or for Cognito's import job (`--job --dry-run`). @default 'api' */
  readonly mode?: ImportMode;
  /**
   * For a user that already exists: set the row's attributes and add the row's groups. Otherwise the
   * row is skipped (reported `skipped`). @default false
   */
  readonly updateExisting?: boolean;
  /** Send Cognito's invitation message to new users. @default false (suppressed) */
  readonly invite?: boolean;
  /** Rows worked on at once; the pacer keeps the request rate within the quotas. @default 16 */
  readonly concurrency?: number;
  /**
   * Report file. With `dryRun` it must not exist yet: a dry run never overwrites a report.
   * @default - beside the CSV: `users.csv` → `users.report.csv`; a dry run `users.dry-run.report.csv`
   */
  readonly reportFile?: string;
  /** Checkpoint file. @default - beside the CSV: `users.csv` → `users.checkpoint.json` */
  readonly checkpointFile?: string;
  /** Ignore an existing checkpoint and import from the first row. @default false */
  readonly restart?: boolean;
  /** Make no call at all when any row is invalid or repeated. @default false */
  readonly strict?: boolean;
  /** Stops the import: no new row is started, rows in flight finish, the checkpoint is written. */
  readonly signal?: AbortSignal;
  /** Called after the validation pass, before any call that changes the pool. */
  readonly onValidated?: (validation: CsvValidation, resume: ResumeInfo | undefined) => void;
  /** Called as rows are done. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Where a resumed import picks up. */
export interface ResumeInfo {
  /** Rows an earlier run finished. */
  readonly rowsDone: number;
  /** Rows an earlier run may have been working on when it stopped (re-run idempotently). */
  readonly inFlight: number;
}

/** The outcome of {@link importUsers}. */
export interface ImportUsersResult {
  readonly file: string;
  readonly dryRun: boolean;
  readonly rows: number;
  readonly valid: number;
  readonly invalid: number;
  readonly duplicates: number;
  readonly problems: CsvValidation['problems'];
  readonly headerWarnings: readonly string[];
  /** Outcomes over the whole file, earlier runs on the same checkpoint included. */
  readonly counts: ImportCounts;
  readonly resumed?: ResumeInfo;
  /** True when the import was stopped before its end; the checkpoint is kept. */
  readonly interrupted: boolean;
  readonly reportFile: string;
  readonly checkpointFile?: string;
  readonly elapsedMs: number;
  readonly pacing: Partial<Record<string, CategoryStats>>;
  /** True when any row is invalid, repeated or failed. */
  readonly hasProblems: boolean;
}

const SYSTEMIC = new Set([
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'CredentialsProviderError',
  'InvalidClientTokenId',
]);

/** True for an error that is not about the row: every following row would fail the same way. */
function isSystemic(err: unknown): boolean {
  const name = errorName(err) ?? '';
  if (SYSTEMIC.has(name) || isEmulatorUnsupported(err)) return true;
  if (name === 'ResourceNotFoundException' && !/group/i.test(messageOf(err))) return true;
  return classifyError(err) !== 'fatal';
}

class StopImport extends Error {
  constructor(
    public readonly row: number,
    public readonly reason: unknown,
  ) {
    super(messageOf(reason));
  }
}

interface RowResult {
  readonly outcome: RowOutcome & keyof ImportCounts;
  readonly detail: string;
  /** Memberships of an existing user added by this row (a re-run converging on the file). */
  readonly membershipsAdded?: number;
}

function deliveryMediums(user: UserRow): DeliveryMediumType[] {
  const mediums: DeliveryMediumType[] = [];
  if (user.attributes.some((a) => a.Name === 'email')) mediums.push('EMAIL');
  if (user.attributes.some((a) => a.Name === 'phone_number')) mediums.push('SMS');
  return mediums;
}

/** Creates (or updates, or skips) one user and adds it to its groups. Throws {@link StopImport} for systemic errors. */
async function importRow(
  ctx: AdminContext,
  pool: PoolInfo,
  user: UserRow,
  options: { updateExisting: boolean; invite: boolean; mayHaveStarted: boolean },
): Promise<RowResult> {
  const UserPoolId = pool.userPoolId;
  const fail = (err: unknown, before = ''): RowResult => {
    if (isSystemic(err)) throw new StopImport(user.line, err);
    return { outcome: 'failed', detail: before + messageOf(err) };
  };
  let outcome: RowResult['outcome'];
  try {
    await ctx.idp.send(
      new AdminCreateUserCommand({
        UserPoolId,
        Username: user.username,
        UserAttributes: user.attributes,
        ...(options.invite
          ? { DesiredDeliveryMediums: deliveryMediums(user) }
          : { MessageAction: 'SUPPRESS' }),
      }),
    );
    outcome = 'created';
  } catch (err) {
    if (errorName(err) !== 'UsernameExistsException') return fail(err);
    if (options.updateExisting) {
      const mutable = user.attributes.filter((a) => pool.attributes.get(a.Name ?? '')?.Mutable !== false);
      if (mutable.length > 0) {
        try {
          await ctx.idp.send(
            new AdminUpdateUserAttributesCommand({
              UserPoolId,
              Username: user.username,
              UserAttributes: mutable,
            }),
          );
        } catch (updateError) {
          return fail(updateError, 'user exists; updating its attributes failed: ');
        }
      }
      outcome = 'updated';
    } else {
      outcome = options.mayHaveStarted ? 'completed' : 'skipped';
    }
  }
  if (outcome === 'created') {
    for (const group of user.groups) {
      try {
        await ctx.idp.send(
          new AdminAddUserToGroupCommand({ UserPoolId, Username: user.username, GroupName: group }),
        );
      } catch (err) {
        return fail(err, `${outcome}, but adding to group ${group} failed: `);
      }
    }
    return {
      outcome,
      detail: user.groups.length ? `groups ${user.groups.join(';')}` : '',
      membershipsAdded: 0,
    };
  }
  // An existing user (a re-run, a lost checkpoint, an edited file): every group of the row must hold it.
  let converged: ConvergedGroups;
  try {
    converged = await convergeGroups(ctx, UserPoolId, user.username, user.groups, (group, err) => {
      throw new GroupAddFailed(group, err);
    });
  } catch (err) {
    if (err instanceof GroupAddFailed)
      return fail(err.reason, `user exists, but adding to group ${err.group} failed: `);
    return fail(err, 'user exists, but reading its groups failed: ');
  }
  const detail = [
    outcome === 'skipped' ? 'user exists (--update-existing updates it)' : '',
    outcome === 'completed' ? 'existing user, started by an interrupted run' : '',
    converged.added.length ? `added to groups ${converged.added.join(';')}` : '',
    converged.already.length ? `already in ${converged.already.join(';')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  return { outcome, detail, membershipsAdded: converged.added.length };
}

class GroupAddFailed extends Error {
  constructor(
    public readonly group: string,
    public readonly reason: unknown,
  ) {
    super(messageOf(reason));
  }
}

function problemText(problem: RowProblem): string {
  return problem.reasons.join('; ');
}

/**
 * Imports users from a CSV file through the user-pool API (AdminCreateUser with the row's attributes,
 * then AdminAddUserToGroup per group), in two streaming passes:
 *
 * 1. validation: every row is checked and repeated users are found before any call that changes the pool;
 * 2. import: the valid rows, concurrently, paced per quota category, with a checkpoint kept current so
 *    that a run that is killed resumes where it stopped (re-running the same command).
 *
 * Invalid, repeated and failed rows are written to the report with their row number and reason; all
 * other rows are imported. Re-running is safe and converges: an existing user is never duplicated, its
 * attributes are left alone (or updated with `updateExisting`), and it is added to every group of its row
 * that it is not in yet (reported, and counted in `counts.membershipsAdded`); a membership that cannot be
 * added fails the row.
 */
export async function importUsers(
  ctx: AdminContext,
  options: ImportUsersOptions,
): Promise<ImportUsersResult> {
  const started = Date.now();
  const file = options.file;
  const pool = await describePool(ctx);
  const reportFile =
    options.reportFile ?? (options.dryRun ? defaultDryRunReportFile(file) : defaultReportFile(file));
  const checkpointFile = options.checkpointFile ?? defaultCheckpointFile(file);

  if (options.dryRun) return dryRun();

  const print = await fingerprint(file);
  let previous = options.restart ? undefined : readCheckpoint(checkpointFile);
  if (previous) {
    const sameFile = previous.size === print.size && previous.sha256 === print.sha256;
    if (!sameFile || previous.userPoolId !== pool.userPoolId) {
      throw new AdminError(
        `checkpoint ${checkpointFile} belongs to ${sameFile ? `user pool ${previous.userPoolId}` : 'another version of the file'}` +
          ` (started ${previous.updatedAt}); remove it, or pass --restart to import from the first row`,
      );
    }
  }
  const validation = await validateCsv(file, pool);
  const resumeInfo: ResumeInfo | undefined = previous
    ? {
        rowsDone: previous.doneThrough + previous.doneAbove.length,
        inFlight: Math.max(0, previous.reservedThrough - previous.doneThrough - previous.doneAbove.length),
      }
    : undefined;
  options.onValidated?.(validation, resumeInfo);
  if (options.strict && validation.invalid + validation.duplicates > 0) {
    throw new AdminError(
      `${validation.invalid} invalid and ${validation.duplicates} repeated rows; nothing was imported (--strict)`,
    );
  }

  const concurrency = Math.max(1, options.concurrency ?? 16);
  const report = new ReportWriter(reportFile, previous !== undefined);
  const tracker = new CheckpointTracker(
    checkpointFile,
    { file, fingerprint: print, userPoolId: pool.userPoolId },
    previous,
    () => report.flush(),
    Math.max(32, concurrency * 2),
  );
  previous = undefined;
  const counts = tracker.counts;
  const maxAhead = Math.max(256, concurrency * 16);
  const total = validation.rows;
  const inFlight = new Set<Promise<void>>();
  let stop: StopImport | undefined;
  let interrupted = false;
  const progress = () => options.onProgress?.(tracker.doneCount, total);

  const csv = await openCsv(file);
  try {
    for await (const record of csv.rows) {
      if (stop) break;
      if (options.signal?.aborted) {
        interrupted = true;
        break;
      }
      if (tracker.isDone(record.ordinal)) continue;
      const check = checkRecord(validation.plan, record);
      if (!check.ok) {
        report.write(record.line, check.problem.username, 'invalid', problemText(check.problem));
        counts.invalid++;
        tracker.complete(record.ordinal);
        continue;
      }
      const user = check.user;
      const repeated = duplicateReason(validation.index, user);
      if (repeated) {
        report.write(user.line, user.username, 'duplicate', repeated);
        counts.duplicate++;
        tracker.complete(record.ordinal);
        continue;
      }
      while (
        inFlight.size >= concurrency ||
        (inFlight.size > 0 && record.ordinal - tracker.doneThrough > maxAhead)
      ) {
        await Promise.race(inFlight);
      }
      if (stop) break;
      if (options.signal?.aborted) {
        interrupted = true;
        break;
      }
      tracker.reserve(record.ordinal);
      const task: Promise<void> = importRow(ctx, pool, user, {
        updateExisting: options.updateExisting ?? false,
        invite: options.invite ?? false,
        mayHaveStarted: tracker.mayHaveStarted(record.ordinal),
      })
        .then(
          (result) => {
            report.write(user.line, user.username, result.outcome, result.detail);
            counts[result.outcome]++;
            counts.membershipsAdded += result.membershipsAdded ?? 0;
            tracker.complete(record.ordinal);
            progress();
          },
          (err: unknown) => {
            stop ??= err instanceof StopImport ? err : new StopImport(user.line, err);
          },
        )
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
    }
    await Promise.all(inFlight);
  } finally {
    csv.close();
  }

  const complete = !stop && !interrupted;
  if (complete) {
    report.close();
    tracker.remove();
  } else {
    tracker.close();
    report.close();
  }
  progress();
  if (stop) {
    throw new AdminError(
      `import stopped at row ${stop.row}: ${stop.message}. ${tracker.doneCount} of ${total} rows are done; ` +
        `fix the cause and run the same command again to resume (checkpoint ${checkpointFile})`,
      { cause: stop.reason },
    );
  }
  return summarize(validation, counts, resumeInfo, interrupted, false);

  /**
   * Validates only. The report goes to a file of its own (`users.dry-run.report.csv` unless `reportFile`
   * names one that does not exist yet), written beside and renamed into place when done: a dry run never
   * truncates or replaces the report of a real import.
   */
  async function dryRun(): Promise<ImportUsersResult> {
    if (options.reportFile !== undefined && fs.existsSync(options.reportFile)) {
      throw new AdminError(
        `${options.reportFile} exists; a dry run never overwrites a report: give --report a file that does not exist, or leave it out (a dry run writes ${defaultDryRunReportFile(file)})`,
        { exitCode: EXIT_USAGE },
      );
    }
    const partial = `${reportFile}.${process.pid}.partial`;
    const report = new ReportWriter(partial, false);
    let done = false;
    try {
      const validation = await validateCsv(file, pool, {
        mode: options.mode,
        onProblem: (problem, kind) =>
          report.write(problem.line, problem.username, kind, problemText(problem)),
      });
      report.close();
      done = true;
      fs.renameSync(partial, reportFile);
      options.onValidated?.(validation, undefined);
      return summarize(validation, emptyCountsFrom(validation), undefined, false, true);
    } finally {
      if (!done) {
        report.close();
        fs.rmSync(partial, { force: true });
      }
    }
  }

  function summarize(
    v: CsvValidation,
    c: ImportCounts,
    resumed: ResumeInfo | undefined,
    wasInterrupted: boolean,
    dryRun: boolean,
  ): ImportUsersResult {
    return {
      file: path.resolve(file),
      dryRun,
      rows: v.rows,
      valid: v.valid,
      invalid: v.invalid,
      duplicates: v.duplicates,
      problems: v.problems,
      headerWarnings: v.plan.warnings,
      counts: c,
      resumed,
      interrupted: wasInterrupted,
      reportFile: path.resolve(reportFile),
      checkpointFile: dryRun
        ? undefined
        : fs.existsSync(checkpointFile)
          ? path.resolve(checkpointFile)
          : undefined,
      elapsedMs: Date.now() - started,
      pacing: ctx.pacer.stats(),
      hasProblems: v.invalid + v.duplicates + c.failed > 0,
    };
  }
}

function emptyCountsFrom(validation: CsvValidation): ImportCounts {
  return { ...emptyCounts(), invalid: validation.invalid, duplicate: validation.duplicates };
}
