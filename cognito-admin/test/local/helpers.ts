/**
 * Helpers for the tests of `cognito-admin local` as a process: start it, wait until it is ready, find
 * the processes it started (from /proc), and check that processes and ports are gone.
 */
import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI, cliEnv } from '../admin/helpers';

/** A running command whose output is collected. */
export interface Running {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the output once `pattern` appears in it; rejects when the process ends first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts a command and collects its stdout and stderr together. */
export function run(command: string, args: readonly string[], options: SpawnOptions = {}): Running {
  const child = spawn(command, args, {
    env: cliEnv({ AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }),
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options,
  });
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer): void => {
    text += chunk.toString();
    listeners.forEach((l) => l());
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    output: () => text,
    exited: () => exit,
    waitFor(pattern, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const match = pattern.exec(text);
          if (!match) return;
          done();
          resolve(match);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${pattern} did not appear within ${timeoutMs} ms; output:\n${text}`));
        }, timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        void exit.then(({ code, signal }) => {
          if (!listeners.has(check)) return;
          done();
          reject(new Error(`the process ended (${signal ?? code}) before ${pattern}; output:\n${text}`));
        });
        check();
      });
    },
  };
}

/** tsx's loader by its file URL, so that the CLI runs from source in any working directory. */
const TSX = pathToFileURL(
  path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'loader.mjs'),
).href;

/** Starts `cognito-admin local` from source, with `args`. */
export function startLocalCli(args: readonly string[], options: SpawnOptions = {}): Running {
  return run(process.execPath, ['--import', TSX, CLI, 'local', ...args], options);
}

/** The ports local mode listens on, from the ready message. */
export interface LocalPorts {
  /** The public port: the Cognito endpoint and the hosted UI. */
  readonly endpoint: number;
  /** The emulator's internal port, behind the endpoint. */
  readonly emulator: number;
  readonly lambda: number;
}

/** The endpoint's, the emulator's and the Lambda endpoint's ports from the ready message. */
export function portsOf(output: string): LocalPorts {
  const endpoint = /Cognito endpoint\s+http:\/\/localhost:(\d+)/.exec(output)?.[1];
  const emulator = /Cognito emulator\s+http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1];
  const lambda = /Lambda endpoint\s+http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1];
  if (!endpoint || !emulator || !lambda) throw new Error(`no ports in the output:\n${output}`);
  return { endpoint: Number(endpoint), emulator: Number(emulator), lambda: Number(lambda) };
}

function stat(pid: number): { ppid: number; state: string } | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], ppid: Number(fields[1]) };
  } catch {
    return undefined;
  }
}

/** Every process below `pid`, from /proc. */
export function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = stat(Number(name));
    if (!s) continue;
    parents.set(s.ppid, [...(parents.get(s.ppid) ?? []), Number(name)]);
  }
  const out: number[] = [];
  const walk = (p: number): void => {
    for (const child of parents.get(p) ?? []) {
      out.push(child);
      walk(child);
    }
  };
  walk(pid);
  return out;
}

/** The command line of a process. */
export function commandOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/** True while the process exists and is not a zombie. */
export function alive(pid: number): boolean {
  const s = stat(pid);
  return s !== undefined && s.state !== 'Z';
}

/** True when something accepts connections on 127.0.0.1:port. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Waits until `check` holds, polling; returns whether it did within `timeoutMs`. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return check();
}

/** Kills what is left of a test's processes (after a failed assertion). */
export function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
}
