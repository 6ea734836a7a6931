import * as fs from 'node:fs';
import * as path from 'node:path';
import { readCheckpoint } from '../../src/admin/checkpoint';
import {
  allUsers,
  attribute,
  groupsOf,
  readReport,
  runCli,
  spawnCli,
  startTestEmulator,
  tempDir,
  TestEmulator,
  writeCsv,
} from './helpers';

const ROWS = 60;

let emu: TestEmulator;
let dir: string;

beforeAll(async () => {
  emu = await startTestEmulator('import-kill');
  dir = tempDir('import-kill-files');
});

afterAll(async () => {
  await emu?.stop();
  fs.rmSync(emu.dataDir, { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
});

function csv(name: string): string {
  const lines = ['cognito:username,email,custom:tenant,groups'];
  for (let i = 1; i <= ROWS; i++)
    lines.push(`member${i},member${i}@example.com,t${i % 3},${i % 2 ? 'staff;readers' : 'admins'}`);
  return writeCsv(dir, name, lines);
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function doneRows(checkpoint: string): number {
  try {
    const data = readCheckpoint(checkpoint);
    return data ? data.doneThrough + data.doneAbove.length : 0;
  } catch {
    return 0;
  }
}

async function expectAllImported(pool: Awaited<ReturnType<TestEmulator['newPool']>>): Promise<void> {
  const users = await allUsers(pool);
  const names = users.map((u) => u.Username ?? '');
  expect(names.length).toBe(ROWS);
  expect(new Set(names).size).toBe(ROWS);
  expect(names.sort()).toEqual(Array.from({ length: ROWS }, (_, i) => `member${i + 1}`).sort());
  for (const user of users) {
    const n = Number((user.Username ?? '').slice('member'.length));
    expect(attribute(user, 'custom:tenant')).toBe(`t${n % 3}`);
  }
  for (let n = 1; n <= ROWS; n++) {
    expect(await groupsOf(pool, `member${n}`)).toEqual(n % 2 ? ['readers', 'staff'] : ['admins']);
  }
}

describe('users import, killed and resumed', () => {
  test('a CLI run killed mid-import (SIGKILL) and run again ends with exactly the expected users', async () => {
    const pool = await emu.newPool();
    const file = csv('killed.csv');
    const checkpoint = path.join(dir, 'killed.checkpoint.json');
    const args = ['--endpoint', pool.endpoint, '--user-pool-id', pool.userPoolId, 'users', 'import', file];

    const child = spawnCli([...args, '--concurrency', '4', '--rate', 'UserCreation=15,UserUpdate=30']);
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    await waitFor(() => doneRows(checkpoint) >= 15, 60_000);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const before = (await allUsers(pool)).length;
    expect(before).toBeGreaterThanOrEqual(15);
    expect(before).toBeLessThan(ROWS);

    const resumed = await runCli([...args, '--concurrency', '4']);
    expect(resumed.stderr).toMatch(/resuming: \d+ rows were done by an earlier run/);
    expect(resumed.stdout).toMatch(/^done: /m);
    expect(resumed.code).toBe(0);
    expect(fs.existsSync(checkpoint)).toBe(false);
    await expectAllImported(pool);
    const report = readReport(path.join(dir, 'killed.report.csv'));
    expect(report.every((r) => ['created', 'completed'].includes(r.outcome))).toBe(true);
    expect(new Set(report.map((r) => r.row)).size).toBe(ROWS);
  });

  test('Ctrl-C (SIGINT) finishes the rows in flight, keeps the checkpoint and exits 130; the next run completes', async () => {
    const pool = await emu.newPool();
    const file = csv('interrupted.csv');
    const checkpoint = path.join(dir, 'interrupted.checkpoint.json');
    const args = ['--endpoint', pool.endpoint, '--user-pool-id', pool.userPoolId, 'users', 'import', file];

    const child = spawnCli([...args, '--concurrency', '4', '--rate', 'UserCreation=15,UserUpdate=30']);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await waitFor(() => doneRows(checkpoint) >= 10, 60_000);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/stopping: rows in flight finish/);
    expect(stdout).toMatch(/^interrupted: /m);
    expect(stdout).toMatch(/run the same command again to resume/);
    const data = readCheckpoint(checkpoint);
    expect(data).toBeDefined();
    const done = (data?.doneThrough ?? 0) + (data?.doneAbove.length ?? 0);
    expect((await allUsers(pool)).length).toBe(done);

    const resumed = await runCli(args);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(
      new RegExp(`resuming: ${done} rows were done by an earlier run; 0 rows it may have started`),
    );
    await expectAllImported(pool);
    expect(readReport(path.join(dir, 'interrupted.report.csv'))).toHaveLength(ROWS);
  });
});
