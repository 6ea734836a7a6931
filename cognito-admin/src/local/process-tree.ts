/**
 * What local mode knows about the processes around it, from /proc on Linux: a process's parent and start
 * time, and the chain of ancestors that started it. Elsewhere only the direct parent is known.
 */
import * as fs from 'node:fs';

/** One line of /proc/<pid>/stat, read. */
interface ProcStat {
  readonly state: string;
  readonly ppid: number;
  readonly pgid: number;
  /** Start time in clock ticks since boot. */
  readonly startTime: number;
}

function procStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime
  // cutime cstime priority nice num_threads itrealvalue starttime ...": comm may hold spaces and parens.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return {
    state: fields[0],
    ppid: Number(fields[1]),
    pgid: Number(fields[2]),
    startTime: Number(fields[19]),
  };
}

/** The start time of a process (Linux), to tell a reused pid apart; undefined elsewhere or when gone. */
export function processStartTime(pid: number): number | undefined {
  return procStat(pid)?.startTime;
}

/** A process being watched. */
interface Watched {
  readonly pid: number;
  readonly startTime?: number;
}

/**
 * The processes whose end should end this one: the parent, and up the chain every ancestor of the same
 * process group (the job the shell started: `npm`, the `sh -c` it runs scripts in, `tsx`), short of
 * pid 1. Killing any of them (`kill -9` of npm, a closed terminal) leaves this process orphaned.
 */
export function jobAncestors(pid = process.pid): number[] {
  const self = procStat(pid);
  if (!self) return process.ppid > 1 ? [process.ppid] : [];
  const out: number[] = [];
  let current = self.ppid;
  while (current > 1 && out.length < 16) {
    const stat = procStat(current);
    if (!stat) break;
    if (out.length > 0 && stat.pgid !== self.pgid) break;
    out.push(current);
    current = stat.ppid;
  }
  return out;
}

function gone(watched: Watched): boolean {
  const stat = procStat(watched.pid);
  if (watched.startTime === undefined) {
    try {
      process.kill(watched.pid, 0);
      return false;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code !== 'EPERM';
    }
  }
  return !stat || stat.state === 'Z' || stat.startTime !== watched.startTime;
}

/**
 * Calls `onGone` once when the parent, or an ancestor of this process's job, has ended. Polls every
 * `intervalMs`; the timer does not keep the process alive. Returns a function that stops watching.
 */
export function watchAncestors(onGone: (pid: number) => void, intervalMs = 500): () => void {
  const parent = process.ppid;
  const watched: Watched[] = jobAncestors().map((pid) => ({ pid, startTime: processStartTime(pid) }));
  const timer = setInterval(() => {
    const ended = process.ppid !== parent ? { pid: parent } : watched.find(gone);
    if (!ended) return;
    clearInterval(timer);
    onGone(ended.pid);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
