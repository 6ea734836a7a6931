/**
 * Which first factors USER_AUTH offers a user (SELECT_CHALLENGE), as Cognito decides: what the pool
 * allows, and what the user can use (a verified address, no MFA for one-time codes, a passkey, and for a
 * user with MFA a pool where a user-verified passkey counts as MFA; a password).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { firstFactors } from '../../src/local/front/auth';
import type { FrontContext } from '../../src/local/front/context';
import type { StoredPool, StoredUser } from '../../src/local/front/directory';
import { FrontStore } from '../../src/local/front/store';

const ALL = ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'];
let dir: string;
let store: FrontStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'first-factors-'));
  store = new FrontStore(path.join(dir, 'state.json'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function front(factorConfiguration?: string): FrontContext {
  return {
    store,
    stack: {
      pools: [
        {
          poolId: 'local_P',
          webAuthn: { userVerification: 'required', ...(factorConfiguration ? { factorConfiguration } : {}) },
        },
      ],
    },
  } as unknown as FrontContext;
}

const pool = (mfa: string, factors = ALL): StoredPool =>
  ({
    Id: 'local_P',
    MfaConfiguration: mfa,
    Policies: { SignInPolicy: { AllowedFirstAuthFactors: factors } },
  }) as StoredPool;

function user(attributes: Record<string, string>, totp = false): StoredUser {
  return {
    Username: 'u1',
    Attributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
    Enabled: true,
    UserStatus: 'CONFIRMED',
    ...(totp
      ? {
          UserMFASettingList: ['SOFTWARE_TOKEN_MFA'],
          SoftwareTokenMfaConfiguration: { Secret: 'S', Verified: true },
        }
      : {}),
  };
}

const verified = {
  email: 'a@example.org',
  email_verified: 'true',
  phone_number: '+447700900123',
  phone_number_verified: 'true',
};
const addPasskey = () =>
  store.addPasskey('local_P', 'u1', {
    id: 'cred',
    publicKey: 'key',
    counter: 0,
    transports: [],
    relyingPartyId: 'localhost',
    createdAt: 0,
  });

test('a user without MFA may use every factor the pool allows and the user has', () => {
  addPasskey();
  expect(firstFactors(front(), pool('OFF'), user(verified))).toEqual([
    'WEB_AUTHN',
    'EMAIL_OTP',
    'SMS_OTP',
    'PASSWORD',
    'PASSWORD_SRP',
  ]);
});

test('only what the pool allows; unverified addresses and a missing passkey give no factor', () => {
  expect(firstFactors(front(), pool('OFF', ['PASSWORD', 'EMAIL_OTP']), user(verified))).toEqual([
    'EMAIL_OTP',
    'PASSWORD',
    'PASSWORD_SRP',
  ]);
  expect(
    firstFactors(front(), pool('OFF'), user({ email: 'a@example.org', email_verified: 'false' })),
  ).toEqual(['PASSWORD', 'PASSWORD_SRP']);
});

test('a user who signed up without a password has no password factor', () => {
  store.setPasswordless('local_P', 'u1', true);
  expect(firstFactors(front(), pool('OFF'), user(verified))).toEqual(['EMAIL_OTP', 'SMS_OTP']);
});

test('one-time codes are not offered to users with MFA, nor in a pool that requires MFA', () => {
  expect(firstFactors(front(), pool('OPTIONAL'), user(verified, true))).toEqual(['PASSWORD', 'PASSWORD_SRP']);
  expect(firstFactors(front(), pool('OPTIONAL'), user(verified))).toEqual([
    'EMAIL_OTP',
    'SMS_OTP',
    'PASSWORD',
    'PASSWORD_SRP',
  ]);
  expect(firstFactors(front(), pool('ON'), user(verified))).toEqual(['PASSWORD', 'PASSWORD_SRP']);
});

test('with MFA, a passkey is a first factor only where a user-verified passkey counts as MFA', () => {
  addPasskey();
  expect(firstFactors(front(), pool('ON'), user(verified))).toEqual(['PASSWORD', 'PASSWORD_SRP']);
  expect(firstFactors(front('MULTI_FACTOR_WITH_USER_VERIFICATION'), pool('ON'), user(verified))).toEqual([
    'WEB_AUTHN',
    'PASSWORD',
    'PASSWORD_SRP',
  ]);
});
