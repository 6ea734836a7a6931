/**
 * `cognito-admin local` under faults, as processes: killed with SIGKILL (itself or the npm that started
 * it), a closed terminal, two instances on one port or one data folder, and bad flags. Each test starts
 * its own local mode from the reference app's dev assembly, on free ports, with its data in its own
 * folder, and checks the processes and ports from /proc and the network.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { runCli } from '../admin/helpers';
import { CODE, REPO, START_TIMEOUT, synthesizeDev, tempDir } from '../e2e/helpers';
import { emulatorClient } from '../../src/local/start-local';
import { EmulatorPortError, startEmulator } from '../../src/local/emulator';
import {
  alive,
  commandOf,
  descendants,
  eventually,
  killAll,
  listening,
  LocalPorts,
  portsOf,
  run,
  Running,
  startLocalCli,
} from './helpers';

const READY = /Ready in [\d.]+ s/;
let dir: string;
let assembly: string;
const started: Running[] = [];

beforeAll(async () => {
  dir = tempDir('faults');
  assembly = await synthesizeDev(dir);
}, START_TIMEOUT);

afterEach(() => {
  for (const r of started.splice(0)) {
    if (r.child.pid) killAll([...descendants(r.child.pid), r.child.pid]);
  }
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Local mode on the dev assembly, on free ports, with its data in `<dir>/<name>`. */
function local(
  name: string,
  extra: readonly string[] = [],
  options: Parameters<typeof startLocalCli>[1] = {},
): Running {
  const r = startLocalCli(
    [
      '--assembly',
      assembly,
      '--port',
      '0',
      '--dir',
      path.join(dir, name),
      '--code',
      CODE,
      '--quiet',
      ...extra,
    ],
    { cwd: REPO, ...options },
  );
  started.push(r);
  return r;
}

/** After a kill: every process gone and every port free (the public one, the emulator's, the Lambda one). */
async function expectNothingLeft(pids: number[], ports: LocalPorts): Promise<void> {
  const gone = await eventually(() => pids.every((pid) => !alive(pid)));
  expect(pids.filter(alive).map((pid) => `${pid} ${commandOf(pid)}`)).toEqual([]);
  expect(gone).toBe(true);
  expect(await listening(ports.endpoint)).toBe(false);
  expect(await listening(ports.emulator)).toBe(false);
  expect(await listening(ports.lambda)).toBe(false);
}

describe('no orphans', () => {
  test('SIGKILL of local mode: the emulator and the function processes exit, the ports are freed', async () => {
    const r = local('kill-main');
    await r.waitFor(READY);
    const ports = portsOf(r.output());
    const children = descendants(r.child.pid!);
    expect(children.map(commandOf).some((c) => c.includes('emulator-host'))).toBe(true);
    expect(children.map(commandOf).filter((c) => c.includes('lambda-runner'))).toHaveLength(2);
    r.child.kill('SIGKILL');
    await expectNothingLeft(children, ports);
  });

  test('SIGKILL of npm (npm run local --reset): local mode notices, stops its children and frees the ports', async () => {
    const app = tempDir('npm-app');
    fs.writeFileSync(
      path.join(app, 'package.json'),
      JSON.stringify({
        name: 'npm-app',
        private: true,
        scripts: {
          local: [
            JSON.stringify(process.execPath),
            '--import',
            'tsx',
            JSON.stringify(path.join(REPO, 'cognito-admin', 'src', 'bin', 'cognito-admin.ts')),
            'local',
            ...[
              '--assembly',
              JSON.stringify(assembly),
              '--port',
              '0',
              '--dir',
              JSON.stringify(path.join(dir, 'npm')),
            ],
            ...['--quiet', '--code', CODE],
          ].join(' '),
        },
      }),
    );
    try {
      // As a shell starts a job: npm leads its own process group.
      const npm = run('npm', ['run', 'local', '--reset'], { cwd: app, detached: true });
      started.push(npm);
      await npm.waitFor(READY);
      expect(npm.output()).toContain('npm kept --reset for itself');
      expect(npm.output()).toMatch(/User pool\s+\S+\s+created/);
      const ports = portsOf(npm.output());
      const below = descendants(npm.child.pid!);
      process.kill(npm.child.pid!, 'SIGKILL');
      await expectNothingLeft(below, ports);
    } finally {
      fs.rmSync(app, { recursive: true, force: true });
    }
  });

  test('a closed terminal (SIGHUP to the job): everything stops and the data is kept', async () => {
    const r = local('hangup', [], { detached: true });
    await r.waitFor(READY);
    const ports = portsOf(r.output());
    const children = descendants(r.child.pid!);
    process.kill(-r.child.pid!, 'SIGHUP');
    await expectNothingLeft([r.child.pid!, ...children], ports);
    expect(fs.existsSync(path.join(dir, 'hangup', 'state.json'))).toBe(true);
  });
});

describe('two instances', () => {
  test('on one port: the second stops before provisioning, naming the process that holds the port', async () => {
    const first = local('port-a');
    await first.waitFor(READY);
    const ports = portsOf(first.output());
    // The public port is the endpoint's, which local mode's own process serves.
    const holder = first.child.pid!;

    const second = startLocalCli(
      [
        '--assembly',
        assembly,
        '--port',
        String(ports.endpoint),
        '--dir',
        path.join(dir, 'port-b'),
        '--quiet',
      ],
      { cwd: REPO },
    );
    started.push(second);
    const { code } = await second.exited();
    expect(code).toBe(2);
    expect(second.output()).toContain(`port ${ports.endpoint} is already in use by pid ${holder}`);
    expect(second.output()).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(dir, 'port-b', 'state.json'))).toBe(false);

    // The first one's emulator holds only its own pool.
    const cognito = emulatorClient(`http://localhost:${ports.endpoint}`, 'eu-west-1');
    const pools = await cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    cognito.destroy();
    expect(pools.UserPools).toHaveLength(1);
  });

  test('the emulator binds its port itself: a port taken in between is refused, naming the holder', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const attempt = startEmulator({ dataDir: path.join(dir, 'taken'), port });
      await expect(attempt).rejects.toBeInstanceOf(EmulatorPortError);
      await expect(attempt).rejects.toThrow(`port ${port} is already in use by pid ${process.pid}`);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('on one data folder: the second is refused, naming the first', async () => {
    const first = local('shared');
    await first.waitFor(READY);
    const second = local('shared');
    const { code } = await second.exited();
    expect(code).toBe(2);
    expect(second.output()).toContain(
      `local mode already runs with its data in ${path.join(dir, 'shared')} (pid ${first.child.pid}`,
    );
    expect(alive(first.child.pid!)).toBe(true);
  });
});

describe('the command line', () => {
  test('unknown flags print the usage, not a stack trace (exit 2)', async () => {
    const result = await runCli(['local', '--bogus']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error: unknown option '--bogus'");
    expect(result.stderr).toContain('Usage: cognito-admin local [options]');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test('a port that is not a number is a usage error', async () => {
    const result = await runCli(['local', '--port', 'ninety']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--port ninety is not a port');
  });

  test('--stage and -c stage= that disagree are refused', async () => {
    const result = await runCli(['local', '--stage', 'dev', '-c', 'stage=prod']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--stage dev and -c stage=prod disagree');
  });
});
