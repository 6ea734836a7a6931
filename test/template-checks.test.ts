import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cfnLintAvailable } from './template-checks';
import { tmpDir } from './util';

/**
 * The checks that every synthesized template goes through (jest.config.js, test/template-checks.ts), run
 * in a jest of their own over test/template-checks-fixtures, as a contributor's new test would meet them.
 */
const ROOT = path.resolve(__dirname, '..');

/** The child jest's exit code and its report (the default reporter's, verbose, on stderr). */
let run: { code: number | null; stderr: string };

beforeAll(() => {
  const dir = tmpDir('template-checks-run');
  const config = path.join(dir, 'jest.config.js');
  fs.writeFileSync(
    config,
    `const base = require(${JSON.stringify(path.join(ROOT, 'jest.config.js'))});\n` +
      `module.exports = { ...base, rootDir: ${JSON.stringify(ROOT)}, ` +
      `roots: ['<rootDir>/test/template-checks-fixtures'], testMatch: ['**/*.fixture.ts'] };\n`,
  );
  const res = spawnSync(
    process.execPath,
    [require.resolve('jest/bin/jest'), '--config', config, '--verbose', '--maxWorkers=1'],
    { cwd: ROOT, encoding: 'utf8', timeout: 240_000, env: { ...process.env, FORCE_COLOR: '0' } },
  );
  run = { code: res.status, stderr: res.stderr };
}, 300_000);

test("aws-cdk-lib's template validation fails the test that synthesized the template, naming rule and construct", () => {
  expect(run.stderr).toMatch(/✕ an unexpected invalid group/);
  expect(run.stderr).toMatch(
    /● an unexpected invalid group[^●]*F3034 at TestStack\/Unexpected \(Properties\.Precedence\)/,
  );
});

test('a finding the test allows, with a reason, passes', () => {
  expect(run.stderr).toMatch(/✓ an invalid group the test asks for/);
  expect(run.stderr).not.toMatch(/F3034 at TestStack\/Expected/);
});

test('the run fails', () => {
  expect(run.code).not.toBe(0);
});

(cfnLintAvailable() ? describe : describe.skip)('cfn-lint over every template of the run', () => {
  test('an error-level finding fails the run, naming the construct, the test file, the test and the stack', () => {
    expect(run.stderr).toMatch(
      /cfn-lint E3034 at TestStack\/Unexpected \(Unexpected\): -5 is less than the minimum of 0/,
    );
    expect(run.stderr).toContain(
      'synthesized by test/template-checks-fixtures/invalid.fixture.ts: "an unexpected invalid group", stack TestStack',
    );
  });

  test('an allowed finding is not reported', () => {
    expect(run.stderr).not.toMatch(/cfn-lint E3034 at TestStack\/Expected/);
  });

  test('an allowance that no template needs fails the run', () => {
    expect(run.stderr).toMatch(
      /invalid\.fixture\.ts: allowTemplateFindings\(\['E3012'\], \.\.\.\) in test "an allowance that nothing needs" is not needed/,
    );
  });
});
