/**
 * The reference app's entry point run as the CDK CLI runs it (`CDK_CLI_VERSION`, `CDK_CONTEXT_JSON`,
 * `CDK_OUTDIR` in the environment), from a folder of its own: the Region a stage deploys to, and the
 * stage's lock file.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureTriggerAssets } from '../triggers/assets';
import { recordAssemblyDir } from '../template-checks';
import { tmpDir } from '../util';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

beforeAll(ensureTriggerAssets);

/** Runs bin/app.ts in `cwd` with the context and environment given, as `cdk synth` would. */
function runApp(cwd: string, context: Record<string, string>, env: Record<string, string> = {}) {
  const outdir = path.join(cwd, 'cdk.out');
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) =>
        ![
          'AWS_REGION',
          'AWS_DEFAULT_REGION',
          'AWS_PROFILE',
          'AWS_CONFIG_FILE',
          'AWS_SHARED_CREDENTIALS_FILE',
          'CDK_DEFAULT_REGION',
          'CDK_DEFAULT_ACCOUNT',
          'CI',
        ].includes(k),
    ),
  );
  const result = spawnSync(TSX, [path.join(ROOT, 'bin', 'app.ts')], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: {
      ...clean,
      CDK_CLI_VERSION: '2.1148.1',
      CDK_CONTEXT_JSON: JSON.stringify(context),
      CDK_OUTDIR: outdir,
      ...env,
    },
  });
  const manifest = path.join(outdir, 'manifest.json');
  // The app runs in its own process: its templates join the run's checks here.
  if (result.status === 0) recordAssemblyDir(outdir);
  const environments = fs.existsSync(manifest)
    ? Object.values(
        (
          JSON.parse(fs.readFileSync(manifest, 'utf8')) as {
            artifacts: Record<string, { type: string; environment?: string }>;
          }
        ).artifacts,
      )
        .filter((a) => a.type === 'aws:cloudformation:stack')
        .map((a) => a.environment)
    : [];
  return { status: result.status, stderr: result.stderr, environments };
}

describe('the Region of a stage', () => {
  test('a shell set to another Region (its profile) is an error that names both and the ways out, on one line', () => {
    const cwd = tmpDir('entry-region');
    const config = path.join(cwd, 'aws-config');
    fs.writeFileSync(config, '[default]\nregion = us-east-1\n');
    const run = runApp(cwd, { stage: 'prod' }, { CDK_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: config });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(
      'StageError: Stage "prod" declares Region eu-west-1 (bin/stages.ts), but CDK_DEFAULT_REGION is us-east-1.',
    );
    expect(run.stderr).toContain('-c region=eu-west-1');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.environments).toEqual([]);
  }, 120_000);

  test("us-east-1 that nobody chose (the CDK CLI's fallback when no Region is configured) is no reason to stop", () => {
    const cwd = tmpDir('entry-region');
    const run = runApp(
      cwd,
      { stage: 'dev' },
      { CDK_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: path.join(cwd, 'none'), HOME: cwd },
    );
    expect(run.stderr).not.toContain('declares Region');
    expect(run.status).toBe(0);
    expect(run.environments).toEqual(['aws://unknown-account/eu-west-1']);
  }, 120_000);

  test('the declared Region wins; -c region confirms it over the shell', () => {
    const run = runApp(
      tmpDir('entry-region'),
      { stage: 'dev', region: 'eu-west-1' },
      { AWS_REGION: 'us-east-1', CDK_DEFAULT_REGION: 'us-east-1' },
    );
    expect(run.stderr).not.toContain('declares Region');
    expect(run.status).toBe(0);
    expect(run.environments).toEqual(['aws://unknown-account/eu-west-1']);
  }, 120_000);
});

describe('the lock of a stage', () => {
  test('on a fresh clone, the dev stage takes -c domainPrefix: its lock is local, not committed', () => {
    const cwd = tmpDir('entry-lock');
    const run = runApp(cwd, { stage: 'dev', domainPrefix: 'my-team-dev' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const written = JSON.parse(fs.readFileSync(path.join(cwd, 'cognito-auth.dev.lock.json'), 'utf8')) as {
      pools: Record<string, { domain: string }>;
    };
    expect(written.pools['CognitoAuth-dev/Auth'].domain).toBe('my-team-dev');
    expect(fs.existsSync(path.join(cwd, 'cognito-auth.lock.json'))).toBe(false);
    expect(fs.readFileSync(path.join(ROOT, '.gitignore'), 'utf8')).toMatch(
      /^cognito-auth\.dev\.lock\.json$/m,
    );
  }, 120_000);

  test('under CI, the dev stage (no committed lock) is written, not verified', () => {
    const cwd = tmpDir('entry-lock-ci');
    const run = runApp(cwd, { stage: 'dev' }, { CI: 'true' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  }, 120_000);
});
