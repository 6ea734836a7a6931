/**
 * Synthesizes one stage of the reference app (bin/app.ts) into a cloud assembly, with cdk-nag's
 * AwsSolutions checks, and refuses to go on when a check or a CDK annotation reports an error. This is
 * the only place local mode loads the CDK app; everything after it reads the assembly.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BuildAppOptions } from '../../bin/app';

/** One cdk-nag finding. */
export interface NagFinding {
  readonly rule: string;
  readonly severity: string;
  readonly path: string;
  readonly description: string;
}

/** Options of `synthesizeStage`. */
export interface SynthOptions {
  /** The stage, e.g. `dev`. */
  readonly stage: string;
  /** The assembly directory; emptied first. */
  readonly outdir: string;
  /** Extra context. */
  readonly context?: Record<string, string>;
}

/** The outcome of a synthesis. */
export interface SynthResult {
  readonly assemblyDir: string;
  readonly stackName: string;
  /** cdk-nag findings that do not fail the synthesis (warnings). */
  readonly warnings: NagFinding[];
  readonly durationMs: number;
}

/** Raised when the stage does not synthesize or cdk-nag reports errors. */
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

/** Synthesizes the stage; throws `SynthError` with the findings when it must not be run. */
export async function synthesizeStage(options: SynthOptions): Promise<SynthResult> {
  const started = Date.now();
  const outdir = path.resolve(options.outdir);
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.mkdirSync(outdir, { recursive: true });
  const { buildApp } = (await import('../../bin/app')) as typeof import('../../bin/app');
  const appOptions: BuildAppOptions = {
    stage: options.stage,
    outdir,
    // Asset paths in the template metadata let local mode find each function's code.
    context: { 'aws:cdk:enable-asset-metadata': 'true', ...options.context },
  };
  let stackName: string;
  try {
    const { app, stack } = buildApp(appOptions);
    stackName = stack.stackName;
    app.synth();
  } catch (e) {
    const findings = readFindings(outdir).filter((f) => f.severity === 'error');
    if (findings.length) {
      throw new SynthError(
        `stage ${options.stage} does not pass cdk-nag (${findings.length} unacknowledged error${findings.length === 1 ? '' : 's'}):\n${formatFindings(findings)}`,
        findings,
      );
    }
    throw new SynthError(
      `stage ${options.stage} does not synthesize: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  return {
    assemblyDir: outdir,
    stackName,
    warnings: readFindings(outdir).filter((f) => f.severity !== 'error'),
    durationMs: Date.now() - started,
  };
}
