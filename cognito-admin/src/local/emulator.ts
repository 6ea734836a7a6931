import { ChildProcess, fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { childModule } from './child-module';
import type { EmulatorHostMessage } from './emulator-host';
import { portInUseMessage } from './port-holder';

/**
 * Configuration file of the cognito-local emulator (`.cognito/config.json`), read once at start.
 */
export interface EmulatorConfig {
  /** Where the emulator sends Lambda Invoke requests for triggers. */
  readonly LambdaClient?: {
    readonly endpoint: string;
    readonly region?: string;
    readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  };
  /** Trigger name (PreSignUp, PreTokenGeneration, ...) to function name. */
  readonly TriggerFunctions?: Readonly<Record<string, string>>;
  readonly [key: string]: unknown;
}

export interface EmulatorOptions {
  /** Directory that holds the emulator's data (`<dataDir>/.cognito/`). Created if missing. */
  readonly dataDir: string;
  /** TCP port; 0 for any free port. @default 0 */
  readonly port?: number;
  /** Interface to listen on. @default '127.0.0.1' */
  readonly host?: string;
  /** A fixed confirmation code for every code the emulator sends (its `CODE` variable). @default - random codes */
  readonly code?: string;
  /** Written to `.cognito/config.json` before start. @default - the file is left as it is */
  readonly config?: EmulatorConfig;
  /** File that receives the emulator's log. @default '<dataDir>/emulator.log' */
  readonly logFile?: string;
  /** How long to wait for the port and `/health`. @default 30000 */
  readonly startTimeoutMs?: number;
  /** Directories to find cognito-local from, before this package's own. @default - the working directory */
  readonly resolveFrom?: readonly string[];
}

export interface RunningEmulator {
  /** Base URL, e.g. `http://127.0.0.1:9229`: the endpoint for the AWS SDK. */
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number | undefined;
  readonly logFile: string;
  /** Stops the emulator and waits for it to exit. */
  stop(): Promise<void>;
}

/** Error raised when the emulator cannot be started. */
export class EmulatorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmulatorError';
  }
}

/** Raised when cognito-local is not installed; local mode says which package to add. */
export class EmulatorMissingError extends EmulatorError {
  constructor(message: string) {
    super(message);
    this.name = 'EmulatorMissingError';
  }
}

/** Raised when the emulator's port is taken; the message names the process that holds it when known. */
export class EmulatorPortError extends EmulatorError {
  public readonly port: number;

  constructor(message: string, port: number) {
    super(message);
    this.name = 'EmulatorPortError';
    this.port = port;
  }
}

/** The version range of cognito-local that local mode is made for (its optional peer dependency). */
export const COGNITO_LOCAL_RANGE = '^5.3.0';

/**
 * The directory of the cognito-local package: the app's own (its dev dependency), else the one beside
 * this package. Throws `EmulatorMissingError` naming the package to add when there is none.
 */
export function resolveEmulatorPackage(from: readonly string[] = [process.cwd()]): string {
  try {
    return path.dirname(require.resolve('cognito-local/package.json', { paths: [...from, __dirname] }));
  } catch {
    throw new EmulatorMissingError(
      `local mode needs the cognito-local emulator, which is not installed; add it to your app as a dev dependency: npm install --save-dev cognito-local@${COGNITO_LOCAL_RANGE}`,
    );
  }
}

/** Returns a TCP port that is free on the loopback interface at the time of the call. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** True when something accepts TCP connections on host:port. */
export async function isPortInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitForHealth(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
  logFile: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new EmulatorError(
        `cognito-local exited with code ${child.exitCode} during start; see ${logFile}`,
      );
    }
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new EmulatorError(
    `cognito-local did not answer ${url}/health within ${timeoutMs} ms; see ${logFile}`,
  );
}

/** Waits for the emulator process to report that it bound its port, or why it could not. */
function waitForListening(
  child: ChildProcess,
  host: string,
  port: number,
  timeoutMs: number,
  logFile: string,
  dataDir: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const timer = setTimeout(() => {
      done();
      reject(
        new EmulatorError(`cognito-local did not start listening within ${timeoutMs} ms; see ${logFile}`),
      );
    }, timeoutMs);
    const onMessage = (raw: unknown): void => {
      const message = raw as EmulatorHostMessage;
      if (message?.type === 'listening') {
        done();
        resolve(message.port);
      } else if (message?.type === 'error') {
        done();
        reject(
          message.code === 'EADDRINUSE'
            ? new EmulatorPortError(
                `${portInUseMessage(port)}; stop what runs there or choose another port (--port)`,
                port,
              )
            : new EmulatorError(
                `cognito-local could not start on ${host}:${port}: ${message.message}; see ${logFile}` +
                  (/StormDB|corrupt/i.test(message.message)
                    ? `. Its data in ${path.join(dataDir, '.cognito', 'db')} is damaged: restore it from a backup, ` +
                      'or start with --reset to begin with empty data (every local user is deleted)'
                    : ''),
              ),
        );
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      done();
      reject(
        new EmulatorError(
          `cognito-local exited ${signal ? `on ${signal}` : `with code ${code}`} during start; see ${logFile}`,
        ),
      );
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/**
 * Starts the cognito-local emulator in a child process that binds the port itself and reports it, then
 * waits until it answers `/health`. The child exits when this process is gone, even when it is killed.
 */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const packageDir = resolveEmulatorPackage(options.resolveFrom);
  const host = options.host ?? '127.0.0.1';
  const requested = options.port ?? 0;
  const dataDir = path.resolve(options.dataDir);
  fs.mkdirSync(path.join(dataDir, '.cognito'), { recursive: true });
  if (options.config) {
    fs.writeFileSync(path.join(dataDir, '.cognito', 'config.json'), JSON.stringify(options.config, null, 2));
  }
  const logFile = options.logFile ?? path.join(dataDir, 'emulator.log');
  const log = fs.openSync(logFile, 'a');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(requested),
    HOST: host,
    NODE_NO_WARNINGS: '1',
    AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
  };
  if (options.code) env.CODE = options.code;
  else delete env.CODE;
  const hostModule = childModule('emulator-host');
  const child = fork(hostModule.file, [packageDir], {
    cwd: dataDir,
    env,
    execArgv: hostModule.execArgv,
    stdio: ['ignore', log, log, 'ipc'],
  });
  fs.closeSync(log);
  const timeoutMs = options.startTimeoutMs ?? 30000;
  let port: number;
  try {
    port = await waitForListening(child, host, requested, timeoutMs, logFile, dataDir);
    await waitForHealth(`http://${host}:${port}`, child, timeoutMs, logFile);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  // The channel stays open for the child to notice this process's end; it does not keep this one alive.
  child.channel?.unref();
  const endpoint = `http://${host}:${port}`;
  let stopped: Promise<void> | undefined;
  return {
    endpoint,
    port,
    pid: child.pid,
    logFile,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      });
      return stopped;
    },
  };
}
