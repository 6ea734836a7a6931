import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { parse as parseSync } from 'csv-parse/sync';
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
  /**
   * Why the row cannot be read as CSV (a stray or unclosed quote), when it cannot; `fields` is then empty.
   * Parsing goes on at the next line, so one bad row never hides the rows after it.
   */
  readonly malformed?: string;
}

/** A CSV file opened for one pass: its header, then its data rows, streamed. */
export interface CsvPass {
  readonly header: string[];
  readonly rows: AsyncIterable<CsvRecord>;
  /** Stops reading early. */
  close(): void;
}

/** A quoted value may span lines; past this many lines an unclosed quote makes its first line a bad row. */
const MAX_RECORD_LINES = 200;
/** ... or past this many bytes. */
const MAX_RECORD_BYTES = 256 * 1024;

interface Line {
  /** 1-based line number. */
  readonly number: number;
  /** The line's text, without its `\n` (a `\r` before it is kept for the parser). */
  readonly text: string;
}

/**
 * The lines of a file, streamed as raw bytes and checked to be UTF-8 line by line: the first line that is
 * not valid UTF-8 is refused by number (`EXIT_USAGE`), before the caller has written anything.
 */
async function* utf8Lines(file: string, input: fs.ReadStream): AsyncGenerator<Line> {
  let carry: Buffer = Buffer.alloc(0);
  let number = 0;
  const decode = (bytes: Buffer): string => {
    number++;
    if (!isUtf8(bytes)) {
      throw new AdminError(
        `${file} is not valid UTF-8: line ${number} has bytes that are not UTF-8 text${number === 1 && bytes[0] === 0xff && bytes[1] === 0xfe ? ' (the file looks like UTF-16)' : ''}; save it as UTF-8 and run again (nothing was changed)`,
        { exitCode: EXIT_USAGE },
      );
    }
    let text = bytes.toString('utf8');
    if (number === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return text;
  };
  for await (const chunk of input) {
    let data = carry.length ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    let at = data.indexOf(0x0a);
    while (at !== -1) {
      yield { number: number + 1, text: decode(data.subarray(0, at)) };
      data = data.subarray(at + 1);
      at = data.indexOf(0x0a);
    }
    carry = Buffer.from(data);
  }
  if (carry.length) yield { number: number + 1, text: decode(carry) };
}

/** True when a line (without its final `\r`) can be split on commas alone: no quote, no other `\r`. */
function plain(text: string): boolean {
  return !text.includes('"') && !text.includes('\r');
}

/** Parses the text of one record with csv-parse; throws its CsvError. */
function parseRecord(text: string): string[][] {
  return parseSync(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
}

/** The text of a line without a final `\r` (CRLF files). */
const stripCr = (text: string) => (text.endsWith('\r') ? text.slice(0, -1) : text);

/**
 * Opens a CSV file for one streaming pass (constant memory whatever its size). Blank lines are skipped;
 * rows may have quoted fields with commas and line breaks; a UTF-8 byte order mark is ignored. A file that
 * is not UTF-8 is refused at its first bad line. A row that is not valid CSV (a stray quote, a quote never
 * closed) comes back with `malformed` set, and reading goes on with the next line; a header that cannot be
 * read refuses the file.
 */
export async function openCsv(file: string): Promise<CsvPass> {
  await assertReadable(file);
  const input = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  const source = utf8Lines(file, input);
  /** Lines to read again, after a bad record gave up its first line. */
  const again: Line[] = [];
  const nextLine = async (): Promise<Line | undefined> => {
    if (again.length) return again.shift();
    const next = await source.next();
    return next.done ? undefined : next.value;
  };

  type Parsed =
    | { readonly line: number; readonly fields: string[] }
    | { readonly line: number; readonly malformed: string };
  /** The next record, or a bad one; undefined at the end of the file. */
  const nextRecord = async (): Promise<Parsed | undefined> => {
    for (;;) {
      const first = await nextLine();
      if (!first) return undefined;
      const bare = stripCr(first.text);
      if (bare === '') continue;
      if (plain(bare)) return { line: first.number, fields: bare.split(',') };
      const pending: Line[] = [first];
      let bytes = first.text.length;
      for (;;) {
        const text = pending.map((l) => l.text).join('\n');
        let error: (Error & { code?: string }) | undefined;
        try {
          const records = parseRecord(text);
          if (records.length === 1) return { line: first.number, fields: records[0] };
          if (records.length === 0) break;
          error = Object.assign(new Error('holds more than one record'), { code: 'CSV_RECORD_SPLIT' });
        } catch (e) {
          error = e as Error & { code?: string };
        }
        const unclosed = error.code === 'CSV_QUOTE_NOT_CLOSED';
        const more =
          unclosed && pending.length < MAX_RECORD_LINES && bytes < MAX_RECORD_BYTES
            ? await nextLine()
            : undefined;
        if (more) {
          pending.push(more);
          bytes += more.text.length + 1;
          continue;
        }
        // Give up on the first line only: the lines after it are read again as rows of their own.
        again.unshift(...pending.slice(1));
        const reason = unclosed
          ? 'has a quote that is never closed'
          : `is not valid CSV (${error.message.replace(/ at line \d+/, '').replace(/\.$/, '')})`;
        return {
          line: first.number,
          malformed: `${reason}; quote a value that holds a quote, comma or line break, and double the quotes inside it ("")`,
        };
      }
    }
  };

  const close = () => {
    input.destroy();
    void source.return(undefined);
  };
  let header: Parsed | undefined;
  try {
    header = await nextRecord();
  } catch (e) {
    close();
    throw e;
  }
  if (!header) {
    close();
    throw new AdminError(`${file} is empty: a header row is needed`, { exitCode: EXIT_USAGE });
  }
  if ('malformed' in header) {
    close();
    throw new AdminError(
      `${file} cannot be split into rows: its header (line ${header.line}) ${header.malformed}`,
      { exitCode: EXIT_USAGE },
    );
  }
  let ordinal = 0;
  const iterator: AsyncIterator<CsvRecord> = {
    async next() {
      let record: Parsed | undefined;
      try {
        record = await nextRecord();
      } catch (e) {
        close();
        throw e;
      }
      if (!record) {
        close();
        return { done: true, value: undefined };
      }
      ordinal++;
      const fields =
        'fields' in record ? record.fields.map((f, i, all) => (i === all.length - 1 ? stripCr(f) : f)) : [];
      return {
        done: false,
        value: {
          ordinal,
          line: record.line,
          fields,
          bytes: input.bytesRead,
          ...('malformed' in record ? { malformed: record.malformed } : {}),
        },
      };
    },
    async return() {
      close();
      return { done: true, value: undefined };
    },
  };
  return {
    header: header.fields,
    close,
    rows: { [Symbol.asyncIterator]: () => iterator },
  };
}

/** Size and SHA-256 of a file: identifies the file a checkpoint belongs to. */
export interface FileFingerprint {
  readonly size: number;
  readonly sha256: string;
}

/**
 * Refuses a file that does not exist or cannot be read, as a usage error (exit code 2), with the reason:
 * an input problem, like an unknown option, not a failed operation.
 */
export async function assertReadable(file: string): Promise<void> {
  try {
    await fs.promises.access(file, fs.constants.R_OK);
    if ((await fs.promises.stat(file)).isDirectory()) throw Object.assign(new Error(), { code: 'EISDIR' });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'it does not exist' : code === 'EISDIR' ? 'it is a directory' : code;
    throw new AdminError(`${file} cannot be read${why ? `: ${why}` : ''}`, { exitCode: EXIT_USAGE });
  }
}

/** Computes the fingerprint of a file by streaming it (a file that cannot be read is a usage error). */
export async function fingerprint(file: string): Promise<FileFingerprint> {
  await assertReadable(file);
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
