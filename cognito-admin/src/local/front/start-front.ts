/**
 * Starts the local front: binds the public port first (so that the issuer, the discovery document and
 * `outputs.json` all name the port really used, also with `--port 0`), then waits for `configure`
 * with the emulator behind it and the stack's view before it answers. Its files live in `<dir>/front/`
 * (state, signing key) and `<dir>/tls/` (the localhost certificate, which `--reset` keeps).
 */
import * as crypto from 'node:crypto';
import * as path from 'node:path';
import { appendCodeBlock } from '../code-log';
import { FrontContext, Sessions } from './context';
import { Directory } from './directory';
import { EmulatorApi } from './emulator-api';
import { loadSigningKey } from './keys';
import { listen } from './server';
import type { FrontStack } from './stack';
import { FrontStore } from './store';
import { localCertificate } from './tls';
import type { FunctionInvoker } from './triggers';

/** Directory of the front's state inside the local directory (removed by `--reset`). */
export const FRONT_DIR = 'front';
/** Directory of the localhost certificate inside the local directory (kept by `--reset`). */
export const TLS_DIR = 'tls';

/** Options of `startFront`. */
export interface StartFrontOptions {
  /** The local directory (`.local/`). */
  readonly dir: string;
  /** The public port; 0 for any free port. */
  readonly port: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** Receives errors the front did not expect. */
  readonly onError?: (error: unknown) => void;
}

/** What `configure` needs. */
export interface FrontConfiguration {
  /** The emulator's internal endpoint. */
  readonly emulatorEndpoint: string;
  readonly stack: FrontStack;
  readonly invoker?: FunctionInvoker;
  /** Where codes the front makes are delivered (the emulator's log), and the fixed code, if any. */
  readonly messages?: { readonly logFile: string; readonly code?: string };
}

/** A running front. */
export interface RunningFront {
  readonly port: number;
  /** `http://localhost:<port>`: the endpoint for the AWS SDKs and Amplify. */
  readonly endpoint: string;
  /** `localhost:<port>`: the hosted UI's domain, as Amplify's `oauth.domain` takes it. */
  readonly domain: string;
  /** `https://localhost:<port>`. */
  readonly hostedUiBase: string;
  /** The localhost certificate (PEM), to trust. */
  readonly certFile: string;
  /** Token issuer of a pool. */
  issuer(poolId: string): string;
  /** The local id of an identity pool of the template, stable across restarts. */
  identityPoolId(stackName: string, logicalId: string, region: string): string;
  /** Starts answering, with the emulator and the stack's view. */
  configure(configuration: FrontConfiguration): void;
  stop(): Promise<void>;
}

/** Starts the front; see the module comment. */
export async function startFront(options: StartFrontOptions): Promise<RunningFront> {
  const dir = path.resolve(options.dir);
  const certificate = await localCertificate(path.join(dir, TLS_DIR));
  const store = new FrontStore(path.join(dir, FRONT_DIR, 'state.json'));
  const key = loadSigningKey(path.join(dir, FRONT_DIR, 'signing-key.pem'));
  let resolveReady!: (front: FrontContext) => void;
  const ready = new Promise<FrontContext>((resolve) => (resolveReady = resolve));
  const listener = await listen({
    port: options.port,
    host: options.host ?? '127.0.0.1',
    cert: certificate.cert,
    key: certificate.key,
    ready,
    onError: options.onError,
  });
  const endpoint = `http://localhost:${listener.port}`;
  const hostedUiBase = `https://localhost:${listener.port}`;
  const issuer = (poolId: string): string => `${endpoint}/${poolId}`;
  return {
    port: listener.port,
    endpoint,
    domain: `localhost:${listener.port}`,
    hostedUiBase,
    certFile: certificate.certFile,
    issuer,
    identityPoolId: (stackName, logicalId, region) =>
      store.identityPoolId(`${stackName}/${logicalId}`, () => `${region}:${crypto.randomUUID()}`),
    configure(configuration) {
      const front: FrontContext = {
        endpoint,
        hostedUiBase,
        directory: new Directory(path.join(dir, '.cognito', 'db'), (poolId, username) =>
          store.isResetRequired(poolId, username) ? 'RESET_REQUIRED' : undefined,
        ),
        emulator: new EmulatorApi(configuration.emulatorEndpoint),
        store,
        key,
        sessions: new Sessions(),
        invoker: configuration.invoker,
        stack: configuration.stack,
        issuer,
        deliver: (message) => {
          if (configuration.messages) appendCodeBlock(configuration.messages.logFile, message);
        },
        ...(configuration.messages?.code ? { fixedCode: configuration.messages.code } : {}),
        webAuthnRegistrations: new Map(),
      };
      // Resource servers and client settings of the template, kept beside what the API adds.
      for (const pool of configuration.stack.pools) {
        for (const server of pool.resourceServers) store.putResourceServer(pool.poolId, server);
        for (const [clientId, extras] of Object.entries(pool.clientExtras))
          store.setClientExtras(clientId, extras);
      }
      resolveReady(front);
    },
    stop: () => listener.close(),
  };
}
