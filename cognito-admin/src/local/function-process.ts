/**
 * One local Lambda function: a child process that loads the function's code with the function's own
 * environment (handlers read their configuration at module load, so every function gets its own
 * process) and runs one invocation at a time, as one Lambda execution environment does.
 */
import { ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as readline from 'node:readline';
import { childModule } from './child-module';
import type { FunctionErrorPayload, InvokeMessage, RunnerMessage } from './lambda-runner';

export type { FunctionErrorPayload } from './lambda-runner';

/** What a local function runs. */
export interface LocalFunctionDefinition {
  /** The name the Lambda Invoke API knows it by. */
  readonly name: string;
  /** Directory holding the code (`/var/task` in Lambda). */
  readonly codeDir: string;
  /** `<module>.<export>`, e.g. `index.handler`. */
  readonly handler: string;
  /** The complete environment of the process. */
  readonly environment: Readonly<Record<string, string>>;
  /** Seconds an invocation may take. */
  readonly timeoutSeconds: number;
}

/** The outcome of one invocation. */
export type InvocationResult =
  | { readonly ok: true; readonly payload: unknown; readonly durationMs: number }
  | { readonly ok: false; readonly error: FunctionErrorPayload; readonly durationMs: number };

/** Options of `FunctionProcess`. */
export interface FunctionProcessOptions {
  /** Receives every line the function writes to stdout or stderr. @default - the lines are dropped */
  readonly onOutput?: (line: string) => void;
  /** How long module load may take. @default 10000 (Lambda's init limit) */
  readonly initTimeoutMs?: number;
}

interface Pending {
  readonly id: number;
  readonly resolve: (result: RunnerMessage) => void;
}

/** A function's execution environment: started on first use, restarted after a crash or a timeout. */
export class FunctionProcess {
  public readonly definition: LocalFunctionDefinition;
  private readonly options: FunctionProcessOptions;
  private child?: ChildProcess;
  private ready?: Promise<FunctionErrorPayload | undefined>;
  private pending?: Pending;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private stopped = false;

  constructor(definition: LocalFunctionDefinition, options: FunctionProcessOptions = {}) {
    this.definition = definition;
    this.options = options;
  }

  /** Starts the process and loads the code; resolves to the init error, if any. */
  public start(): Promise<FunctionErrorPayload | undefined> {
    this.ready ??= this.spawn();
    return this.ready;
  }

  /** Runs one invocation after those already queued. Never rejects. */
  public invoke(event: unknown): Promise<InvocationResult> {
    const run = this.queue.then(() => this.run(event));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Stops the process. */
  public async stop(): Promise<void> {
    this.stopped = true;
    await this.kill();
  }

  private spawn(): Promise<FunctionErrorPayload | undefined> {
    const { file, execArgv } = childModule('lambda-runner');
    const child = fork(file, [this.definition.codeDir, this.definition.handler], {
      cwd: this.definition.codeDir,
      env: { AWS_LAMBDA_FUNCTION_NAME: this.definition.name, ...this.definition.environment },
      execArgv,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.child = child;
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      readline.createInterface({ input: stream }).on('line', (line) => this.options.onOutput?.(line));
    }
    child.on('message', (raw: unknown) => {
      const message = raw as RunnerMessage;
      if (message.type === 'result' && this.pending?.id === message.id) {
        const pending = this.pending;
        this.pending = undefined;
        pending.resolve(message);
      }
    });
    child.on('exit', (code, signal) => {
      if (this.child === child) {
        this.child = undefined;
        this.ready = undefined;
      }
      const pending = this.pending;
      if (pending) {
        this.pending = undefined;
        pending.resolve({
          type: 'result',
          id: pending.id,
          error: {
            errorType: 'Runtime.ExitError',
            errorMessage: `Runtime exited ${signal ? `with signal ${signal}` : `with error: exit status ${code}`}`,
          },
        });
      }
    });
    return new Promise<FunctionErrorPayload | undefined>((resolve) => {
      const timer = setTimeout(() => {
        resolve({
          errorType: 'Runtime.InitTimeout',
          errorMessage: 'The function did not finish loading in time',
        });
        void this.kill();
      }, this.options.initTimeoutMs ?? 10000);
      const onMessage = (raw: unknown): void => {
        const message = raw as RunnerMessage;
        if (message.type !== 'ready' && message.type !== 'init-error') return;
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (message.type === 'ready') return resolve(undefined);
        resolve(message.error);
        void this.kill();
      };
      const onExit = (code: number | null): void => {
        clearTimeout(timer);
        resolve({
          errorType: 'Runtime.ExitError',
          errorMessage: `Runtime exited during init with status ${code}`,
        });
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  }

  private async run(event: unknown): Promise<InvocationResult> {
    const started = Date.now();
    const elapsed = (): number => Date.now() - started;
    if (this.stopped) {
      return {
        ok: false,
        error: { errorType: 'Runtime.Stopped', errorMessage: 'Local mode is stopping' },
        durationMs: 0,
      };
    }
    const initError = await this.start();
    if (initError) {
      this.ready = undefined;
      return { ok: false, error: initError, durationMs: elapsed() };
    }
    const child = this.child;
    if (!child) {
      return {
        ok: false,
        error: { errorType: 'Runtime.ExitError', errorMessage: 'Runtime exited before the invocation' },
        durationMs: elapsed(),
      };
    }
    const requestId = randomUUID();
    const timeoutMs = this.definition.timeoutSeconds * 1000;
    const id = this.nextId++;
    const message: InvokeMessage = { type: 'invoke', id, event, requestId, deadline: Date.now() + timeoutMs };
    const answer = await new Promise<RunnerMessage>((resolve) => {
      const timer = setTimeout(() => {
        if (this.pending?.id !== id) return;
        this.pending = undefined;
        resolve({
          type: 'result',
          id,
          error: {
            errorType: 'Sandbox.Timedout',
            errorMessage: `RequestId: ${requestId} Error: Task timed out after ${this.definition.timeoutSeconds.toFixed(2)} seconds`,
          },
        });
        void this.kill();
      }, timeoutMs);
      this.pending = {
        id,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      child.send(message);
    });
    if (answer.type === 'result' && answer.error)
      return { ok: false, error: answer.error, durationMs: elapsed() };
    return { ok: true, payload: answer.type === 'result' ? answer.payload : null, durationMs: elapsed() };
  }

  private kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    this.ready = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}
