/**
 * One local mode per data directory: two emulators on one `.cognito/` folder would overwrite each
 * other's writes. The lock file names the process that holds it; a lock whose process is gone (killed,
 * crashed) is taken over.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { processStartTime } from './process-tree';

/** File name of the lock, inside the local directory. */
export const LOCK_FILE = 'local.lock';

/** What the lock file records. */
export interface LockInfo {
  readonly pid: number;
  /** The process's start time (clock ticks since boot, Linux), to tell a reused pid apart. */
  readonly startTime?: number;
  readonly cwd: string;
  /** The emulator's endpoint, once it is known. */
  readonly endpoint?: string;
}

/** Raised when another local mode holds the directory. */
export class LockedError extends Error {
  public readonly holder: LockInfo;

  constructor(message: string, holder: LockInfo) {
    super(message);
    this.name = 'LockedError';
    this.holder = holder;
  }
}

/** A held lock. */
export interface InstanceLock {
  readonly file: string;
  /** Records more about the holder (e.g. the endpoint). */
  update(info: Partial<LockInfo>): void;
  /** Removes the lock file. */
  release(): void;
}

function alive(info: LockInfo): boolean {
  try {
    process.kill(info.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const now = processStartTime(info.pid);
  return info.startTime === undefined || now === undefined || now === info.startTime;
}

function readLock(file: string): LockInfo | undefined {
  try {
    const value = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockInfo>;
    return typeof value.pid === 'number' ? (value as LockInfo) : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the lock of `dir`, or throws `LockedError` naming the process that holds it. */
export function acquireLock(dir: string): InstanceLock {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  let info: LockInfo = { pid: process.pid, startTime: processStartTime(process.pid), cwd: process.cwd() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, `${JSON.stringify(info, null, 2)}\n`, { flag: 'wx' });
      let released = false;
      return {
        file,
        update(more) {
          info = { ...info, ...more };
          if (!released) fs.writeFileSync(file, `${JSON.stringify(info, null, 2)}\n`);
        },
        release() {
          if (released) return;
          released = true;
          if (readLock(file)?.pid === process.pid) fs.rmSync(file, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = readLock(file);
      if (holder && alive(holder)) {
        throw new LockedError(
          `local mode already runs with its data in ${dir} (pid ${holder.pid}${holder.endpoint ? `, ${holder.endpoint}` : ''}); ` +
            'stop it first (Ctrl-C in its terminal), or give this one another folder',
          holder,
        );
      }
      // The holder is gone (killed or crashed): take the lock over.
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`cannot take the lock ${file}`);
}
