import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

let available: boolean | undefined;

/** True when `cfn-lint` runs on this machine. */
export function cfnLintAvailable(): boolean {
  if (available === undefined) {
    available = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).status === 0;
  }
  return available;
}

/**
 * Error-level cfn-lint findings (`E....`) in the given templates, as `<file> <rule> <message>` lines; an
 * empty list when there are none. Warnings (W3005 for CDK's explicit DependsOn, ...) are not failures.
 */
export function cfnLint(templates: string[]): string[] {
  if (templates.length === 0) return [];
  const res = spawnSync('cfn-lint', ['--format', 'parseable', '--', ...templates], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.error) throw res.error;
  return res.stdout
    .split('\n')
    .filter((line) => /:E\d{4}:/.test(line))
    .map((line) => line.replace(/^.*\//, ''));
}

/** cfn-lint over every template of a cloud assembly directory. */
export function cfnLintAssembly(outdir: string): string[] {
  return cfnLint(
    fs
      .readdirSync(outdir)
      .filter((f) => f.endsWith('.template.json'))
      .map((f) => path.join(outdir, f)),
  );
}

/** Findings of the validation plugins (aws-cdk-lib's CloudFormation Validate and any other) in an assembly. */
export function validationFindings(outdir: string): string[] {
  const file = path.join(outdir, 'validation-report.json');
  if (!fs.existsSync(file)) return [];
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    pluginReports?: Array<{
      pluginName?: string;
      violations?: Array<{ ruleName?: string; description?: string }>;
    }>;
  };
  return (report.pluginReports ?? []).flatMap((r) =>
    (r.violations ?? []).map((v) => `${r.pluginName}: ${v.ruleName}: ${v.description}`),
  );
}
