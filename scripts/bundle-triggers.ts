/**
 * Bundles every `lambda-triggers/<name>/index.ts` into `assets/<name>/index.js`: minified CommonJS for the
 * one pinned Node.js runtime (lib/triggers/runtime.ts), `@aws-sdk/*` left to the runtime, no source map.
 * Folders without an `index.ts` (shared helpers) are not bundled. The output depends only on the sources,
 * so asset hashes are stable from one build to the next.
 *
 * Usage: `npm run bundle` (part of `npm run build`). Importable: `bundleTriggers()` returns what it wrote.
 */
import { build } from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { esbuildTarget } from '../lib/triggers/runtime';

/** One bundled trigger. */
export interface BundledTrigger {
  /** Folder name under `lambda-triggers/`, e.g. `pre-sign-up`. */
  readonly name: string;
  /** Absolute path of the written `index.js`. */
  readonly file: string;
  /** Size in bytes. */
  readonly bytes: number;
  /** Size in bytes once gzipped (about what Lambda stores). */
  readonly gzipBytes: number;
}

/** Options for `bundleTriggers`. */
export interface BundleOptions {
  /**
   * The package root, holding `lambda-triggers/`.
   * @default - the parent folder of scripts/
   */
  readonly root?: string;
  /**
   * Where the bundles go, one folder per trigger.
   * @default - `<root>/assets`
   */
  readonly outdir?: string;
}

/** The esbuild options used for every trigger (exported for the benchmark, which compares with them). */
export function bundleSettings(entry: string, root: string, outfile: string) {
  return {
    entryPoints: [entry],
    outfile,
    absWorkingDir: root,
    bundle: true,
    minify: true,
    platform: 'node' as const,
    format: 'cjs' as const,
    target: esbuildTarget(),
    external: ['@aws-sdk/*'],
    sourcemap: false,
    write: false,
    logLevel: 'silent' as const,
  };
}

/** The trigger folders under `<root>/lambda-triggers` that have an `index.ts`, sorted. */
export function triggerNames(root: string): string[] {
  const dir = path.join(root, 'lambda-triggers');
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort();
}

/**
 * Writes `content` to `file` atomically, so that a concurrent reader never sees a partial file. The
 * temporary file is written next to the asset folder, never inside it, where it would join the asset.
 */
function writeAtomic(file: string, content: Uint8Array): void {
  const dir = path.dirname(file);
  const tmp = path.join(path.dirname(dir), `.${path.basename(dir)}.${process.pid}.${Date.now()}.tmp`);
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

/** Bundles every trigger. */
export async function bundleTriggers(options: BundleOptions = {}): Promise<BundledTrigger[]> {
  const root = options.root ?? path.resolve(__dirname, '..');
  const outdir = options.outdir ?? path.join(root, 'assets');
  const out: BundledTrigger[] = [];
  for (const name of triggerNames(root)) {
    const entry = path.join(root, 'lambda-triggers', name, 'index.ts');
    const dir = path.join(outdir, name);
    const file = path.join(dir, 'index.js');
    const result = await build(bundleSettings(entry, root, file));
    const js = result.outputFiles?.find((f) => f.path === file);
    if (!js) throw new Error(`esbuild produced no JavaScript for ${entry}`);
    fs.mkdirSync(dir, { recursive: true });
    writeAtomic(file, js.contents);
    // Only index.js is shipped: anything else left in the folder would change the asset hash.
    for (const other of fs.readdirSync(dir)) {
      if (other !== 'index.js') fs.rmSync(path.join(dir, other), { recursive: true, force: true });
    }
    out.push({ name, file, bytes: js.contents.byteLength, gzipBytes: gzipSync(js.contents).byteLength });
  }
  return out;
}

if (require.main === module) {
  bundleTriggers().then(
    (bundles) => {
      for (const b of bundles) {
        console.log(
          `${b.name.padEnd(24)} ${String(b.bytes).padStart(7)} B  ${String(b.gzipBytes).padStart(6)} B gzip  ${path.relative(process.cwd(), b.file)}`,
        );
      }
    },
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exitCode = 1;
    },
  );
}
