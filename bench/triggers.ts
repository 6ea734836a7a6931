/**
 * Trigger benchmark: for each bundled trigger, the bundle size (raw and gzip), the module init time in a
 * fresh Node.js process, and warm invocations per second; beside each, the same source bundled with
 * NodejsFunction's default settings, and the ratio.
 *
 * Usage: npm run bench:triggers [-- --runs 40 --seconds 1 --rounds 5]
 *
 * Init times are the median and p95 of `runs` fresh processes, ours and the defaults interleaved; warm
 * rates are the best of `rounds` loops of `seconds` each, with console output discarded.
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { PRE_SIGN_UP_CONFIG_ENV } from '../lambda-triggers/pre-sign-up/config';
import { PRE_TOKEN_GENERATION_CONFIG_ENV } from '../lambda-triggers/pre-token-generation/config';
import { esbuildTarget } from '../lib/triggers/runtime';
import { bundleSettings } from '../scripts/bundle-triggers';

const ROOT = path.resolve(__dirname, '..');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const RUNS = arg('runs', 40);
const SECONDS = arg('seconds', 1);
const ROUNDS = arg('rounds', 5);

interface Case {
  readonly name: string;
  /** Size target of our bundle, in bytes. */
  readonly target: number;
  readonly env: Record<string, string>;
  readonly event: object;
}

/** A realistic configuration and event per trigger. */
const CASES: Case[] = [
  {
    name: 'pre-sign-up',
    // 4.5 KB: the handler re-checks its whole configuration at load to fail closed.
    target: 4.5 * 1024,
    env: {
      [PRE_SIGN_UP_CONFIG_ENV]: JSON.stringify({
        allowedDomains: ['example.com', '*.example.com'],
        deniedDomains: ['contractors.example.com'],
        autoConfirmDomains: ['example.com'],
      }),
    },
    event: {
      version: '1',
      region: 'eu-west-1',
      userPoolId: 'eu-west-1_AbCdEfGhI',
      triggerSource: 'PreSignUp_SignUp',
      userName: 'jane',
      callerContext: { awsSdkVersion: 'x', clientId: 'y' },
      request: { userAttributes: { email: 'jane@example.com' } },
      response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
    },
  },
  {
    name: 'pre-token-generation',
    // 7 KB: the handler re-checks its whole configuration at load to fail closed.
    target: 7 * 1024,
    env: {
      [PRE_TOKEN_GENERATION_CONFIG_ENV]: JSON.stringify({
        version: 'V2_0',
        claimsFromAttributes: { 'custom:tenant_id': 'tenant_id' },
        groupClaims: [
          {
            claimName: 'permissions',
            valuesByGroup: { admins: ['users:read', 'users:write'], readers: ['users:read'] },
          },
        ],
        suppressClaims: ['phone_number'],
        scopesByGroup: { admins: { add: ['orders/write'] } },
      }),
    },
    event: {
      version: '2',
      region: 'eu-west-1',
      userPoolId: 'eu-west-1_AbCdEfGhI',
      triggerSource: 'TokenGeneration_Authentication',
      userName: 'jane',
      callerContext: { awsSdkVersion: 'x', clientId: 'y' },
      request: {
        userAttributes: { sub: 'abc', email: 'jane@example.com', 'custom:tenant_id': 't-42' },
        groupConfiguration: {
          groupsToOverride: ['admins', 'readers'],
          iamRolesToOverride: [],
          preferredRole: null,
        },
        scopes: ['openid'],
      },
      response: { claimsAndScopeOverrideDetails: null },
    },
  },
];

interface Variant {
  readonly label: string;
  readonly file: string;
}

async function bundles(name: string, dir: string): Promise<[Variant, Variant]> {
  const entry = path.join(ROOT, 'lambda-triggers', name, 'index.ts');
  const ours = path.join(dir, name, 'ours', 'index.js');
  const result = await build(bundleSettings(entry, ROOT, ours));
  const js = result.outputFiles?.[0];
  if (!js) throw new Error(`esbuild produced no output for ${entry}`);
  fs.mkdirSync(path.dirname(ours), { recursive: true });
  fs.writeFileSync(ours, js.contents);
  // NodejsFunction's defaults (aws-lambda-nodejs/lib/bundling.js): esbuild --bundle --target=<runtime>
  // --platform=node --external:@aws-sdk/*, no minification, no source map, esbuild's default format.
  const defaults = path.join(dir, name, 'nodejs-function', 'index.js');
  await build({
    entryPoints: [entry],
    absWorkingDir: ROOT,
    bundle: true,
    target: esbuildTarget(),
    platform: 'node',
    outfile: defaults,
    external: ['@aws-sdk/*'],
    logLevel: 'silent',
  });
  return [
    { label: 'bundled (ours)', file: ours },
    { label: 'NodejsFunction defaults', file: defaults },
  ];
}

/**
 * Milliseconds to load the bundle in a fresh process: read, compile and run its top level (which parses
 * the configuration). The module loader is warmed first with an empty module, so that its one-time set-up
 * is not counted against the bundle.
 */
function initTime(file: string, env: Record<string, string>, warm?: string): number {
  const script = `${warm ? `require(${JSON.stringify(warm)});` : ''}const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  const out = execFileSync(process.execPath, ['-e', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return Number(out.toString());
}

/** Warm invocations per second of the handler, in a fresh process, with console output discarded. */
function warmRate(file: string, env: Record<string, string>, event: object): number {
  const script = `
    for (const k of ['log','info','warn','error']) console[k] = () => {};
    const { handler } = require(${JSON.stringify(file)});
    const event = ${JSON.stringify(event)};
    (async () => {
      for (let i = 0; i < 2000; i++) await handler(structuredClone(event));
      let n = 0; const end = Date.now() + ${SECONDS * 1000};
      while (Date.now() < end) { for (let i = 0; i < 500; i++) await handler(structuredClone(event)); n += 500; }
      process.stdout.write(String(n / ${SECONDS}));
    })();`;
  return Number(
    execFileSync(process.execPath, ['-e', script], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
}

const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-triggers-'));
  const empty = path.join(dir, 'empty.js');
  fs.writeFileSync(empty, '');
  const rows: string[][] = [];
  try {
    for (const c of CASES) {
      const variants = await bundles(c.name, dir);
      // Interleaved, so that a busy moment of the machine weighs on both variants alike.
      const times: number[][] = variants.map(() => []);
      for (let i = 0; i < RUNS; i++)
        variants.forEach((v, j) => times[j].push(initTime(v.file, c.env, empty)));
      const rates = variants.map(() => 0);
      for (let r = 0; r < ROUNDS; r++) {
        variants.forEach((v, j) => (rates[j] = Math.max(rates[j], warmRate(v.file, c.env, c.event))));
      }
      const measured = variants.map((v, j) => {
        const code = fs.readFileSync(v.file);
        return {
          v,
          raw: code.byteLength,
          gzip: gzipSync(code).byteLength,
          median: percentile(times[j], 50),
          p95: percentile(times[j], 95),
          rate: rates[j],
        };
      });
      const [ours, base] = measured;
      for (const m of measured) {
        rows.push([
          c.name,
          m.v.label,
          `${m.raw}`,
          `${m.gzip}`,
          m.median.toFixed(2),
          m.p95.toFixed(2),
          Math.round(m.rate).toLocaleString('en-US'),
        ]);
      }
      rows.push([
        c.name,
        'ratio ours / defaults',
        (ours.raw / base.raw).toFixed(2),
        (ours.gzip / base.gzip).toFixed(2),
        (ours.median / base.median).toFixed(2),
        (ours.p95 / base.p95).toFixed(2),
        (ours.rate / base.rate).toFixed(2),
      ]);
      const verdict = ours.raw <= c.target ? 'within' : 'OVER';
      rows.push([
        c.name,
        `target ≤ ${c.target} B raw, ≤ 20 ms init`,
        verdict,
        '',
        ours.median <= 20 ? 'within' : 'OVER',
        '',
        '',
      ]);
    }
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }

  // Context for the init times: the module loader's own first-require set-up, not counted above.
  const loader = Array.from({ length: RUNS }, () => initTime(empty, {}));
  rows.push([
    '(context)',
    "module loader's first require",
    '',
    '',
    percentile(loader, 50).toFixed(2),
    percentile(loader, 95).toFixed(2),
    '',
  ]);
  fs.rmSync(dir, { recursive: true, force: true });

  const head = ['trigger', 'bundle', 'bytes', 'gzip bytes', 'init median ms', 'init p95 ms', 'warm inv/s'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`;
  console.log(
    `Node.js ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${RUNS} cold starts, best of ${ROUNDS} warm loops of ${SECONDS} s, load average ${os.loadavg()[0].toFixed(1)}`,
  );
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  rows.forEach((r) => console.log(line(r)));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
