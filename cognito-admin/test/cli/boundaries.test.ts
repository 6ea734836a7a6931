/**
 * The CLI, the admin library and local mode never load aws-cdk-lib, constructs, cdk-nag, the constructs
 * of this repository or the reference app: cognito-admin is compiled as it is published, and every
 * module a plain Node.js process requires while it prints the help, loads the library and runs local
 * mode (on a small cloud assembly) is recorded.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PACKAGE, REPO, tempDir } from '../admin/helpers';

let dir: string;
let dist: string;

beforeAll(() => {
  dir = tempDir('boundaries');
  dist = path.join(dir, 'dist');
  execFileSync(
    process.execPath,
    [
      path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      path.join(PACKAGE, 'tsconfig.build.json'),
      '--outDir',
      dist,
    ],
    { stdio: 'pipe' },
  );
}, 120_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A cloud assembly with one stack: a pool made by CognitoAuth (its stage tag) and a client. */
function smallAssembly(): string {
  const assembly = path.join(dir, 'assembly');
  fs.mkdirSync(assembly, { recursive: true });
  fs.writeFileSync(
    path.join(assembly, 'manifest.json'),
    JSON.stringify({
      version: '36.0.0',
      artifacts: {
        Small: {
          type: 'aws:cloudformation:stack',
          environment: 'aws://unknown-account/eu-west-1',
          properties: { templateFile: 'Small.template.json' },
        },
      },
    }),
  );
  fs.writeFileSync(
    path.join(assembly, 'Small.template.json'),
    JSON.stringify({
      Resources: {
        Pool: {
          Type: 'AWS::Cognito::UserPool',
          Properties: { UserPoolTags: { 'cognito-auth:stage': 'dev' } },
        },
        Client: {
          Type: 'AWS::Cognito::UserPoolClient',
          Properties: { UserPoolId: { Ref: 'Pool' }, ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] },
        },
      },
    }),
  );
  return assembly;
}

test('help, the admin library and a whole local mode run load nothing of the CDK or the constructs', () => {
  const src = path.join(dist, 'cognito-admin', 'src');
  const script = `
    const Module = require('node:module');
    const requested = new Set();
    const load = Module._load;
    Module._load = function (request, parent, isMain) {
      const file = (() => { try { return Module._resolveFilename(request, parent, isMain); } catch { return request; } })();
      requested.add(file);
      return load.apply(this, arguments);
    };
    (async () => {
      const log = console.log;
      console.log = () => undefined;
      await require(${JSON.stringify(path.join(src, 'cli', 'program.js'))}).main(['node', 'cognito-admin', '--help']);
      const admin = require(${JSON.stringify(path.join(src, 'admin', 'index.js'))});
      if (typeof admin.importUsers !== 'function') throw new Error('no importUsers');
      const { startLocal } = require(${JSON.stringify(path.join(src, 'local', 'start-local.js'))});
      const local = await startLocal({
        assemblyDir: ${JSON.stringify(smallAssembly())},
        dir: ${JSON.stringify(path.join(dir, 'local'))},
        port: 0,
        quiet: true,
      });
      const pool = local.pools[0].id;
      await local.stop();
      console.log = log;
      console.log(JSON.stringify({ pool, requested: [...requested] }));
    })().catch((e) => { console.error(e); process.exit(1); });
  `;
  const out = execFileSync(process.execPath, ['-e', script], {
    cwd: REPO,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    encoding: 'utf8',
  });
  const { pool, requested } = JSON.parse(out.trim().split('\n').pop()!) as {
    pool: string;
    requested: string[];
  };
  expect(pool).toMatch(/^local_/);
  // It did load what it needs (the proof that the record works)...
  expect(
    requested.some((f) =>
      f.includes(`${path.sep}@aws-sdk${path.sep}client-cognito-identity-provider${path.sep}`),
    ),
  ).toBe(true);
  expect(requested.some((f) => f.includes(`${path.sep}commander${path.sep}`))).toBe(true);
  // ...and nothing of the CDK, the constructs or the reference app.
  const forbidden = requested.filter(
    (f) =>
      /[\\/]node_modules[\\/](aws-cdk-lib|constructs|cdk-nag|aws-cdk)[\\/]/.test(f) ||
      /^(aws-cdk-lib|constructs|cdk-nag)(\/|$)/.test(f) ||
      (f.startsWith(path.join(dist, 'lib')) &&
        !['client-config.js', 'metadata.js'].includes(path.basename(f)) &&
        !f.includes(`${path.sep}shared${path.sep}`)) ||
      f.startsWith(path.join(REPO, 'lib') + path.sep) ||
      f.startsWith(path.join(REPO, 'bin') + path.sep),
  );
  expect(forbidden).toEqual([]);
}, 120_000);
