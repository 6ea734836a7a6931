import * as fs from 'node:fs';
import { safeCsvLine as csvLine } from './csv-safe';

/** What happened to one row of an import. */
export type RowOutcome =
  'created' | 'updated' | 'skipped' | 'completed' | 'invalid' | 'duplicate' | 'failed' | 'valid' | 'queued';

/** Columns of the report file. */
export const REPORT_HEADER = ['row', 'username', 'outcome', 'detail'] as const;

const FLUSH_AT = 64 * 1024;

/**
 * Writes the per-row report of an import as CSV (`row,username,outcome,detail`), buffered, with
 * synchronous flushes so that a flushed report is on disk before the checkpoint that counts its rows.
 */
export class ReportWriter {
  private readonly fd: number;
  private buffer = '';

  /**
   * Opens the report; `append` continues an earlier run's report (the header is written once). The file
   * holds user names and attribute values: it is readable by its owner only (mode 0600).
   */
  constructor(
    public readonly file: string,
    append: boolean,
  ) {
    const exists = append && fs.existsSync(file) && fs.statSync(file).size > 0;
    this.fd = fs.openSync(file, exists ? 'a' : 'w', PRIVATE_FILE_MODE);
    fs.fchmodSync(this.fd, PRIVATE_FILE_MODE);
    if (!exists) this.buffer = csvLine(REPORT_HEADER);
  }

  /** Adds one row's outcome. */
  write(line: number, username: string | undefined, outcome: RowOutcome, detail = ''): void {
    this.buffer += csvLine([String(line), username ?? '', outcome, detail]);
    if (this.buffer.length >= FLUSH_AT) this.flush();
  }

  /** Writes what is buffered. */
  flush(): void {
    if (this.buffer === '') return;
    fs.writeSync(this.fd, this.buffer);
    this.buffer = '';
  }

  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

/** Default report path: beside the CSV file, `users.csv` → `users.report.csv`. */
export function defaultReportFile(csvFile: string): string {
  return csvFile.replace(/(\.csv)?$/i, '.report.csv');
}

/**
 * Default report path of a dry run: `users.csv` → `users.dry-run.report.csv`, so that a dry run never
 * replaces the report of a real import.
 */
export function defaultDryRunReportFile(csvFile: string): string {
  return csvFile.replace(/(\.csv)?$/i, '.dry-run.report.csv');
}

/** Mode of the files the CLI writes with user data (reports, checkpoints): owner read and write only. */
export const PRIVATE_FILE_MODE = 0o600;
