import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ClientConfiguration } from '../../../lib/client-config';
import { findClient, loadClientConfiguration } from '../../src/admin/config-file';
import { createAdminContext, LOCAL_CREDENTIALS, regionOfPoolId } from '../../src/admin/context';
import { AdminError, EXIT_USAGE } from '../../src/admin/errors';
import { tempDir } from './helpers';

function configuration(
  poolId: string,
  extra: Partial<ClientConfiguration['custom']['cognito_auth']> = {},
): ClientConfiguration {
  return {
    version: '1.4',
    auth: {
      aws_region: poolId.split('_')[0],
      user_pool_id: poolId,
      user_pool_client_id: 'webclientid000000000000001',
    },
    custom: {
      cognito_auth: {
        default_client: 'web',
        clients: {
          web: {
            client_id: 'webclientid000000000000001',
            kind: 'web',
            auth_flows: ['ALLOW_USER_SRP_AUTH'],
            oauth_flows: ['code'],
            scopes: [],
            has_secret: false,
          },
          public: {
            client_id: 'publicclientid00000000001',
            kind: 'public',
            auth_flows: ['ALLOW_USER_PASSWORD_AUTH'],
            oauth_flows: [],
            scopes: [],
            has_secret: false,
          },
        },
        ...extra,
      },
    },
  };
}

let dir: string;
beforeAll(() => {
  dir = tempDir('config');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, value: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

describe('loadClientConfiguration', () => {
  test('reads a client configuration file', () => {
    const file = write('outputs.json', configuration('eu-west-1_Abc'));
    expect(loadClientConfiguration(file).auth.user_pool_id).toBe('eu-west-1_Abc');
  });

  test('reads a cdk --outputs-file with one stack', () => {
    const file = write('cdk-outputs.json', {
      'AuthStack-dev': {
        UserPoolId: 'eu-west-1_Abc',
        AuthClientConfigurationA1B2C3D4: JSON.stringify(configuration('eu-west-1_Abc')),
      },
    });
    expect(loadClientConfiguration(file).auth.user_pool_id).toBe('eu-west-1_Abc');
  });

  test('with several stacks, --stack chooses; without it the message lists them', () => {
    const file = write('cdk-two.json', {
      'AuthStack-dev': { ClientConfiguration: JSON.stringify(configuration('eu-west-1_Dev')) },
      'AuthStack-prod': { ClientConfiguration: JSON.stringify(configuration('eu-west-1_Prod')) },
      Other: { BucketName: 'x' },
    });
    expect(() => loadClientConfiguration(file)).toThrow(
      new AdminError(
        `--config ${file} holds several stacks (AuthStack-dev, AuthStack-prod); choose one with --stack`,
      ),
    );
    expect(loadClientConfiguration(file, 'AuthStack-prod').auth.user_pool_id).toBe('eu-west-1_Prod');
    expect(() => loadClientConfiguration(file, 'Other')).toThrow(
      /--stack Other has no ClientConfiguration output .*; stacks with one: AuthStack-dev, AuthStack-prod/,
    );
  });

  test.each([
    ['missing.json', undefined, /cannot be read: ENOENT/],
    ['broken.json', '{ "auth": ', /is not valid JSON/],
    ['unrelated.json', { Stack: { Bucket: 'b' } }, /neither a client configuration nor a cdk outputs file/],
  ])('%s is a usage error with a message', (name, content, message) => {
    const file = content === undefined ? path.join(dir, name) : write(name, content);
    let error: unknown;
    try {
      loadClientConfiguration(file);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AdminError);
    expect((error as AdminError).exitCode).toBe(EXIT_USAGE);
    expect((error as Error).message).toMatch(message);
  });
});

describe('findClient', () => {
  const config = configuration('eu-west-1_Abc');
  test('by name, by id, or the default client', () => {
    expect(findClient(config, 'public')?.client_id).toBe('publicclientid00000000001');
    expect(findClient(config, 'webclientid000000000000001')?.name).toBe('web');
    expect(findClient(config)?.name).toBe('web');
    expect(findClient(config, 'nope')).toBeUndefined();
  });
});

describe('createAdminContext', () => {
  test('the Region comes from the flag, else the configuration, else the pool id, else the environment', () => {
    expect(regionOfPoolId('ap-southeast-2_Abc')).toBe('ap-southeast-2');
    expect(regionOfPoolId('local_Abc')).toBeUndefined();
    expect(createAdminContext({ userPoolId: 'eu-west-1_A', region: 'us-west-2', env: {} }).region).toBe(
      'us-west-2',
    );
    expect(createAdminContext({ config: configuration('eu-central-1_A'), env: {} }).region).toBe(
      'eu-central-1',
    );
    expect(createAdminContext({ userPoolId: 'eu-west-3_A', env: { AWS_REGION: 'us-east-1' } }).region).toBe(
      'eu-west-3',
    );
    expect(createAdminContext({ userPoolId: 'local_A', env: { AWS_REGION: 'us-east-2' } }).region).toBe(
      'us-east-2',
    );
    expect(() => createAdminContext({ userPoolId: 'local_A', env: {} })).toThrow(/no AWS Region/);
  });

  test('the configuration gives the pool and the endpoint of local mode', () => {
    const ctx = createAdminContext({
      config: configuration('us-east-1_Local', { endpoint: 'http://127.0.0.1:9229' }),
      env: {},
    });
    expect(ctx.userPoolId()).toBe('us-east-1_Local');
    expect(ctx.endpoint).toBe('http://127.0.0.1:9229');
  });

  test('an endpoint with no credentials in the environment uses local dummy credentials', async () => {
    const local = createAdminContext({ userPoolId: 'local_A', endpoint: 'http://127.0.0.1:1', env: {} });
    await expect(local.idp.config.credentials()).resolves.toMatchObject(LOCAL_CREDENTIALS);
    const withKeys = createAdminContext({
      userPoolId: 'local_A',
      endpoint: 'http://127.0.0.1:1',
      env: { AWS_ACCESS_KEY_ID: 'AKIA' },
    });
    // with keys in the environment the SDK's own chain is used, not the dummy credentials
    const used = await withKeys.idp.config.credentials().then(
      (c) => c.accessKeyId,
      () => 'the default chain',
    );
    expect(used).not.toBe(LOCAL_CREDENTIALS.accessKeyId);
  });

  test('without a pool, asking for it says how to give one', () => {
    const ctx = createAdminContext({ region: 'eu-west-1', env: {} });
    expect(() => ctx.userPoolId()).toThrow(
      'no user pool: pass --user-pool-id or --config <client configuration file>',
    );
  });
});
