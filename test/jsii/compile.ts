import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findPackageDir } from './kernel';

const root = path.resolve(__dirname, '../..');

/** A jsii package compiled into a scratch folder, with its Python bindings. */
export interface CompiledPackage {
  /** The folder holding package.json, the compiled JavaScript and `.jsii`. */
  readonly dir: string;
  /** The Python module's folder in the generated sources (`dist/python/src/<module>`). */
  readonly pythonModuleDir: string;
  /**
   * The npm tarball that the Python package ships (`<module>/_jsii/<name>@<version>.jsii.tgz`) and
   * hands to the jsii kernel when it is imported.
   */
  readonly tarball: string;
}

/** What to copy of a package, and how to adjust the copy before it is compiled. */
export interface CompileOptions {
  /** Top-level files and folders to copy. @default - everything */
  readonly only?: string[];
  /** Changes the copy (e.g. its package.json) before jsii runs. */
  readonly prepare?: (dir: string) => void;
}

/**
 * Copies a jsii package's sources into a new folder under test/.tmp (below the repository's
 * node_modules, where jsii finds aws-cdk-lib and constructs), compiles it with jsii and generates its
 * Python sources with jsii-pacmak (`--code-only`: building a wheel needs PyPI).
 */
export function compileJsiiPackage(
  sourceDir: string,
  name: string,
  options: CompileOptions = {},
): CompiledPackage {
  const dir = path.join(root, 'test', '.tmp', `${name}-${process.pid}-${Date.now()}`);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  // Entry by entry when only some are wanted: the source may hold the folder the copy goes to.
  for (const entry of options.only ?? ['.']) {
    fs.cpSync(path.join(sourceDir, entry), path.join(dir, entry), { recursive: true });
  }
  options.prepare?.(dir);
  runTool('jsii', 'jsii', [], dir);
  runTool('jsii-pacmak', 'jsii-pacmak', ['--code-only', '--target', 'python', '--no-npmignore'], dir);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    jsii: { outdir: string; targets: { python: { module: string } } };
  };
  const pythonModuleDir = path.join(
    dir,
    manifest.jsii.outdir,
    'python',
    'src',
    manifest.jsii.targets.python.module,
  );
  const tarball = path.join(pythonModuleDir, '_jsii', `${manifest.name}@${manifest.version}.jsii.tgz`);
  if (!fs.existsSync(tarball)) throw new Error(`jsii-pacmak wrote no ${tarball}`);
  return { dir, pythonModuleDir, tarball };
}

/** Runs a jsii tool (`jsii`, `jsii-pacmak`, `jsii-rosetta`) from the repository's node_modules. */
export function runTool(pkg: string, bin: string, args: string[], cwd: string): string {
  const script = path.join(findPackageDir(pkg, root), 'bin', bin);
  return run(process.execPath, [script, ...args], cwd);
}

function run(cmd: string, args: string[], cwd: string): string {
  try {
    return execFileSync(cmd, args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
      env: {
        ...process.env,
        // jsii warns on every run that it no longer supports the running Node.js major version.
        JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: process.versions.node.split('.')[0],
        npm_config_update_notifier: 'false',
        npm_config_audit: 'false',
        npm_config_fund: 'false',
      },
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `${path.basename(cmd)} ${args.join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}${e.stderr ?? e.message}`,
    );
  }
}
