import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createAdminContext } from '../../src/admin/context';
import { deactivateInactive } from '../../src/admin/deactivate-inactive';
import { RunningEmulator, startEmulator } from '../../src/local/emulator';
import { runCli, tempDir } from './helpers';

const DAY = 24 * 60 * 60 * 1000;
let dataDir: string;
let emulator: RunningEmulator;
let sdk: CognitoIdentityProviderClient;
let userPoolId: string;

function connect(endpoint: string) {
  sdk?.destroy();
  sdk = new CognitoIdentityProviderClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

async function isEnabled(username: string): Promise<boolean | undefined> {
  return (await sdk.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }))).Enabled;
}

beforeAll(async () => {
  dataDir = tempDir('deactivate');
  const config = { UserPoolDefaults: { UsernameAttributes: [] } };
  emulator = await startEmulator({ dataDir, config });
  connect(emulator.endpoint);
  userPoolId = (await sdk.send(new CreateUserPoolCommand({ PoolName: 'deactivate' }))).UserPool?.Id ?? '';
  for (const username of ['old1', 'old2', 'oldDisabled', 'recent1', 'recent2']) {
    await sdk.send(
      new AdminCreateUserCommand({ UserPoolId: userPoolId, Username: username, MessageAction: 'SUPPRESS' }),
    );
  }
  await sdk.send(new AdminDisableUserCommand({ UserPoolId: userPoolId, Username: 'oldDisabled' }));
  // Age three users by 100 days in the emulator's store (no API sets these dates), then restart it on it.
  await emulator.stop();
  const file = path.join(dataDir, '.cognito', 'db', `${userPoolId}.json`);
  const db = JSON.parse(fs.readFileSync(file, 'utf8')) as { Users: Record<string, Record<string, unknown>> };
  const old = new Date(Date.now() - 100 * DAY).toISOString();
  for (const username of ['old1', 'old2', 'oldDisabled']) {
    db.Users[username].UserCreateDate = old;
    db.Users[username].UserLastModifiedDate = old;
  }
  fs.writeFileSync(file, JSON.stringify(db, null, 2));
  emulator = await startEmulator({ dataDir, config });
  connect(emulator.endpoint);
});

afterAll(async () => {
  sdk?.destroy();
  await emulator?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('users deactivate-inactive', () => {
  test('without threat protection it says it uses the last-modified date; a dry run disables nobody', async () => {
    const ctx = createAdminContext({ userPoolId, endpoint: emulator.endpoint, region: 'us-east-1', env: {} });
    const result = await deactivateInactive(ctx, { days: 30, dryRun: true });
    expect(result.basis).toBe('last-modified');
    expect(result.basisNote).toMatch(/no threat protection.*last-modified date.*not the last sign-in/);
    expect(result.examined).toBe(4);
    expect(result.inactive.map((u) => u.username).sort()).toEqual(['old1', 'old2']);
    expect(result.inactive[0]).toMatchObject({ evidence: 'last modified', disabled: false });
    expect(await isEnabled('old1')).toBe(true);
    expect(await isEnabled('old2')).toBe(true);
  });

  test('the CLI dry run prints the basis and the users; the real run disables exactly the inactive ones', async () => {
    const args = [
      '--endpoint',
      emulator.endpoint,
      '--user-pool-id',
      userPoolId,
      'users',
      'deactivate-inactive',
      '--days',
      '30',
    ];
    const dry = await runCli([...args, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toMatch(
      /^basis: this pool has no threat protection, so Cognito records no sign-in times/m,
    );
    expect(dry.stdout).toMatch(/^2 of 4 enabled users inactive since .* \(dry run: none disabled\)$/m);
    expect(dry.stdout).toMatch(/^old1\s+\S+\s+last modified\s+false$/m);
    expect(await isEnabled('old1')).toBe(true);

    const real = await runCli(args);
    expect(real.code).toBe(0);
    expect(real.stdout).toMatch(/^old2\s+\S+\s+last modified\s+true$/m);
    expect(await isEnabled('old1')).toBe(false);
    expect(await isEnabled('old2')).toBe(false);
    expect(await isEnabled('recent1')).toBe(true);
    expect(await isEnabled('recent2')).toBe(true);

    const again = await runCli(args);
    expect(again.stdout).toMatch(/^0 of 2 enabled users inactive/m);
  });

  test('--days must be 1 or more', async () => {
    const ctx = createAdminContext({ userPoolId, endpoint: emulator.endpoint, region: 'us-east-1', env: {} });
    await expect(deactivateInactive(ctx, { days: 0 })).rejects.toThrow(
      /--days 0 must be a whole number of days, 1 or more/,
    );
  });
});
