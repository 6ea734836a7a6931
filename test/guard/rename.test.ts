import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { CognitoAuth, CognitoAuthError } from '../../lib';
import { tmpDir } from '../util';

interface Where {
  readonly stack?: string;
  readonly id?: string;
  readonly account?: string;
  readonly region?: string;
  readonly context?: Record<string, string>;
  readonly mode?: 'write' | 'verify';
  readonly extra?: string;
}

/** Synthesizes one pool (and optionally a second one, `extra`) against the lock file `file`. */
function synthAt(file: string, where: Where = {}): void {
  const app = new App({
    outdir: tmpDir('rename-out'),
    context: { 'cognito-auth:lock-file': file, 'cognito-auth:lock': where.mode ?? 'write', ...where.context },
  });
  const env =
    where.account === undefined && where.region === undefined
      ? { account: '123456789012', region: 'eu-west-1' }
      : { account: where.account, region: where.region };
  const stack = new Stack(app, where.stack ?? 'Shop', { env });
  new CognitoAuth(stack, where.id ?? 'Auth');
  if (where.extra) new CognitoAuth(stack, where.extra, { outputs: { prefix: where.extra } });
  app.synth();
}

function pools(file: string): Record<string, { location?: Record<string, string> }> {
  return (
    JSON.parse(fs.readFileSync(file, 'utf8')) as {
      pools: Record<string, { location?: Record<string, string> }>;
    }
  ).pools;
}

function thrown(fn: () => void): CognitoAuthError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CognitoAuthError) return e;
    throw e;
  }
  throw new Error('expected a CognitoAuthError');
}

const lockFile = () => path.join(tmpDir('rename'), 'cognito-auth.lock.json');

describe('a new construct id in the same stack', () => {
  test('is refused in write mode, saying what CloudFormation would do and the ways out; nothing is written', () => {
    const file = lockFile();
    synthAt(file);
    const before = fs.readFileSync(file, 'utf8');
    const e = thrown(() => synthAt(file, { id: 'Login' }));
    expect(e.prop).toBe('lock');
    expect(e.message).toMatch(
      /looks like a renamed pool: .* records a pool that this app no longer describes, while the pool "Shop\/Login" \(123456789012\/eu-west-1\/Shop\/Login\) appears for the first time/,
    );
    expect(e.message).toContain('- "Shop/Auth" (123456789012/eu-west-1/Shop/Auth; same stack "Shop")');
    expect(e.message).toMatch(/creates a new, empty pool .* and deletes the recorded pool with every user/);
    expect(e.message).toContain('-c cognito-auth:acknowledge-replacement=Shop/Auth');
    expect(e.message).not.toContain('cognito-auth:new-pool');
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  test('is refused in CI (verify) with the same message', () => {
    const file = lockFile();
    synthAt(file);
    expect(() => synthAt(file, { id: 'Login', mode: 'verify' })).toThrow(/looks like a renamed pool/);
  });

  test('acknowledged, the new pool is recorded and the replaced entry removed', () => {
    const file = lockFile();
    synthAt(file);
    synthAt(file, { id: 'Login', context: { 'cognito-auth:acknowledge-replacement': 'Shop/Auth' } });
    expect(Object.keys(pools(file))).toEqual(['Shop/Login']);
  });

  test('a second pool added beside the first is not a rename', () => {
    const file = lockFile();
    synthAt(file);
    synthAt(file, { extra: 'Partners' });
    expect(Object.keys(pools(file)).sort()).toEqual(['Shop/Auth', 'Shop/Partners']);
  });
});

describe('a new stack name', () => {
  test('in the same account and Region, at the same path, is refused; a new stage says so', () => {
    const file = lockFile();
    synthAt(file, { stack: 'Shop-prod' });
    const e = thrown(() => synthAt(file, { stack: 'ShopProd' }));
    expect(e.message).toContain(
      '"Shop-prod/Auth" (123456789012/eu-west-1/Shop-prod/Auth; same account, Region and path',
    );
    expect(e.message).toContain('-c cognito-auth:new-pool=ShopProd/Auth');
    synthAt(file, { stack: 'Shop-staging', context: { 'cognito-auth:new-pool': 'Shop-staging/Auth' } });
    expect(Object.keys(pools(file)).sort()).toEqual(['Shop-prod/Auth', 'Shop-staging/Auth']);
  });

  test('in another Region is a different pool, not a rename', () => {
    const file = lockFile();
    synthAt(file, { stack: 'Shop-eu' });
    synthAt(file, { stack: 'Shop-us', account: '123456789012', region: 'us-east-1' });
    expect(Object.keys(pools(file)).sort()).toEqual(['Shop-eu/Auth', 'Shop-us/Auth']);
  });
});

describe('the location of a pool', () => {
  test('records its Region and account when known, and leaves out what is not', () => {
    const file = lockFile();
    synthAt(file);
    expect(pools(file)['Shop/Auth'].location).toEqual({
      account: '123456789012',
      region: 'eu-west-1',
      stack: 'Shop',
      path: 'Auth',
      logicalId: 'AuthUserPool8115E87F',
    });
    const agnostic = lockFile();
    synthAt(agnostic, { stack: 'Any', region: 'eu-west-1' });
    expect(pools(agnostic)['Any/Auth'].location).toEqual({
      region: 'eu-west-1',
      stack: 'Any',
      path: 'Auth',
      logicalId: 'AuthUserPool8115E87F',
    });
  });

  test('the same stack in another Region is refused: it would be a second, empty pool', () => {
    const file = lockFile();
    synthAt(file);
    const e = thrown(() => synthAt(file, { account: '123456789012', region: 'us-east-1' }));
    expect(e.prop).toBe('location.region');
    expect(e.message).toMatch(
      /recorded "eu-west-1", now asked "us-east-1".*creates a second, empty pool there/s,
    );
  });

  test('another account is refused, pointing at one lock file per account', () => {
    const file = lockFile();
    synthAt(file);
    expect(() => synthAt(file, { account: '210987654321', region: 'eu-west-1' })).toThrow(
      /location.account .*recorded "123456789012", now asked "210987654321".*one lock file per account/s,
    );
  });

  test('an entry written without a location gets one, as an addition (verify mode asks for the update)', () => {
    const file = lockFile();
    synthAt(file);
    const content = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      pools: Record<string, Record<string, unknown>>;
    };
    delete content.pools['Shop/Auth'].location;
    fs.writeFileSync(file, JSON.stringify(content));
    expect(() => synthAt(file, { mode: 'verify' })).toThrow(/out of date \(not recorded yet: location/);
    synthAt(file);
    expect(pools(file)['Shop/Auth'].location?.region).toBe('eu-west-1');
  });
});
