/**
 * The emulator's data files stay whole when many requests save them at once: cognito-local starts
 * overlapping saves of a pool's file (stormdb's asynchronous engine), which could leave it as invalid JSON
 * for good. Driven through stormdb's own engine, as the emulator's process uses it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { wholeFileSaves } from '../../src/local/emulator-host';

const local = createRequire(require.resolve('cognito-local/package.json'));

interface Engine {
  write(data: unknown): Promise<void> | null;
  read(): unknown;
}
type EngineClass = { new (file: string, options: object): Engine; prototype: Engine };

/** A fresh copy of stormdb's file engine class, patched, so that other tests see the original. */
function patchedEngine(): EngineClass {
  const Original = (local('stormdb') as { localFileEngine: EngineClass }).localFileEngine;
  class Engine extends Original {}
  wholeFileSaves(Engine as unknown as Parameters<typeof wholeFileSaves>[0]);
  return Engine as unknown as EngineClass;
}

test('overlapping saves of one file leave it whole, with the last state saved', async () => {
  const dir = path.join(__dirname, '..', '.tmp', `store-writes-${process.pid}-${Date.now().toString(36)}`);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'local_pool.json');
  const Engine = patchedEngine();
  const engine = new Engine(file, { async: true, serialize: (o: unknown) => JSON.stringify(o, null, 2) });
  // Long and short states, as a pool with many users and one whose users were just deleted.
  const states = Array.from({ length: 40 }, (_, i) => ({
    Users: Object.fromEntries(
      Array.from({ length: i % 2 ? 2000 : 1 }, (_, u) => [`user-${i}-${u}`, { Username: `user-${i}-${u}` }]),
    ),
    save: i,
  }));
  const reads: unknown[] = [];
  const reader = setInterval(() => {
    try {
      reads.push(JSON.parse(fs.readFileSync(file, 'utf8')));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') reads.push(e);
    }
  }, 1);
  await Promise.all(states.map((state) => engine.write(state)));
  clearInterval(reader);
  expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(states[states.length - 1]);
  expect(reads.filter((r) => r instanceof Error)).toEqual([]);
  expect(fs.readdirSync(dir)).toEqual(['local_pool.json']);
  fs.rmSync(dir, { recursive: true, force: true });
});
