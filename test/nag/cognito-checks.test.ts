import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { AppClient, AuthDomain, AuthEmail, AuthProfile, CognitoAuth } from '../../lib';
import { COGNITO_RULES, CognitoChecks } from '../../lib/nag';
import { tmpDir } from '../util';
import { findings, stack } from './helpers';

describe('the CognitoChecks pack', () => {
  test('has one rule per file of lib/nag/rules, reported as CognitoChecks-<rule>', () => {
    const files = fs
      .readdirSync(path.join(__dirname, '../../lib/nag/rules'))
      .filter((f) => f.endsWith('.ts'));
    expect(COGNITO_RULES).toHaveLength(files.length);
    expect(new CognitoChecks().ruleIds).toEqual(COGNITO_RULES.map((r) => `CognitoChecks-${r.id}`));
    for (const file of files)
      expect(fs.existsSync(path.join(__dirname, file.replace(/\.ts$/, '.test.ts')))).toBe(true);
  });

  test('the main entry point loads without cdk-nag; the nag entry point brings it', () => {
    const count = (entry: string) =>
      execFileSync(
        process.execPath,
        [
          '--import',
          'tsx',
          '-e',
          `require(${JSON.stringify(entry)}); console.log(Object.keys(require.cache).filter((k) => k.includes('/node_modules/cdk-nag/')).length)`,
        ],
        { cwd: path.join(__dirname, '../..'), encoding: 'utf8' },
      ).trim();
    expect(count('./lib')).toBe('0');
    expect(Number(count('./lib/nag'))).toBeGreaterThan(0);
  });

  test('as a validation plugin of the app, a finding fails synth and an acknowledgement with a reason clears it', () => {
    const build = (acknowledge: boolean) => {
      const outdir = tmpDir('nag-plugin');
      const app = new App({ outdir });
      Validations.of(app).addPlugins(new CognitoChecks(app));
      const s = new Stack(app, 'Checked');
      const pool = new cognito.CfnUserPool(s, 'Pool', {
        usernameConfiguration: { caseSensitive: true },
        userPoolTags: { 'cognito-auth:stage': 'dev' },
      });
      if (acknowledge) {
        Validations.of(pool).acknowledge({
          id: 'CognitoChecks-CaseSensitiveSignIn',
          reason: 'Usernames of the legacy directory differ by case only; migrated as they are',
        });
      }
      return { app, outdir };
    };
    const failing = build(false);
    expect(() => failing.app.synth()).toThrow();
    const report = fs.readFileSync(path.join(failing.outdir, 'validation-report.json'), 'utf8');
    expect(report).toContain('CognitoChecks-CaseSensitiveSignIn');
    expect(() => build(true).app.synth()).not.toThrow();
  });

  test('a CognitoAuth pool passes with no finding, in the dev and in the prod profile', () => {
    const s = stack();
    new CognitoAuth(s, 'Dev', {
      clients: { web: AppClient.web({ callbackUrls: ['http://localhost:3000/cb'] }) },
      domain: AuthDomain.cognitoPrefix('acme-dev'),
      outputs: { prefix: 'Dev' },
    });
    new CognitoAuth(s, 'Prod', {
      profile: AuthProfile.PROD,
      email: AuthEmail.ses({ fromEmail: 'no-reply@acme-corp.net' }),
      clients: { web: AppClient.web({ callbackUrls: ['https://shop.acme-corp.net/cb'] }) },
      domain: AuthDomain.cognitoPrefix('acme-shop'),
      groups: [
        { name: 'admins', precedence: 0 },
        { name: 'staff', precedence: 1 },
      ],
    });
    expect(findings(s)).toEqual([]);
  });
});
