/**
 * The child-process side of a local Lambda function: loads one handler module (with the function's
 * environment already in `process.env`, as Lambda does before init) and runs one invocation per IPC
 * message. Started by `FunctionProcess` with `fork(this file, [codeDir, handler])`.
 *
 * Messages in: `{ type: 'invoke', id, event, requestId, deadline }`.
 * Messages out: `{ type: 'ready' }`, `{ type: 'init-error', error }`, `{ type: 'result', id, payload }`,
 * `{ type: 'result', id, error }`, where `error` is `{ errorType, errorMessage, trace }`.
 */
import * as path from 'node:path';

/** A function error as Lambda reports it. */
export interface FunctionErrorPayload {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace?: string[];
}

/** A message from the parent. */
export interface InvokeMessage {
  readonly type: 'invoke';
  readonly id: number;
  readonly event: unknown;
  readonly requestId: string;
  /** Epoch milliseconds after which the invocation times out. */
  readonly deadline: number;
}

/** A message to the parent. */
export type RunnerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'init-error'; readonly error: FunctionErrorPayload }
  | {
      readonly type: 'result';
      readonly id: number;
      readonly payload?: unknown;
      readonly error?: FunctionErrorPayload;
    };

type Callback = (error?: unknown, result?: unknown) => void;
type Handler = (event: unknown, context: LambdaContext, callback: Callback) => unknown;

/** The parts of the Lambda context object handlers use. */
interface LambdaContext {
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: string;
  readonly awsRequestId: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
}

/** Turns anything thrown into Lambda's error payload. */
export function toErrorPayload(error: unknown): FunctionErrorPayload {
  if (error instanceof Error) {
    return {
      errorType: error.name || 'Error',
      errorMessage: error.message,
      trace: (error.stack ?? '').split('\n'),
    };
  }
  return { errorType: 'Error', errorMessage: typeof error === 'string' ? error : JSON.stringify(error) };
}

function send(message: RunnerMessage): void {
  process.send?.(message);
}

function loadHandler(codeDir: string, handlerName: string): Handler {
  const dot = handlerName.lastIndexOf('.');
  if (dot <= 0)
    throw new Error(`Bad handler ${handlerName}: expected <module>.<function>, e.g. index.handler`);
  const modulePath = path.resolve(codeDir, handlerName.slice(0, dot));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(modulePath) as Record<string, unknown>;
  const handler = loaded[handlerName.slice(dot + 1)];
  if (typeof handler !== 'function') {
    const error = new Error(`${handlerName} is undefined or not exported`);
    error.name = 'Runtime.HandlerNotFound';
    throw error;
  }
  return handler as Handler;
}

function invoke(handler: Handler, message: InvokeMessage): Promise<unknown> {
  const name = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'function';
  const region = process.env.AWS_REGION ?? 'us-east-1';
  const context: LambdaContext = {
    functionName: name,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION ?? '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:000000000000:function:${name}`,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '128',
    awsRequestId: message.requestId,
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, message.deadline - Date.now()),
  };
  return new Promise((resolve, reject) => {
    const callback: Callback = (error, result) => (error ? reject(error) : resolve(result));
    try {
      const returned = handler(message.event, context, callback);
      if (returned && typeof (returned as Promise<unknown>).then === 'function') {
        (returned as Promise<unknown>).then(resolve, reject);
      }
    } catch (e) {
      reject(e);
    }
  });
}

function main(): void {
  const [codeDir, handlerName] = process.argv.slice(2);
  let handler: Handler;
  try {
    handler = loadHandler(codeDir, handlerName);
  } catch (e) {
    send({ type: 'init-error', error: toErrorPayload(e) });
    return;
  }
  process.on('message', (raw: unknown) => {
    const message = raw as InvokeMessage;
    if (message?.type !== 'invoke') return;
    invoke(handler, message).then(
      (payload) => send({ type: 'result', id: message.id, payload: payload ?? null }),
      (e: unknown) => send({ type: 'result', id: message.id, error: toErrorPayload(e) }),
    );
  });
  // The parent is gone (stopped or killed): nothing will invoke this function again.
  process.on('disconnect', () => process.exit(0));
  process.on('unhandledRejection', (e) => {
    console.error('Unhandled promise rejection', e);
  });
  send({ type: 'ready' });
}

if (require.main === module) main();
