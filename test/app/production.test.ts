import * as fs from 'node:fs';
import * as path from 'node:path';
import { Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { IConstruct } from 'constructs';
import {
  AwsSolutionsChecks,
  HIPAASecurityChecks,
  NIST80053R5Checks,
  PCIDSS321Checks,
  ServerlessChecks,
} from 'cdk-nag';
import { buildApp } from '../../bin/app';
import { AuthEmail, AuthProfile, CognitoAuth } from '../../lib';
import { CognitoChecks } from '../../lib/nag';
import { newStack, only, tmpDir } from '../util';

const PACKS = {
  AwsSolutions: AwsSolutionsChecks,
  CognitoChecks: CognitoChecks,
  Serverless: ServerlessChecks,
  HIPAASecurity: HIPAASecurityChecks,
  NIST80053R5: NIST80053R5Checks,
  PCIDSS321: PCIDSS321Checks,
};

function referenceStack(stage: string) {
  const { app, stack } = buildApp({ stage, outdir: tmpDir(`prod-${stage}`), checks: false });
  app.synth();
  return { app, stack };
}

describe('the prod stage passes every compliance pack', () => {
  const { app, stack } = referenceStack('prod');

  test('the logs key admits CloudWatch Logs for the two trigger log groups only, each by its exact ARN', () => {
    const keys = Template.fromStack(stack).findResources('AWS::KMS::Key');
    const key = Object.entries(keys).find(([id]) => id.startsWith('LogsKey'))![1] as {
      Properties: Record<string, unknown>;
    };
    const statements = (key.Properties.KeyPolicy as { Statement: Array<Record<string, unknown>> }).Statement;
    const forLogs = statements.filter((st) => JSON.stringify(st.Principal).includes('logs.'));
    const groups = forLogs.map((st) => {
      const arn = JSON.stringify((st.Condition as { ArnEquals: Record<string, unknown> }).ArnEquals);
      return /log-group:([^"]+)"/.exec(arn)?.[1];
    });
    expect(groups.sort()).toEqual([
      '/cognito-auth/CognitoAuth-prod/Auth/Triggers/PreSignUp',
      '/cognito-auth/CognitoAuth-prod/Auth/Triggers/PreTokenGeneration',
    ]);
    expect(JSON.stringify(key)).not.toContain('log-group:*');
    const all = Object.values(Template.fromStack(stack).findResources('AWS::Logs::LogGroup')).map(
      (g) => (g as { Properties: { LogGroupName?: string; KmsKeyId?: unknown } }).Properties,
    );
    const encrypted = all.filter((p) => p.KmsKeyId !== undefined).map((p) => p.LogGroupName);
    expect(encrypted.sort()).toEqual(groups.sort());
    // The log groups of Cognito's log delivery cannot be KMS-encrypted (Cognito refuses them).
    const delivery = all.filter((p) => p.KmsKeyId === undefined).map((p) => p.LogGroupName);
    // User activity goes to the KMS-encrypted bucket instead.
    expect(delivery.sort()).toEqual([
      expect.stringMatching(/^\/aws\/vendedlogs\/cognito\/.+\/user-notification$/),
    ]);
  });

  test('user activity goes to an S3 bucket encrypted with a rotated customer-managed key', () => {
    const template = Template.fromStack(stack);
    const config = only(template, 'AWS::Cognito::LogDeliveryConfiguration').Properties as {
      LogConfigurations: Array<{ EventSource: string; S3Configuration?: { BucketArn: unknown } }>;
    };
    const activity = config.LogConfigurations.find((c) => c.EventSource === 'userAuthEvents');
    expect(JSON.stringify(activity?.S3Configuration?.BucketArn)).toContain('ActivityLogsBucket');
    const buckets = template.findResources('AWS::S3::Bucket');
    const [, bucket] = Object.entries(buckets).find(([id]) => id.startsWith('ActivityLogsBucket'))! as [
      string,
      { Properties: { BucketEncryption: unknown; VersioningConfiguration: unknown } },
    ];
    expect(JSON.stringify(bucket.Properties.BucketEncryption)).toContain('aws:kms');
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    template.hasResourceProperties('AWS::KMS::Key', {
      Description: 'Encrypts the user-activity logs of the Cognito user pool',
      EnableKeyRotation: true,
    });
  });

  test('risk actions: compromised credentials blocked, MFA and a notice on medium and high risk', () => {
    const risk = only(Template.fromStack(stack), 'AWS::Cognito::UserPoolRiskConfigurationAttachment')
      .Properties as {
      CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: string } };
      AccountTakeoverRiskConfiguration: { Actions: Record<string, { EventAction: string; Notify: boolean }> };
    };
    expect(risk.CompromisedCredentialsRiskConfiguration.Actions.EventAction).toBe('BLOCK');
    expect(risk.AccountTakeoverRiskConfiguration.Actions).toEqual({
      LowAction: { EventAction: 'NO_ACTION', Notify: false },
      MediumAction: { EventAction: 'MFA_IF_CONFIGURED', Notify: true },
      HighAction: { EventAction: 'MFA_REQUIRED', Notify: true },
    });
  });

  test('the portal client propagates user context data; web and portal link the terms', () => {
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ClientName: Match.stringLikeRegexp('portal'),
      GenerateSecret: true,
      EnablePropagateAdditionalUserContextData: true,
    });
    template.resourceCountIs('AWS::Cognito::Terms', 4);
  });

  test.each(Object.keys(PACKS))('%s: no unacknowledged finding', (name) => {
    const Pack = PACKS[name as keyof typeof PACKS];
    const report = new Pack(app).validateScope(stack);
    expect(
      report.violations.map(
        (v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
      ),
    ).toEqual([]);
  });

  test('every acknowledgement carries a reason a reviewer can read', () => {
    const acknowledgements: Array<[string, string, string]> = [];
    const visit = (c: IConstruct) => {
      for (const entry of c.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
          acknowledgements.push([c.node.path, id, reason]);
        }
      }
      c.node.children.forEach(visit);
    };
    visit(stack);
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const [, id, reason] of acknowledgements) {
      expect({ id, long: reason.trim().length >= 60 }).toEqual({ id, long: true });
    }
  });

  test('federation: a social and a SAML provider, the Google secret read from Secrets Manager, offered by the web client', () => {
    const template = Template.fromStack(stack);
    const providers = Object.values(template.findResources('AWS::Cognito::UserPoolIdentityProvider')).map(
      (r) => (r as { Properties: Record<string, unknown> }).Properties,
    );
    expect(providers.map((p) => p.ProviderType).sort()).toEqual(['Google', 'SAML']);
    const googleDetails = providers.find((p) => p.ProviderType === 'Google')!.ProviderDetails as Record<
      string,
      string
    >;
    expect(googleDetails.client_secret).toBe(
      '{{resolve:secretsmanager:cca-reference/prod/google:SecretString:clientSecret::}}',
    );
    const saml = providers.find((p) => p.ProviderType === 'SAML')!.ProviderDetails as Record<string, string>;
    expect(saml.MetadataURL).toMatch(/^https:\/\//);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      SupportedIdentityProviders: ['COGNITO', 'Google', 'Workforce'],
    });
  });
});

test('the dev stage passes AwsSolutions and CognitoChecks', () => {
  const { app, stack } = referenceStack('dev');
  for (const Pack of [AwsSolutionsChecks, CognitoChecks]) {
    expect(new Pack(app).validateScope(stack).violations).toEqual([]);
  }
});

/**
 * AWS Security Hub's Cognito controls, checked on the template the way their AWS Config rules check the
 * deployed pool: on the reference prod stack and on a bare `CognitoAuth` with the prod profile.
 */
describe.each([
  ['the reference prod stack', () => referenceStack('prod').stack],
  [
    'CognitoAuth with the prod profile',
    (): Stack => {
      const stack = newStack();
      new CognitoAuth(stack, 'Auth', {
        profile: AuthProfile.PROD,
        email: AuthEmail.ses({ fromEmail: 'no-reply@acme-corp.net' }),
      });
      return stack;
    },
  ],
])('Security Hub Cognito controls: %s', (_name, build) => {
  const template = Template.fromStack(build());
  const pool = only(template, 'AWS::Cognito::UserPool').Properties as Record<string, Record<string, unknown>>;

  test('Cognito.1: threat protection in full-function (ENFORCED) mode for standard authentication', () => {
    expect(pool.UserPoolAddOns.AdvancedSecurityMode).toBe('ENFORCED');
    expect(pool.UserPoolTier).toBe('PLUS');
  });

  test('Cognito.2: the identity pool allows no unauthenticated identities', () => {
    template.hasResourceProperties('AWS::Cognito::IdentityPool', { AllowUnauthenticatedIdentities: false });
  });

  test('Cognito.3: passwords of at least 8 characters with all four character classes; temporary passwords valid at most 7 days', () => {
    const policy = pool.Policies.PasswordPolicy as Record<string, number | boolean>;
    expect(policy.MinimumLength).toBeGreaterThanOrEqual(8);
    expect(policy).toMatchObject({
      RequireLowercase: true,
      RequireUppercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
    });
    expect(policy.TemporaryPasswordValidityDays).toBeLessThanOrEqual(7);
  });

  test('Cognito.4: threat protection in full-function (ENFORCED) mode for custom authentication', () => {
    expect(pool.UserPoolAddOns.AdvancedSecurityAdditionalFlows).toEqual({ CustomAuthMode: 'ENFORCED' });
  });

  test('Cognito.5: MFA is required (ON) unless one-time-code sign-in needs it optional', () => {
    // The control's AWS Config rule checks only pools with a PASSWORD-only sign-in policy
    // (https://docs.aws.amazon.com/config/latest/developerguide/cognito-user-pool-mfa-enabled.html). A pool with
    // one-time-code sign-in has optional MFA (Cognito offers codes only to users without MFA), and threat
    // protection then asks for MFA on medium and high risk.
    const factors = (pool.Policies.SignInPolicy as { AllowedFirstAuthFactors?: string[] } | undefined)
      ?.AllowedFirstAuthFactors ?? ['PASSWORD'];
    if (!factors.includes('EMAIL_OTP') && !factors.includes('SMS_OTP')) {
      expect(pool.MfaConfiguration).toBe('ON');
      return;
    }
    expect(pool.MfaConfiguration).toBe('OPTIONAL');
    const risk = only(template, 'AWS::Cognito::UserPoolRiskConfigurationAttachment').Properties as {
      AccountTakeoverRiskConfiguration: { Actions: Record<string, { EventAction: string }> };
    };
    const actions = risk.AccountTakeoverRiskConfiguration.Actions;
    expect(actions.MediumAction.EventAction).toMatch(/^MFA_|BLOCK/);
    expect(actions.HighAction.EventAction).toMatch(/^MFA_|BLOCK/);
  });

  test('Cognito.6: deletion protection is active', () => {
    expect(pool.DeletionProtection).toBe('ACTIVE');
  });
});

test('the prod profile warns when threat protection only audits (Cognito.1, Cognito.4)', () => {
  const stack = newStack();
  new CognitoAuth(stack, 'Auth', {
    profile: AuthProfile.PROD,
    email: AuthEmail.ses({ fromEmail: 'no-reply@acme-corp.net' }),
    threatProtection: { custom: cognito.CustomThreatProtectionMode.AUDIT_ONLY },
  });
  Annotations.fromStack(stack).hasWarning(
    '/TestStack/Auth',
    Match.stringLikeRegexp('risky sign-ins are only reported, not blocked .*Cognito\\.4'),
  );
});

test('the committed lock file matches the prod stage of the reference app (dev keeps its lock local)', () => {
  const file = path.join(__dirname, '../../cognito-auth.lock.json');
  const recorded = Object.keys((JSON.parse(fs.readFileSync(file, 'utf8')) as { pools: object }).pools);
  expect(recorded).toEqual(['CognitoAuth-prod/Auth']);
  for (const stage of ['prod']) {
    const { app } = buildApp({
      stage,
      outdir: tmpDir(`lock-${stage}`),
      checks: false,
      context: { 'cognito-auth:lock-file': file, 'cognito-auth:lock': 'verify' },
    });
    expect(() => app.synth()).not.toThrow();
  }
});
