import { openCsv } from './csv-file';
import {
  checkRecord,
  describeKey,
  HeaderPlan,
  ImportMode,
  planHeader,
  RowProblem,
  UserRow,
} from './csv-rows';
import { KeyIndex } from './key-index';
import type { PoolInfo } from './pool-info';

/** Options of {@link validateCsv}. */
export interface ValidateCsvOptions {
  readonly mode?: ImportMode;
  /** Called for every invalid or repeated row, in file order. */
  readonly onProblem?: (problem: RowProblem, kind: 'invalid' | 'duplicate') => void;
  /** Called now and then with the bytes read and the file's size. */
  readonly onProgress?: (bytes: number) => void;
  /** How many problems to keep in the result (all are passed to `onProblem`). @default 100 */
  readonly keepProblems?: number;
}

/** The outcome of a validation pass over a CSV file. */
export interface CsvValidation {
  readonly plan: HeaderPlan;
  /** Unique values (user names, aliases) of the valid rows, each with the line of its first row. */
  readonly index: KeyIndex;
  readonly rows: number;
  readonly valid: number;
  readonly invalid: number;
  readonly duplicates: number;
  /** The first problems, up to `keepProblems`. */
  readonly problems: ReadonlyArray<RowProblem & { readonly kind: 'invalid' | 'duplicate' }>;
}

/**
 * When `user` repeats a value (user name, e-mail alias, ...) of an earlier row, the reason; else
 * `undefined`. `index` holds the first line of each value; a row is the one to import when every value
 * maps to its own line.
 */
export function duplicateReason(index: KeyIndex, user: UserRow): string | undefined {
  for (const key of user.keys) {
    const first = index.get(key);
    if (first !== undefined && first !== user.line) return `${describeKey(key)} repeats row ${first}`;
  }
  return undefined;
}

/**
 * First pass of an import: reads the whole file as a stream, checks every row against the pool
 * (attribute names and formats, groups, required attributes, user names) and finds repeated users,
 * before any call that changes the pool is made. Memory stays flat whatever the file's size, but for
 * the index of unique values (a few tens of bytes per row).
 */
export async function validateCsv(
  file: string,
  pool: PoolInfo,
  options: ValidateCsvOptions = {},
): Promise<CsvValidation> {
  const keep = options.keepProblems ?? 100;
  const csv = await openCsv(file);
  const plan = planHeader(csv.header, pool);
  const index = new KeyIndex();
  const problems: Array<RowProblem & { kind: 'invalid' | 'duplicate' }> = [];
  let rows = 0;
  let valid = 0;
  let invalid = 0;
  let duplicates = 0;
  const report = (problem: RowProblem, kind: 'invalid' | 'duplicate') => {
    if (problems.length < keep) problems.push({ ...problem, kind });
    options.onProblem?.(problem, kind);
  };
  for await (const record of csv.rows) {
    rows++;
    if (options.onProgress && rows % 1000 === 0) options.onProgress(record.bytes);
    const check = checkRecord(plan, record, options.mode);
    if (!check.ok) {
      invalid++;
      report(check.problem, 'invalid');
      continue;
    }
    const user = check.user;
    let repeated: string | undefined;
    for (const key of user.keys) {
      const first = index.get(key);
      if (first !== undefined) {
        repeated = `${describeKey(key)} repeats row ${first}`;
        break;
      }
    }
    if (repeated) {
      duplicates++;
      report(
        { ordinal: user.ordinal, line: user.line, username: user.username, reasons: [repeated] },
        'duplicate',
      );
      continue;
    }
    for (const key of user.keys) index.add(key, user.line);
    valid++;
  }
  return { plan, index, rows, valid, invalid, duplicates, problems };
}
