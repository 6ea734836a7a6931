/**
 * Local mode start-up benchmark: how long `npm run local` takes until it prints "Ready in", from a
 * fresh local directory (cold: no cloud assembly, certificate, signing key or emulator data yet) and
 * again with the directory of the previous run (warm: the pool, its users and the certificate are
 * reused; the app is synthesized again, as every start does). Each run is the real command line
 * (`cognito-admin local --port 0 --quiet`, from source with tsx) on the reference app, with its data in
 * a directory of its own (`--dir`), so the repository's `.local/` is not touched; it is stopped with
 * Ctrl-C (SIGINT) once ready.
 *
 * Usage: npm run bench:local [-- --runs 3]
 *
 * Prints, per kind, the median, fastest and slowest time to ready and the breakdown the command prints.
 * Target: ready in 15 s or less, cold and warm.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const TARGET_MS = 15_000;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const RUNS = arg('runs', 3);

interface Run {
  readonly ms: number;
  readonly breakdown: string;
}

/** Starts local mode with its data in `dir`, waits for "Ready in", stops it; returns the time to ready. */
function once(dir: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(
      process.execPath,
      [
        path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
        path.join(ROOT, 'cognito-admin', 'src', 'bin', 'cognito-admin.ts'),
        'local',
        '--port',
        '0',
        '--quiet',
        '--dir',
        dir,
      ],
      {
        cwd: ROOT,
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let ready: Run | undefined;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`not ready within 120 s:\n${out}`));
    }, 120_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = /^Ready in .*$/m.exec(out);
      if (line && !ready) {
        ready = { ms: Date.now() - started, breakdown: line[0] };
        child.kill('SIGINT');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (ready) resolve(ready);
      else reject(new Error(`local mode exited with ${code} before it was ready:\n${out}`));
    });
  });
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'cca-bench-local-'));
  const cold: Run[] = [];
  const warm: Run[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const dir = path.join(base, `run-${i}`);
      cold.push(await once(dir));
      warm.push(await once(dir));
    }
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
  console.log(
    `npm run local, time to "Ready" (${RUNS} runs each; target ${s(TARGET_MS)}), on ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`,
  );
  for (const [kind, runs] of [
    ['cold', cold],
    ['warm', warm],
  ] as const) {
    const ms = runs.map((r) => r.ms);
    const verdict = median(ms) <= TARGET_MS ? 'within target' : 'OVER TARGET';
    console.log(
      `  ${kind.padEnd(5)} median ${s(median(ms))}  fastest ${s(Math.min(...ms))}  slowest ${s(Math.max(...ms))}  ${verdict}`,
    );
    console.log(`        last: ${runs[runs.length - 1].breakdown}`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
