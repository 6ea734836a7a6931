/**
 * Jest setup (setupFilesAfterEnv) that checks every template a test synthesizes, with no code in the
 * test: aws-cdk-lib's `Stage.synth` (behind `app.synth()` and `Template.fromStack`) is wrapped so that
 * aws-cdk-lib's CloudFormation template validation findings fail the test that synthesized the template,
 * and each template is recorded for the run's cfn-lint pass (test/template-checks.global-teardown.ts).
 */
import * as path from 'node:path';
import type { CfnElement as CfnElementType, Stage as StageType } from 'aws-cdk-lib';
import {
  AssemblyLike,
  endTest,
  recordAssembly,
  takeAllowances,
  takeValidationFindings,
  writeAllowances,
} from './template-checks';

// Wrapped where aws-cdk-lib defines it, when a test first loads it: test files that never load
// aws-cdk-lib (the CLI's) do not pay for it.
jest.mock(require.resolve('aws-cdk-lib/package.json').replace(/package\.json$/, 'core/lib/stage.js'), () => {
  const actual = jest.requireActual<{ Stage: typeof StageType }>(
    require.resolve('aws-cdk-lib/package.json').replace(/package\.json$/, 'core/lib/stage.js'),
  );
  const synth = actual.Stage.prototype.synth;
  actual.Stage.prototype.synth = function checkedSynth(
    this: StageType,
    ...args: Parameters<StageType['synth']>
  ) {
    const assembly = synth.apply(this, args);
    recordAssembly(assembly as unknown as AssemblyLike, constructPaths(this));
    return assembly;
  };
  return actual;
});

/** Per template file (full path), the construct path of each logical id, for readable findings. */
function constructPaths(stage: StageType): Map<string, Map<string, string>> {
  const { CfnElement, Stage } = jest.requireActual<{
    CfnElement: typeof CfnElementType;
    Stage: typeof StageType;
  }>('aws-cdk-lib');
  const byFile = new Map<string, Map<string, string>>();
  for (const c of stage.node.findAll()) {
    if (!CfnElement.isCfnElement(c)) continue;
    const owner = Stage.of(c.stack);
    if (!owner) continue;
    const file = path.join(owner.outdir, c.stack.templateFile);
    let ids = byFile.get(file);
    if (!ids) byFile.set(file, (ids = new Map()));
    ids.set(String(c.stack.resolve(c.logicalId)), c.node.path);
  }
  return byFile;
}

afterEach(() => {
  endTest();
  const findings = takeValidationFindings();
  if (findings.length > 0) {
    throw new Error(
      `aws-cdk-lib's template validation: ${findings.length} finding(s) in a template this test synthesized:\n` +
        findings.join('\n') +
        '\nFix the construct; a test that makes the template invalid on purpose calls ' +
        'allowTemplateFindings([rule], reason) (test/template-checks.ts).',
    );
  }
});

afterAll(() => {
  writeAllowances(takeAllowances());
});
