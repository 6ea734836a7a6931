import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AccessDeniedException,
  AdminCreateUserCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { readCheckpoint } from '../../src/admin/checkpoint';
import { fingerprint } from '../../src/admin/csv-file';
import { AdminError } from '../../src/admin/errors';
import { importUsers } from '../../src/admin/import-users';
import {
  allUsers,
  attribute,
  groupsOf,
  injectFaults,
  readReport,
  startTestEmulator,
  tempDir,
  TestEmulator,
  writeCsv,
} from './helpers';

const FAST_RETRIES = {
  baseDelayMs: 5,
  maxDelayMs: 50,
  rates: { UserCreation: Infinity, UserUpdate: Infinity },
};

let emu: TestEmulator;
let dir: string;

beforeAll(async () => {
  emu = await startTestEmulator('import');
  dir = tempDir('import-files');
});

afterAll(async () => {
  await emu?.stop();
  fs.rmSync(emu.dataDir, { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
});

function usersCsv(
  name: string,
  count: number,
  groups: (i: number) => string = (i) => (i % 3 === 0 ? 'admins;staff' : 'readers'),
): string {
  const lines = ['cognito:username,email,email_verified,given_name,custom:tenant,custom:level,groups'];
  for (let i = 1; i <= count; i++) {
    lines.push(`user${i},user${i}@example.com,true,User ${i},t${i % 4},${(i % 10) + 1},${groups(i)}`);
  }
  return writeCsv(dir, name, lines);
}

describe('users import', () => {
  test('creates every user with its attributes and groups, and reports each row', async () => {
    const pool = await emu.newPool();
    const file = usersCsv('happy.csv', 12);
    const result = await importUsers(pool.context(), { file });

    expect(result).toMatchObject({
      rows: 12,
      valid: 12,
      invalid: 0,
      duplicates: 0,
      interrupted: false,
      hasProblems: false,
    });
    expect(result.counts).toMatchObject({ created: 12, failed: 0, skipped: 0 });
    const users = await allUsers(pool);
    expect(users.map((u) => u.Username).sort()).toEqual(
      Array.from({ length: 12 }, (_, i) => `user${i + 1}`).sort(),
    );
    const user3 = users.find((u) => u.Username === 'user3');
    expect(user3?.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
    expect(attribute(user3!, 'email')).toBe('user3@example.com');
    expect(attribute(user3!, 'given_name')).toBe('User 3');
    expect(attribute(user3!, 'custom:tenant')).toBe('t3');
    expect(attribute(user3!, 'custom:level')).toBe('4');
    expect(await groupsOf(pool, 'user3')).toEqual(['admins', 'staff']);
    expect(await groupsOf(pool, 'user4')).toEqual(['readers']);

    const report = readReport(result.reportFile);
    expect(report).toHaveLength(12);
    expect(new Set(report.map((r) => r.row))).toEqual(new Set(Array.from({ length: 12 }, (_, i) => i + 2)));
    expect(report.every((r) => r.outcome === 'created')).toBe(true);
    expect(result.checkpointFile).toBeUndefined();
    expect(fs.existsSync(path.join(dir, 'happy.checkpoint.json'))).toBe(false);
  });

  test('reports every bad row with its row number and reason, and imports the others', async () => {
    const pool = await emu.newPool();
    const file = writeCsv(dir, 'bad-rows.csv', [
      'cognito:username,email,phone_number,custom:tenant,custom:nope,groups',
      'good1,good1@example.com,+14155550100,acme,,staff',
      'bademail,not-an-email,,acme,,',
      'badphone,badphone@example.com,06 12 34 56 78,acme,,',
      'unknownattr,unknownattr@example.com,,acme,surprise,',
      'unknowngroup,unknowngroup@example.com,,acme,,staff;ghosts',
      'good1,again@example.com,,acme,,',
      'good2,good2@example.com,,beta,,readers',
    ]);
    const result = await importUsers(pool.context(), { file });

    expect(result).toMatchObject({ rows: 7, valid: 2, invalid: 4, duplicates: 1, hasProblems: true });
    expect(result.headerWarnings).toEqual([
      expect.stringMatching(/column "custom:nope" is not an attribute/),
    ]);
    const report = readReport(result.reportFile);
    const byRow = new Map(report.map((r) => [r.row, r]));
    expect(byRow.get(3)).toMatchObject({
      username: 'bademail',
      outcome: 'invalid',
      detail: expect.stringMatching(/email "not-an-email" is not an e-mail address/),
    });
    expect(byRow.get(4)).toMatchObject({
      username: 'badphone',
      outcome: 'invalid',
      detail: expect.stringMatching(/E\.164/),
    });
    expect(byRow.get(5)).toMatchObject({
      username: 'unknownattr',
      outcome: 'invalid',
      detail: expect.stringMatching(/custom:nope is not an attribute/),
    });
    expect(byRow.get(6)).toMatchObject({
      username: 'unknowngroup',
      outcome: 'invalid',
      detail: expect.stringMatching(/group "ghosts" does not exist/),
    });
    expect(byRow.get(7)).toMatchObject({
      username: 'good1',
      outcome: 'duplicate',
      detail: 'user name "good1" repeats row 2',
    });
    expect(byRow.get(2)?.outcome).toBe('created');
    expect(byRow.get(8)?.outcome).toBe('created');

    const users = await allUsers(pool);
    expect(users.map((u) => u.Username).sort()).toEqual(['good1', 'good2']);
    expect(
      attribute(
        users.find((u) => u.Username === 'good1')!,
        'email',
      ),
    ).toBe('good1@example.com');
    expect(await groupsOf(pool, 'good2')).toEqual(['readers']);
  });

  test('--dry-run validates and writes the problems, and creates nobody', async () => {
    const pool = await emu.newPool();
    const file = writeCsv(dir, 'dry.csv', [
      'cognito:username,email',
      'ana,ana@example.com',
      'bob,bob@',
      'ana,x@example.com',
    ]);
    const result = await importUsers(pool.context(), { file, dryRun: true });
    expect(result).toMatchObject({ dryRun: true, valid: 1, invalid: 1, duplicates: 1, hasProblems: true });
    expect(await allUsers(pool)).toEqual([]);
    expect(readReport(result.reportFile).map((r) => [r.row, r.outcome])).toEqual([
      [3, 'invalid'],
      [4, 'duplicate'],
    ]);
  });

  test('--dry-run never truncates or replaces the report of a real import', async () => {
    const pool = await emu.newPool();
    const file = writeCsv(dir, 'keep-report.csv', [
      'cognito:username,email',
      'ana,ana@example.com',
      'bob,bob@',
    ]);
    const real = await importUsers(pool.context(), { file });
    const before = fs.readFileSync(real.reportFile, 'utf8');
    const dry = await importUsers(pool.context(), { file, dryRun: true });
    expect(dry.reportFile).toBe(path.resolve(dir, 'keep-report.dry-run.report.csv'));
    expect(fs.readFileSync(real.reportFile, 'utf8')).toBe(before);
    await expect(
      importUsers(pool.context(), { file, dryRun: true, reportFile: real.reportFile }),
    ).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/exists; a dry run never overwrites a report/),
    });
    expect(fs.readFileSync(real.reportFile, 'utf8')).toBe(before);
  });

  test('a file that is not UTF-8 is refused before anything is written: no report, no user', async () => {
    const pool = await emu.newPool();
    const file = path.join(dir, 'latin1-import.csv');
    fs.writeFileSync(
      file,
      Buffer.concat([
        Buffer.from('cognito:username,given_name\nana,Ana\nbob,J'),
        Buffer.from([0xf6]),
        Buffer.from('rg\n'),
      ]),
    );
    for (const dryRun of [true, false]) {
      await expect(importUsers(pool.context(), { file, dryRun })).rejects.toThrow(
        /line 3 has bytes that are not UTF-8/,
      );
    }
    expect(
      fs.readdirSync(dir).filter((f) => f.startsWith('latin1-import.') && f !== 'latin1-import.csv'),
    ).toEqual([]);
    expect(await allUsers(pool)).toEqual([]);
  });

  test('a malformed line is a row error; the rows after it land', async () => {
    const pool = await emu.newPool();
    const file = writeCsv(dir, 'malformed.csv', [
      'cognito:username,email',
      'ana,ana@example.com',
      'b"ob,bob@example.com',
      'cid,cid@example.com',
    ]);
    const result = await importUsers(pool.context(), { file });
    expect(result.counts).toMatchObject({ created: 2, invalid: 1 });
    expect((await allUsers(pool)).map((u) => u.Username).sort()).toEqual(['ana', 'cid']);
    expect(readReport(result.reportFile).find((r) => r.row === 3)).toMatchObject({
      outcome: 'invalid',
      detail: expect.stringMatching(/^is not valid CSV \(Invalid Opening Quote/),
    });
  });

  test('reports and checkpoints are readable by their owner only', async () => {
    const pool = await emu.newPool();
    const file = usersCsv('modes.csv', 40);
    const controller = new AbortController();
    const result = await importUsers(pool.context(), {
      file,
      concurrency: 1,
      signal: controller.signal,
      onProgress: (done) => {
        if (done >= 5) controller.abort();
      },
    });
    expect(result.interrupted).toBe(true);
    expect(fs.statSync(result.reportFile).mode & 0o777).toBe(0o600);
    expect(fs.statSync(result.checkpointFile!).mode & 0o777).toBe(0o600);
  });

  test('--strict makes no change when a row is invalid', async () => {
    const pool = await emu.newPool();
    const file = writeCsv(dir, 'strict.csv', ['cognito:username,email', 'ana,ana@example.com', 'bob,bob@']);
    await expect(importUsers(pool.context(), { file, strict: true })).rejects.toThrow(
      /nothing was imported \(--strict\)/,
    );
    expect(await allUsers(pool)).toEqual([]);
  });

  test('running it again skips existing users; --update-existing updates them; nothing is duplicated', async () => {
    const pool = await emu.newPool();
    const first = writeCsv(dir, 'again.csv', [
      'cognito:username,email,given_name,groups',
      'ana,ana@example.com,Ana,readers',
      'bob,bob@example.com,Bob,',
    ]);
    await importUsers(pool.context(), { file: first });
    const again = await importUsers(pool.context(), { file: first });
    expect(again.counts).toMatchObject({ created: 0, skipped: 2, failed: 0 });
    expect(
      readReport(again.reportFile)
        .sort((a, b) => a.row - b.row)
        .map((r) => r.detail),
    ).toEqual([
      'user exists (--update-existing updates it); already in readers',
      'user exists (--update-existing updates it)',
    ]);
    expect(again.counts.membershipsAdded).toBe(0);

    const changed = writeCsv(dir, 'again-changed.csv', [
      'cognito:username,email,given_name,groups',
      'ana,ana@example.com,Anna,readers;staff',
      'bob,bob@example.com,Bob,',
      'cid,cid@example.com,Cid,',
    ]);
    const skipped = await importUsers(pool.context(), { file: changed });
    expect(skipped.counts).toMatchObject({ created: 1, skipped: 2 });
    let users = await allUsers(pool);
    expect(
      attribute(
        users.find((u) => u.Username === 'ana')!,
        'given_name',
      ),
    ).toBe('Ana');

    const updated = await importUsers(pool.context(), { file: changed, updateExisting: true });
    expect(updated.counts).toMatchObject({ created: 0, updated: 3 });
    users = await allUsers(pool);
    expect(users).toHaveLength(3);
    expect(
      attribute(
        users.find((u) => u.Username === 'ana')!,
        'given_name',
      ),
    ).toBe('Anna');
    expect(await groupsOf(pool, 'ana')).toEqual(['readers', 'staff']);
  });

  test('throttling on a third of the calls is retried and the import completes', async () => {
    const pool = await emu.newPool();
    const file = usersCsv('throttled.csv', 30);
    const ctx = pool.context({ ...FAST_RETRIES, maxAttempts: 20 });
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    injectFaults(ctx, (command) =>
      command.startsWith('Admin') && random() < 0.33
        ? new TooManyRequestsException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } })
        : undefined,
    );
    const result = await importUsers(ctx, { file, concurrency: 8 });
    expect(result.counts).toMatchObject({ created: 30, failed: 0 });
    const totals = ctx.pacer.totals();
    expect(totals.throttled).toBeGreaterThan(5);
    expect(totals.failed).toBe(0);
    const users = await allUsers(pool);
    expect(users).toHaveLength(30);
    expect(await groupsOf(pool, 'user9')).toEqual(['admins', 'staff']);
  });

  test('an interrupted import resumes where it stopped, with the same users and each row reported once', async () => {
    const pool = await emu.newPool();
    const file = usersCsv('interrupted.csv', 40);
    const controller = new AbortController();
    const first = await importUsers(pool.context(), {
      file,
      concurrency: 4,
      signal: controller.signal,
      onProgress: (done) => {
        if (done >= 10) controller.abort();
      },
    });
    expect(first.interrupted).toBe(true);
    expect(first.checkpointFile).toBeDefined();
    const partial = (await allUsers(pool)).length;
    expect(partial).toBeGreaterThanOrEqual(10);
    expect(partial).toBeLessThan(40);

    const second = await importUsers(pool.context(), { file, concurrency: 4 });
    expect(second.interrupted).toBe(false);
    // a graceful stop lets the rows in flight finish: nothing is left to re-check
    expect(second.resumed).toEqual({ rowsDone: partial, inFlight: 0 });
    expect(second.counts).toMatchObject({ created: 40, skipped: 0, failed: 0 });
    const users = await allUsers(pool);
    expect(users.map((u) => u.Username).sort()).toEqual(
      Array.from({ length: 40 }, (_, i) => `user${i + 1}`).sort(),
    );
    const rows = readReport(second.reportFile).map((r) => r.row);
    expect(rows.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 2));
    expect(fs.existsSync(second.checkpointFile ?? path.join(dir, 'interrupted.checkpoint.json'))).toBe(false);
  });

  test('an error that every row would hit stops the import; fixing it and running again completes it', async () => {
    const pool = await emu.newPool();
    const file = usersCsv('denied.csv', 20);
    const ctx = pool.context(FAST_RETRIES);
    let creates = 0;
    let denied = true;
    injectFaults(ctx, (command) => {
      if (command !== 'AdminCreateUserCommand') return undefined;
      creates++;
      return denied && creates > 8
        ? new AccessDeniedException({
            message: 'not allowed: cognito-idp:AdminCreateUser',
            $metadata: { httpStatusCode: 400 },
          })
        : undefined;
    });
    const stopped = importUsers(ctx, { file, concurrency: 2 });
    await expect(stopped).rejects.toThrow(AdminError);
    await expect(stopped).rejects.toThrow(
      /import stopped at row \d+: AccessDeniedException: not allowed.*run the same command again to resume/,
    );
    const checkpoint = readCheckpoint(path.join(dir, 'denied.checkpoint.json'));
    expect(checkpoint?.doneThrough).toBeGreaterThanOrEqual(6);

    denied = false;
    const resumed = await importUsers(ctx, { file, concurrency: 2 });
    expect(resumed.counts).toMatchObject({ created: 20, failed: 0 });
    expect(await allUsers(pool)).toHaveLength(20);
  });

  test('a row the stopped run had started is completed on resume: its groups are added, nothing is duplicated', async () => {
    const pool = await emu.newPool();
    const file = usersCsv('inflight.csv', 6, () => 'staff;readers');
    // The state a killed run leaves: rows 1-3 done, row 4 created by AdminCreateUser but not yet in its
    // groups, rows up to 5 reserved (possibly started), row 5 never reached the pool.
    for (const n of [1, 2, 3, 4]) {
      await pool.sdk.send(
        new AdminCreateUserCommand({
          UserPoolId: pool.userPoolId,
          Username: `user${n}`,
          MessageAction: 'SUPPRESS',
          UserAttributes: [{ Name: 'email', Value: `user${n}@example.com` }],
        }),
      );
    }
    const print = await fingerprint(file);
    fs.writeFileSync(
      path.join(dir, 'inflight.checkpoint.json'),
      JSON.stringify({
        version: 1,
        file,
        ...print,
        userPoolId: pool.userPoolId,
        doneThrough: 3,
        doneAbove: [],
        reservedThrough: 5,
        counts: { created: 3, updated: 0, skipped: 0, completed: 0, failed: 0, invalid: 0, duplicate: 0 },
        updatedAt: new Date().toISOString(),
      }),
    );
    const result = await importUsers(pool.context(), { file });
    expect(result.resumed).toEqual({ rowsDone: 3, inFlight: 2 });
    const report = new Map(readReport(result.reportFile).map((r) => [r.username, r]));
    expect(report.get('user4')).toMatchObject({
      outcome: 'completed',
      detail: expect.stringMatching(/started by an interrupted run/),
    });
    expect(report.get('user5')?.outcome).toBe('created');
    expect(report.get('user6')?.outcome).toBe('created');
    expect(report.has('user1')).toBe(false);
    expect(result.counts).toMatchObject({ created: 5, completed: 1 });
    expect(await groupsOf(pool, 'user4')).toEqual(['readers', 'staff']);
    expect(await allUsers(pool)).toHaveLength(6);
  });

  test('a checkpoint of another version of the file is refused; --restart starts over', async () => {
    const pool = await emu.newPool();
    const file = usersCsv('changed.csv', 3);
    const checkpoint = path.join(dir, 'changed.checkpoint.json');
    fs.writeFileSync(
      checkpoint,
      JSON.stringify({
        version: 1,
        file,
        size: 1,
        sha256: 'other',
        userPoolId: pool.userPoolId,
        doneThrough: 2,
        doneAbove: [],
        reservedThrough: 2,
        counts: {},
        updatedAt: '2020-01-01T00:00:00.000Z',
      }),
    );
    await expect(importUsers(pool.context(), { file })).rejects.toThrow(
      /checkpoint .*changed\.checkpoint\.json belongs to another version of the file .*pass --restart/,
    );
    expect(await allUsers(pool)).toEqual([]);
    const result = await importUsers(pool.context(), { file, restart: true });
    expect(result.counts.created).toBe(3);
  });

  test('a re-run after the file gained groups (or a lost checkpoint) adds the missing memberships and says so', async () => {
    const pool = await emu.newPool();
    const before = writeCsv(dir, 'converge.csv', [
      'cognito:username,email,groups',
      'ana,ana@example.com,',
      'bob,bob@example.com,readers',
    ]);
    await importUsers(pool.context(), { file: before });
    const edited = writeCsv(dir, 'converge.csv', [
      'cognito:username,email,groups',
      'ana,ana@example.com,readers;staff',
      'bob,bob@example.com,readers;admins',
    ]);
    const again = await importUsers(pool.context(), { file: edited, restart: true });
    expect(again.counts).toMatchObject({ created: 0, skipped: 2, failed: 0, membershipsAdded: 3 });
    expect(again.hasProblems).toBe(false);
    expect(await groupsOf(pool, 'ana')).toEqual(['readers', 'staff']);
    expect(await groupsOf(pool, 'bob')).toEqual(['admins', 'readers']);
    expect(
      readReport(again.reportFile)
        .sort((a, b) => a.row - b.row)
        .map((r) => [r.username, r.outcome, r.detail]),
    ).toEqual([
      ['ana', 'skipped', 'user exists (--update-existing updates it); added to groups readers;staff'],
      [
        'bob',
        'skipped',
        'user exists (--update-existing updates it); added to groups admins; already in readers',
      ],
    ]);
  });

  test('a membership that cannot be added to an existing user fails its row and the run', async () => {
    const pool = await emu.newPool();
    const file = writeCsv(dir, 'converge-fail.csv', [
      'cognito:username,email,groups',
      'ana,ana@example.com,',
    ]);
    await importUsers(pool.context(), { file });
    const edited = writeCsv(dir, 'converge-fail.csv', [
      'cognito:username,email,groups',
      'ana,ana@example.com,staff',
    ]);
    const ctx = pool.context();
    injectFaults(ctx, (name) =>
      name === 'AdminAddUserToGroupCommand'
        ? Object.assign(new Error('Group staff is locked'), {
            name: 'InvalidParameterException',
            $fault: 'client',
          })
        : undefined,
    );
    const result = await importUsers(ctx, { file: edited });
    expect(result.counts).toMatchObject({ failed: 1, membershipsAdded: 0 });
    expect(result.hasProblems).toBe(true);
    expect(readReport(result.reportFile)[0]).toMatchObject({
      username: 'ana',
      outcome: 'failed',
      detail: expect.stringMatching(/^user exists, but adding to group staff failed: /),
    });
  });

  test('in a pool that signs in with e-mail, the email column names the users and a re-run skips them', async () => {
    const pool = await emu.newPool({ usernameAttributes: ['email'] });
    const file = writeCsv(dir, 'by-email.csv', [
      'email,given_name,groups',
      'ana@example.com,Ana,staff',
      'bob@example.com,Bob,',
    ]);
    const result = await importUsers(pool.context(), { file });
    expect(result.counts.created).toBe(2);
    const again = await importUsers(pool.context(), { file });
    expect(again.counts).toMatchObject({ created: 0, skipped: 2, membershipsAdded: 0 });
    const users = await allUsers(pool);
    expect(users.map((u) => attribute(u, 'email')).sort()).toEqual(['ana@example.com', 'bob@example.com']);
    const gained = writeCsv(dir, 'by-email-groups.csv', [
      'email,given_name,groups',
      'bob@example.com,Bob,staff',
    ]);
    const third = await importUsers(pool.context(), { file: gained });
    expect(third.counts.membershipsAdded).toBe(1);
    const bob = users.find((u) => attribute(u, 'email') === 'bob@example.com')!;
    expect(await groupsOf(pool, bob.Username!)).toEqual(['staff']);
  });
});
