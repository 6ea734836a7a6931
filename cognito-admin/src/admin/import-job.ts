import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  AdminAddUserToGroupCommand,
  CreateUserImportJobCommand,
  DescribeUserImportJobCommand,
  GetCSVHeaderCommand,
  StartUserImportJobCommand,
  UserImportJobType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AdminContext } from './context';
import { csvLine, openCsv } from './csv-file';
import { checkRecord, MFA_COLUMN, RowProblem, USERNAME_COLUMN } from './csv-rows';
import { AdminError, errorName, EXIT_USAGE, messageOf } from './errors';
import { describePool } from './pool-info';
import { defaultReportFile, ReportWriter } from './report';
import { CsvValidation, duplicateReason, validateCsv } from './validate-csv';

/** Options of {@link importUsersWithJob}. */
export interface ImportJobOptions {
  readonly file: string;
  /**
   * Role that lets Cognito write the job's CloudWatch Logs.
   * @default - `custom.cognito_auth.import_role_arn` of the client configuration
   */
  readonly cloudWatchLogsRoleArn?: string;
  /** @default - `cognito-admin-<file name>-<timestamp>` */
  readonly jobName?: string;
  /** @default - beside the CSV: `users.csv` → `users.report.csv` */
  readonly reportFile?: string;
  /** Time between two DescribeUserImportJob calls. @default 5000 */
  readonly pollIntervalMs?: number;
  /** Group additions at once after the job. @default 16 */
  readonly concurrency?: number;
  /** Stops waiting for the job (the job itself runs on in Cognito). */
  readonly signal?: AbortSignal;
  readonly onValidated?: (validation: CsvValidation) => void;
  /** Called at each step and poll. */
  readonly onStatus?: (message: string) => void;
}

/** The outcome of {@link importUsersWithJob}. */
export interface ImportJobResult {
  readonly file: string;
  readonly rows: number;
  readonly valid: number;
  readonly invalid: number;
  readonly duplicates: number;
  readonly problems: CsvValidation['problems'];
  readonly jobId?: string;
  readonly jobName: string;
  /** Final status: Succeeded, Failed, Stopped, Expired; `Waiting` when polling was interrupted. */
  readonly status: string;
  readonly importedUsers: number;
  readonly skippedUsers: number;
  readonly failedUsers: number;
  readonly completionMessage?: string;
  /** Where Cognito writes the job's log. */
  readonly logGroup: string;
  readonly groupsAdded: number;
  readonly groupFailures: number;
  readonly reportFile: string;
  readonly hasProblems: boolean;
}

const FINAL = new Set(['Succeeded', 'Failed', 'Stopped', 'Expired']);

/** The role ARN that the client configuration offers for import jobs, if any. */
function configuredRoleArn(ctx: AdminContext): string | undefined {
  const custom = ctx.config?.custom?.cognito_auth as { readonly import_role_arn?: unknown } | undefined;
  return typeof custom?.import_role_arn === 'string' ? custom.import_role_arn : undefined;
}

/** Uploads a file to a pre-signed S3 URL the way Cognito's import job expects (server-side encryption with KMS). */
export async function uploadToPresignedUrl(url: string, file: string): Promise<void> {
  const target = new URL(url);
  const request = target.protocol === 'http:' ? http.request : https.request;
  const size = (await fs.promises.stat(file)).size;
  await new Promise<void>((resolve, reject) => {
    const req = request(
      target,
      {
        method: 'PUT',
        headers: { 'x-amz-server-side-encryption': 'aws:kms', 'Content-Length': String(size) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve();
          else {
            const body = Buffer.concat(chunks).toString('utf8').slice(0, 500);
            reject(new AdminError(`upload to the import job's URL failed with HTTP ${status}: ${body}`));
          }
        });
      },
    );
    req.on('error', (err) => reject(new AdminError(`upload to the import job's URL failed: ${err.message}`)));
    const source = fs.createReadStream(file);
    source.on('error', reject);
    source.pipe(req);
  });
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * Imports users through Cognito's own CSV import job, for very large files: validates every row as the
 * API import does, converts the valid rows to the header Cognito asks for (GetCSVHeader), creates the job,
 * uploads the file to the job's pre-signed URL, starts the job and polls it to the end; then adds the
 * users to the groups of the `groups` column through the API (the import job has no groups).
 */
export async function importUsersWithJob(
  ctx: AdminContext,
  options: ImportJobOptions,
): Promise<ImportJobResult> {
  const roleArn = options.cloudWatchLogsRoleArn ?? configuredRoleArn(ctx);
  if (!roleArn) {
    throw new AdminError(
      'an import job needs a role that lets Cognito write CloudWatch Logs: pass --cloudwatch-logs-role-arn, ' +
        'or use a client configuration with custom.cognito_auth.import_role_arn',
      { exitCode: EXIT_USAGE },
    );
  }
  const UserPoolId = ctx.userPoolId();
  const status = options.onStatus ?? (() => undefined);
  const pool = await describePool(ctx);
  const reportFile = options.reportFile ?? defaultReportFile(options.file);
  // Validate the whole file (UTF-8, rows) before anything is written, the report included.
  const validation = await validateCsv(options.file, pool, { mode: 'job' });
  const report = new ReportWriter(reportFile, false);
  const work = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'cognito-admin-job-'));
  const jobName =
    options.jobName ??
    `cognito-admin-${path
      .basename(options.file)
      .replace(/\.csv$/i, '')
      .replace(/[^\w-]/g, '-')}-${Date.now()}`;
  const problemText = (p: RowProblem) => p.reasons.join('; ');
  try {
    options.onValidated?.(validation);

    const header = (await ctx.idp.send(new GetCSVHeaderCommand({ UserPoolId }))).CSVHeader ?? [];
    if (!header.includes(USERNAME_COLUMN)) {
      throw new AdminError(`GetCSVHeader returned no ${USERNAME_COLUMN} column: ${header.join(',')}`);
    }
    const jobFile = path.join(work, 'users.csv');
    const out = fs.createWriteStream(jobFile);
    const write = (text: string) =>
      out.write(text)
        ? Promise.resolve()
        : new Promise<void>((resolve) => out.once('drain', () => resolve()));
    await write(csvLine(header));
    let withGroups = 0;
    const csv = await openCsv(options.file);
    for await (const record of csv.rows) {
      const check = checkRecord(validation.plan, record, 'job');
      if (!check.ok) {
        report.write(record.line, check.problem.username, 'invalid', problemText(check.problem));
        continue;
      }
      const user = check.user;
      const repeated = duplicateReason(validation.index, user);
      if (repeated) {
        report.write(user.line, user.username, 'duplicate', repeated);
        continue;
      }
      if (user.groups.length) withGroups++;
      const values = new Map(user.attributes.map((a) => [a.Name ?? '', a.Value ?? '']));
      values.set(USERNAME_COLUMN, user.username);
      values.set(MFA_COLUMN, user.mfaEnabled ? 'true' : 'false');
      await write(csvLine(header.map((column) => values.get(column) ?? '')));
    }
    await new Promise<void>((resolve, reject) =>
      out.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
    status(
      `${validation.valid} users written to the job file with Cognito's header (${header.length} columns)`,
    );

    const created = await ctx.idp.send(
      new CreateUserImportJobCommand({ JobName: jobName, UserPoolId, CloudWatchLogsRoleArn: roleArn }),
    );
    const jobId = created.UserImportJob?.JobId;
    const url = created.UserImportJob?.PreSignedUrl;
    if (!jobId || !url) throw new AdminError('CreateUserImportJob returned no job id or upload URL');
    status(`created import job ${jobId}; uploading`);
    await uploadToPresignedUrl(url, jobFile);
    await ctx.idp.send(new StartUserImportJobCommand({ UserPoolId, JobId: jobId }));
    status(`started import job ${jobId}`);

    let job: UserImportJobType | undefined;
    const interval = options.pollIntervalMs ?? 5000;
    while (!options.signal?.aborted) {
      job = (await ctx.idp.send(new DescribeUserImportJobCommand({ UserPoolId, JobId: jobId })))
        .UserImportJob;
      const state = job?.Status ?? 'Unknown';
      status(
        `job ${jobId}: ${state}, ${job?.ImportedUsers ?? 0} imported, ${job?.SkippedUsers ?? 0} skipped, ${job?.FailedUsers ?? 0} failed`,
      );
      if (FINAL.has(state)) break;
      await sleep(interval, options.signal);
    }
    const finalStatus =
      options.signal?.aborted && !FINAL.has(job?.Status ?? '') ? 'Waiting' : (job?.Status ?? 'Unknown');

    let groupsAdded = 0;
    let groupFailures = 0;
    if (finalStatus === 'Succeeded' && withGroups > 0) {
      status(`adding ${withGroups} users to their groups`);
      const concurrency = Math.max(1, options.concurrency ?? 16);
      const inFlight = new Set<Promise<void>>();
      const again = await openCsv(options.file);
      for await (const record of again.rows) {
        const check = checkRecord(validation.plan, record, 'job');
        if (!check.ok || check.user.groups.length === 0 || duplicateReason(validation.index, check.user))
          continue;
        const user = check.user;
        while (inFlight.size >= concurrency) await Promise.race(inFlight);
        const task: Promise<void> = (async () => {
          for (const group of user.groups) {
            try {
              await ctx.idp.send(
                new AdminAddUserToGroupCommand({ UserPoolId, Username: user.username, GroupName: group }),
              );
              groupsAdded++;
            } catch (err) {
              groupFailures++;
              const reason =
                errorName(err) === 'UserNotFoundException'
                  ? 'the job did not import this user'
                  : messageOf(err);
              report.write(user.line, user.username, 'failed', `adding to group ${group} failed: ${reason}`);
            }
          }
        })().finally(() => inFlight.delete(task));
        inFlight.add(task);
      }
      await Promise.all(inFlight);
    }
    return {
      file: path.resolve(options.file),
      rows: validation.rows,
      valid: validation.valid,
      invalid: validation.invalid,
      duplicates: validation.duplicates,
      problems: validation.problems,
      jobId,
      jobName,
      status: finalStatus,
      importedUsers: job?.ImportedUsers ?? 0,
      skippedUsers: job?.SkippedUsers ?? 0,
      failedUsers: job?.FailedUsers ?? 0,
      completionMessage: job?.CompletionMessage,
      // Cognito's naming: log group /aws/cognito/userpools/<pool id>/<pool name>, stream <job id>/<job name>.
      logGroup: `/aws/cognito/userpools/${UserPoolId}/${pool.name ?? '<pool name>'} (stream ${jobId ?? '<job id>'}/${jobName})`,
      groupsAdded,
      groupFailures,
      reportFile: path.resolve(reportFile),
      hasProblems:
        validation.invalid + validation.duplicates + groupFailures + (job?.FailedUsers ?? 0) > 0 ||
        finalStatus !== 'Succeeded',
    };
  } finally {
    report.close();
    await fs.promises.rm(work, { recursive: true, force: true });
  }
}
