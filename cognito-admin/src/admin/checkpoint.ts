import * as fs from 'node:fs';
import * as path from 'node:path';
import { AdminError } from './errors';
import type { FileFingerprint } from './csv-file';

/** Counters of an import, summed over every run that worked on the file. */
export interface ImportCounts {
  created: number;
  updated: number;
  skipped: number;
  /** Users an interrupted run had started on: found existing on resume and completed (groups). */
  completed: number;
  failed: number;
  invalid: number;
  duplicate: number;
  /** Group memberships added to users that already existed (a re-run converging on the file). */
  membershipsAdded: number;
}

/** What a checkpoint file holds. */
export interface CheckpointData {
  readonly version: 1;
  /** Absolute path of the CSV file when the import started. */
  readonly file: string;
  readonly size: number;
  readonly sha256: string;
  readonly userPoolId: string;
  /** Every data row up to this ordinal is done. */
  readonly doneThrough: number;
  /** Rows after `doneThrough` that are done. */
  readonly doneAbove: number[];
  /**
   * No row after this ordinal has been started. Rows between `doneThrough` and here that are not done
   * may have been in flight when the run stopped: the resumed run treats them as possibly started.
   */
  readonly reservedThrough: number;
  readonly counts: ImportCounts;
  readonly updatedAt: string;
}

/** Default checkpoint path: beside the CSV file, `users.csv` → `users.checkpoint.json`. */
export function defaultCheckpointFile(csvFile: string): string {
  return csvFile.replace(/(\.csv)?$/i, '.checkpoint.json');
}

export function emptyCounts(): ImportCounts {
  return {
    created: 0,
    updated: 0,
    skipped: 0,
    completed: 0,
    failed: 0,
    invalid: 0,
    duplicate: 0,
    membershipsAdded: 0,
  };
}

/** Reads a checkpoint file; `undefined` when there is none. */
export function readCheckpoint(file: string): CheckpointData | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const data = JSON.parse(text) as CheckpointData;
    if (data.version !== 1 || typeof data.doneThrough !== 'number') throw new Error('unknown format');
    return data;
  } catch (err) {
    throw new AdminError(
      `checkpoint ${file} is not readable (${(err as Error).message}); remove it or pass --restart to import from the start`,
    );
  }
}

/**
 * Tracks which rows of an import are done and keeps the checkpoint file current.
 *
 * Rows complete out of order (calls run concurrently), so the checkpoint records a contiguous high-water
 * mark (`doneThrough`) plus the completed rows above it. Before a row is started, the file is written
 * with `reservedThrough` at or beyond it, so a resumed run knows which rows may have been in flight:
 * those, and only those, are re-run relying on idempotency (the user already exists: its groups are
 * completed, nothing is duplicated). Writes are atomic (temporary file, then rename) and the report is
 * flushed before each write, so the report never lags the checkpoint.
 */
export class CheckpointTracker {
  private doneThroughValue: number;
  private readonly doneAbove: Set<number>;
  private reservedThrough: number;
  private readonly previouslyReserved: number;
  private highestStarted: number;
  private pending = false;
  private closed = false;
  public readonly counts: ImportCounts;

  constructor(
    public readonly file: string,
    private readonly identity: { file: string; fingerprint: FileFingerprint; userPoolId: string },
    resumeFrom: CheckpointData | undefined,
    private readonly beforeWrite: () => void,
    /** Rows one reservation covers: one checkpoint write per this many rows started. */
    private readonly reservation = 64,
  ) {
    this.doneThroughValue = resumeFrom?.doneThrough ?? 0;
    this.doneAbove = new Set(resumeFrom?.doneAbove ?? []);
    this.reservedThrough = resumeFrom?.reservedThrough ?? 0;
    this.previouslyReserved = this.reservedThrough;
    this.highestStarted = this.doneThroughValue;
    this.counts = { ...emptyCounts(), ...resumeFrom?.counts };
  }

  /** Every row up to this ordinal is done. */
  get doneThrough(): number {
    return this.doneThroughValue;
  }

  /** Rows done, contiguous or not. */
  get doneCount(): number {
    return this.doneThroughValue + this.doneAbove.size;
  }

  /** True when an earlier run finished this row. */
  isDone(ordinal: number): boolean {
    return ordinal <= this.doneThroughValue || this.doneAbove.has(ordinal);
  }

  /** True when an earlier run may have started this row without finishing it. */
  mayHaveStarted(ordinal: number): boolean {
    return ordinal <= this.previouslyReserved && !this.isDone(ordinal);
  }

  /** Records, durably, that rows up to `ordinal` may be started. Call before starting a row. */
  reserve(ordinal: number): void {
    this.highestStarted = Math.max(this.highestStarted, ordinal);
    if (ordinal <= this.reservedThrough) return;
    this.reservedThrough = ordinal + this.reservation - 1;
    this.writeNow();
  }

  /** Marks a row done; the checkpoint is written soon after (once for a burst of completions). */
  complete(ordinal: number): void {
    if (ordinal === this.doneThroughValue + 1) {
      this.doneThroughValue = ordinal;
      while (this.doneAbove.delete(this.doneThroughValue + 1)) this.doneThroughValue++;
    } else {
      this.doneAbove.add(ordinal);
    }
    if (!this.pending && !this.closed) {
      this.pending = true;
      setImmediate(() => {
        this.pending = false;
        if (!this.closed) this.writeNow();
      });
    }
  }

  /** Writes the checkpoint file now. */
  writeNow(): void {
    this.beforeWrite();
    const data: CheckpointData = {
      version: 1,
      file: path.resolve(this.identity.file),
      size: this.identity.fingerprint.size,
      sha256: this.identity.fingerprint.sha256,
      userPoolId: this.identity.userPoolId,
      doneThrough: this.doneThroughValue,
      doneAbove: [...this.doneAbove].sort((a, b) => a - b),
      reservedThrough: this.reservedThrough,
      counts: this.counts,
      updatedAt: new Date().toISOString(),
    };
    const temporary = `${this.file}.tmp`;
    // Owner only: the checkpoint names the file and the pool of the import (mode 0600).
    fs.writeFileSync(temporary, JSON.stringify(data, null, 1), { mode: 0o600 });
    fs.chmodSync(temporary, 0o600);
    fs.renameSync(temporary, this.file);
  }

  /**
   * Writes a last time and stops writing. Call once no row is in flight: the reservation shrinks to the
   * rows actually started, so a resumed run re-checks only those.
   */
  close(): void {
    if (this.closed) return;
    this.reservedThrough = Math.max(this.previouslyReserved, this.highestStarted);
    this.writeNow();
    this.closed = true;
  }

  /** Removes the checkpoint (the import is complete). */
  remove(): void {
    this.closed = true;
    fs.rmSync(this.file, { force: true });
  }
}
