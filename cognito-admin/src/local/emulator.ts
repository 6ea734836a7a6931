import { spawn, ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

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
  /** TCP port. @default - a free port */
  readonly port?: number;
  /** Interface to listen on. @default '127.0.0.1' */
  readonly host?: string;
  /** A fixed confirmation code for every code the emulator sends (its `CODE` variable). @default - random codes */
  readonly code?: string;
  /** Written to `.cognito/config.json` before start. @default - the file is left as it is */
  readonly config?: EmulatorConfig;
  /** File that receives the emulator's log. @default '<dataDir>/emulator.log' */
  readonly logFile?: string;
  /** How long to wait for `/health`. @default 30000 */
  readonly startTimeoutMs?: number;
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

/** Resolves the cognito-local start script, or explains how to install it. */
export function resolveEmulatorScript(): string {
  try {
    return require.resolve('cognito-local/lib/bin/start.js');
  } catch {
    throw new EmulatorError(
      'cognito-local is not installed. Local mode needs it as a dev dependency: npm install --save-dev cognito-local@5.3.0',
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

/**
 * Starts the cognito-local emulator in a child process and waits until it answers `/health`.
 */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const script = resolveEmulatorScript();
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort(host));
  if (await isPortInUse(port, host)) {
    throw new EmulatorError(
      `port ${port} on ${host} is already in use; stop what runs there or choose another port`,
    );
  }
  const dataDir = path.resolve(options.dataDir);
  fs.mkdirSync(path.join(dataDir, '.cognito'), { recursive: true });
  if (options.config) {
    fs.writeFileSync(path.join(dataDir, '.cognito', 'config.json'), JSON.stringify(options.config, null, 2));
  }
  const logFile = options.logFile ?? path.join(dataDir, 'emulator.log');
  const log = fs.openSync(logFile, 'a');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: host,
    NODE_NO_WARNINGS: '1',
    AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
  };
  if (options.code) env.CODE = options.code;
  else delete env.CODE;
  const child = spawn(process.execPath, [script], { cwd: dataDir, env, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const endpoint = `http://${host}:${port}`;
  try {
    await waitForHealth(endpoint, child, options.startTimeoutMs ?? 30000, logFile);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
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
