/**
 * Start-up of the compiled CLI: `cognito-admin --help` and `cognito-admin local --help` against a bare
 * `node -e 0`, median of RUNS runs each, interleaved so that a busy machine weighs on all alike. The
 * target: `--help` within 4× a bare Node.js (the AWS SDK is loaded only by the commands that need it).
 *
 *   npm run bench:startup          (compiles first)
 *   RUNS=31 npx tsx cognito-admin/bench/startup.ts
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const RUNS = Number(process.env.RUNS ?? 15);
const CLI = path.resolve(__dirname, '..', 'dist', 'cognito-admin', 'src', 'bin', 'cognito-admin.js');
const TARGET = 4;

function time(args: string[]): number {
  const started = process.hrtime.bigint();
  execFileSync(process.execPath, args, { stdio: 'ignore' });
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function main(): void {
  if (!fs.existsSync(CLI)) {
    console.error(`${CLI} does not exist: run npm run compile first (npm run bench:startup does)`);
    process.exit(1);
  }
  const cases: Record<string, string[]> = {
    'node -e 0': ['-e', '0'],
    'cognito-admin --help': [CLI, '--help'],
    'cognito-admin local --help': [CLI, 'local', '--help'],
  };
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (const args of Object.values(cases)) time(args); // warm the file cache
  for (let i = 0; i < RUNS; i++) {
    for (const [name, args] of Object.entries(cases)) samples[name].push(time(args));
  }
  const base = median(samples['node -e 0']);
  console.log(`Node.js ${process.version}, median of ${RUNS} runs`);
  for (const [name, values] of Object.entries(samples)) {
    const m = median(values);
    console.log(`  ${name.padEnd(28)} ${m.toFixed(0).padStart(5)} ms   ${(m / base).toFixed(2)}× node -e 0`);
  }
  const ratio = median(samples['cognito-admin --help']) / base;
  console.log(
    `cognito-admin --help: ${ratio.toFixed(2)}× a bare node -e 0 (target ≤ ${TARGET}×: ${ratio <= TARGET ? 'met' : 'NOT met'})`,
  );
}

main();
