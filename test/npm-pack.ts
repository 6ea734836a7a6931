import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
const lockDir = path.join(root, 'test', '.tmp', 'npm-pack.lock');

/** The environment of npm in tests: quiet, and nothing inherited from an outer `npm test`. */
export function npmEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('npm_')) delete env[key];
  return {
    ...env,
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extra,
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the pack lock if it is free (or left by a process that has ended); throws after `deadline`. */
function tryPackLock(deadline: number): boolean {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  try {
    fs.mkdirSync(lockDir);
    fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    const holder = Number(fs.readFileSync(path.join(lockDir, 'pid'), { encoding: 'utf8', flag: 'a+' }));
    if (holder && !alive(holder)) fs.rmSync(lockDir, { recursive: true, force: true });
    else if (Date.now() > deadline) throw new Error(`${lockDir} is held by process ${holder || '?'}`);
    return false;
  }
}

/** Holds the repository's pack lock while `fn` runs; a lock left by a process that has ended is taken over. */
function withPackLock<T>(fn: () => T): T {
  const deadline = Date.now() + 10 * 60_000;
  while (!tryPackLock(deadline)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
  try {
    return fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

/**
 * Takes the pack lock for a test that runs the repository's compiled packages (`npx cognito-admin`, dist/),
 * which a pack removes and rebuilds; resolves with the function that releases it.
 */
export async function holdPackLock(): Promise<() => void> {
  const deadline = Date.now() + 10 * 60_000;
  while (!tryPackLock(deadline)) await new Promise((r) => setTimeout(r, 250));
  return () => fs.rmSync(lockDir, { recursive: true, force: true });
}

/**
 * Packs the package in `dir` as npm would publish it (its prepack and prepare scripts rebuild `dist/`);
 * returns the tarball and its files. Test files that pack run in parallel: one pack at a time, so that
 * one's clean build never removes what another is packing.
 */
export function npmPack(dir: string, destination: string): { tarball: string; files: string[] } {
  const out = withPackLock(() =>
    execFileSync('npm', ['pack', '--json', '--pack-destination', destination], {
      cwd: dir,
      env: npmEnv(),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    }),
  );
  const info = JSON.parse(out.slice(out.indexOf('['))) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  return { tarball: path.join(destination, info[0].filename), files: info[0].files.map((f) => f.path) };
}
