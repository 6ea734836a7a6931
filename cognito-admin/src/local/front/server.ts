/**
 * The front's listener: one port that speaks HTTP (the AWS SDKs and Amplify's API calls, pointed at
 * `http://localhost:<port>`) and HTTPS (the hosted UI, which Amplify addresses as `https://<domain>/`),
 * told apart by the first byte of each connection (22 opens a TLS handshake). It routes
 * `AWSCognitoIdentityProviderService.*` to the front's handlers or on to the emulator,
 * `AWSCognitoIdentityService.*` to the identity pool API, and the hosted-UI paths to the hosted UI; it
 * answers CORS as Cognito does, so that browser apps reach it.
 */
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import { getTokensFromRefreshToken, initiateAuth, respondToAuthChallenge } from './auth';
import type { FrontContext } from './context';
import { CognitoError, errorBody } from './errors';
import { HostedUi, WebAnswer } from './hosted-ui';
import { IDENTITY_OPERATIONS } from './identity-pool';
import { USER_POOL_OPERATIONS } from './user-api';

type Handler = (front: FrontContext, input: Record<string, unknown>) => Promise<unknown> | unknown;

const AUTH_OPERATIONS: Record<string, Handler> = {
  InitiateAuth: (f, i) => initiateAuth(f, i, false),
  AdminInitiateAuth: (f, i) => initiateAuth(f, i, true),
  RespondToAuthChallenge: (f, i) => respondToAuthChallenge(f, i, false),
  AdminRespondToAuthChallenge: (f, i) => respondToAuthChallenge(f, i, true),
  GetTokensFromRefreshToken: (f, i) => getTokensFromRefreshToken(f, i),
};

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date',
};

const MAX_BODY = 1024 * 1024;

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new CognitoError('InvalidParameterException', 'request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(
  res: http.ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string | string[]>,
): void {
  res.writeHead(status, { ...CORS, 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** Username-bearing operations passed on to the emulator get the user's canonical name (case, aliases). */
function canonical(front: FrontContext, input: Record<string, unknown>): Record<string, unknown> {
  if (typeof input.Username !== 'string') return input;
  const poolId =
    typeof input.UserPoolId === 'string'
      ? input.UserPoolId
      : typeof input.ClientId === 'string'
        ? front.directory.client(input.ClientId)?.UserPoolId
        : undefined;
  const user = poolId ? front.directory.findUser(poolId, input.Username) : undefined;
  return user ? { ...input, Username: user.Username } : input;
}

/** Options of `listen`. */
export interface ListenOptions {
  readonly port: number;
  readonly host: string;
  readonly cert: string;
  readonly key: string;
  /** Resolves with the context once the stack is provisioned; requests wait for it. */
  readonly ready: Promise<FrontContext>;
  /** Receives unexpected errors. */
  readonly onError?: (error: unknown) => void;
}

/** A listening front. */
export interface FrontListener {
  readonly port: number;
  close(): Promise<void>;
}

/** Answers one request. */
async function handle(
  front: FrontContext,
  hostedUi: HostedUi,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  secure: boolean,
): Promise<void> {
  const url = new URL(req.url ?? '/', `${secure ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`);
  if (req.method === 'OPTIONS') {
    send(res, 204, '', {
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Access-Control-Allow-Headers': String(req.headers['access-control-request-headers'] ?? '*'),
      'Access-Control-Max-Age': '600',
    });
    return;
  }
  if (url.pathname === '/health' && req.method === 'GET') {
    send(res, 200, JSON.stringify({ ok: true }), { 'Content-Type': 'application/json' });
    return;
  }
  const target = req.headers['x-amz-target'];
  if (req.method === 'POST' && url.pathname === '/' && typeof target === 'string') {
    await api(front, target, await readBody(req), res);
    return;
  }
  const body = req.method === 'POST' ? await readBody(req) : '';
  const web: WebAnswer | undefined = await hostedUi.handle({
    method: req.method ?? 'GET',
    url,
    headers: req.headers,
    form: new URLSearchParams(body),
  });
  if (web) send(res, web.status, web.body, web.headers);
  else
    send(res, 404, JSON.stringify({ message: `No route for ${req.method} ${url.pathname}` }), {
      'Content-Type': 'application/json',
    });
}

/** Answers a JSON 1.1 API call. */
async function api(
  front: FrontContext,
  target: string,
  text: string,
  res: http.ServerResponse,
): Promise<void> {
  const [service, operation] = target.split('.');
  const requestId = crypto.randomUUID();
  const reply = (status: number, body: unknown, extra: Record<string, string> = {}): void =>
    send(res, status, JSON.stringify(body), {
      'Content-Type': 'application/x-amz-json-1.1',
      'x-amzn-RequestId': requestId,
      ...extra,
    });
  try {
    let input: Record<string, unknown>;
    try {
      input = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      throw new CognitoError('SerializationException', 'The request body is not JSON');
    }
    if (service === 'AWSCognitoIdentityService') {
      const op = IDENTITY_OPERATIONS[operation];
      if (!op)
        throw new CognitoError('UnknownOperationException', `${operation} is not available in local mode`);
      reply(200, await op(front, input));
      return;
    }
    if (service !== 'AWSCognitoIdentityProviderService')
      throw new CognitoError('UnknownOperationException', `Unknown service ${service}`);
    const op: Handler | undefined = AUTH_OPERATIONS[operation] ?? USER_POOL_OPERATIONS[operation];
    if (op) {
      reply(200, await op(front, input));
      return;
    }
    const answer = await front.emulator.forward(operation, JSON.stringify(canonical(front, input)));
    send(res, answer.status, answer.body, {
      'Content-Type': answer.contentType,
      'x-amzn-RequestId': requestId,
    });
  } catch (e) {
    if (e instanceof CognitoError) {
      reply(e.status, errorBody(e), { 'x-amzn-ErrorType': `${e.code}:` });
      return;
    }
    throw e;
  }
}

/** Listens on one port for HTTP and HTTPS. */
export async function listen(options: ListenOptions): Promise<FrontListener> {
  let front: FrontContext | undefined;
  let hostedUi: HostedUi | undefined;
  const onRequest =
    (secure: boolean) =>
    (req: http.IncomingMessage, res: http.ServerResponse): void => {
      (async () => {
        if (!front) {
          front = await options.ready;
          hostedUi = new HostedUi(front);
        }
        await handle(front, hostedUi!, req, res, secure);
      })().catch((e: unknown) => {
        options.onError?.(e);
        if (!res.headersSent) {
          send(
            res,
            500,
            JSON.stringify({
              __type: 'InternalErrorException',
              message: e instanceof Error ? e.message : String(e),
            }),
            {
              'Content-Type': 'application/x-amz-json-1.1',
              'x-amzn-ErrorType': 'InternalErrorException:',
            },
          );
        }
      });
    };
  const plain = http.createServer(onRequest(false));
  const secure = https.createServer({ cert: options.cert, key: options.key }, onRequest(true));
  // Keep idle connections open longer than clients do (Node's default is 5 s): a client that reuses a
  // socket the server has just closed gets ECONNRESET, which Amazon Cognito's endpoints never cause.
  for (const s of [plain, secure]) {
    s.keepAliveTimeout = 65000;
    s.headersTimeout = 66000;
  }
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setTimeout(120000, () => socket.destroy());
    socket.once('data', (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      (first[0] === 22 ? secure : plain).emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
