/**
 * Benchmarks of `cognito-admin users import`.
 *
 *   tsx cognito-admin/bench/import.ts speed    2,000 users into the local emulator: `users import` (the compiled CLI) against a
 *                                sequential script of three calls per user; ratio printed. `--latency-ms N`
 *                                puts a proxy that adds N ms per request in front of the emulator for both.
 *   tsx cognito-admin/bench/import.ts network  the same comparison against an in-process fake of Cognito that answers in
 *                                40-60 ms (a network round trip) and costs nothing else, at the default quotas
 *                                and at raised ones; 500 users (`--network-users N`).
 *   tsx cognito-admin/bench/import.ts pacing   an in-process quota-enforcing fake of Cognito (sliding one-second window per
 *                                category, TooManyRequestsException above it): achieved rate against the
 *                                configured one, throttles retried and given up.
 *   tsx cognito-admin/bench/import.ts memory   peak RSS of `users import --dry-run` over a generated 1,000,000-row file.
 *
 * Options: --users N (speed, default 2000), --rows N (memory, default 1000000), --pacing-rows N (default 600).
 * The speed and memory runs use the compiled CLI (cognito-admin/dist): run `npm run compile` first (the npm scripts do).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolCommand,
  ListUsersCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { createAdminContext } from '../src/admin/context';
import { importUsers } from '../src/admin/import-users';
import { categoryOf, QuotaCategory } from '../src/admin/quotas';
import { startEmulator } from '../src/local/emulator';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const PACKAGE = path.resolve(__dirname, '..');
const CLI = path.join(PACKAGE, 'dist', 'cognito-admin', 'src', 'bin', 'cognito-admin.js');
const GROUPS = ['admins', 'staff', 'readers'];

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function writeUsersCsv(file: string, count: number, withGroups = true): void {
  const out = fs.openSync(file, 'w');
  let chunk = 'cognito:username,email,given_name,custom:tenant,groups\n';
  for (let i = 1; i <= count; i++) {
    chunk += `user${i},user${i}@example.com,User ${i},t${i % 7},${withGroups ? GROUPS[i % 3] : ''}\n`;
    if (chunk.length > 1 << 20) {
      fs.writeSync(out, chunk);
      chunk = '';
    }
  }
  fs.writeSync(out, chunk);
  fs.closeSync(out);
}

interface CliRun {
  readonly code: number | null;
  readonly ms: number;
  readonly stdout: string;
  readonly stderr: string;
}

function runCli(args: string[], nodeArgs: string[] = []): Promise<CliRun> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run compile first`);
  const started = Date.now();
  const child = spawn(process.execPath, [...nodeArgs, CLI, ...args], {
    env: { ...process.env, CI: 'true', AWS_ACCESS_KEY_ID: '', AWS_PROFILE: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) =>
    child.on('close', (code) => resolve({ code, ms: Date.now() - started, stdout, stderr })),
  );
}

async function localPool(sdk: CognitoIdentityProviderClient, name: string): Promise<string> {
  const pool = await sdk.send(
    new CreateUserPoolCommand({
      PoolName: name,
      Schema: [{ Name: 'tenant', AttributeDataType: 'String', Mutable: true }],
    }),
  );
  const id = pool.UserPool?.Id ?? '';
  for (const GroupName of GROUPS) await sdk.send(new CreateGroupCommand({ UserPoolId: id, GroupName }));
  return id;
}

/** A proxy that holds each request `latencyMs` before passing it on: a network round trip. */
function latencyProxy(target: string, latencyMs: number): Promise<{ endpoint: string; close: () => void }> {
  const upstream = new URL(target);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const server = http.createServer((req, res) => {
    const body: Buffer[] = [];
    req.on('data', (c: Buffer) => body.push(c));
    req.on('end', () => {
      setTimeout(() => {
        const forward = http.request(
          {
            host: upstream.hostname,
            port: upstream.port,
            path: req.url,
            method: req.method,
            headers: req.headers,
            agent,
          },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        forward.on('error', () => res.destroy());
        forward.end(Buffer.concat(body));
      }, latencyMs);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      resolve({ endpoint: `http://127.0.0.1:${port}`, close: () => server.close() });
    }),
  );
}

async function countUsers(sdk: CognitoIdentityProviderClient, poolId: string): Promise<number> {
  let count = 0;
  let token: string | undefined;
  do {
    const page = await sdk.send(new ListUsersCommand({ UserPoolId: poolId, PaginationToken: token }));
    count += page.Users?.length ?? 0;
    token = page.PaginationToken;
  } while (token);
  return count;
}

async function speed(): Promise<void> {
  const users = option('users', 2000);
  const latency = option('latency-ms', 0);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-import-'));
  const emulator = await startEmulator({
    dataDir: dir,
    config: { UserPoolDefaults: { UsernameAttributes: [] } },
  });
  const proxy = latency > 0 ? await latencyProxy(emulator.endpoint, latency) : undefined;
  const endpoint = proxy?.endpoint ?? emulator.endpoint;
  const sdk = new CognitoIdentityProviderClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const file = path.join(dir, 'users.csv');
    writeUsersCsv(file, users);
    console.log(
      `speed: ${users} users, one group each, emulator ${emulator.endpoint}${latency ? `, +${latency} ms per request` : ''}`,
    );

    const baselinePool = await localPool(sdk, 'baseline');
    let started = Date.now();
    for (let i = 1; i <= users; i++) {
      const Username = `user${i}`;
      await sdk.send(
        new AdminCreateUserCommand({
          UserPoolId: baselinePool,
          Username,
          MessageAction: 'SUPPRESS',
          UserAttributes: [{ Name: 'email', Value: `${Username}@example.com` }],
        }),
      );
      await sdk.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: baselinePool,
          Username,
          UserAttributes: [
            { Name: 'given_name', Value: `User ${i}` },
            { Name: 'custom:tenant', Value: `t${i % 7}` },
          ],
        }),
      );
      await sdk.send(
        new AdminAddUserToGroupCommand({ UserPoolId: baselinePool, Username, GroupName: GROUPS[i % 3] }),
      );
    }
    const baselineMs = Date.now() - started;
    console.log(
      `  sequential script, 3 calls per user: ${seconds(baselineMs)} (${(users / (baselineMs / 1000)).toFixed(1)} users/s)`,
    );

    const unlimited = 'UserCreation=0,UserUpdate=0';
    const runs: Array<{ label: string; rates?: string }> = [
      { label: 'users import, pacing off (the emulator has no quotas), --concurrency 16', rates: unlimited },
      {
        label:
          "users import, Cognito's default quotas (UserCreation 50/s, UserUpdate 25/s), --concurrency 16",
      },
    ];
    for (const run of runs) {
      const poolId = await localPool(sdk, run.label.slice(0, 20));
      started = Date.now();
      const result = await runCli([
        '--endpoint',
        endpoint,
        '--user-pool-id',
        poolId,
        ...(run.rates ? ['--rate', run.rates] : []),
        'users',
        'import',
        file,
        '--concurrency',
        '16',
        '--restart',
        '--report',
        path.join(dir, `report-${poolId}.csv`),
      ]);
      const ms = Date.now() - started;
      const created = await countUsers(sdk, poolId);
      if (result.code !== 0 || created !== users) {
        throw new Error(`import failed (exit ${result.code}, ${created} users): ${result.stderr}`);
      }
      console.log(
        `  ${run.label}: ${seconds(ms)} (${(users / (ms / 1000)).toFixed(1)} users/s), ratio ${(baselineMs / ms).toFixed(2)}x`,
      );
    }
  } finally {
    sdk.destroy();
    proxy?.close();
    await emulator.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * An in-process stand-in for Cognito behind the real SDK client: it enforces a request rate per quota
 * category over a sliding one-second window and answers TooManyRequestsException above it.
 */
class QuotaFake {
  private readonly windows = new Map<QuotaCategory, number[]>();
  readonly accepted = new Map<QuotaCategory, number[]>();
  throttled = 0;

  constructor(
    private readonly limits: Partial<Record<QuotaCategory, number>>,
    private readonly latencyMs: [number, number],
  ) {}

  attach(client: CognitoIdentityProviderClient): void {
    client.middlewareStack.add(
      (_next, context) => async (args) => {
        const operation = (context.commandName ?? '').replace(/Command$/, '');
        const [min, max] = this.latencyMs;
        await new Promise((r) => setTimeout(r, min + Math.random() * (max - min)));
        const category = categoryOf(operation);
        const limit = this.limits[category];
        const now = Date.now();
        if (limit !== undefined) {
          const window = (this.windows.get(category) ?? []).filter((t) => t > now - 1000);
          if (window.length >= limit) {
            this.windows.set(category, window);
            this.throttled++;
            throw new TooManyRequestsException({
              message: 'Too many requests',
              $metadata: { httpStatusCode: 400 },
            });
          }
          window.push(now);
          this.windows.set(category, window);
        }
        this.accepted.set(category, [...(this.accepted.get(category) ?? []), now]);
        return { output: { $metadata: {}, ...this.answer(operation, args.input) }, response: {} };
      },
      { step: 'build', name: 'quotaFake' },
    );
  }

  rate(category: QuotaCategory): number {
    const times = this.accepted.get(category) ?? [];
    if (times.length < 2) return 0;
    return ((times.length - 1) / (times[times.length - 1] - times[0])) * 1000;
  }

  private answer(operation: string, input: unknown): Record<string, unknown> {
    if (operation === 'DescribeUserPool') {
      return {
        UserPool: {
          Id: 'us-east-1_Fake',
          UsernameAttributes: [],
          SchemaAttributes: ['email', 'given_name', 'custom:tenant'].map((Name) => ({
            Name,
            AttributeDataType: 'String',
            Mutable: true,
          })),
        },
      };
    }
    if (operation === 'ListGroups') return { Groups: GROUPS.map((GroupName) => ({ GroupName })) };
    if (operation === 'AdminCreateUser')
      return { User: { Username: (input as { Username: string }).Username } };
    return {};
  }
}

async function pacingRun(
  label: string,
  rows: number,
  groups: boolean,
  measured: QuotaCategory,
  limits: Partial<Record<QuotaCategory, number>>,
): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-pacing-'));
  const file = path.join(dir, 'users.csv');
  writeUsersCsv(file, rows, groups);
  const ctx = createAdminContext({
    userPoolId: 'us-east-1_Fake',
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    env: {},
  });
  const fake = new QuotaFake(limits, [20, 60]);
  fake.attach(ctx.idp);
  const started = Date.now();
  const result = await importUsers(ctx, { file, concurrency: 16 });
  const ms = Date.now() - started;
  const totals = ctx.pacer.totals();
  const configured = ctx.pacer.rateOf(measured);
  const achieved = fake.rate(measured);
  console.log(`pacing: ${label}`);
  console.log(
    `  ${rows} rows in ${seconds(ms)}: ${result.counts.created} created, ${result.counts.failed} failed; ` +
      `${measured} configured ${configured}/s, fake quota ${limits[measured]}/s, achieved ${achieved.toFixed(2)}/s ` +
      `= ${((achieved / configured) * 100).toFixed(1)}% of configured`,
  );
  console.log(
    `  throttles answered by the fake: ${fake.throttled}; retried: ${totals.retried}; given up: ${totals.failed}`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
}

async function pacing(): Promise<void> {
  const rows = option('pacing-rows', 600);
  const quotas = { UserCreation: 50, UserUpdate: 25 };
  await pacingRun(
    'no groups (one AdminCreateUser per row), fake quota = default rates',
    rows,
    false,
    'UserCreation',
    quotas,
  );
  await pacingRun(
    'one group per row (AdminCreateUser + AdminAddUserToGroup), fake quota = default rates',
    rows,
    true,
    'UserUpdate',
    quotas,
  );
  await pacingRun(
    'one group per row, fake quota 20% below the rates (the account quota is shared with another caller)',
    rows,
    true,
    'UserUpdate',
    { UserCreation: 40, UserUpdate: 20 },
  );
  await pacingRun(
    'one group per row, fake quota a fifth of the rates (a busy account)',
    Math.ceil(rows / 4),
    true,
    'UserUpdate',
    { UserCreation: 10, UserUpdate: 5 },
  );
}

/**
 * The same comparison as `speed`, against the in-process fake instead of the emulator: every call costs a
 * network round trip (40-60 ms) and nothing else, as against Cognito from a nearby network.
 */
async function network(): Promise<void> {
  const users = option('network-users', 500);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-network-'));
  const file = path.join(dir, 'users.csv');
  writeUsersCsv(file, users);
  console.log(`network: ${users} users, one group each, a fake Cognito answering in 40-60 ms, no other cost`);
  const plain = new CognitoIdentityProviderClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
  });
  new QuotaFake({}, [40, 60]).attach(plain);
  let started = Date.now();
  for (let i = 1; i <= users; i++) {
    const Username = `user${i}`;
    const UserPoolId = 'us-east-1_Fake';
    await plain.send(new AdminCreateUserCommand({ UserPoolId, Username, MessageAction: 'SUPPRESS' }));
    await plain.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId,
        Username,
        UserAttributes: [{ Name: 'given_name', Value: 'x' }],
      }),
    );
    await plain.send(new AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName: GROUPS[i % 3] }));
  }
  const baselineMs = Date.now() - started;
  console.log(
    `  sequential script, 3 calls per user: ${seconds(baselineMs)} (${(users / (baselineMs / 1000)).toFixed(1)} users/s)`,
  );
  const runs: Array<{
    label: string;
    rates: Partial<Record<QuotaCategory, number>>;
    quota: Partial<Record<QuotaCategory, number>>;
  }> = [
    {
      label: "Cognito's default quotas (UserCreation 50/s, UserUpdate 25/s), enforced by the fake",
      rates: {},
      quota: { UserCreation: 50, UserUpdate: 25 },
    },
    {
      label: 'quotas raised to UserCreation 200/s, UserUpdate 200/s (provisioned), enforced by the fake',
      rates: { UserCreation: 200, UserUpdate: 200 },
      quota: { UserCreation: 200, UserUpdate: 200 },
    },
  ];
  for (const run of runs) {
    const ctx = createAdminContext({
      userPoolId: 'us-east-1_Fake',
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
      env: {},
      pacer: { rates: run.rates },
    });
    new QuotaFake(run.quota, [40, 60]).attach(ctx.idp);
    started = Date.now();
    const result = await importUsers(ctx, { file, concurrency: 16, restart: true });
    const ms = Date.now() - started;
    if (result.counts.created !== users) throw new Error(`import created ${result.counts.created} users`);
    console.log(
      `  users import, ${run.label}, --concurrency 16: ${seconds(ms)} (${(users / (ms / 1000)).toFixed(1)} users/s), ` +
        `ratio ${(baselineMs / ms).toFixed(2)}x; throttles retried ${ctx.pacer.totals().retried}, given up ${ctx.pacer.totals().failed}`,
    );
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

async function memory(): Promise<void> {
  const rows = option('rows', 1_000_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-memory-'));
  const emulator = await startEmulator({
    dataDir: dir,
    config: { UserPoolDefaults: { UsernameAttributes: [] } },
  });
  const sdk = new CognitoIdentityProviderClient({
    endpoint: emulator.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const file = path.join(dir, 'million.csv');
    writeUsersCsv(file, rows);
    const poolId = await localPool(sdk, 'memory');
    const probe = path.join(dir, 'peak-rss.js');
    fs.writeFileSync(
      probe,
      "process.on('exit', () => require('fs').writeSync(2, 'PEAK_RSS_KB ' + process.resourceUsage().maxRSS + '\\n'));\n",
    );
    const run = await runCli(
      ['--endpoint', emulator.endpoint, '--user-pool-id', poolId, 'users', 'import', file, '--dry-run'],
      ['--require', probe],
    );
    const peak = Number(/PEAK_RSS_KB (\d+)/.exec(run.stderr)?.[1] ?? NaN) / 1024;
    if (run.code !== 0) throw new Error(`dry run failed (exit ${run.code}): ${run.stderr}`);
    const size = fs.statSync(file).size / 1024 / 1024;
    console.log(
      `memory: users import --dry-run over ${rows} rows (${size.toFixed(0)} MB): ${seconds(run.ms)}, peak RSS ${peak.toFixed(0)} MB`,
    );
  } finally {
    sdk.destroy();
    await emulator.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const what = process.argv[2] ?? 'all';
  console.log(`node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'})`);
  if (what === 'speed' || what === 'all') await speed();
  if (what === 'network' || what === 'all') await network();
  if (what === 'pacing' || what === 'all') await pacing();
  if (what === 'memory' || what === 'all') await memory();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
