import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
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
  return readValidationReport(outdir).map((v) => `${v.plugin}: ${v.rule}: ${v.description}`);
}

// ---------------------------------------------------------------------------------------------------------
// Every template a jest test synthesizes is checked, with no code in the test (jest.config.js):
// - test/template-checks.setup.ts (setupFilesAfterEnv) wraps aws-cdk-lib's `Stage.synth`: aws-cdk-lib's
//   own CloudFormation template validation ("CloudFormation Validate", which aws-cdk-lib reports as
//   warnings only) fails the test whose synth produced a finding, and each distinct template is written,
//   with the test and stack it came from, into the run's folder (TEMPLATE_CHECKS_DIR);
// - test/template-checks.global-teardown.ts lints every distinct template of the run with cfn-lint (one
//   process per core, results cached by template hash) and fails the run on an error-level finding (E....),
//   naming the test file, the test, the stack and the construct path.
// A test that synthesizes an invalid template on purpose says so with `allowTemplateFindings`.
// ---------------------------------------------------------------------------------------------------------

/** The name aws-cdk-lib gives its built-in template validation plugin (`CloudFormationValidatePlugin.PLUGIN_NAME`). */
export const CFN_VALIDATE_PLUGIN = 'CloudFormation Validate';

/** The environment variable naming the run's folder of recorded templates (set by the global setup). */
export const RUN_DIR_ENV = 'TEMPLATE_CHECKS_DIR';

/** A finding that a test expects on purpose, and why (one line of `allowances-*.jsonl`). */
export interface Allowance {
  /** A cfn-lint rule id (`E3012`) or an aws-cdk-lib validation rule name (`F3031`). */
  readonly rule: string;
  readonly reason: string;
  /** The test file (its path relative to the repository). */
  readonly file: string;
  /** The test it applies to; undefined: every test of the file. */
  readonly test?: string;
  /** True when a CloudFormation Validate finding needed it. */
  used: boolean;
}

/** Where a template came from (one line of `records-*.jsonl`). */
export interface TemplateRecord {
  /** sha256 of region and template: the template is `<hash>.template.json` in the run's folder. */
  readonly hash: string;
  readonly region: string;
  /** The test file (its path relative to the repository). */
  readonly file: string;
  /** The test; undefined when synthesized outside a test (describe body, beforeAll). */
  readonly test?: string;
  /** The stack (its display name) or the nested template. */
  readonly stack: string;
  /** Construct path of each logical id. */
  readonly paths: Record<string, string>;
}

const repoRoot = path.resolve(__dirname, '..');

/** State of the checks for the current test file (one jest module registry per file). */
const state = {
  allowances: [] as Allowance[],
  /** CloudFormation Validate findings of the current test, reported after it. */
  validation: [] as string[],
  /** Tests (or, under undefined, the whole file) that skip the checks, with the reason. */
  skipped: new Map<string | undefined, string>(),
  /** Templates already written into the run's folder by this worker, and records already written. */
  written: new Set<string>(),
  recorded: new Set<string>(),
};

function testState(): { file: string; test: string | undefined } {
  const s = expect.getState() as { currentTestName?: string; testPath?: string };
  return { file: path.relative(repoRoot, s.testPath ?? '(unknown file)'), test: s.currentTestName };
}

function assertReason(reason: string, what: string): void {
  if (typeof reason !== 'string' || reason.trim().length < 10) {
    throw new Error(
      `${what}: give the reason the template is invalid on purpose (received ${JSON.stringify(reason)})`,
    );
  }
}

/**
 * Declares that the templates synthesized by the current test (when called inside a test) or by every test
 * of the file (when called at the top of the file) carry these findings on purpose: a test of a nag rule,
 * of a validation that needs an invalid L1, of a token that resolves to a placeholder. `rules` are cfn-lint
 * rule ids (`E3012`) or aws-cdk-lib validation rule names (`F3031`, as its report prints them). An
 * allowance that no template needs fails the run, so that it goes when the template becomes valid.
 */
export function allowTemplateFindings(rules: string[], reason: string): void {
  assertReason(reason, 'allowTemplateFindings');
  if (rules.length === 0) throw new Error('allowTemplateFindings: name at least one rule');
  const { file, test } = testState();
  for (const rule of rules) state.allowances.push({ rule, reason, file, test, used: false });
}

/**
 * Skips the template checks for the current test (inside a test) or for the whole file (at the top of
 * it), for templates that are not meant to be deployed at all. Prefer `allowTemplateFindings`, which
 * names the rule.
 */
export function skipTemplateChecks(reason: string): void {
  assertReason(reason, 'skipTemplateChecks');
  state.skipped.set(testState().test, reason);
}

function skippedFor(test: string | undefined): boolean {
  return state.skipped.has(undefined) || (test !== undefined && state.skipped.has(test));
}

/** The allowances of the file, to be matched with the cfn-lint findings at the end of the run. */
export function takeAllowances(): Allowance[] {
  return state.allowances.splice(0);
}

/** The stack artifacts of a cloud assembly, as far as the checks need them (aws-cdk-lib's CloudAssembly). */
export interface AssemblyLike {
  readonly directory: string;
  readonly stacksRecursively: Array<{
    readonly templateFullPath: string;
    readonly displayName: string;
    readonly assembly: { readonly directory: string };
    readonly environment: { readonly region: string };
  }>;
}

/**
 * Records the templates of a freshly synthesized assembly and collects its CloudFormation Validate
 * findings. `paths` gives, per template file (full path), the construct path of each logical id.
 */
export function recordAssembly(
  assembly: AssemblyLike,
  paths: Map<string, Map<string, string>> = new Map(),
): void {
  const { test } = testState();
  if (skippedFor(test)) return;
  const dirs = new Map<string, string>();
  for (const stack of assembly.stacksRecursively) {
    const region = /^[a-z]{2}(-[a-z]+)+-\d$/.test(stack.environment.region)
      ? stack.environment.region
      : 'us-east-1';
    dirs.set(stack.assembly.directory, region);
    const file = stack.templateFullPath;
    recordTemplate(fs.readFileSync(file, 'utf8'), stack.displayName, region, paths.get(file));
  }
  // Nested stacks' templates sit beside their parent's, as assets.
  for (const [dir, region] of dirs) {
    for (const f of fs.readdirSync(dir)) {
      if (!f.endsWith('.nested.template.json')) continue;
      const file = path.join(dir, f);
      recordTemplate(fs.readFileSync(file, 'utf8'), f, region, paths.get(file));
    }
  }
  for (const v of readValidationReport(assembly.directory)) {
    if (v.plugin !== CFN_VALIDATE_PLUGIN) continue;
    const allowance = state.allowances.find(
      (a) => a.rule === v.rule && (a.test === undefined || a.test === test),
    );
    if (allowance) {
      allowance.used = true;
      continue;
    }
    state.validation.push(
      `${v.rule} at ${v.where}: ${v.description}${test === undefined ? ' (synthesized outside a test: in beforeAll or a describe body)' : ''}`,
    );
  }
}

/**
 * Records a template for the run's cfn-lint pass. Templates that aws-cdk-lib's `Stage.synth` writes in this
 * process are recorded without help; a test records those synthesized elsewhere (by the aws-cdk-lib that
 * the jsii kernel loads, by a child process) itself.
 */
export function recordTemplate(
  template: string,
  stack: string,
  region = 'us-east-1',
  paths: Map<string, string> = new Map(),
): void {
  const { file, test } = testState();
  if (skippedFor(test)) return;
  const runDir = process.env[RUN_DIR_ENV];
  if (!runDir) return; // jest started without the global setup (another config): nothing lints them
  const hash = crypto
    .createHash('sha256')
    .update(region)
    .update('\0')
    .update(template)
    .digest('hex')
    .slice(0, 24);
  if (!state.written.has(hash)) {
    const target = path.join(runDir, `${hash}.template.json`);
    if (!fs.existsSync(target)) fs.writeFileSync(target, template);
    state.written.add(hash);
  }
  const key = `${hash} ${test} ${stack}`;
  if (state.recorded.has(key)) return;
  state.recorded.add(key);
  const record: TemplateRecord = { hash, region, file, test, stack, paths: Object.fromEntries(paths) };
  fs.appendFileSync(path.join(runDir, `records-${process.pid}.jsonl`), JSON.stringify(record) + '\n');
}

/**
 * Records the stack templates of a cloud assembly that another process synthesized (the CDK CLI, an app
 * run with tsx) and collects its CloudFormation Validate findings, as for a synth in this process.
 */
export function recordAssemblyDir(outdir: string): void {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
    artifacts?: Record<
      string,
      { type: string; environment?: string; properties?: { templateFile?: string } }
    >;
  };
  recordAssembly({
    directory: outdir,
    stacksRecursively: Object.entries(manifest.artifacts ?? {})
      .filter(([, a]) => a.type === 'aws:cloudformation:stack' && a.properties?.templateFile)
      .map(([id, a]) => ({
        templateFullPath: path.join(outdir, a.properties!.templateFile!),
        displayName: id,
        assembly: { directory: outdir },
        environment: { region: a.environment?.split('/').pop() ?? 'unknown-region' },
      })),
  });
}

/** Writes the file's allowances for the end-of-run cfn-lint pass. */
export function writeAllowances(allowances: Allowance[]): void {
  const runDir = process.env[RUN_DIR_ENV];
  if (!runDir || allowances.length === 0) return;
  fs.appendFileSync(
    path.join(runDir, `allowances-${process.pid}.jsonl`),
    allowances.map((a) => JSON.stringify(a) + '\n').join(''),
  );
}

/** The CloudFormation Validate findings of the test that just ran, and forgets them. */
export function takeValidationFindings(): string[] {
  return state.validation.splice(0);
}

/** Skips recorded for the test that just ran are forgotten; file-wide ones stay. */
export function endTest(): void {
  for (const key of state.skipped.keys()) if (key !== undefined) state.skipped.delete(key);
}

interface Violation {
  plugin: string;
  rule: string;
  description: string;
  where: string;
}

function readValidationReport(outdir: string): Violation[] {
  const file = path.join(outdir, 'validation-report.json');
  if (!fs.existsSync(file)) return [];
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    pluginReports?: Array<{
      pluginName?: string;
      violations?: Array<{
        ruleName?: string;
        description?: string;
        violatingResources?: Array<{ constructPath?: string; resourceLogicalId?: string }>;
        violatingConstructs?: Array<{
          constructPath?: string;
          cloudFormationResource?: { logicalId?: string; propertyPaths?: string[] };
        }>;
      }>;
    }>;
  };
  return (report.pluginReports ?? []).flatMap((r) =>
    (r.violations ?? []).map((v) => {
      const where = [
        ...(v.violatingResources ?? []).map((x) => x.constructPath ?? x.resourceLogicalId ?? '?'),
        ...(v.violatingConstructs ?? []).map((x) => {
          const props = x.cloudFormationResource?.propertyPaths ?? [];
          const at = x.constructPath ?? x.cloudFormationResource?.logicalId ?? '?';
          return props.length > 0 ? `${at} (${props.join(', ')})` : at;
        }),
      ];
      return {
        plugin: r.pluginName ?? '?',
        rule: v.ruleName ?? '?',
        description: v.description ?? '',
        where: where.join(', ') || '?',
      };
    }),
  );
}

/**
 * The templates of a cloud assembly pass aws-cdk-lib's template validation and cfn-lint (errors): for a test
 * that builds one app with every feature of a kind, so that a failure names that test. (Every template a
 * test synthesizes is also checked at the end of the run: test/template-checks.setup.ts.)
 */
export function expectDeployable(outdir: string): void {
  expect(validationFindings(outdir)).toEqual([]);
  if (!cfnLintAvailable()) {
    console.warn('cfn-lint is not on the PATH: skipping the cfn-lint check');
    return;
  }
  expect(cfnLintAssembly(outdir)).toEqual([]);
}
