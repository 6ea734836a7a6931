/**
 * The reference app under the real CDK CLI (`npx cdk synth`, as the README says), on a machine with no AWS
 * configuration: a bad context value is one line naming the construct, not a Node.js stack trace; a good
 * synth needs no Region and prints no feature-flag notice; and with cdk.json's feature flags (those
 * `cdk init` sets) every stage passes its checks.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildApp } from '../../bin/app';
import { ensureTriggerAssets } from '../triggers/assets';
import { recordAssemblyDir } from '../template-checks';
import { tmpDir } from '../util';

const ROOT = path.resolve(__dirname, '..', '..');

beforeAll(ensureTriggerAssets);

/** Runs `npx cdk synth <args>` in the repository as a user with no AWS configuration would. */
function cdkSynth(args: readonly string[]): Promise<{ code: number | null; stderr: string; outdir: string }> {
  const dir = tmpDir('cdk-cli');
  const home = path.join(dir, 'home');
  fs.mkdirSync(home);
  const outdir = path.join(dir, 'cdk.out');
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(AWS_|CDK_|npm_|CI$)/.test(k) || k === 'AWS_CA_BUNDLE'),
  );
  return new Promise((resolve, reject) => {
    const child = spawn(
      'npx',
      // The stage's lock goes to the test's folder, not beside cdk.json.
      ['cdk', 'synth', '-o', outdir, '-c', `cognito-auth:lock-file=${path.join(dir, 'lock.json')}`, ...args],
      { cwd: ROOT, env: { ...env, HOME: home }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      // The CLI's synth runs in its own process: its templates join the run's checks here.
      if (code === 0) recordAssemblyDir(outdir);
      resolve({ code, stderr, outdir });
    });
  });
}

describe('npx cdk synth of the reference app', () => {
  test('a bad context value prints the CognitoAuthError alone, with the construct path, and fails', async () => {
    const run = await cdkSynth(['-c', 'domainPrefix=aws-login']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(
      /^CognitoAuthError: CognitoAuth-dev\/Auth: domain\.prefix "aws-login" contains the reserved word "aws"; Cognito refuses prefixes containing aws, amazon, cognito$/m,
    );
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stderr).not.toContain('throw new');
    expect(fs.existsSync(path.join(run.outdir, 'CognitoAuth-dev.template.json'))).toBe(false);
  }, 120_000);

  test('an unknown stage is one line that lists the stages', async () => {
    const run = await cdkSynth(['-c', 'stage=qa']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(
      /^StageError: Unknown stage "qa"; use -c stage=dev\|prod \(stages are defined in bin\/stages\.ts\)$/m,
    );
    expect(run.stderr).not.toMatch(/^\s+at /m);
  }, 120_000);

  test("with no AWS Region configured anywhere (the CLI's us-east-1 fallback), the dev stage synthesizes in its own Region, with no feature-flag notice", async () => {
    const run = await cdkSynth(['-c', 'stage=dev']);
    expect(run.stderr).not.toContain('declares Region');
    expect(run.stderr).not.toMatch(/feature flags are not configured/);
    expect(run.code).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(run.outdir, 'manifest.json'), 'utf8')) as {
      artifacts: Record<string, { environment?: string }>;
    };
    expect(manifest.artifacts['CognitoAuth-dev'].environment).toBe('aws://unknown-account/eu-west-1');
  }, 180_000);
});

describe("cdk.json's feature flags (the ones cdk init sets)", () => {
  const context = (
    JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }
  ).context;
  const flags = Object.fromEntries(Object.entries(context).filter(([k]) => k.startsWith('@aws-cdk')));

  test('are set, including those that change how secrets and partitions are written', () => {
    expect(flags).toMatchObject({
      '@aws-cdk/core:checkSecretUsage': true,
      '@aws-cdk/core:enablePartitionLiterals': true,
      '@aws-cdk/aws-iam:minimizePolicies': true,
    });
  });

  test.each(['dev', 'prod'])(
    'the %s stage synthesizes under them with every check passing (secrets inspected, acknowledgments matching)',
    (stage) => {
      const outdir = tmpDir(`flags-${stage}`);
      const { app } = buildApp({ stage, outdir, context: flags as Record<string, string> });
      expect(() => app.synth()).not.toThrow();
      const report = path.join(outdir, 'validation-report.json');
      const failed = fs.existsSync(report)
        ? (
            JSON.parse(fs.readFileSync(report, 'utf8')) as { pluginReports: Array<{ conclusion: string }> }
          ).pluginReports.filter((r) => r.conclusion !== 'success')
        : [];
      expect(failed).toEqual([]);
    },
    120_000,
  );
});
