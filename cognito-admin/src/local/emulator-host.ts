/**
 * The emulator's process: cognito-local's own server, started here as its start script does, with two
 * differences that make local mode safe to kill (and a log written at once, see `main`):
 * - it tells its parent, over IPC, the port it bound itself, or why it could not bind (the parent never
 *   takes another process's answer on the port for its own emulator);
 * - it exits when its parent is gone (the IPC channel closes), so that a killed local mode leaves no
 *   emulator running and no port bound;
 * - its data files are written whole, one save after another (see `wholeFileSaves`).
 *
 * Started by `startEmulator` with `fork(this file, [cognito-local's package directory])`, in the data
 * directory, with `PORT` and `HOST` set as cognito-local reads them.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';

/** A message to the parent. */
export type EmulatorHostMessage =
  | { readonly type: 'listening'; readonly port: number }
  | { readonly type: 'error'; readonly code?: string; readonly message: string };

interface Logger {
  info(message: string): void;
  error(value: unknown): void;
}

function send(message: EmulatorHostMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, undefined, () => resolve());
  });
}

/** stormdb's file engine, as cognito-local uses it for each pool's data file. */
interface FileEngine {
  path: string;
  async: boolean;
  serialize(data: unknown): string;
  write(data: unknown): Promise<void> | null;
}

/**
 * cognito-local saves a pool's whole data file through stormdb's engine, with an asynchronous
 * `fs.writeFile`, and concurrent requests start saves of one file before the previous one ended. Such
 * writes interleave: a shorter save over a longer one leaves the file as invalid JSON for good, and every
 * later request on the pool fails. Here each save writes a temporary file and renames it over the data file
 * (a reader sees the old file or the new one, whole), and saves of one file run one after another, in the
 * order they were asked for (the last state wins).
 */
export function wholeFileSaves(engine: { prototype: FileEngine }): void {
  const queues = new Map<string, Promise<void>>();
  let serial = 0;
  engine.prototype.write = function (this: FileEngine, data: unknown): Promise<void> | null {
    const text = this.serialize(data);
    const file = this.path;
    const temporary = () => `${file}.${process.pid}.${serial++}.tmp`;
    if (!this.async) {
      const tmp = temporary();
      fs.writeFileSync(tmp, text);
      fs.renameSync(tmp, file);
      return null;
    }
    const save = (queues.get(file) ?? Promise.resolve()).then(async () => {
      const tmp = temporary();
      await fs.promises.writeFile(tmp, text);
      await fs.promises.rename(tmp, file);
    });
    queues.set(
      file,
      save.catch(() => undefined),
    );
    return save;
  };
}

async function main(): Promise<void> {
  // The parent is gone (stopped or killed): nothing can use this emulator any more.
  process.on('disconnect', () => process.exit(0));
  const packageDir = process.argv[2];
  const local = createRequire(path.join(packageDir, 'package.json'));
  wholeFileSaves((local('stormdb') as { localFileEngine: { prototype: FileEngine } }).localFileEngine);
  const pino = local('pino') as (options: object, stream: unknown) => Logger;
  const pretty = local('pino-pretty') as (options: object) => unknown;
  const { createDefaultServer } = local('./lib/server') as {
    createDefaultServer(logger: Logger): Promise<{ start(): Promise<import('node:http').Server> }>;
  };
  // The same logger as cognito-local's start script (local mode reads the codes it prints), but written
  // through process.stdout, which writes a file at once. The script's default destination (sonic-boom 2,
  // asynchronous) counts characters but subtracts bytes: after the multi-byte box-drawing characters of
  // a code's box, later lines, codes included, stay unwritten until enough other output follows.
  const logger = pino(
    { level: process.env.DEBUG ? 'debug' : 'info' },
    pretty({
      destination: process.stdout,
      colorize: true,
      ignore: 'pid,name,hostname',
      singleLine: true,
      messageFormat: (log: Record<string, unknown>, messageKey: string) =>
        `${String(log.reqId ?? 'NONE')} ${String(log.target ?? 'NONE')} ${String(log[messageKey])}`,
    }),
  );
  try {
    const server = await (await createDefaultServer(logger)).start();
    const address = server.address() as AddressInfo;
    logger.info(`Cognito Local running on http://${address.address}:${address.port}`);
    await send({ type: 'listening', port: address.port });
  } catch (e) {
    const error = e as NodeJS.ErrnoException;
    logger.error(error);
    await send({ type: 'error', code: error.code, message: error.message ?? String(e) });
    process.exit(1);
  }
}

if (require.main === module) void main();
