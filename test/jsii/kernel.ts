import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { Kernel } from '@jsii/kernel';
import * as api from '@jsii/kernel/lib/api';
import { recordTemplate } from '../template-checks';

/**
 * Drives the jsii kernel the way a Python (or Java, .NET, Go) app does through its jsii runtime: every
 * package is loaded from an npm tarball, objects are created by fully qualified name with arguments in
 * the kernel's JSON wire format, and results come back as JSON or as object references.
 *
 * The only runtime here is `@jsii/kernel` 1.22.0 (`@jsii/runtime` 1.140 cannot be installed), which is
 * older than the assemblies it loads. Two of its gaps are bridged, both as newer kernels behave:
 * - it reads `.jsii` as the assembly itself, while aws-cdk-lib ships a redirect
 *   (`{"schema":"jsii/file-redirect","compression":"gzip","filename":".jsii.gz"}`): tarballs made
 *   here carry the inflated assembly;
 * - it tags every class constructor with its FQN and throws `Cannot redefine property:
 *   Symbol(__jsii__)` when one constructor has two FQNs (aws-cdk-lib exports
 *   `aws_rds.CaCertificate` as `aws_docdb.CaCertificate`, and re-exports eight types of
 *   `@aws-cdk/cloud-assembly-schema`): here the first FQN is kept, as newer kernels do.
 */
export class JsiiKernel {
  private readonly kernel: Kernel;
  private readonly loaded = new Map<string, string>();

  constructor(private readonly cacheDir: string = defaultCacheDir()) {
    keepFirstConstructorTag();
    this.kernel = new Kernel(() => {
      throw new Error('this harness implements no callbacks (overrides)');
    });
  }

  /**
   * Loads an installed jsii package and, first, every jsii package it depends on, as a Python app's
   * imports do. `packageDir` is a folder holding the package's package.json and .jsii.
   */
  loadInstalled(packageDir: string): void {
    const manifest = readManifest(packageDir);
    if (this.loaded.has(manifest.name)) return;
    this.loadDependencies(packageDir);
    this.load(manifest.name, manifest.version, tarballOf(packageDir, this.cacheDir));
  }

  /**
   * Loads a package from an npm tarball (as `npm pack` writes it), after the jsii packages it depends
   * on, which are looked up from `resolveFrom` (a folder whose node_modules holds them).
   */
  loadTarball(tarball: string, resolveFrom: string): { name: string; version: string; types: number } {
    const unpacked = fs.mkdtempSync(path.join(this.cacheDir, 'unpacked-'));
    try {
      execFileSync('tar', [
        '-xzf',
        tarball,
        '-C',
        unpacked,
        '--strip-components=1',
        'package/package.json',
        'package/.jsii',
      ]);
      const manifest = readManifest(unpacked);
      for (const dep of Object.keys(readAssembly(unpacked).dependencies ?? {})) {
        this.loadInstalled(findPackageDir(dep, resolveFrom));
      }
      const types = this.load(manifest.name, manifest.version, tarball);
      return { ...manifest, types };
    } finally {
      fs.rmSync(unpacked, { recursive: true, force: true });
    }
  }

  /** `new fqn(...args)`. */
  create(fqn: string, ...args: unknown[]): api.ObjRef {
    return this.kernel.create({ fqn, args });
  }

  /** `obj.method(...args)`. */
  invoke(obj: api.ObjRef, method: string, ...args: unknown[]): unknown {
    return this.kernel.invoke({ objref: obj, method, args }).result;
  }

  /** `fqn.method(...args)`, a static method such as an enum-like class's factory. */
  sinvoke(fqn: string, method: string, ...args: unknown[]): unknown {
    return this.kernel.sinvoke({ fqn, method, args }).result;
  }

  /** `obj.property`. */
  get(obj: api.ObjRef, property: string): unknown {
    return this.kernel.get({ objref: obj, property }).value;
  }

  /** `fqn.property`, a static property. */
  sget(fqn: string, property: string): unknown {
    return this.kernel.sget({ fqn, property }).value;
  }

  /** `App(outdir=...)` and `Stack(app, "Py", env=Environment(...))`, as a Python app writes them. */
  pythonStack(outdir: string): { app: api.ObjRef; stack: api.ObjRef } {
    const app = this.create('aws-cdk-lib.App', wire.struct('aws-cdk-lib.AppProps', { outdir }));
    const stack = this.create(
      'aws-cdk-lib.Stack',
      app,
      'Py',
      wire.struct('aws-cdk-lib.StackProps', {
        env: wire.struct('aws-cdk-lib.Environment', { account: '123456789012', region: 'eu-west-1' }),
      }),
    );
    return { app, stack };
  }

  /** The CloudFormation template of a stack, through aws-cdk-lib's `Template.fromStack(stack).toJSON()`. */
  template(stack: api.ObjRef): Record<string, unknown> {
    const template = this.sinvoke('aws-cdk-lib.assertions.Template', 'fromStack', stack) as api.ObjRef;
    const json = unwire(this.invoke(template, 'toJSON')) as Record<string, unknown>;
    // The kernel's aws-cdk-lib is not the one test/template-checks.setup.ts wraps: hand its template to
    // the run's cfn-lint pass.
    recordTemplate(JSON.stringify(json, undefined, 1), 'a stack made through the jsii kernel', 'eu-west-1');
    return json;
  }

  /**
   * Removes the folder the kernel unpacked every package into (about 270 MB with aws-cdk-lib). The
   * kernel removes it on process exit, which a jest worker's sandboxed \`process\` never reports.
   */
  dispose(): void {
    const installDir = (this.kernel as unknown as { installDir?: string }).installDir;
    if (installDir) fs.rmSync(installDir, { recursive: true, force: true });
  }

  private load(name: string, version: string, tarball: string): number {
    const response = this.kernel.load({ name, version, tarball });
    this.loaded.set(name, version);
    return response.types;
  }

  private loadDependencies(packageDir: string): void {
    for (const dep of Object.keys(readAssembly(packageDir).dependencies ?? {})) {
      this.loadInstalled(findPackageDir(dep, packageDir));
    }
  }
}

/** Values in the kernel's wire format, as a jsii runtime sends them. */
export const wire = {
  /** An enum member: `{"$jsii.enum": "fqn/MEMBER"}`. */
  enum: (fqn: string, member: string): api.WireEnum => ({ [api.TOKEN_ENUM]: `${fqn}/${member}` }),
  /** A struct (data type) instance: `{"$jsii.struct": {fqn, data}}`, as the Python runtime sends one. */
  struct: (fqn: string, data: Record<string, unknown>): api.WireStruct => ({
    [api.TOKEN_STRUCT]: { fqn, data },
  }),
  /** A map: `{"$jsii.map": {...}}`. */
  map: (entries: Record<string, unknown>): api.WireMap => ({ [api.TOKEN_MAP]: entries }),
};

/** Turns `{"$jsii.map": ...}` wrappers in a kernel result back into plain JSON. */
export function unwire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwire);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if (api.TOKEN_MAP in record) return unwire(record[api.TOKEN_MAP]);
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unwire(v)]));
}

/** A package's jsii assembly, following the compressed-assembly redirect (`.jsii` → `.jsii.gz`). */
export function readAssembly(packageDir: string): JsiiAssembly {
  const file = path.join(packageDir, '.jsii');
  if (!fs.existsSync(file)) throw new Error(`${packageDir} has no .jsii: it is not a jsii package`);
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as JsiiAssembly & Partial<Redirect>;
  if (json.schema !== 'jsii/file-redirect') return json;
  if (json.compression !== 'gzip')
    throw new Error(`${file}: unsupported compression ${String(json.compression)}`);
  const target = path.join(packageDir, json.filename ?? '');
  return JSON.parse(zlib.gunzipSync(fs.readFileSync(target)).toString('utf8')) as JsiiAssembly;
}

/** The subset of a jsii assembly this harness reads. */
export interface JsiiAssembly {
  readonly schema: string;
  readonly name: string;
  readonly version: string;
  readonly jsiiVersion: string;
  readonly dependencies?: Record<string, string>;
  readonly types?: Record<string, { readonly kind: string }>;
}

interface Redirect {
  readonly schema: 'jsii/file-redirect';
  readonly compression?: string;
  readonly filename: string;
}

/** The installed folder of a package, looked up through the node_modules folders above `fromDir`. */
export function findPackageDir(name: string, fromDir: string): string {
  for (let dir = path.resolve(fromDir); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return fs.realpathSync(candidate);
    if (path.dirname(dir) === dir) throw new Error(`package ${name} is not installed above ${fromDir}`);
  }
}

function readManifest(packageDir: string): { name: string; version: string } {
  const { name, version } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  return { name, version };
}

function defaultCacheDir(): string {
  const dir = path.resolve(__dirname, '../../node_modules/.cache/jsii-kernel');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * A tarball of an installed package, laid out as `npm pack` does (`package/...`), with its assembly
 * inflated. Cached by name and version: aws-cdk-lib takes about 5 s to archive.
 */
function tarballOf(packageDir: string, cacheDir: string): string {
  const { name, version } = readManifest(packageDir);
  const tarball = path.join(cacheDir, `${name.replace('/', '__')}@${version}.tar`);
  if (fs.existsSync(tarball)) return tarball;
  const partial = `${tarball}.${process.pid}.partial`;
  const staging = fs.mkdtempSync(path.join(cacheDir, 'assembly-'));
  try {
    const transform = ['--transform', 's,^\\.,package,'];
    execFileSync('tar', [
      '-cf',
      partial,
      ...transform,
      '--anchored',
      '--exclude=./.jsii',
      '-C',
      packageDir,
      '.',
    ]);
    fs.writeFileSync(path.join(staging, '.jsii'), JSON.stringify(readAssembly(packageDir)));
    execFileSync('tar', ['-rf', partial, ...transform, '-C', staging, './.jsii']);
    fs.renameSync(partial, tarball);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    fs.rmSync(partial, { force: true });
  }
  return tarball;
}

let tagPatched = false;

/**
 * `@jsii/kernel` 1.22 defines a non-configurable FQN tag on each class constructor of a loaded assembly
 * and fails on a second FQN for the same constructor; newer kernels keep the first tag.
 */
function keepFirstConstructorTag(): void {
  if (tagPatched) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const objects = require('@jsii/kernel/lib/objects') as {
    tagJsiiConstructor: (constructor: object, fqn: string) => void;
  };
  const tag = objects.tagJsiiConstructor;
  const symbol = Symbol.for('__jsii__');
  objects.tagJsiiConstructor = (constructor, fqn) => {
    if (!Object.prototype.hasOwnProperty.call(constructor, symbol)) tag(constructor, fqn);
  };
  tagPatched = true;
}

/** A resource of a synthesized template. */
export type Resource = { Type: string; Properties: Record<string, unknown> };

/** The resources of one type in a template. */
export function resourcesOf(template: Record<string, unknown>, type: string): Resource[] {
  return Object.values(template.Resources as Record<string, Resource>).filter((r) => r.Type === type);
}
