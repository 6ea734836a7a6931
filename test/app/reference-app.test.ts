import * as fs from 'node:fs';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildApp } from '../../bin/app';
import { cfnLintAssembly, cfnLintAvailable } from '../template-checks';
import { tmpDir } from '../util';

describe.each(['dev', 'prod'])('reference app, %s stage', (stage) => {
  test('cdk-nag AwsSolutions reports no unacknowledged finding', () => {
    const { app, stack } = buildApp({ stage, outdir: tmpDir(`ref-${stage}`) });
    const report = new AwsSolutionsChecks(app).validateScope(stack);
    expect(report.violations.map((v) => `${v.ruleName}: ${v.description}`)).toEqual([]);
    expect(report.success).toBe(true);
  });

  test('synthesizes the cloud assembly with an empty validation report', () => {
    const outdir = tmpDir(`ref-asm-${stage}`);
    const { app } = buildApp({ stage, outdir });
    const assembly = app.synth();
    expect(assembly.getStackByName(`CognitoAuth-${stage}`).template.Resources).toBeDefined();
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: Array<{ conclusion?: string; violations?: unknown[] }>;
    };
    for (const plugin of report.pluginReports) expect(plugin.violations ?? []).toEqual([]);
    if (!cfnLintAvailable()) {
      console.warn('cfn-lint is not on the PATH: skipping the cfn-lint check of the reference app');
      return;
    }
    expect(cfnLintAssembly(outdir)).toEqual([]);
  });

  test('has two groups with roles, web and machine clients, a resource server, a domain and the identity pool', () => {
    const { stack } = buildApp({ stage, outdir: tmpDir(`ref-tpl-${stage}`) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Cognito::UserPoolGroup', 2);
    for (const group of Object.values(template.findResources('AWS::Cognito::UserPoolGroup'))) {
      expect((group as { Properties: { RoleArn?: unknown } }).Properties.RoleArn).toBeDefined();
    }
    template.resourceCountIs('AWS::Cognito::UserPoolResourceServer', 1);
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    template.resourceCountIs('AWS::Cognito::IdentityPool', 1);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', { AllowedOAuthFlows: ['code'] });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['client_credentials'],
    });
    const passwordClients = Object.values(template.findResources('AWS::Cognito::UserPoolClient')).filter(
      (c) => JSON.stringify(c).includes('ALLOW_USER_PASSWORD_AUTH'),
    );
    expect(passwordClients).toHaveLength(stage === 'dev' ? 1 : 0);
  });
});

test('an unknown stage is refused with the list of stages', () => {
  expect(() => buildApp({ stage: 'qa', outdir: tmpDir('ref-qa') })).toThrow(
    /Unknown stage "qa"; use -c stage=dev\|prod/,
  );
});

test('context overrides the stage configuration', () => {
  const { stack } = buildApp({
    stage: 'dev',
    outdir: tmpDir('ref-ctx'),
    context: { domainPrefix: 'team-blue-dev', callbackUrl: 'https://blue.acme-corp.net/cb' },
  });
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'team-blue-dev' });
  template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
    CallbackURLs: ['https://blue.acme-corp.net/cb'],
  });
});
