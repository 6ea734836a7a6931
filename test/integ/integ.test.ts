import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CognitoAuthProps } from '../../lib';
import { npmEnv, npmPack } from '../npm-pack';
import { cfnLint, cfnLintAvailable, validationFindings } from '../template-checks';

/**
 * The integration tests of test/integ/ (aws-cdk's convention: `integ.<name>.js` apps with an IntegTest and
 * assertions, and a committed `integ.<name>.js.snapshot/` beside each), run offline: each app is
 * synthesized from the packed package installed into a new application outside this repository, and its
 * templates must equal the committed snapshot, pass aws-cdk-lib's template validation and pass cfn-lint.
 *
 * `UPDATE_SNAPSHOTS=1 npx jest test/integ` (npm run integ:snapshot) rewrites the snapshots; review the diff.
 * Deployed, the same apps run with the CDK CLI (see .github/workflows/deploy.yml).
 */
const root = path.resolve(__dirname, '../..');
const integDir = __dirname;
const update = process.env.UPDATE_SNAPSHOTS === '1';
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
};
const apps = fs.readdirSync(integDir).filter((f) => /^integ\..+\.js$/.test(f));

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  return execFileSync(cmd, args, {
    cwd,
    env: npmEnv(env),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

/**
 * A template as it is compared: integ-tests-alpha gives every assertion a `salt` taken from the clock (so
 * that it runs again at each deployment); it is the one value that differs between two synths.
 */
function normalized(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8'), (key, value: unknown) =>
    key === 'salt' ? '<salt>' : value,
  );
}

/** The files of a cloud assembly that a snapshot keeps: templates and the integ manifest. */
function snapshotFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.template.json') || f === 'integ.json')
    .sort();
}

describe('integration tests, synthesized from the packed package', () => {
  let work: string;
  let consumer: string;
  const outputs = new Map<string, string>();

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-cognito-auth-integ-'));
    const { tarball } = npmPack(root, work);
    consumer = path.join(work, 'app');
    fs.mkdirSync(consumer);
    fs.writeFileSync(
      path.join(consumer, 'package.json'),
      JSON.stringify({ name: 'integ-app', private: true }),
    );
    run(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        tarball,
        `aws-cdk-lib@${pkg.devDependencies['aws-cdk-lib']}`,
        `constructs@${pkg.devDependencies.constructs}`,
        `@aws-cdk/integ-tests-alpha@${pkg.devDependencies['@aws-cdk/integ-tests-alpha']}`,
      ],
      consumer,
    );
    for (const app of apps) {
      fs.copyFileSync(path.join(integDir, app), path.join(consumer, app));
      const out = path.join(work, `out-${app}`);
      run('node', [app], consumer, { CDK_OUTDIR: out });
      outputs.set(app, out);
    }
  }, 600_000);

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test.each(apps)('%s matches its committed snapshot', (app) => {
    const out = outputs.get(app)!;
    const snapshot = path.join(integDir, `${app}.snapshot`);
    if (update) {
      fs.rmSync(snapshot, { recursive: true, force: true });
      fs.mkdirSync(snapshot, { recursive: true });
      for (const f of snapshotFiles(out)) {
        fs.writeFileSync(
          path.join(snapshot, f),
          `${JSON.stringify(normalized(path.join(out, f)), null, 1)}\n`,
        );
      }
    }
    expect(fs.existsSync(snapshot)).toBe(true);
    expect(snapshotFiles(out)).toEqual(snapshotFiles(snapshot));
    for (const f of snapshotFiles(out)) {
      const actual = normalized(path.join(out, f));
      const expected = normalized(path.join(snapshot, f));
      // A difference here is a template change: review it, then run `npm run integ:snapshot`.
      expect({ file: f, template: actual }).toEqual({ file: f, template: expected });
    }
  });

  test.each(apps)("%s has no finding of aws-cdk-lib's template validation", (app) => {
    expect(validationFindings(outputs.get(app)!)).toEqual([]);
  });

  test.each(apps)('%s passes cfn-lint with no error', (app) => {
    if (!cfnLintAvailable()) {
      console.warn('cfn-lint is not on the PATH: skipping the cfn-lint check (pip install cfn-lint)');
      return;
    }
    const out = outputs.get(app)!;
    const templates = fs.readdirSync(out).filter((f) => f.endsWith('.template.json'));
    expect(templates.length).toBeGreaterThan(0);
    expect(cfnLint(templates.map((t) => path.join(out, t)))).toEqual([]);
  });

  test('the kitchen sink sets every prop of CognitoAuthProps', () => {
    const source = fs.readFileSync(path.join(integDir, 'integ.kitchen-sink.js'), 'utf8');
    const props = fs.readFileSync(path.join(root, 'lib/cognito-auth.ts'), 'utf8');
    const block = props.slice(
      props.indexOf('export interface CognitoAuthProps'),
      props.indexOf('export class CognitoAuth'),
    );
    const names = [...block.matchAll(/readonly (\w+)\?:/g)].map((m) => m[1] as keyof CognitoAuthProps);
    expect(names.length).toBeGreaterThan(30);
    expect(names.filter((name) => !new RegExp(`\\b${name}:`).test(source))).toEqual([]);
  });

  test('the sign-in test signs a user up and in and reads a group role once deployed', () => {
    const out = outputs.get('integ.sign-in.js')!;
    const file = fs.readdirSync(out).find((f) => /DeployAssert.*\.template\.json$/.test(f));
    expect(file).toBeDefined();
    const template = fs.readFileSync(path.join(out, file!), 'utf8');
    for (const call of ['SignUp', 'AdminConfirmSignUp', 'InitiateAuth', 'GetGroup']) {
      expect(template).toMatch(new RegExp(`"api":"${call.charAt(0).toLowerCase()}${call.slice(1)}"|${call}`));
    }
  });
});
