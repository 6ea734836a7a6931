/**
 * The local front's rules and SRP, as pure functions: the password policy's messages, explicit auth
 * flows with Cognito's defaults, attribute write permissions, the secret hash, and the server side of SRP
 * against Amplify JS v6's own client side.
 */
import * as crypto from 'node:crypto';
import * as path from 'node:path';
import { StoredClient, StoredPool } from '../../src/local/front/directory';
import {
  allowedFlows,
  checkPasswordPolicy,
  checkSecretHash,
  checkWritable,
  hashPassword,
  inHistory,
  secretHash,
} from '../../src/local/front/rules';
import { paddedHex, srpStart, verifySignature } from '../../src/local/front/srp';

const pool = (policy: Record<string, unknown>): StoredPool => ({
  Id: 'local_Pool1',
  Policies: { PasswordPolicy: policy },
});
const client = (extra: Partial<StoredClient> = {}): StoredClient => ({
  ClientId: 'c1',
  UserPoolId: 'local_Pool1',
  ...extra,
});

describe('password policy', () => {
  const strict = pool({
    MinimumLength: 12,
    RequireUppercase: true,
    RequireLowercase: true,
    RequireNumbers: true,
    RequireSymbols: true,
  });
  test.each([
    ['Sh0rt!', 'Password not long enough'],
    ['no-upper-case-1', 'Password must have uppercase characters'],
    ['NO-LOWER-CASE-1', 'Password must have lowercase characters'],
    ['No-Numbers-Here', 'Password must have numeric characters'],
    ['NoSymbols12345', 'Password must have symbol characters'],
  ])('%s is refused: %s', (password, why) => {
    expect(() => checkPasswordPolicy(strict, password)).toThrow(
      `Password did not conform with policy: ${why}`,
    );
  });
  test('a password that meets every rule passes; a space inside counts as a symbol', () => {
    expect(() => checkPasswordPolicy(strict, 'Correct Horse 9')).not.toThrow();
  });
  test("a pool without a policy has Cognito's default (8 characters, all four kinds)", () => {
    expect(() => checkPasswordPolicy({ Id: 'local_X' }, 'Abcdef1!')).not.toThrow();
    expect(() => checkPasswordPolicy({ Id: 'local_X' }, 'abcdef1!')).toThrow(/uppercase/);
  });
  test('a relaxed policy relaxes', () => {
    expect(() =>
      checkPasswordPolicy(
        pool({ MinimumLength: 6, RequireUppercase: false, RequireSymbols: false, RequireNumbers: false }),
        'simple',
      ),
    ).not.toThrow();
  });
  test('the history remembers passwords, salted', () => {
    const h = hashPassword('Old-passw0rd');
    expect(h).not.toContain('Old-passw0rd');
    expect(inHistory('Old-passw0rd', [h])).toBe(true);
    expect(inHistory('New-passw0rd', [h])).toBe(false);
  });
});

describe('client rules', () => {
  test('a client without explicit flows allows SRP, custom auth and refresh, as Cognito does', () => {
    expect([...allowedFlows(client())].sort()).toEqual([
      'ALLOW_CUSTOM_AUTH',
      'ALLOW_REFRESH_TOKEN_AUTH',
      'ALLOW_USER_SRP_AUTH',
    ]);
    expect(
      allowedFlows(client({ ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] })).has('ALLOW_USER_SRP_AUTH'),
    ).toBe(false);
    expect(
      allowedFlows(client({ ExplicitAuthFlows: ['ADMIN_NO_SRP_AUTH'] })).has(
        'ALLOW_ADMIN_USER_PASSWORD_AUTH',
      ),
    ).toBe(true);
  });
  test('write permissions: listed attributes only, never the verified flags', () => {
    const c = client({ WriteAttributes: ['email', 'name'] });
    expect(() => checkWritable(c, [{ Name: 'name', Value: 'Ana' }])).not.toThrow();
    expect(() => checkWritable(c, [{ Name: 'custom:tenant_id', Value: 't' }])).toThrow(
      'A client attempted to write unauthorized attribute',
    );
    expect(() => checkWritable(client(), [{ Name: 'email_verified', Value: 'true' }])).toThrow(
      /unauthorized attribute/,
    );
  });
  test('the secret hash is HMAC-SHA256(secret, username + client id), required of clients with a secret', () => {
    const expected = crypto.createHmac('sha256', 's3cret').update('anac1').digest('base64');
    expect(secretHash('s3cret', 'ana', 'c1')).toBe(expected);
    const secretClient = client({ ClientSecret: 's3cret' });
    expect(() => checkSecretHash(secretClient, ['ana'], expected)).not.toThrow();
    expect(() => checkSecretHash(secretClient, ['ana'], undefined)).toThrow(
      'Unable to verify secret hash for client c1',
    );
    expect(() => checkSecretHash(client(), ['ana'], undefined)).not.toThrow();
  });
});

describe('SRP', () => {
  const base = path.join(
    path.dirname(require.resolve('@aws-amplify/auth/package.json')),
    'dist/cjs/providers/cognito/utils/srp',
  );
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { getAuthenticationHelper } = require(`${base}/getAuthenticationHelper.js`) as {
    getAuthenticationHelper(pool: string): Promise<{
      A: { toString(radix: number): string };
      getPasswordAuthenticationKey(input: {
        username: string;
        password: string;
        serverBValue: unknown;
        salt: unknown;
      }): Promise<Uint8Array>;
    }>;
  };
  const { getSignatureString } = require(`${base}/getSignatureString.js`) as {
    getSignatureString(input: {
      userPoolName: string;
      username: string;
      challengeParameters: Record<string, string>;
      dateNow: string;
      hkdf: Uint8Array;
    }): string;
  };
  const { BigInteger } = require(`${base}/BigInteger/index.js`) as {
    BigInteger: new (value: string, radix: number) => unknown;
  };
  /* eslint-enable @typescript-eslint/no-require-imports */

  test('paddedHex is Java BigInteger.toByteArray() as hex', () => {
    expect(paddedHex(0x14n)).toBe('14');
    expect(paddedHex(0xecn)).toBe('00ec');
    expect(paddedHex(0x1234n)).toBe('1234');
    expect(paddedHex(0xabcn)).toBe('0abc');
  });

  test.each([
    ['the right password', 'Corr3ct-horse!', true],
    ['a wrong password', 'Wr0ng-horse!', false],
  ])("Amplify's client proves %s (%s): verified %s", async (_what, password, verified) => {
    const helper = await getAuthenticationHelper('Pool1');
    const AHex = helper.A.toString(16);
    const state = srpStart('local_Pool1', 'user-sub', 'Corr3ct-horse!', AHex);
    const hkdf = await helper.getPasswordAuthenticationKey({
      username: 'user-sub',
      password,
      serverBValue: new BigInteger(state.BHex, 16),
      salt: new BigInteger(state.saltHex, 16),
    });
    const timestamp = 'Mon Nov 2 07:05:09 UTC 2026';
    const signature = getSignatureString({
      userPoolName: 'Pool1',
      username: 'user-sub',
      challengeParameters: { SECRET_BLOCK: state.secretBlock },
      dateNow: timestamp,
      hkdf,
    });
    expect(verifySignature('local_Pool1', 'Corr3ct-horse!', AHex, state, timestamp, signature)).toBe(
      verified,
    );
  });

  test('an A of zero (mod N) is refused', () => {
    expect(() => srpStart('local_Pool1', 'u', 'p', '0')).toThrow(/not valid/);
  });
});
