import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { parse } from 'csv-parse';
import { AdminError, EXIT_USAGE } from './errors';

/** One record of a CSV file. */
export interface CsvRecord {
  /** Ordinal of the data row: 1 for the first row after the header. */
  readonly ordinal: number;
  /** Line of the file where the record starts (the header is line 1). */
  readonly line: number;
  readonly fields: string[];
  /** Bytes of the file read so far (read ahead of the parser by up to a buffer). */
  readonly bytes: number;
}

/** A CSV file opened for one pass: its header, then its data rows, streamed. */
export interface CsvPass {
  readonly header: string[];
  readonly rows: AsyncIterable<CsvRecord>;
  /** Stops reading early. */
  close(): void;
}

/** Line breaks inside the fields of a record (quoted fields may hold them). */
function lineBreaks(record: readonly string[]): number {
  let count = 0;
  for (const field of record) {
    for (let at = field.indexOf('\n'); at !== -1; at = field.indexOf('\n', at + 1)) count++;
  }
  return count;
}

/**
 * Opens a CSV file for one streaming pass (constant memory whatever its size). Blank lines are skipped;
 * rows may have quoted fields with commas and line breaks; a UTF-8 byte order mark is ignored.
 */
export async function openCsv(file: string): Promise<CsvPass> {
  try {
    await fs.promises.access(file, fs.constants.R_OK);
  } catch {
    throw new AdminError(`${file} cannot be read`, { exitCode: EXIT_USAGE });
  }
  const input = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  // Empty lines are kept as records (and skipped below) so that every line is counted.
  const parser = input.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: false }));
  let ended = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const signal = () => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  input.on('error', (err) => parser.destroy(err));
  parser.on('readable', signal);
  parser.on('end', () => {
    ended = true;
    signal();
  });
  parser.on('error', (err) => {
    failure = err;
    signal();
  });
  parser.on('close', () => {
    ended = true;
    signal();
  });

  let previousEnd = 0;
  /** The next record and the line it starts on: from the parser's buffer, waiting only when it is empty. */
  const next = async (): Promise<{ record: string[]; line: number } | undefined> => {
    for (;;) {
      const record = parser.read() as string[] | null;
      if (record !== null) {
        const line = previousEnd + 1;
        previousEnd = line + lineBreaks(record);
        if (record.length === 1 && record[0] === '') continue;
        return { record, line };
      }
      if (failure) throw new AdminError(`${file}: ${failure.message}`, { cause: failure });
      if (ended) return undefined;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  const close = () => {
    input.destroy();
    parser.destroy();
  };
  const first = await next();
  if (!first) {
    close();
    throw new AdminError(`${file} is empty: a header row is needed`, { exitCode: EXIT_USAGE });
  }
  let ordinal = 0;
  const iterator: AsyncIterator<CsvRecord> = {
    async next() {
      const record = await next();
      if (!record) {
        close();
        return { done: true, value: undefined };
      }
      ordinal++;
      return {
        done: false,
        value: { ordinal, line: record.line, fields: record.record, bytes: input.bytesRead },
      };
    },
    async return() {
      close();
      return { done: true, value: undefined };
    },
  };
  return { header: first.record, close, rows: { [Symbol.asyncIterator]: () => iterator } };
}

/** Size and SHA-256 of a file: identifies the file a checkpoint belongs to. */
export interface FileFingerprint {
  readonly size: number;
  readonly sha256: string;
}

/** Computes the fingerprint of a file by streaming it. */
export async function fingerprint(file: string): Promise<FileFingerprint> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of fs.createReadStream(file)) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    hash.update(buffer);
  }
  return { size, sha256: hash.digest('hex') };
}

/** Quotes a CSV field when needed. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV line (with its line break). */
export function csvLine(values: readonly string[]): string {
  return values.map(csvField).join(',') + '\n';
}
