import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  devDependencies: Record<string, string>;
};

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  return execFileSync(cmd, args, {
    cwd,
    env: {
      ...process.env,
      npm_config_update_notifier: 'false',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      ...env,
    },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

/**
 * Packs the library as npm would publish it, installs the tarball into a new CDK app outside this
 * repository (so nothing resolves from our own node_modules) and synthesizes `new CognitoAuth(stack, 'Auth', {})`.
 */
describe('the npm package', () => {
  let work: string;
  let tarball: string;
  let files: string[];

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-cognito-auth-pack-'));
    const out = run('npm', ['pack', '--json', '--pack-destination', work], root);
    const info = JSON.parse(out.slice(out.indexOf('['))) as Array<{
      filename: string;
      files: Array<{ path: string }>;
    }>;
    tarball = path.join(work, info[0].filename);
    files = info[0].files.map((f) => f.path);
  }, 300_000);

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test('contains compiled JavaScript, type declarations and the bundled trigger assets, and no sources or tests', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/lib/index.js',
        'dist/lib/index.d.ts',
        'dist/lib/cognito-auth.js',
        'package.json',
        'README.md',
      ]),
    );
    expect(
      files.filter((f) => f.startsWith('assets/') && f.endsWith('/index.js')).length,
    ).toBeGreaterThanOrEqual(2);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('test/') || f.includes('/test/'))).toEqual([]);
  });

  test('a fresh CDK app installs it and synthesizes new CognitoAuth(stack, "Auth", {})', () => {
    const app = path.join(work, 'consumer');
    fs.mkdirSync(app);
    fs.writeFileSync(
      path.join(app, 'package.json'),
      JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }, null, 2),
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
      ],
      app,
    );
    fs.writeFileSync(
      path.join(app, 'app.js'),
      [
        "const { App, Stack } = require('aws-cdk-lib');",
        "const { CognitoAuth } = require('cdk-cognito-auth');",
        'const app = new App();',
        "const stack = new Stack(app, 'Consumer');",
        "new CognitoAuth(stack, 'Auth', {});",
        'app.synth();',
      ].join('\n'),
    );
    run('node', ['app.js'], app, { CDK_OUTDIR: path.join(app, 'cdk.out') });
    const template = JSON.parse(
      fs.readFileSync(path.join(app, 'cdk.out', 'Consumer.template.json'), 'utf8'),
    ) as {
      Resources: Record<string, { Type: string }>;
      Outputs: Record<string, unknown>;
    };
    const types = Object.values(template.Resources).map((r) => r.Type);
    expect(types).toEqual(
      expect.arrayContaining([
        'AWS::Cognito::UserPool',
        'AWS::Cognito::UserPoolClient',
        'AWS::Cognito::IdentityPool',
      ]),
    );
    expect(Object.keys(template.Outputs)).toEqual(
      expect.arrayContaining(['UserPoolId', 'ClientConfiguration']),
    );

    // The CLI is installed as a bin, and the admin operations load from their own entry point without aws-cdk-lib.
    const help = run(path.join(app, 'node_modules', '.bin', 'cognito-admin'), ['--help'], app);
    expect(help).toMatch(/users/);
    expect(help).toMatch(/groups/);
    const admin = run(
      'node',
      [
        '-e',
        "const a = require('cdk-cognito-auth/admin'); console.log(typeof a.importUsers, Object.keys(require.cache).some((k) => k.includes('aws-cdk-lib')))",
      ],
      app,
    );
    expect(admin.trim()).toBe('function false');

    // The shipped declarations type-check a TypeScript consumer.
    fs.writeFileSync(
      path.join(app, 'typed.ts'),
      [
        "import { App, Stack } from 'aws-cdk-lib';",
        "import { AppClient, AuthProfile, AuthEmail, CognitoAuth, CustomAttribute } from 'cdk-cognito-auth';",
        "const stack = new Stack(new App(), 'Typed');",
        "const auth = new CognitoAuth(stack, 'Auth', {",
        '  profile: AuthProfile.PROD,',
        "  email: AuthEmail.ses({ fromEmail: 'no-reply@acme-corp.net' }),",
        '  customAttributes: { tenant_id: CustomAttribute.string({ mutable: false }) },',
        "  clients: { web: AppClient.web({ callbackUrls: ['https://app.acme-corp.net/cb'] }) },",
        '});',
        'const id: string = auth.userPool.userPoolId;',
        'void id;',
      ].join('\n'),
    );
    run(
      process.execPath,
      [
        path.join(root, 'node_modules/typescript/bin/tsc'),
        '--noEmit',
        '--strict',
        '--skipLibCheck',
        '--module',
        'commonjs',
        '--moduleResolution',
        'node',
        '--target',
        'es2022',
        'typed.ts',
      ],
      app,
    );
  }, 300_000);
});
