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
  /** Bytes of the file read so far. */
  readonly bytes: number;
}

/** A CSV file opened for one pass: its header, then its data rows, streamed. */
export interface CsvPass {
  readonly header: string[];
  readonly rows: AsyncIterable<CsvRecord>;
  /** Stops reading early. */
  close(): void;
}

interface ParsedRecord {
  readonly record: string[];
  readonly info: { readonly lines: number; readonly empty_lines: number; readonly bytes: number };
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
  const input = fs.createReadStream(file);
  const parser = input.pipe(
    parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: false }),
  );
  input.on('error', (err) => parser.destroy(err));
  const iterator: AsyncIterator<ParsedRecord> = parser[Symbol.asyncIterator]();
  let previousEnd = 0;
  let previousEmpty = 0;
  const next = async (): Promise<(ParsedRecord & { line: number }) | undefined> => {
    let result: IteratorResult<ParsedRecord>;
    try {
      result = await iterator.next();
    } catch (err) {
      throw new AdminError(`${file}: ${(err as Error).message}`, { cause: err });
    }
    if (result.done) return undefined;
    const { info } = result.value;
    const line = previousEnd + 1 + (info.empty_lines - previousEmpty);
    previousEnd = info.lines;
    previousEmpty = info.empty_lines;
    return { ...result.value, line };
  };
  const first = await next();
  if (!first) {
    input.destroy();
    throw new AdminError(`${file} is empty: a header row is needed`, { exitCode: EXIT_USAGE });
  }
  const close = () => {
    input.destroy();
    parser.destroy();
  };
  return {
    header: first.record,
    close,
    rows: {
      [Symbol.asyncIterator]: async function* () {
        let ordinal = 0;
        try {
          for (;;) {
            const record = await next();
            if (!record) return;
            ordinal++;
            yield { ordinal, line: record.line, fields: record.record, bytes: record.info.bytes };
          }
        } finally {
          close();
        }
      },
    },
  };
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
