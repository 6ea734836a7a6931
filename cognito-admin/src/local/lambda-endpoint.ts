/**
 * A local Lambda Invoke endpoint: `POST /2015-03-31/functions/{name}/invocations`, answered the way the
 * Lambda service answers it, so that the emulator (or any AWS SDK or CLI pointed at it) can invoke the
 * functions of the template. A function error is a 200 response with `X-Amz-Function-Error: Unhandled`
 * and `{ errorType, errorMessage }`, which Cognito turns into `UserLambdaValidationException`.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  FunctionErrorPayload,
  FunctionProcess,
  InvocationResult,
  LocalFunctionDefinition,
} from './function-process';
import { portInUseMessage } from './port-holder';

/** One invocation, as recorded by the endpoint. */
export interface InvocationRecord {
  readonly functionName: string;
  readonly ok: boolean;
  readonly durationMs: number;
  /** The error type of a failed invocation. */
  readonly errorType?: string;
}

/** Options of `startLambdaEndpoint`. */
export interface LambdaEndpointOptions {
  /** The functions to serve. */
  readonly functions: LocalFunctionDefinition[];
  /** TCP port. @default - a free port */
  readonly port?: number;
  /** Interface to listen on. @default '127.0.0.1' */
  readonly host?: string;
  /**
   * More names for functions: alias → function name. The emulator invokes each trigger by its trigger
   * name (`PreSignUp`), so that its errors read as Cognito's do (`PreSignUp failed with error ...`).
   * @default - no aliases
   */
  readonly aliases?: Readonly<Record<string, string>>;
  /** Receives every line a function writes. @default - the lines are dropped */
  readonly onOutput?: (functionName: string, line: string) => void;
  /** Called after every invocation. */
  readonly onInvoke?: (record: InvocationRecord) => void;
  /**
   * Changes an event before the function sees it (used to complete the emulator's trigger events).
   * @default - events are passed unchanged
   */
  readonly transformEvent?: (functionName: string, event: unknown) => Promise<unknown>;
}

/** A running endpoint. */
export interface RunningLambdaEndpoint {
  /** Base URL, e.g. `http://127.0.0.1:9230`. */
  readonly endpoint: string;
  readonly port: number;
  /** Names of the functions it serves. */
  readonly functionNames: string[];
  /** Functions whose code failed to load at start, with the error. */
  readonly initErrors: Readonly<Record<string, FunctionErrorPayload>>;
  /** Invokes a function directly, without HTTP. */
  invoke(functionName: string, event: unknown): Promise<InvocationResult>;
  /** Stops the server and every function process. */
  stop(): Promise<void>;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/;

/** The function name in a Lambda `FunctionName`: a name, `name:qualifier`, or an ARN. */
export function functionNameOf(value: string): string {
  const arn = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)(?::.*)?$/.exec(value);
  if (arn) return arn[1];
  return value.split(':')[0];
}

function send(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'X-Amzn-RequestId': headers['X-Amzn-RequestId'] ?? 'local',
    ...headers,
  });
  res.end(text);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The endpoint's HTTP server, bound to its port, before the functions are loaded. */
export interface LambdaServer {
  /** Base URL, e.g. `http://127.0.0.1:9230`. */
  readonly endpoint: string;
  readonly port: number;
  /** Loads the functions and answers invocations from then on. */
  serve(options: LambdaServeOptions): Promise<RunningLambdaEndpoint>;
  /** Closes the server (and stops the functions, once served). */
  stop(): Promise<void>;
}

/** What `LambdaServer.serve` takes: the endpoint's options without the address. */
export type LambdaServeOptions = Omit<LambdaEndpointOptions, 'port' | 'host'>;

/** Error raised when the endpoint cannot listen on its port. */
export class LambdaPortError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LambdaPortError';
  }
}

/**
 * Binds the endpoint's port first (so that the emulator can be pointed at an address this process
 * holds); invocations are refused with 503 until `serve` has loaded the functions.
 */
export async function listenLambdaEndpoint(
  options: { readonly port?: number; readonly host?: string } = {},
): Promise<LambdaServer> {
  const host = options.host ?? '127.0.0.1';
  let served: ((req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>) | undefined;
  let running: RunningLambdaEndpoint | undefined;
  const server = http.createServer((req, res) => {
    if (!served) {
      send(
        res,
        503,
        { message: 'The local functions are still loading' },
        { 'X-Amzn-ErrorType': 'ServiceException' },
      );
      return;
    }
    served(req, res).catch((e: unknown) => {
      if (!res.headersSent) {
        send(
          res,
          500,
          { message: e instanceof Error ? e.message : String(e) },
          { 'X-Amzn-ErrorType': 'ServiceException' },
        );
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'EADDRINUSE'
          ? new LambdaPortError(
              `${portInUseMessage(options.port ?? 0, 'Lambda port')}; stop what runs there or choose another port (--lambda-port)`,
            )
          : e,
      ),
    );
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const endpoint = `http://${host}:${port}`;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
    return closing;
  };
  return {
    endpoint,
    port,
    async serve(serveOptions) {
      const loaded = await loadFunctions(serveOptions, endpoint, port, close);
      served = loaded.handle;
      running = loaded.running;
      return loaded.running;
    },
    async stop() {
      if (running) await running.stop();
      else await close();
    },
  };
}

/** Starts the endpoint and loads every function's code. */
export async function startLambdaEndpoint(options: LambdaEndpointOptions): Promise<RunningLambdaEndpoint> {
  const server = await listenLambdaEndpoint({ port: options.port, host: options.host });
  try {
    return await server.serve(options);
  } catch (e) {
    await server.stop();
    throw e;
  }
}

async function loadFunctions(
  options: LambdaServeOptions,
  endpoint: string,
  port: number,
  close: () => Promise<void>,
): Promise<{
  handle: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;
  running: RunningLambdaEndpoint;
}> {
  const processes = new Map<string, FunctionProcess>();
  for (const definition of options.functions) {
    processes.set(
      definition.name,
      new FunctionProcess(definition, { onOutput: (line) => options.onOutput?.(definition.name, line) }),
    );
  }

  const aliases = options.aliases ?? {};
  for (const [alias, target] of Object.entries(aliases)) {
    if (!processes.has(target))
      throw new Error(`alias ${alias} names ${target}, which is not a local function`);
  }
  const known = (name: string): string | undefined =>
    processes.has(name) ? name : aliases[name] !== undefined ? aliases[name] : undefined;

  const invoke = async (requested: string, event: unknown): Promise<InvocationResult> => {
    const name = known(requested) ?? requested;
    const fn = processes.get(name);
    if (!fn) throw new Error(`Function not found: ${name}`);
    const input = options.transformEvent ? await options.transformEvent(name, event) : event;
    const result = await fn.invoke(input);
    options.onInvoke?.({
      functionName: name,
      ok: result.ok,
      durationMs: result.durationMs,
      ...(result.ok ? {} : { errorType: result.error.errorType }),
    });
    return result;
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = INVOKE_PATH.exec(url.pathname);
    if (req.method !== 'POST' || !match) {
      send(
        res,
        404,
        { message: `No route for ${req.method} ${url.pathname}` },
        { 'X-Amzn-ErrorType': 'UnknownOperationException' },
      );
      return;
    }
    const name = known(functionNameOf(decodeURIComponent(match[1])));
    if (!name) {
      send(
        res,
        404,
        {
          Type: 'User',
          message: `Function not found: ${functionNameOf(decodeURIComponent(match[1]))}; local functions: ${[...processes.keys(), ...Object.keys(aliases)].join(', ') || 'none'}`,
        },
        { 'X-Amzn-ErrorType': 'ResourceNotFoundException' },
      );
      return;
    }
    const body = await readBody(req);
    let event: unknown;
    try {
      event = body.length ? JSON.parse(body) : {};
    } catch {
      send(
        res,
        400,
        { Type: 'User', message: 'Could not parse request body into json' },
        { 'X-Amzn-ErrorType': 'InvalidRequestContentException' },
      );
      return;
    }
    const invocationType = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
    if (invocationType === 'DryRun') {
      send(res, 204, undefined);
      return;
    }
    if (invocationType === 'Event') {
      void invoke(name, event);
      send(res, 202, undefined);
      return;
    }
    const result = await invoke(name, event);
    if (result.ok) send(res, 200, result.payload, { 'X-Amz-Executed-Version': '$LATEST' });
    else
      send(res, 200, result.error, {
        'X-Amz-Function-Error': 'Unhandled',
        'X-Amz-Executed-Version': '$LATEST',
      });
  };

  const initErrors: Record<string, FunctionErrorPayload> = {};
  await Promise.all(
    [...processes].map(async ([name, fn]) => {
      const error = await fn.start();
      if (error) initErrors[name] = error;
    }),
  );

  let stopping: Promise<void> | undefined;
  return {
    handle,
    running: {
      endpoint,
      port,
      functionNames: [...processes.keys()],
      initErrors,
      invoke,
      stop() {
        stopping ??= (async () => {
          await Promise.all([...processes.values()].map((p) => p.stop()));
          await close();
        })();
        return stopping;
      },
    },
  };
}
