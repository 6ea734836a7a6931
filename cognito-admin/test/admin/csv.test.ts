import * as fs from 'node:fs';
import * as path from 'node:path';
import { SchemaAttributeType } from '@aws-sdk/client-cognito-identity-provider';
import { checkRow, planHeader } from '../../src/admin/csv-rows';
import { AdminError } from '../../src/admin/errors';
import { KeyIndex } from '../../src/admin/key-index';
import { PoolInfo } from '../../src/admin/pool-info';
import { validateCsv } from '../../src/admin/validate-csv';
import { tempDir, writeCsv } from './helpers';

const STANDARD = [
  'email',
  'email_verified',
  'phone_number',
  'given_name',
  'family_name',
  'preferred_username',
  'birthdate',
];

function pool(overrides: Partial<PoolInfo> = {}, extra: SchemaAttributeType[] = []): PoolInfo {
  const attributes = new Map<string, SchemaAttributeType>();
  for (const name of STANDARD)
    attributes.set(name, { Name: name, AttributeDataType: 'String', Mutable: true });
  attributes.set('custom:tenant', {
    Name: 'custom:tenant',
    AttributeDataType: 'String',
    Mutable: true,
    StringAttributeConstraints: { MinLength: '1', MaxLength: '8' },
  });
  attributes.set('custom:level', {
    Name: 'custom:level',
    AttributeDataType: 'Number',
    Mutable: true,
    NumberAttributeConstraints: { MinValue: '1', MaxValue: '10' },
  });
  for (const a of extra) attributes.set(a.Name ?? '', a);
  return {
    userPoolId: 'eu-west-1_Test',
    attributes,
    usernameAttributes: [],
    aliasAttributes: [],
    caseSensitive: true,
    groups: new Set(['admins', 'staff']),
    authEventsRecorded: false,
    ...overrides,
  };
}

function check(header: string, row: string, info = pool()) {
  const plan = planHeader(header.split(','), info);
  return checkRow(plan, row.split(','), 1, 2);
}

function reasons(header: string, row: string, info = pool()): string[] {
  const result = check(header, row, info);
  return result.ok ? [] : result.problem.reasons;
}

describe('planHeader', () => {
  test('a header without a column to name users is refused', () => {
    expect(() => planHeader(['email', 'given_name'], pool())).toThrow(/"cognito:username" column is needed/);
  });

  test('in a pool that signs in with e-mail, the email column names the users', () => {
    const plan = planHeader(['email', 'given_name'], pool({ usernameAttributes: ['email'] }));
    expect(plan.usernameFrom).toBe('email');
  });

  test.each([
    [['cognito:username', 'email', 'email'], /column "email" appears twice/],
    [['cognito:username', 'sub'], /"sub" cannot be imported/],
    [['cognito:username', ''], /column 2 has no name/],
  ])('header %j is refused', (header, message) => {
    expect(() => planHeader(header, pool())).toThrow(AdminError);
    expect(() => planHeader(header, pool())).toThrow(message);
  });

  test('an unknown column is a warning, and rows with a value in it are invalid', () => {
    const plan = planHeader(['cognito:username', 'custom:nope'], pool());
    expect(plan.warnings).toEqual([
      expect.stringMatching(/column "custom:nope" is not an attribute of user pool/),
    ]);
    expect(checkRow(plan, ['ana', ''], 1, 2).ok).toBe(true);
    const bad = checkRow(plan, ['ana', 'x'], 1, 2);
    expect(bad.ok).toBe(false);
  });
});

describe('checkRow', () => {
  test('a valid row becomes the user, its attributes and groups', () => {
    const result = check(
      'cognito:username,email,email_verified,phone_number,custom:tenant,groups',
      'ana,ana@example.com,TRUE,+33612345678,acme, admins ; staff ;admins',
    );
    expect(result).toEqual({
      ok: true,
      user: expect.objectContaining({
        username: 'ana',
        line: 2,
        attributes: [
          { Name: 'email', Value: 'ana@example.com' },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'phone_number', Value: '+33612345678' },
          { Name: 'custom:tenant', Value: 'acme' },
        ],
        groups: ['admins', 'staff'],
      }),
    });
  });

  test('empty values are not sent', () => {
    const result = check('cognito:username,email,given_name', 'ana,,');
    expect(result.ok && result.user.attributes).toEqual([]);
  });

  test.each([
    ['email', 'ana@example', /email "ana@example" is not an e-mail address/],
    ['email', 'ana example@x.io', /is not an e-mail address/],
    ['phone_number', '0612345678', /not in E\.164 format/],
    ['phone_number', '+0612345678', /not in E\.164 format/],
    ['phone_number', '+1234567890123456', /not in E\.164 format/],
    ['email_verified', 'yes', /email_verified "yes" is not true or false/],
    ['birthdate', '01/02/1990', /birthdate "01\/02\/1990" is not YYYY-MM-DD/],
    ['custom:level', 'high', /custom:level "high" is not a number/],
    ['custom:level', '11', /custom:level 11 is above the maximum 10/],
    ['custom:tenant', 'much-too-long', /custom:tenant is longer than 8 characters/],
    ['groups', 'admins;nope', /group "nope" does not exist in the pool/],
    ['cognito:mfa_enabled', 'true', /applied only by --job imports/],
  ])('%s "%s" is invalid', (column, value, message) => {
    const header = column === 'cognito:username' ? column : `cognito:username,${column}`;
    const row = column === 'cognito:username' ? value : `ana,${value}`;
    expect(reasons(header, row)).toEqual([expect.stringMatching(message)]);
  });

  test('a row with several problems reports them all', () => {
    expect(reasons('cognito:username,email,phone_number', 'ana,nope,123')).toHaveLength(2);
  });

  test('a row with the wrong number of fields is invalid', () => {
    expect(reasons('cognito:username,email', 'ana,ana@example.com,extra')).toEqual([
      'has 3 fields; the header has 2',
    ]);
  });

  test('user names: empty, with spaces, or too long are invalid', () => {
    expect(reasons('cognito:username,email', ',a@b.co')).toEqual(['cognito:username is empty']);
    expect(reasons('cognito:username', 'ana maria')).toEqual([expect.stringMatching(/contains spaces/)]);
    expect(reasons('cognito:username', 'a'.repeat(129))).toEqual([expect.stringMatching(/longer than 128/)]);
  });

  test('attributes the pool requires must have a value', () => {
    const info = pool({}, [
      { Name: 'given_name', AttributeDataType: 'String', Mutable: true, Required: true },
    ]);
    expect(reasons('cognito:username,given_name', 'ana,', info)).toEqual([
      'given_name is required by the pool',
    ]);
  });

  test('in a pool that signs in with e-mail, a cognito:username must be an e-mail address', () => {
    const info = pool({ usernameAttributes: ['email'] });
    expect(reasons('cognito:username,email', 'ana,ana@example.com', info)).toEqual([
      expect.stringMatching(/must be email: the pool signs in with them/),
    ]);
  });

  test('unique keys: the user name, and e-mail only where it is a sign-in alias', () => {
    const plain = check('cognito:username,email', 'Ana,Ana@Example.com');
    expect(plain.ok && plain.user.keys).toEqual(['username=Ana']);
    const aliased = check(
      'cognito:username,email',
      'Ana,Ana@Example.com',
      pool({ aliasAttributes: ['email'], caseSensitive: false }),
    );
    expect(aliased.ok && aliased.user.keys).toEqual(['username=ana', 'email=ana@example.com']);
  });
});

describe('KeyIndex', () => {
  test('remembers the first row of each key, exactly', () => {
    const index = new KeyIndex();
    expect(index.add('username=ana', 2)).toBeUndefined();
    expect(index.add('username=bob', 3)).toBeUndefined();
    expect(index.add('username=ana', 9)).toBe(2);
    expect(index.get('username=ana')).toBe(2);
    expect(index.get('username=an')).toBeUndefined();
    expect(index.get('username=anaa')).toBeUndefined();
    expect(index.add('username=émile', 4)).toBeUndefined();
    expect(index.get('username=émile')).toBe(4);
  });

  test('holds many keys across growth and chunks', () => {
    const index = new KeyIndex();
    const n = 100_000;
    let repeated = 0;
    for (let i = 0; i < n; i++)
      if (index.add(`email=user${i}-with-a-longer-local-part@example.com`, i + 2) !== undefined) repeated++;
    expect(repeated).toBe(0);
    expect(index.size).toBe(n);
    const wrong: number[] = [];
    for (let i = 0; i < n; i += 7)
      if (index.get(`email=user${i}-with-a-longer-local-part@example.com`) !== i + 2) wrong.push(i);
    expect(wrong).toEqual([]);
    expect(index.add(`email=user${n - 1}-with-a-longer-local-part@example.com`, 1)).toBe(n + 1);
    expect(index.get(`email=user${n}-with-a-longer-local-part@example.com`)).toBeUndefined();
  });
});

describe('validateCsv', () => {
  const dir = tempDir('csv');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('reports each bad and repeated row with its line and keeps the first of a repeated user', async () => {
    const file = writeCsv(dir, 'mixed.csv', [
      'cognito:username,email,phone_number,groups',
      'ana,ana@example.com,+33612345678,admins',
      '',
      'bob,bob@example,,',
      '"cid","cid@example.com","+1 555",""',
      'ana,other@example.com,,staff',
      '"dan","dan@example.com",,"staff"',
    ]);
    const seen: Array<[number, string]> = [];
    const result = await validateCsv(file, pool(), { onProblem: (p, kind) => seen.push([p.line, kind]) });
    expect(result).toMatchObject({ rows: 5, valid: 2, invalid: 2, duplicates: 1 });
    expect(seen).toEqual([
      [4, 'invalid'],
      [5, 'invalid'],
      [6, 'duplicate'],
    ]);
    expect(result.problems[2].reasons).toEqual(['user name "ana" repeats row 2']);
  });

  test('a quoted field with a line break keeps the line numbers of the rows after it', async () => {
    const file = writeCsv(dir, 'multiline.csv', [
      'cognito:username,given_name',
      'ana,"Ana',
      'Maria"',
      'bob maria,Bob',
    ]);
    const result = await validateCsv(file, pool());
    expect(result.problems.map((p) => p.line)).toEqual([4]);
  });

  test('Windows line ends and blank lines: row numbers are the lines of the file', async () => {
    const file = path.join(dir, 'crlf.csv');
    fs.writeFileSync(
      file,
      'cognito:username,email\r\nana,ana@example.com\r\n\r\nbob,bob@\r\n"cid","c\r\nid"\r\ndan,nope\r\n',
    );
    const result = await validateCsv(file, pool());
    expect(result.problems.map((p) => p.line)).toEqual([4, 5, 7]);
  });

  test('a byte order mark does not spoil the first column name', async () => {
    const file = path.join(dir, 'bom.csv');
    fs.writeFileSync(file, '\uFEFFcognito:username,email\nana,ana@example.com\n');
    const result = await validateCsv(file, pool());
    expect(result.valid).toBe(1);
  });

  test('a stray quote makes its row invalid, with the reason; the rows around it are read', async () => {
    const file = writeCsv(dir, 'stray.csv', [
      'cognito:username,email',
      'ana,ana@example.com',
      'b"ob,bob@example.com',
      'cid,"cid@example.com"x',
      'dan,dan@example.com',
    ]);
    const result = await validateCsv(file, pool());
    expect(result).toMatchObject({ rows: 4, valid: 2, invalid: 2 });
    expect(result.problems.map((p) => [p.line, p.reasons[0]])).toEqual([
      [
        3,
        expect.stringMatching(
          /^is not valid CSV \(Invalid Opening Quote: a quote is found on field 0.*double the quotes inside it/,
        ),
      ],
      [4, expect.stringMatching(/^is not valid CSV \(Invalid Closing Quote/)],
    ]);
  });

  test('a quote never closed spoils its own row only: the lines after it are read as rows', async () => {
    const file = writeCsv(dir, 'unclosed.csv', [
      'cognito:username,email',
      'ana,"ana@example.com',
      'bob,bob@example.com',
      'cid,cid@example.com',
    ]);
    const result = await validateCsv(file, pool());
    expect(result).toMatchObject({ rows: 3, valid: 2, invalid: 1 });
    expect(result.problems.map((p) => [p.line, p.reasons[0]])).toEqual([
      [2, expect.stringMatching(/^has a quote that is never closed/)],
    ]);
  });

  test('a header that cannot be read refuses the file', async () => {
    const file = writeCsv(dir, 'bad-header.csv', ['cognito:username,"email', 'ana,ana@example.com']);
    await expect(validateCsv(file, pool())).rejects.toThrow(
      /bad-header\.csv cannot be split into rows: its header \(line 1\) has a quote that is never closed/,
    );
  });

  test('a file that is not UTF-8 is refused at its first bad line', async () => {
    const file = path.join(dir, 'latin1.csv');
    fs.writeFileSync(
      file,
      Buffer.concat([
        Buffer.from('cognito:username,given_name\nana,Ana\nbob,'),
        Buffer.from([0x4a, 0xf6, 0x72, 0x67]), // "Jörg" in Latin-1
        Buffer.from('\ncid,\xff\n', 'latin1'),
      ]),
    );
    const refusal = validateCsv(file, pool());
    await expect(refusal).rejects.toThrow(
      /latin1\.csv is not valid UTF-8: line 3 has bytes that are not UTF-8 text; save it as UTF-8/,
    );
    await expect(refusal).rejects.toMatchObject({ exitCode: 2 });
  });

  test('a UTF-16 file is named as such', async () => {
    const file = path.join(dir, 'utf16.csv');
    fs.writeFileSync(
      file,
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('cognito:username\n', 'utf16le')]),
    );
    await expect(validateCsv(file, pool())).rejects.toThrow(/line 1 .* \(the file looks like UTF-16\)/);
  });

  test('an empty file is refused', async () => {
    const file = path.join(dir, 'empty.csv');
    fs.writeFileSync(file, '');
    await expect(validateCsv(file, pool())).rejects.toThrow(/is empty: a header row is needed/);
  });
});
