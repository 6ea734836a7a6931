/**
 * Which process holds a TCP port, for the "port in use" message: the listening socket's inode from
 * /proc/net/tcp and tcp6, then the process whose file descriptors include that socket. Linux only, and
 * only processes this user may inspect; elsewhere the answer is "unknown".
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A process that listens on a port. */
export interface PortHolder {
  readonly pid: number;
  /** Its command line, shortened. */
  readonly command: string;
}

const LISTEN = '0A';

/** Inodes of the sockets listening on `port`, from /proc/net/tcp and /proc/net/tcp6. */
export function listeningInodes(port: number, procRoot = '/proc'): string[] {
  const inodes: string[] = [];
  for (const table of ['tcp', 'tcp6']) {
    let text: string;
    try {
      text = fs.readFileSync(path.join(procRoot, 'net', table), 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || fields[3] !== LISTEN) continue;
      const localPort = parseInt(fields[1].split(':')[1] ?? '', 16);
      if (localPort === port && fields[9] !== '0') inodes.push(fields[9]);
    }
  }
  return inodes;
}

/** The process that holds a listening socket on `port`, when it can be found. */
export function findPortHolder(port: number, procRoot = '/proc'): PortHolder | undefined {
  const inodes = new Set(listeningInodes(port, procRoot).map((i) => `socket:[${i}]`));
  if (inodes.size === 0) return undefined;
  let pids: string[];
  try {
    pids = fs.readdirSync(procRoot).filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = fs.readdirSync(path.join(procRoot, pid, 'fd'));
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = fs.readlinkSync(path.join(procRoot, pid, 'fd', fd));
      } catch {
        continue;
      }
      if (!inodes.has(target)) continue;
      let command = '';
      try {
        command = fs
          .readFileSync(path.join(procRoot, pid, 'cmdline'), 'utf8')
          .split('\0')
          .filter(Boolean)
          .join(' ');
      } catch {
        command = '';
      }
      return { pid: Number(pid), command: command.length > 160 ? `${command.slice(0, 157)}...` : command };
    }
  }
  return undefined;
}

/** "port 9229 is already in use by pid 4242 (node .../start.js)", or without the holder when it is unknown. */
export function portInUseMessage(port: number, what = 'port'): string {
  const holder = findPortHolder(port);
  const by = holder ? ` by pid ${holder.pid}${holder.command ? ` (${holder.command})` : ''}` : '';
  return `${what} ${port} is already in use${by}`;
}
