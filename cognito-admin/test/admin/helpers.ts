import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AdminListGroupsForUserCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListUsersCommand,
  UsernameAttributeType,
  UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { AdminContext, createAdminContext } from '../../src/admin/context';
import { PacerOptions } from '../../src/admin/pacer';
import { RunningEmulator, startEmulator } from '../../src/local/emulator';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** The repository's root. */
export const REPO = path.resolve(__dirname, '..', '..', '..');
/** The cognito-admin package's folder. */
export const PACKAGE = path.resolve(__dirname, '..', '..');
/** The CLI's entry point, run from source through tsx. */
export const CLI = path.join(PACKAGE, 'src', 'bin', 'cognito-admin.ts');
export const CODE = '123456';

/** A fresh directory under test/.tmp, unique to this test file and run. */
export function tempDir(name: string): string {
  const dir = path.join(PACKAGE, 'test', '.tmp', `admin-${name}-${process.pid}-${Date.now().toString(36)}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** A running emulator for one test file, and a plain SDK client to set it up and check it. */
export interface TestEmulator {
  readonly emulator: RunningEmulator;
  readonly dataDir: string;
  readonly endpoint: string;
  /** Plain SDK client, outside the code under test. */
  readonly sdk: CognitoIdentityProviderClient;
  /** A fresh user pool, made the way a deployed stack would be: schema, groups, clients. */
  newPool(options?: PoolOptions): Promise<TestPool>;
  stop(): Promise<void>;
}

/** A user pool of the test emulator. */
export interface TestPool {
  readonly endpoint: string;
  readonly userPoolId: string;
  /** Client that allows USER_PASSWORD_AUTH. */
  readonly clientId: string;
  /** Client that allows only SRP and refresh. */
  readonly srpClientId: string;
  readonly sdk: CognitoIdentityProviderClient;
  /** A context for the operations under test. */
  context(pacer?: PacerOptions): AdminContext;
}

export interface PoolOptions {
  /** `['email']` for a pool that signs in with e-mail as the username. */
  readonly usernameAttributes?: UsernameAttributeType[];
}

/** Starts the emulator on a free port with its data in a directory of its own. */
export async function startTestEmulator(name: string): Promise<TestEmulator> {
  const dataDir = tempDir(name);
  const emulator = await startEmulator({
    dataDir,
    code: CODE,
    config: { UserPoolDefaults: { UsernameAttributes: [] } },
  });
  const sdk = new CognitoIdentityProviderClient({
    endpoint: emulator.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  let count = 0;
  return {
    emulator,
    dataDir,
    endpoint: emulator.endpoint,
    sdk,
    newPool: async (options = {}) => {
      const pool = await sdk.send(
        new CreateUserPoolCommand({
          PoolName: `${name}-${++count}`,
          UsernameAttributes: options.usernameAttributes,
          Schema: [
            {
              Name: 'tenant',
              AttributeDataType: 'String',
              Mutable: true,
              StringAttributeConstraints: { MaxLength: '16' },
            },
            {
              Name: 'level',
              AttributeDataType: 'Number',
              Mutable: true,
              NumberAttributeConstraints: { MinValue: '1', MaxValue: '10' },
            },
          ],
        }),
      );
      const userPoolId = pool.UserPool?.Id ?? '';
      for (const [GroupName, Precedence] of [
        ['admins', 0],
        ['staff', 10],
        ['readers', 20],
      ] as const) {
        await sdk.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName, Precedence }));
      }
      const client = await sdk.send(
        new CreateUserPoolClientCommand({
          UserPoolId: userPoolId,
          ClientName: 'public',
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        }),
      );
      const srp = await sdk.send(
        new CreateUserPoolClientCommand({
          UserPoolId: userPoolId,
          ClientName: 'web',
          ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        }),
      );
      return {
        endpoint: emulator.endpoint,
        userPoolId,
        clientId: client.UserPoolClient?.ClientId ?? '',
        srpClientId: srp.UserPoolClient?.ClientId ?? '',
        sdk,
        context: (pacer) =>
          createAdminContext({
            userPoolId,
            endpoint: emulator.endpoint,
            region: 'us-east-1',
            pacer,
            env: {},
          }),
      };
    },
    stop: async () => {
      sdk.destroy();
      await emulator.stop();
    },
  };
}

/** Groups of a user, through the plain SDK client. */
export async function groupsOf(pool: TestPool, username: string): Promise<string[]> {
  const out = await pool.sdk.send(
    new AdminListGroupsForUserCommand({ UserPoolId: pool.userPoolId, Username: username }),
  );
  return (out.Groups ?? []).map((g) => g.GroupName ?? '').sort();
}

/** Adds a middleware to the context's client that throws the error `fault` returns (before the request is sent). */
export function injectFaults(
  ctx: AdminContext,
  fault: (commandName: string, call: number) => Error | undefined,
): void {
  let call = 0;
  ctx.idp.middlewareStack.add(
    (next, context) => async (args) => {
      const error = fault(context.commandName ?? '', call++);
      if (error) throw error;
      return next(args);
    },
    { step: 'build', name: 'testFaults' },
  );
}

/** Every user of the pool, through the plain SDK client. */
export async function allUsers(pool: TestPool): Promise<UserType[]> {
  const users: UserType[] = [];
  let token: string | undefined;
  do {
    const page = await pool.sdk.send(
      new ListUsersCommand({ UserPoolId: pool.userPoolId, PaginationToken: token }),
    );
    users.push(...(page.Users ?? []));
    token = page.PaginationToken;
  } while (token);
  return users;
}

export function attribute(user: UserType, name: string): string | undefined {
  return user.Attributes?.find((a) => a.Name === name)?.Value;
}

/** Writes a CSV file from lines. */
export function writeCsv(dir: string, name: string, lines: readonly string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** Reads a report file into records keyed by row. */
export function readReport(
  file: string,
): Array<{ row: number; username: string; outcome: string; detail: string }> {
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const fields: string[] = [];
    let current = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quoted) {
        if (c === '"' && line[i + 1] === '"') {
          current += '"';
          i++;
        } else if (c === '"') quoted = false;
        else current += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') {
        fields.push(current);
        current = '';
      } else current += c;
    }
    fields.push(current);
    return { row: Number(fields[0]), username: fields[1], outcome: fields[2], detail: fields[3] ?? '' };
  });
}

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Environment for CLI runs: no AWS credentials, profile or secrets of the machine, no CI-dependent output. */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', NODE_NO_WARNINGS: '1', ...extra };
  // An outer `npm test` leaves its own npm_* variables; the CLI reads some of them (see cli/npm-flags.ts).
  for (const key of Object.keys(env)) if (key.startsWith('npm_') && !(key in extra)) delete env[key];
  for (const key of [
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_PROFILE',
    'AWS_REGION',
    'COGNITO_ADMIN_PASSWORD',
    'COGNITO_ADMIN_NEW_PASSWORD',
    'COGNITO_ADMIN_CLIENT_SECRET',
  ]) {
    if (!(key in extra)) delete env[key];
  }
  return env;
}

/** Starts the real CLI (its source, through tsx) as a child process. */
export function spawnCli(args: readonly string[], env: NodeJS.ProcessEnv = cliEnv(), stdin = false) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: REPO,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // Without input, standard input is closed at once: a command that reads it sees it empty.
  if (!stdin) child.stdin.end();
  return child;
}

/** Runs the real CLI to the end; `input` is written to its standard input. */
export function runCli(args: readonly string[], env?: NodeJS.ProcessEnv, input?: string): Promise<CliResult> {
  const child = spawnCli(args, env, input !== undefined);
  if (input !== undefined) child.stdin.end(input);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
}
