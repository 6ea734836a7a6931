import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundleTriggers, triggerNames } from '../../scripts/bundle-triggers';

const ROOT = path.resolve(__dirname, '..', '..');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Makes sure `assets/<trigger>/index.js` exists and is newer than every handler source, bundling when it
 * is not. Safe to call from several test files at once: the bundler writes each file atomically.
 */
export async function ensureTriggerAssets(): Promise<void> {
  const sources = newestSource(path.join(ROOT, 'lambda-triggers'));
  const fresh = triggerNames(ROOT).every((name) => {
    const file = path.join(ROOT, 'assets', name, 'index.js');
    return fs.existsSync(file) && fs.statSync(file).mtimeMs >= sources;
  });
  if (!fresh) await bundleTriggers({ root: ROOT });
}

/**
 * Output folders for the test Apps of one test file, under test/.tmp (ignored by git). The base folder is
 * unique to this process, so that runs of the same file in parallel never remove each other's output.
 */
export function testOutdirs(name: string): { next: () => string; cleanup: () => void } {
  const parent = path.join(ROOT, 'test', '.tmp');
  fs.mkdirSync(parent, { recursive: true });
  const base = fs.mkdtempSync(path.join(parent, `${name}-`));
  return {
    next: () => fs.mkdtempSync(path.join(base, 'app-')),
    cleanup: () => fs.rmSync(base, { recursive: true, force: true }),
  };
}
