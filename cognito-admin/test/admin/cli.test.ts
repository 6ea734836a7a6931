import * as fs from 'node:fs';
import * as path from 'node:path';
import { AdminCreateUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { allUsers, runCli, startTestEmulator, tempDir, TestEmulator, TestPool, writeCsv } from './helpers';

let emu: TestEmulator;
let pool: TestPool;
let dir: string;

beforeAll(async () => {
  emu = await startTestEmulator('cli');
  pool = await emu.newPool();
  dir = tempDir('cli-files');
});

afterAll(async () => {
  await emu?.stop();
  fs.rmSync(emu.dataDir, { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
});

const COMMANDS = [
  [],
  ['users'],
  ['users', 'import'],
  ['users', 'list'],
  ['users', 'get'],
  ['users', 'disable'],
  ['users', 'enable'],
  ['users', 'delete'],
  ['users', 'deactivate-inactive'],
  ['users', 'reset-password'],
  ['users', 'set-password'],
  ['groups'],
  ['groups', 'list'],
  ['groups', 'create'],
  ['groups', 'add-user'],
  ['groups', 'remove-user'],
  ['auth'],
  ['auth', 'sign-up'],
  ['auth', 'confirm'],
  ['auth', 'sign-in'],
  ['auth', 'whoami'],
  ['auth', 'resend-code'],
  ['auth', 'forgot-password'],
  ['auth', 'confirm-forgot-password'],
  ['auth', 'change-password'],
  ['auth', 'sign-out'],
  ['identity'],
  ['identity', 'credentials'],
  ['local'],
];

describe('cognito-admin CLI', () => {
  test('--help works on every command and exits 0', async () => {
    const results = await Promise.all(COMMANDS.map((command) => runCli([...command, '--help'])));
    results.forEach((result, i) => {
      const name = ['cognito-admin', ...COMMANDS[i]].join(' ');
      expect({ name, code: result.code, stderr: result.stderr }).toEqual({ name, code: 0, stderr: '' });
      expect(result.stdout).toContain(`Usage: ${name}`);
    });
  });

  test('usage errors exit 2 with a message and no stack trace', async () => {
    const unknown = await runCli(['users', 'frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/error: unknown command 'frobnicate'/);

    const noPool = await runCli(['--region', 'eu-west-1', 'users', 'list']);
    expect(noPool).toMatchObject({
      code: 2,
      stderr: 'cognito-admin: no user pool: pass --user-pool-id or --config <client configuration file>\n',
    });

    const badRate = await runCli(['--user-pool-id', 'eu-west-1_A', '--rate', 'Fast=9', 'users', 'list']);
    expect(badRate.code).toBe(2);
    expect(badRate.stderr).toMatch(
      /^cognito-admin: --rate category "Fast" is unknown; use one of UserCreation, UserUpdate/,
    );

    const badNumber = await runCli(['users', 'import', 'x.csv', '--concurrency', 'lots']);
    expect(badNumber.code).toBe(2);
    expect(badNumber.stderr).toMatch(/--concurrency must be a whole number >= 1/);

    for (const result of [unknown, noPool, badRate, badNumber]) expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test.each([[[]], [['--dry-run']], [['--job', '--dry-run']]])(
    'import of a file that does not exist (%j) exits 2 and names the file, before any call',
    async (flags) => {
      const missing = path.join(dir, 'no-such-file.csv');
      const result = await runCli([
        '--endpoint',
        pool.endpoint,
        '--user-pool-id',
        pool.userPoolId,
        'users',
        'import',
        missing,
        ...flags,
      ]);
      expect(result).toMatchObject({
        code: 2,
        stderr: `cognito-admin: ${missing} cannot be read: it does not exist\n`,
      });
      expect(fs.existsSync(`${missing.slice(0, -4)}.checkpoint.json`)).toBe(false);
    },
  );

  test('import: bad rows are listed with their row numbers, good rows land, exit code 1', async () => {
    const file = writeCsv(dir, 'cli-import.csv', [
      'cognito:username,email,phone_number,groups',
      'ok1,ok1@example.com,+442071838750,staff',
      'bad1,bad1@,,',
      'bad2,bad2@example.com,12345,',
      'ok2,ok2@example.com,,',
      'ok1,ok1b@example.com,,',
    ]);
    const result = await runCli([
      '--endpoint',
      pool.endpoint,
      '--user-pool-id',
      pool.userPoolId,
      'users',
      'import',
      file,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^validated 5 rows: 2 valid, 2 invalid, 1 repeated$/m);
    expect(result.stderr).toMatch(/^row 3 \(bad1\): email "bad1@" is not an e-mail address$/m);
    expect(result.stderr).toMatch(/^row 4 \(bad2\): phone_number "12345" is not in E\.164 format/m);
    expect(result.stderr).toMatch(/^row 6 \(ok1\): user name "ok1" repeats row 2$/m);
    expect(result.stdout).toMatch(/^done: 2 created, 0 failed, 2 invalid, 1 repeated$/m);
    expect(result.stdout).toMatch(/^report: .*cli-import\.report\.csv$/m);
    expect((await allUsers(pool)).map((u) => u.Username).sort()).toEqual(['ok1', 'ok2']);
  });

  test('import --dry-run --json: exit 0 for a clean file, and no user is created', async () => {
    const file = writeCsv(dir, 'cli-clean.csv', ['cognito:username,email', 'zed,zed@example.com']);
    const result = await runCli([
      '--endpoint',
      pool.endpoint,
      '--user-pool-id',
      pool.userPoolId,
      '--json',
      'users',
      'import',
      file,
      '--dry-run',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ dryRun: true, rows: 1, valid: 1, hasProblems: false });
    expect((await allUsers(pool)).map((u) => u.Username)).not.toContain('zed');
  });

  test('--job --dry-run validates for the import job (cognito:mfa_enabled accepted); --job refuses API-only options', async () => {
    const file = writeCsv(dir, 'cli-job.csv', [
      'cognito:username,email,cognito:mfa_enabled',
      'mfa1,mfa1@example.com,true',
    ]);
    const base = ['--endpoint', pool.endpoint, '--user-pool-id', pool.userPoolId, 'users', 'import', file];
    const api = await runCli([...base, '--dry-run']);
    expect(api.code).toBe(1);
    expect(api.stderr).toMatch(/cognito:mfa_enabled true is applied only by --job imports/);
    const job = await runCli([...base, '--dry-run', '--job']);
    expect(job.code).toBe(0);
    expect(job.stdout).toMatch(/^dry run: 1 of 1 rows would be imported/m);
    const conflict = await runCli([...base, '--job', '--update-existing']);
    expect(conflict.code).toBe(2);
    expect(conflict.stderr).toMatch(/option '--update-existing' cannot be used with option '--job'/);
  });

  test('--config takes a cdk outputs file; with several stacks it asks for --stack', async () => {
    const config = (poolId: string) =>
      JSON.stringify({
        version: '1.4',
        auth: { aws_region: 'us-east-1', user_pool_id: poolId, user_pool_client_id: pool.clientId },
        custom: { cognito_auth: { endpoint: pool.endpoint, clients: {} } },
      });
    const file = path.join(dir, 'cdk-outputs.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        'Auth-dev': { ClientConfiguration: config(pool.userPoolId) },
        'Auth-prod': { ClientConfiguration: config('us-east-1_Prod') },
      }),
    );
    const ambiguous = await runCli(['--config', file, 'users', 'list']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/holds several stacks \(Auth-dev, Auth-prod\); choose one with --stack/);

    const listed = await runCli(['--config', file, '--stack', 'Auth-dev', '--json', 'users', 'list']);
    expect(listed.code).toBe(0);
    expect(
      JSON.parse(listed.stdout)
        .map((u: { username: string }) => u.username)
        .sort(),
    ).toEqual(['ok1', 'ok2']);
  });

  test('user data never reaches the terminal raw, nor a spreadsheet as a formula', async () => {
    const own = await emu.newPool();
    await own.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: own.userPoolId,
        Username: 'mallory',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: 'mallory@example.com' },
          { Name: 'given_name', Value: '=HYPERLINK("http://evil.test","click")' },
          { Name: 'family_name', Value: 'Evil\u001b[2J\u001b]0;owned\u0007\nroot: yes' },
        ],
      }),
    );
    const base = ['--endpoint', own.endpoint, '--user-pool-id', own.userPoolId];
    const csv = await runCli([
      ...base,
      'users',
      'list',
      '--output',
      'csv',
      '--attributes',
      'given_name,family_name',
    ]);
    expect(csv.code).toBe(0);
    expect(csv.stdout).toContain(`"'=HYPERLINK(""http://evil.test"",""click"")"`);
    const get = await runCli([...base, 'users', 'get', 'mallory']);
    expect(get.code).toBe(0);
    expect(get.stdout).not.toContain('\u001b');
    expect(get.stdout).toContain('family_name: Evil\\u001b[2J\\u001b]0;owned\\u0007\\u000aroot: yes');
    expect(get.stdout).not.toMatch(/^root: yes$/m);
    const table = await runCli([...base, 'users', 'list', '--attributes', 'family_name']);
    expect(table.stdout).not.toContain('\u001b');
  });

  test('import --dry-run leaves the report of the real import as it was', async () => {
    const own = await emu.newPool();
    const file = writeCsv(dir, 'cli-keep.csv', ['cognito:username,email', 'kim,kim@example.com', 'lee,lee@']);
    const base = ['--endpoint', own.endpoint, '--user-pool-id', own.userPoolId, 'users', 'import', file];
    expect((await runCli(base)).code).toBe(1);
    const report = path.join(dir, 'cli-keep.report.csv');
    const before = fs.readFileSync(report, 'utf8');
    const dry = await runCli([...base, '--dry-run']);
    expect(dry.stdout).toMatch(/^report: .*cli-keep\.dry-run\.report\.csv$/m);
    expect(fs.readFileSync(report, 'utf8')).toBe(before);
    const refused = await runCli([...base, '--dry-run', '--report', report]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/exists; a dry run never overwrites a report/);
  });

  test('an operation the emulator lacks fails with a plain message', async () => {
    const result = await runCli([
      '--endpoint',
      pool.endpoint,
      '--user-pool-id',
      pool.userPoolId,
      'identity',
      'credentials',
      '--id-token',
      `${Buffer.from('{}').toString('base64url')}.${Buffer.from(JSON.stringify({ iss: `http://x/${pool.userPoolId}` })).toString('base64url')}.sig`,
      '--identity-pool-id',
      'us-east-1:00000000-0000-0000-0000-000000000000',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^cognito-admin: the endpoint does not support this operation/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test('an unreachable endpoint fails after a few attempts with a plain message', async () => {
    const result = await runCli([
      '--endpoint',
      'http://127.0.0.1:9',
      '--user-pool-id',
      'local_X',
      'users',
      'list',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cognito-admin: cannot reach the endpoint/);
  });
});
