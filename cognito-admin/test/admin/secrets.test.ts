import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { createAdminContext } from '../../src/admin/context';
import { checkConfigEndpoint, isAwsHost, isLoopbackHost } from '../../src/admin/endpoint-trust';
import { oneStdinSecret, readAuthSecrets, readSecret, SecretIo } from '../../src/admin/secret-input';
import { runCli, tempDir } from './helpers';

function io(input = '', env: Record<string, string> = {}) {
  const warnings: string[] = [];
  const value: SecretIo = { env, stdin: Readable.from([Buffer.from(input)]), warn: (m) => warnings.push(m) };
  return { io: value, warnings };
}

const PASSWORD = { flag: '--password', envVar: 'COGNITO_ADMIN_PASSWORD' } as const;

describe('secrets', () => {
  test('from standard input, without its final line break', async () => {
    const { io: i, warnings } = io('s3cr3t pass\r\n');
    await expect(readSecret({ ...PASSWORD, fromStdin: true }, i)).resolves.toBe('s3cr3t pass');
    expect(warnings).toEqual([]);
  });

  test('an empty standard input, or stdin and the flag together, are refused as usage errors', async () => {
    await expect(readSecret({ ...PASSWORD, fromStdin: true }, io('\n').io)).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/--password-stdin: standard input is empty/),
    });
    await expect(readSecret({ ...PASSWORD, fromStdin: true, flagValue: 'x' }, io('y').io)).rejects.toThrow(
      /--password and --password-stdin are both given/,
    );
    expect(() => oneStdinSecret({ '--password-stdin': true, '--client-secret-stdin': true })).toThrow(
      /--password-stdin and --client-secret-stdin both read standard input/,
    );
  });

  test('a flag works but warns; the environment and the prompt follow', async () => {
    const flagged = io();
    await expect(readSecret({ ...PASSWORD, flagValue: 'f' }, flagged.io)).resolves.toBe('f');
    expect(flagged.warnings).toEqual([expect.stringMatching(/^warning: --password on the command line/)]);
    await expect(readSecret(PASSWORD, io('', { COGNITO_ADMIN_PASSWORD: 'e' }).io)).resolves.toBe('e');
    await expect(readSecret({ ...PASSWORD, prompt: async () => 'p' }, io().io)).resolves.toBe('p');
    await expect(readSecret({ ...PASSWORD, required: false }, io().io)).resolves.toBeUndefined();
    await expect(readSecret(PASSWORD, io().io)).rejects.toThrow(/password needed/);
  });
});

test('an auth command takes its client secret from stdin and its password from the environment', async () => {
  const { io: i, warnings } = io('client-s3cret\n', {
    COGNITO_ADMIN_PASSWORD: 'pw',
    COGNITO_ADMIN_NEW_PASSWORD: 'n',
  });
  const needs = { clientSecret: 'optional', password: { ask: 'Password' } } as const;
  await expect(readAuthSecrets({ clientSecretStdin: true }, needs, i)).resolves.toEqual({
    clientSecret: 'client-s3cret',
    password: 'pw',
  });
  expect(warnings).toEqual([]);
  await expect(
    readAuthSecrets({ clientSecretStdin: true, passwordStdin: true }, needs, io('x').io),
  ).rejects.toThrow(/both read standard input/);
});

test('a command that changes a password asks for the missing one with its own question', async () => {
  const asked: string[] = [];
  const prompt = async (question: string) => {
    asked.push(question);
    return `typed ${question}`;
  };
  const needs = { password: { ask: 'Current password' }, newPassword: { ask: 'New password' } } as const;
  const { io: i } = io('old-pw\n');
  await expect(readAuthSecrets({ passwordStdin: true }, needs, { ...i, prompt })).resolves.toEqual({
    password: 'old-pw',
    newPassword: 'typed New password',
  });
  expect(asked).toEqual(['New password']);
  await expect(
    readAuthSecrets({ passwordStdin: true, newPasswordStdin: true }, needs, io('x').io),
  ).rejects.toThrow(/^--password-stdin and --new-password-stdin both read standard input/);
  await expect(readAuthSecrets({}, needs, io('', { COGNITO_ADMIN_PASSWORD: 'p' }).io)).rejects.toThrow(
    /^new-password needed: give it on standard input \(--new-password-stdin\), in COGNITO_ADMIN_NEW_PASSWORD/,
  );
});

test('a secret a command does not take is not read, even when the environment has it', async () => {
  const env = {
    COGNITO_ADMIN_PASSWORD: 'p',
    COGNITO_ADMIN_NEW_PASSWORD: 'n',
    COGNITO_ADMIN_CLIENT_SECRET: 'c',
  };
  await expect(readAuthSecrets({}, { clientSecret: 'optional' }, io('', env).io)).resolves.toEqual({
    clientSecret: 'c',
  });
  await expect(readAuthSecrets({}, { newPassword: 'optional' }, io().io)).resolves.toEqual({
    newPassword: undefined,
  });
});

describe('an endpoint from a configuration file', () => {
  test.each([
    'http://localhost:9229',
    'http://127.0.0.1:1234',
    'http://[::1]:9229',
    'https://cognito-idp.eu-west-1.amazonaws.com',
  ])('%s is accepted for a real-looking pool', (endpoint) => {
    expect(() => checkConfigEndpoint('eu-west-1_AbC123', endpoint, 'outputs.json', false)).not.toThrow();
  });

  test('another host is refused for a real-looking pool unless trusted; a local pool id is never checked', () => {
    expect(() =>
      checkConfigEndpoint('eu-west-1_AbC123', 'https://cognito.example.net', 'outputs.json', false),
    ).toThrow(
      /^outputs\.json points the user pool eu-west-1_AbC123 at https:\/\/cognito\.example\.net, which is neither AWS nor this machine: .* --trust-config-endpoint/,
    );
    expect(() =>
      checkConfigEndpoint('eu-west-1_AbC123', 'https://cognito.example.net', 'f', true),
    ).not.toThrow();
    expect(() => checkConfigEndpoint('local_AbC123', 'http://10.0.0.5:9229', 'f', false)).not.toThrow();
    expect([
      isLoopbackHost('127.8.0.1'),
      isLoopbackHost('128.0.0.1'),
      isAwsHost('amazonaws.com.evil.net'),
    ]).toEqual([true, false, false]);
  });

  test('createAdminContext applies it to the file, not to --endpoint given on the command line', () => {
    const dir = tempDir('endpoint-trust');
    const file = path.join(dir, 'outputs.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        version: '1.4',
        auth: { user_pool_id: 'eu-west-1_AbC123', aws_region: 'eu-west-1', user_pool_client_id: 'c' },
        custom: { cognito_auth: { endpoint: 'https://cognito.example.net' } },
      }),
    );
    expect(() => createAdminContext({ config: file, env: {} })).toThrow(/neither AWS nor this machine/);
    expect(() => createAdminContext({ config: file, env: {}, trustConfigEndpoint: true })).not.toThrow();
    expect(() =>
      createAdminContext({ config: file, env: {}, endpoint: 'http://localhost:9229' }),
    ).not.toThrow();
  });

  test('the CLI refuses it with exit code 2 before any call', async () => {
    const dir = tempDir('endpoint-trust-cli');
    const file = path.join(dir, 'outputs.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        version: '1.4',
        auth: { user_pool_id: 'eu-west-1_AbC123', aws_region: 'eu-west-1', user_pool_client_id: 'c' },
        custom: { cognito_auth: { endpoint: 'https://cognito.example.net' } },
      }),
    );
    const result = await runCli(['--config', file, 'users', 'list']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^cognito-admin: .*outputs\.json points the user pool eu-west-1_AbC123 at https:\/\/cognito\.example\.net/,
    );
  });
});
