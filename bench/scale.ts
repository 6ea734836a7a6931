/**
 * Synthesis time of one CognitoAuth with many groups and app clients: 10, 100 and 400 of them (half groups,
 * half clients; one stack holds at most 500 resources), to show that synth grows linearly and that outputs
 * stay a fixed few.
 *
 *   npm run bench:scale            (RUNS=5 by default)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { AppClient, CognitoAuth } from '../lib';

const RUNS = Number(process.env.RUNS ?? 5);
const SIZES = [10, 100, 400];
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cca-bench-scale-'));

function synthOnce(items: number): { ms: number; resources: number; outputs: number } {
  const app = new App({
    outdir: path.join(work, `out-${items}`),
    context: { 'aws:cdk:disable-stack-trace': 'true' },
  });
  const stack = new Stack(app, 'Scale', { env: { account: '123456789012', region: 'eu-west-1' } });
  const start = process.hrtime.bigint();
  new CognitoAuth(stack, 'Auth', {
    identityPool: { enabled: false },
    clients: Object.fromEntries(
      Array.from({ length: items / 2 }, (_, i) => [`app${i}`, AppClient.password()]),
    ),
    groups: Array.from({ length: items / 2 }, (_, i) => ({ name: `group-${i}`, precedence: i })),
  });
  const assembly = app.synth();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const template = assembly.getStackByName('Scale').template as { Resources: object; Outputs: object };
  return {
    ms,
    resources: Object.keys(template.Resources).length,
    outputs: Object.keys(template.Outputs).length,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

synthOnce(10); // warm-up: module loading
console.log(`CognitoAuth synth time by number of groups + app clients (median of ${RUNS} runs)`);
console.log('items  resources  outputs   synth ms   ms per item');
const rows = SIZES.map((items) => {
  const runs = Array.from({ length: RUNS }, () => synthOnce(items));
  const ms = median(runs.map((r) => r.ms));
  return { items, resources: runs[0].resources, outputs: runs[0].outputs, ms };
});
for (const r of rows) {
  console.log(
    `${String(r.items).padStart(5)}  ${String(r.resources).padStart(9)}  ${String(r.outputs).padStart(7)}  ${r.ms.toFixed(0).padStart(9)}  ${(r.ms / r.items).toFixed(2).padStart(12)}`,
  );
}
const [small, middle, large] = rows;
const first = (middle.ms - small.ms) / (middle.items - small.items);
const second = (large.ms - middle.ms) / (large.items - middle.items);
console.log(
  `marginal cost: ${first.toFixed(2)} ms per item from ${small.items} to ${middle.items}, ${second.toFixed(2)} ms per item from ${middle.items} to ${large.items} (equal = linear growth)`,
);
fs.rmSync(work, { recursive: true, force: true });
