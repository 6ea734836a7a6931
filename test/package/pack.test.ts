import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { npmEnv, npmPack } from '../npm-pack';

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  devDependencies: Record<string, string>;
};

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  return execFileSync(cmd, args, {
    cwd,
    env: npmEnv(env),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Runs a command to its end; never throws. */
function attempt(
  cmd: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): { code: number; stdout: string; stderr: string } {
  try {
    return { code: 0, stdout: run(cmd, args, cwd, env), stderr: '' };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, stdout: err.stdout, stderr: err.stderr };
  }
}

/** A new folder with a package.json, outside this repository. */
function newApp(work: string, name: string, extra: object = {}): string {
  const dir = path.join(work, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name, version: '1.0.0', private: true, ...extra }, null, 2),
  );
  return dir;
}

function install(dir: string, ...specs: string[]): void {
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...specs], dir);
}

/**
 * Packs both packages as npm would publish them and installs the tarballs into new apps outside this
 * repository (so nothing resolves from our own node_modules): the constructs into a CDK app that
 * synthesizes, the CLI on its own, and both together with cognito-local into an app that brings its own
 * stack up locally.
 */
describe('the npm packages', () => {
  let work: string;
  let constructs: { tarball: string; files: string[] };
  let cli: { tarball: string; files: string[] };

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-cognito-auth-pack-'));
    constructs = npmPack(root, work);
    cli = npmPack(path.join(root, 'cognito-admin'), work);
  }, 300_000);

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test('cdk-cognito-auth holds compiled JavaScript, declarations and the trigger assets; no CLI, sources or tests', () => {
    const { files } = constructs;
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/lib/index.js',
        'dist/lib/index.d.ts',
        'dist/lib/nag/index.js',
        'package.json',
        'README.md',
      ]),
    );
    expect(
      files.filter((f) => f.startsWith('assets/') && f.endsWith('/index.js')).length,
    ).toBeGreaterThanOrEqual(2);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => /(^|\/)(test|admin|local|bin|cognito-admin)\//.test(f))).toEqual([]);
  });

  test('cognito-admin holds the CLI, the admin library, local mode and the pure modules it shares; nothing of the constructs', () => {
    const { files } = cli;
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/cognito-admin/src/bin/cognito-admin.js',
        'dist/cognito-admin/src/admin/index.js',
        'dist/cognito-admin/src/admin/index.d.ts',
        'dist/cognito-admin/src/local/start-local.js',
        'dist/cognito-admin/src/local/emulator-host.js',
        'dist/cognito-admin/src/local/lambda-runner.js',
        'dist/lib/client-config.js',
        'dist/lib/shared/attributes.js',
        'dist/lib/shared/names.js',
        'package.json',
        'README.md',
      ]),
    );
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => /\/test\//.test(f) || f.startsWith('test/'))).toEqual([]);
    expect(files.filter((f) => /^dist\/lib\/(cognito-auth|index|nag|triggers|user-pool)/.test(f))).toEqual(
      [],
    );
  });

  test("packing compiled cognito-admin again in this repository (its prepare script): the clone's npx cognito-admin still runs", () => {
    const bin = path.join(root, 'node_modules', '.bin', 'cognito-admin');
    expect(run(bin, ['--version'], root).trim()).toBe(
      (
        JSON.parse(fs.readFileSync(path.join(root, 'cognito-admin', 'package.json'), 'utf8')) as {
          version: string;
        }
      ).version,
    );
  });

  test('a fresh CDK app installs cdk-cognito-auth and synthesizes new CognitoAuth(stack, "Auth", {}), loading no CLI code', () => {
    const app = newApp(work, 'consumer');
    install(
      app,
      constructs.tarball,
      `aws-cdk-lib@${pkg.devDependencies['aws-cdk-lib']}`,
      `constructs@${pkg.devDependencies.constructs}`,
    );
    const installed = JSON.parse(
      fs.readFileSync(path.join(app, 'node_modules', 'cdk-cognito-auth', 'package.json'), 'utf8'),
    ) as { dependencies?: object; bin?: object };
    expect(installed.dependencies ?? {}).toEqual({});
    expect(installed.bin).toBeUndefined();
    for (const dep of [
      '@aws-sdk/client-cognito-identity-provider',
      'commander',
      'csv-parse',
      'cli-progress',
    ]) {
      expect(fs.existsSync(path.join(app, 'node_modules', dep))).toBe(false);
    }

    fs.writeFileSync(
      path.join(app, 'app.js'),
      [
        "const { App, Stack } = require('aws-cdk-lib');",
        "const { CognitoAuth } = require('cdk-cognito-auth');",
        'const app = new App();',
        "const stack = new Stack(app, 'Consumer');",
        "new CognitoAuth(stack, 'Auth', {});",
        'app.synth();',
        'const loaded = Object.keys(require.cache).filter((f) => /cognito-admin|cognito-local|@aws-sdk|[\\\\/]local[\\\\/]/.test(f));',
        'process.stdout.write(JSON.stringify(loaded));',
      ].join('\n'),
    );
    const loaded = run('node', ['app.js'], app, { CDK_OUTDIR: path.join(app, 'cdk.out') });
    expect(JSON.parse(loaded)).toEqual([]);
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

    // The shipped declarations type-check a TypeScript consumer, the libraries' own declarations included
    // (skipLibCheck off), under the module resolutions of Node.js 16+ and of bundlers, with the typed
    // client configuration from its subpath.
    fs.writeFileSync(
      path.join(app, 'typed.ts'),
      [
        "import { App, Stack } from 'aws-cdk-lib';",
        "import { AppClient, AuthProfile, AuthEmail, CognitoAuth, CustomAttribute } from 'cdk-cognito-auth';",
        "import type { ClientConfiguration } from 'cdk-cognito-auth/client-config';",
        "const stack = new Stack(new App(), 'Typed');",
        "const auth = new CognitoAuth(stack, 'Auth', {",
        '  profile: AuthProfile.PROD,',
        "  email: AuthEmail.ses({ fromEmail: 'no-reply@acme-corp.net' }),",
        '  customAttributes: { tenant_id: CustomAttribute.ofString({ mutable: false }) },',
        "  clients: { web: AppClient.web({ callbackUrls: ['https://app.acme-corp.net/cb'] }) },",
        '});',
        'const id: string = auth.userPool.userPoolId;',
        'const config: ClientConfiguration = auth.clientConfiguration;',
        'const json: string = auth.clientConfigurationJson;',
        'void [id, config.auth.user_pool_id, json];',
      ].join('\n'),
    );
    for (const [module, moduleResolution] of [
      ['node16', 'node16'],
      ['esnext', 'bundler'],
      ['commonjs', 'node10'],
    ]) {
      run(
        process.execPath,
        [
          path.join(root, 'node_modules/typescript/bin/tsc'),
          '--noEmit',
          '--strict',
          '--skipLibCheck',
          'false',
          '--module',
          module,
          '--moduleResolution',
          moduleResolution,
          '--target',
          'es2022',
          '--typeRoots',
          path.join(root, 'node_modules/@types'),
          '--types',
          'node',
          'typed.ts',
        ],
        app,
      );
    }
  }, 300_000);

  test('cognito-admin installs on its own: no aws-cdk-lib in its tree, --help runs, the library loads, local mode names what is missing', () => {
    const app = newApp(work, 'operator');
    install(app, cli.tarball);
    expect(fs.existsSync(path.join(app, 'node_modules', 'aws-cdk-lib'))).toBe(false);
    expect(fs.existsSync(path.join(app, 'node_modules', 'constructs'))).toBe(false);
    expect(fs.existsSync(path.join(app, 'node_modules', 'cdk-cognito-auth'))).toBe(false);
    const tree = JSON.parse(run('npm', ['ls', '--all', '--json'], app)) as object;
    expect(JSON.stringify(tree)).not.toMatch(/"(aws-cdk-lib|constructs|cdk-nag|cdk-cognito-auth)"/);

    const help = run(path.join(app, 'node_modules', '.bin', 'cognito-admin'), ['--help'], app);
    expect(help).toMatch(/^Usage: cognito-admin/);
    for (const group of ['users', 'groups', 'auth', 'identity', 'local'])
      expect(help).toContain(`  ${group}`);

    const admin = run(
      'node',
      [
        '-e',
        "const a = require('cognito-admin'); console.log(typeof a.importUsers, typeof a.forgotPassword, typeof a.createAdminContext)",
      ],
      app,
    );
    expect(admin.trim()).toBe('function function function');

    // Cognito's rules come with it (lib/shared, compiled in): the group name rule refuses before any call.
    const attributes = run(
      'node',
      ['-e', "console.log(require('cognito-admin').STANDARD_ATTRIBUTES.join(' '))"],
      app,
    );
    expect(attributes.trim().split(' ')).toEqual(
      expect.arrayContaining(['email', 'email_verified', 'zoneinfo']),
    );
    const badGroup = attempt(
      path.join(app, 'node_modules', '.bin', 'cognito-admin'),
      ['groups', 'create', 'two words', '--user-pool-id', 'eu-west-1_Abc', '--region', 'eu-west-1'],
      app,
    );
    expect(badGroup.code).toBe(2);
    expect(badGroup.stderr).toContain('group name "two words" is not allowed');

    const local = attempt(path.join(app, 'node_modules', '.bin', 'cognito-admin'), ['local'], app);
    expect(local.code).toBe(2);
    expect(local.stderr).toContain('npm install --save-dev cognito-local@^5.3.0');
    expect(local.stderr).not.toMatch(/\n\s+at /);
  }, 300_000);

  test('an app of its own, with both packages and cognito-local: npx cognito-admin local brings it up and its bundled pre sign-up trigger decides', async () => {
    const app = newApp(work, 'shop', { scripts: { local: 'cognito-admin local' } });
    install(
      app,
      constructs.tarball,
      cli.tarball,
      `aws-cdk-lib@${pkg.devDependencies['aws-cdk-lib']}`,
      `constructs@${pkg.devDependencies.constructs}`,
      `cognito-local@${pkg.devDependencies['cognito-local']}`,
    );
    fs.writeFileSync(path.join(app, 'cdk.json'), JSON.stringify({ app: 'node app.js' }));
    fs.writeFileSync(
      path.join(app, 'app.js'),
      [
        "const { App, Stack } = require('aws-cdk-lib');",
        "const { CognitoAuth, PreSignUp } = require('cdk-cognito-auth');",
        'const app = new App();',
        "const stack = new Stack(app, 'ShopAuth', { env: { region: 'eu-north-1' } });",
        "new CognitoAuth(stack, 'Auth', {",
        '  selfSignUpEnabled: true,',
        "  triggers: { preSignUp: PreSignUp.bundled({ deniedDomains: ['blocked.test'] }) },",
        '});',
        'app.synth();',
      ].join('\n'),
    );

    // As a shell starts a job, so that Ctrl-C (SIGINT to the job) reaches it as in a terminal.
    const local = spawn('npx', ['cognito-admin', 'local', '--port', '0', '--code', '123456', '--quiet'], {
      cwd: app,
      env: npmEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    local.stdout.on('data', (c: Buffer) => (output += c.toString()));
    local.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => local.once('close', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
          if (/Ready in/.test(output)) {
            clearInterval(timer);
            resolve();
          }
        }, 200);
        void exited.then((code) => {
          clearInterval(timer);
          reject(new Error(`cognito-admin local ended (${code}):\n${output}`));
        });
      });
      expect(output).toContain('Local mode: ShopAuth (stage dev, region eu-north-1)');
      expect(output).toMatch(/PreSignUp\s+→ AuthTriggersPreSignUpFunction/);

      // The password as a user would keep it off the command line.
      const secret = { COGNITO_ADMIN_PASSWORD: 'Corr3ct-horse!' };
      const refused = attempt(
        'npx',
        [
          'cognito-admin',
          '--config',
          '.local/outputs.json',
          'auth',
          'sign-up',
          'eve@blocked.test',
          '--attribute',
          'email=eve@blocked.test',
        ],
        app,
        secret,
      );
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^cognito-admin: refused by the user pool's PreSignUp trigger: /);
      const accepted = attempt(
        'npx',
        [
          'cognito-admin',
          '--config',
          '.local/outputs.json',
          'auth',
          'sign-up',
          'ana@welcome.test',
          '--attribute',
          'email=ana@welcome.test',
        ],
        app,
        secret,
      );
      expect(accepted).toMatchObject({ code: 0 });
      expect(accepted.stdout).toContain('ana@welcome.test signed up');
    } finally {
      process.kill(-local.pid!, 'SIGINT');
    }
    await exited;
    expect(output).toContain('SIGINT: stopping the Cognito endpoint, the emulator and the functions...');
    expect(output).toContain('Stopped. Data kept in .local/.');
  }, 600_000);
});
