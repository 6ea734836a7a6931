/**
 * Synthesizes a CDK app into a cloud assembly the way the CDK CLI runs an app: the `app` command of
 * `cdk.json` (or one given), in the app's folder, through a shell, with `CDK_OUTDIR` and `CDK_CONTEXT_JSON`
 * (the context of `cdk.json`, `cdk.context.json` and the command line, plus the metadata switches the CLI
 * adds). Then, as `cdk synth` does, it reads the validation report (cdk-nag and other policy plugins) and
 * refuses to go on when a check reports an error.
 *
 * Nothing here loads aws-cdk-lib or the app's code: the app runs in its own process.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** One finding of a validation plugin (cdk-nag). */
export interface NagFinding {
  readonly rule: string;
  readonly severity: string;
  readonly path: string;
  readonly description: string;
}

/** Options of `synthesizeApp`. */
export interface SynthOptions {
  /** The app's folder: where `cdk.json` is and where the command runs. */
  readonly appDir: string;
  /** The command that runs the app, e.g. `npx tsx bin/app.ts`. @default - `app` of `<appDir>/cdk.json` */
  readonly app?: string;
  /** The assembly directory; emptied first. */
  readonly outdir: string;
  /** Context on top of `cdk.json`'s and `cdk.context.json`'s, as `-c key=value` gives it. */
  readonly context?: Readonly<Record<string, string>>;
  /** Receives every line the app writes. @default - the lines are kept for an error message only */
  readonly onOutput?: (line: string) => void;
  /** Environment of the app. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** The outcome of a synthesis. */
export interface SynthResult {
  readonly assemblyDir: string;
  /** The command that was run; undefined when `app` named an existing cloud assembly. */
  readonly command?: string;
  /** Findings that do not fail the synthesis (warnings). */
  readonly warnings: NagFinding[];
  readonly durationMs: number;
}

/** Raised when the app does not synthesize, or a validation plugin reports errors. */
export class SynthError extends Error {
  public readonly findings: NagFinding[];

  constructor(message: string, findings: NagFinding[] = []) {
    super(message);
    this.name = 'SynthError';
    this.findings = findings;
  }
}

interface ValidationReport {
  readonly pluginReports?: Array<{
    readonly pluginName?: string;
    readonly violations?: Array<{
      readonly ruleName?: string;
      readonly description?: string;
      readonly severity?: string;
      readonly violatingConstructs?: Array<{ readonly constructPath?: string }>;
    }>;
  }>;
}

/** The findings of `<assemblyDir>/validation-report.json`; empty when there is none. */
export function readFindings(assemblyDir: string): NagFinding[] {
  const file = path.join(assemblyDir, 'validation-report.json');
  if (!fs.existsSync(file)) return [];
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as ValidationReport;
  const out: NagFinding[] = [];
  for (const plugin of report.pluginReports ?? []) {
    for (const v of plugin.violations ?? []) {
      for (const c of v.violatingConstructs ?? [{}]) {
        out.push({
          rule: v.ruleName ?? plugin.pluginName ?? 'unknown',
          severity: v.severity ?? 'error',
          path: c.constructPath ?? '',
          description: v.description ?? '',
        });
      }
    }
  }
  return out;
}

/** One line per finding: `AwsSolutions-COG1 error CognitoAuth-dev/Auth/UserPool/Resource: ...`. */
export function formatFindings(findings: NagFinding[]): string {
  return findings.map((f) => `  ${f.rule} ${f.severity} ${f.path}: ${f.description}`).join('\n');
}

/** The parts of `cdk.json` local mode reads. */
export interface CdkJson {
  readonly app?: string;
  readonly context?: Readonly<Record<string, unknown>>;
}

function readJsonObject(file: string): Record<string, unknown> | undefined {
  if (!fs.existsSync(file)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new SynthError(`${file} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SynthError(`${file} does not hold a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** Reads `<appDir>/cdk.json`; undefined when there is none. */
export function readCdkJson(appDir: string): CdkJson | undefined {
  const json = readJsonObject(path.join(appDir, 'cdk.json'));
  if (!json) return undefined;
  const context = json.context;
  return {
    app: typeof json.app === 'string' ? json.app : undefined,
    context:
      typeof context === 'object' && context !== null && !Array.isArray(context)
        ? (context as Record<string, unknown>)
        : undefined,
  };
}

/**
 * The context the app gets: `cdk.json`, then `cdk.context.json` (the CLI's cached lookups), then the
 * command line, plus the switches the CDK CLI sets (path and asset metadata, which local mode reads to
 * find each function's code; validation reported by the caller, not failed by the app).
 */
export function appContext(
  appDir: string,
  extra: Readonly<Record<string, string>> = {},
): Record<string, unknown> {
  return {
    ...readCdkJson(appDir)?.context,
    ...readJsonObject(path.join(appDir, 'cdk.context.json')),
    ...extra,
    'aws:cdk:enable-path-metadata': true,
    'aws:cdk:enable-asset-metadata': true,
    'aws:cdk:bundling-stacks': ['**'],
    '@aws-cdk/core:failSynthOnValidationErrors': false,
  };
}

/** True when `dir` is a cloud assembly (it has a manifest.json). */
export function isCloudAssembly(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'manifest.json'));
}

/**
 * The command line to run: as the CDK CLI does, a lone `.js` file that is not executable runs with the
 * current Node.js.
 */
export function appCommand(app: string, appDir: string): string {
  const file = app.trim();
  if (/^\S+\.js$/.test(file)) {
    const full = path.resolve(appDir, file);
    let executable = false;
    try {
      fs.accessSync(full, fs.constants.X_OK);
      executable = true;
    } catch {
      executable = false;
    }
    if (fs.existsSync(full) && !executable) return `"${process.execPath}" ${file}`;
  }
  return app;
}

function runApp(command: string, options: SynthOptions, env: NodeJS.ProcessEnv): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, {
      cwd: options.appDir,
      env,
      shell: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    const collect = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split(/\r?\n/)) {
        if (!line) continue;
        lines.push(line);
        if (lines.length > 400) lines.shift();
        options.onOutput?.(line);
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (e) => reject(new SynthError(`cannot run the app (${command}): ${e.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(lines);
      const how = signal ? `was stopped by ${signal}` : `exited with code ${code}`;
      const tail = lines.slice(-30).join('\n');
      reject(
        Object.assign(new SynthError(`the app (${command}) ${how}${tail ? `:\n${tail}` : ''}`), { lines }),
      );
    });
  });
}

/**
 * Synthesizes the app; throws `SynthError` when it fails or a validation plugin reports an error.
 * When `app` names an existing cloud assembly directory, that assembly is read instead.
 */
export async function synthesizeApp(options: SynthOptions): Promise<SynthResult> {
  const started = Date.now();
  const appDir = path.resolve(options.appDir);
  const app = options.app ?? readCdkJson(appDir)?.app;
  if (!app) {
    throw new SynthError(
      `no CDK app to run: ${path.join(appDir, 'cdk.json')} ${fs.existsSync(path.join(appDir, 'cdk.json')) ? 'has no "app" command' : 'does not exist'}; ` +
        'run this in the folder of your CDK app, or pass --app "<command>" or --assembly <cloud assembly dir>',
    );
  }
  const asDirectory = path.resolve(appDir, app.trim());
  if (fs.existsSync(asDirectory) && fs.statSync(asDirectory).isDirectory() && isCloudAssembly(asDirectory)) {
    return { assemblyDir: asDirectory, warnings: readFindings(asDirectory), durationMs: 0 };
  }

  const outdir = path.resolve(options.outdir);
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.mkdirSync(outdir, { recursive: true });
  const context = appContext(appDir, options.context);
  const env: NodeJS.ProcessEnv = {
    ...(options.env ?? process.env),
    CDK_OUTDIR: outdir,
    CDK_CONTEXT_JSON: JSON.stringify(context),
  };
  const command = appCommand(app, appDir);
  try {
    await runApp(command, { ...options, appDir }, env);
  } catch (e) {
    // An app on an aws-cdk-lib that ignores failSynthOnValidationErrors fails itself: show the findings.
    const findings = readFindings(outdir).filter((f) => f.severity === 'error');
    if (findings.length) throw validationError(findings, outdir);
    throw e;
  }
  if (!isCloudAssembly(outdir)) {
    throw new SynthError(
      `the app (${command}) wrote no cloud assembly to ${outdir}; does it call app.synth()? (CDK_OUTDIR names the folder)`,
    );
  }
  const findings = readFindings(outdir);
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length) throw validationError(errors, outdir);
  return {
    assemblyDir: outdir,
    command,
    warnings: findings.filter((f) => f.severity !== 'error'),
    durationMs: Date.now() - started,
  };
}

function validationError(errors: NagFinding[], outdir: string): SynthError {
  return new SynthError(
    `the app does not pass its validation checks (${errors.length} unacknowledged error${errors.length === 1 ? '' : 's'}; ` +
      `report: ${path.join(outdir, 'validation-report.json')}):\n${formatFindings(errors)}`,
    errors,
  );
}
