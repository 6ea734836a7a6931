import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  AppClient,
  AuthEmail,
  AuthProfile,
  CognitoAuth,
  CognitoAuthError,
  CognitoAuthProps,
  CompromisedCredentialsAction,
  CompromisedCredentialsEvent,
  MachineClientOptions,
  RiskAction,
} from '../../lib';
import { CognitoChecks } from '../../lib/nag';
import { expectDeployable } from '../template-checks';
import { newStack, only, synth, synthError, tmpDir } from '../util';

const ses = AuthEmail.ses({ fromEmail: 'no-reply@acme-corp.net', replyTo: 'help@acme-corp.net' });
const prod: CognitoAuthProps = { profile: AuthProfile.PROD, email: ses };
const plus: CognitoAuthProps = {
  featurePlan: cognito.FeaturePlan.PLUS,
  email: ses,
  threatProtection: { standard: cognito.StandardThreatProtectionMode.FULL_FUNCTION },
};

describe('threat protection actions', () => {
  test('prod: block compromised credentials, MFA on medium and high risk, notify through SES, for every client', () => {
    const { template, auth } = synth(prod);
    const risk = only(template, 'AWS::Cognito::UserPoolRiskConfigurationAttachment').Properties;
    expect(risk.ClientId).toBe('ALL');
    expect(risk.CompromisedCredentialsRiskConfiguration).toEqual({ Actions: { EventAction: 'BLOCK' } });
    const takeover = risk.AccountTakeoverRiskConfiguration as Record<string, Record<string, unknown>>;
    expect(takeover.Actions).toEqual({
      LowAction: { EventAction: 'NO_ACTION', Notify: false },
      MediumAction: { EventAction: 'MFA_IF_CONFIGURED', Notify: true },
      HighAction: { EventAction: 'MFA_REQUIRED', Notify: true },
    });
    expect(JSON.stringify(Stack.of(auth).resolve(takeover.NotifyConfiguration.SourceArn))).toContain(
      ':ses:eu-west-1:123456789012:identity/no-reply@acme-corp.net',
    );
    expect(takeover.NotifyConfiguration.ReplyTo).toBe('help@acme-corp.net');
    expect(auth.riskConfiguration).toBeDefined();
  });

  test('dev: none; a pool on Plus with threat protection takes given actions, events and IP lists', () => {
    synth().template.resourceCountIs('AWS::Cognito::UserPoolRiskConfigurationAttachment', 0);
    const { template } = synth({
      ...plus,
      threatProtection: {
        standard: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
        compromisedCredentials: {
          action: CompromisedCredentialsAction.BLOCK,
          events: [CompromisedCredentialsEvent.SIGN_IN],
        },
        adaptiveAuthentication: {
          high: { action: RiskAction.BLOCK, notify: true },
          notifications: {
            fromAddress: 'security@acme-corp.net',
            blockEmail: { subject: 'Sign-in blocked', textBody: 'We blocked a sign-in.' },
          },
        },
        alwaysAllowIpRanges: ['203.0.113.0/24'],
        alwaysBlockIpRanges: ['198.51.100.7/32', '2001:db8::/32'],
      },
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolRiskConfigurationAttachment', {
      CompromisedCredentialsRiskConfiguration: {
        Actions: { EventAction: 'BLOCK' },
        EventFilter: ['SIGN_IN'],
      },
      AccountTakeoverRiskConfiguration: {
        Actions: { HighAction: { EventAction: 'BLOCK', Notify: true } },
        NotifyConfiguration: Match.objectLike({
          From: 'security@acme-corp.net',
          BlockEmail: { Subject: 'Sign-in blocked', TextBody: 'We blocked a sign-in.' },
        }),
      },
      RiskExceptionConfiguration: {
        SkippedIPRangeList: ['203.0.113.0/24'],
        BlockedIPRangeList: ['198.51.100.7/32', '2001:db8::/32'],
      },
    });
  });

  test('prod with e-mail codes: MFA optional, COG2 acknowledged because risky sign-ins must pass MFA', () => {
    const app = new App({ outdir: tmpDir('cdk-out') });
    const stack = new Stack(app, 'Otp', { env: { account: '123456789012', region: 'eu-west-1' } });
    new CognitoAuth(stack, 'Auth', { ...prod, signInFactors: { emailOtp: true } });
    const report = new AwsSolutionsChecks(stack).validateScope(stack);
    const cog2 = report.violations.filter((v) => v.ruleName === 'AwsSolutions-COG2');
    expect(cog2).toEqual([]);
    const warnings = Annotations.fromStack(stack)
      .findWarning('*', Match.anyValue())
      .map((w) => String(w.entry.data));
    expect(warnings.join('\n')).not.toMatch(/prod-mfa|users can sign in with a password alone/);

    // Without actions that ask for MFA there is no acknowledgement.
    const other = new Stack(new App({ outdir: tmpDir('cdk-out') }), 'Otp2', {
      env: { account: '123456789012', region: 'eu-west-1' },
    });
    new CognitoAuth(other, 'Auth', {
      ...prod,
      signInFactors: { emailOtp: true },
      threatProtection: { adaptiveAuthentication: { high: { action: RiskAction.ALLOW } } },
    });
    const again = new AwsSolutionsChecks(other).validateScope(other);
    expect(again.violations.filter((v) => v.ruleName === 'AwsSolutions-COG2').length).toBe(1);
  });

  test.each<[string, CognitoAuthProps, RegExp]>([
    [
      'actions on Essentials',
      { threatProtection: { adaptiveAuthentication: { high: { action: RiskAction.BLOCK } } } },
      /threatProtection\.adaptiveAuthentication needs threat protection, which the ESSENTIALS feature plan lacks/,
    ],
    [
      'actions with threat protection off',
      {
        featurePlan: cognito.FeaturePlan.PLUS,
        threatProtection: {
          standard: cognito.StandardThreatProtectionMode.NO_ENFORCEMENT,
          compromisedCredentials: { action: CompromisedCredentialsAction.BLOCK },
        },
      },
      /threatProtection\.compromisedCredentials is set but threatProtection\.standard is "OFF"; Cognito accepts a risk configuration only while threat protection runs/,
    ],
    [
      "notifications with Cognito's sender",
      {
        ...plus,
        email: AuthEmail.cognito(),
        threatProtection: {
          standard: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
          adaptiveAuthentication: { high: { action: RiskAction.BLOCK, notify: true } },
        },
      },
      /threatProtection\.adaptiveAuthentication\.high\.notify is true but e-mail is sent by Cognito; risk notifications are sent through Amazon SES/,
    ],
    [
      'a sender that is not an e-mail address',
      {
        ...plus,
        threatProtection: {
          standard: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
          adaptiveAuthentication: { notifications: { fromAddress: 'security at acme' } },
        },
      },
      /threatProtection\.adaptiveAuthentication\.notifications\.fromAddress "security at acme"/,
    ],
    [
      'a range that is not CIDR',
      {
        ...plus,
        threatProtection: { ...plus.threatProtection, alwaysBlockIpRanges: ['10.0.0.0/8', '10.0.0.0/33'] },
      },
      /threatProtection\.alwaysBlockIpRanges\[1\] "10\.0\.0\.0\/33" is not an IPv4 or IPv6 CIDR range/,
    ],
    [
      'blocking every address',
      { ...plus, threatProtection: { ...plus.threatProtection, alwaysBlockIpRanges: ['0.0.0.0/0'] } },
      /threatProtection\.alwaysBlockIpRanges\[0\] "0\.0\.0\.0\/0" covers every address, which blocks every sign-in/,
    ],
    [
      'a range twice',
      {
        ...plus,
        threatProtection: {
          ...plus.threatProtection,
          alwaysAllowIpRanges: ['203.0.113.0/24', '203.0.113.0/24'],
        },
      },
      /threatProtection\.alwaysAllowIpRanges\[1\] "203\.0\.113\.0\/24" repeats threatProtection\.alwaysAllowIpRanges\[0\]/,
    ],
    [
      '201 ranges',
      {
        ...plus,
        threatProtection: {
          ...plus.threatProtection,
          alwaysAllowIpRanges: Array.from(
            { length: 201 },
            (_, i) => `10.0.${Math.floor(i / 256)}.${i % 256}/32`,
          ),
        },
      },
      /threatProtection\.alwaysAllowIpRanges has 201 ranges; at most 200/,
    ],
    [
      'a notification e-mail without a body',
      {
        ...plus,
        threatProtection: {
          ...plus.threatProtection,
          adaptiveAuthentication: { notifications: { mfaEmail: { subject: 'Check your sign-in' } } },
        },
      },
      /threatProtection\.adaptiveAuthentication\.notifications\.mfaEmail has neither htmlBody nor textBody/,
    ],
  ])('refused: %s', (_name, props, message) => {
    const error = synthError(props);
    expect(error).toBeInstanceOf(CognitoAuthError);
    expect(error.message).toMatch(message);
  });

  test('warnings: actions in audit-only mode, MFA required at a risk level with MFA off', () => {
    const stack = newStack();
    new CognitoAuth(stack, 'Auth', {
      ...plus,
      mfa: { mode: cognito.Mfa.OFF },
      threatProtection: {
        standard: cognito.StandardThreatProtectionMode.AUDIT_ONLY,
        adaptiveAuthentication: { high: { action: RiskAction.MFA_REQUIRED } },
      },
    });
    const text = Annotations.fromStack(stack)
      .findWarning('*', Match.anyValue())
      .map((w) => String(w.entry.data))
      .join('\n');
    expect(text).toMatch(/its actions apply only in full-function \(ENFORCED\) mode/);
    expect(text).toMatch(/high\.action MFA_REQUIRED with mfa\.mode OFF blocks every high-risk sign-in/);
  });

  test('the prod template passes cfn-lint and aws-cdk-lib template validation', () => {
    const outdir = tmpDir('cdk-out');
    const app = new App({ outdir });
    const stack = new Stack(app, 'Risk', { env: { account: '123456789012', region: 'eu-west-1' } });
    new CognitoAuth(stack, 'Auth', {
      ...prod,
      threatProtection: {
        alwaysAllowIpRanges: ['203.0.113.0/24'],
        adaptiveAuthentication: {
          medium: { action: RiskAction.MFA_IF_CONFIGURED, notify: true },
          high: { action: RiskAction.BLOCK, notify: true },
          notifications: { blockEmail: { subject: 'Blocked', htmlBody: '<p>Blocked</p>' } },
        },
      },
    });
    app.synth();
    expectDeployable(outdir);
  });
});

describe('per-client risk configuration', () => {
  const clientRisk: CognitoAuthProps = {
    ...plus,
    threatProtection: {
      standard: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      compromisedCredentials: { action: CompromisedCredentialsAction.BLOCK },
      alwaysAllowIpRanges: ['203.0.113.0/24'],
    },
    clients: {
      web: AppClient.web(),
      admin: AppClient.server({
        callbackUrls: ['https://admin.acme-corp.net/callback'],
        threatProtection: {
          adaptiveAuthentication: {
            medium: { action: RiskAction.MFA_REQUIRED, notify: true },
            high: { action: RiskAction.BLOCK, notify: true },
          },
          alwaysBlockIpRanges: ['198.51.100.0/24'],
        },
      }),
    },
  };

  test("a second attachment with the client's id; the pool's keeps its id; unset settings come from the pool", () => {
    const { template, stack } = synth(clientRisk);
    const attachments = template.findResources('AWS::Cognito::UserPoolRiskConfigurationAttachment');
    expect(Object.keys(attachments).sort()).toEqual([
      expect.stringMatching(/^AuthRiskConfiguration[0-9A-F]{8}$/),
      expect.stringMatching(/^AuthRiskConfigurationadmin[0-9A-F]{8}$/),
    ]);
    // The pool's attachment keeps the logical id it has without per-client configurations.
    const alone = synth({ ...clientRisk, clients: { web: AppClient.web() } }).template;
    const poolId = Object.keys(alone.findResources('AWS::Cognito::UserPoolRiskConfigurationAttachment'));
    expect(poolId).toHaveLength(1);
    expect(attachments[poolId[0]]).toBeDefined();
    const pool = Object.entries(attachments).find(([id]) => !id.includes('admin'))![1].Properties;
    expect(pool.ClientId).toBe('ALL');
    expect(pool.AccountTakeoverRiskConfiguration).toBeUndefined();
    const admin = Object.entries(attachments).find(([id]) => id.includes('admin'))![1].Properties;
    const adminClient = Object.keys(
      template.findResources('AWS::Cognito::UserPoolClient', { Properties: { ClientName: 'Auth-admin' } }),
    )[0];
    expect(admin.ClientId).toEqual({ Ref: adminClient });
    expect(admin.CompromisedCredentialsRiskConfiguration).toEqual({ Actions: { EventAction: 'BLOCK' } });
    expect(admin.AccountTakeoverRiskConfiguration.Actions).toEqual({
      MediumAction: { EventAction: 'MFA_REQUIRED', Notify: true },
      HighAction: { EventAction: 'BLOCK', Notify: true },
    });
    expect(
      JSON.stringify(stack.resolve(admin.AccountTakeoverRiskConfiguration.NotifyConfiguration)),
    ).toContain(':ses:eu-west-1:123456789012:identity/no-reply@acme-corp.net');
    expect(admin.RiskExceptionConfiguration).toEqual({
      SkippedIPRangeList: ['203.0.113.0/24'],
      BlockedIPRangeList: ['198.51.100.0/24'],
    });
  });

  test('the template passes cfn-lint, template validation and the DuplicateAttachment rule', () => {
    const outdir = tmpDir('cdk-out');
    const app = new App({ outdir });
    const stack = new Stack(app, 'ClientRisk', { env: { account: '123456789012', region: 'eu-west-1' } });
    new CognitoAuth(stack, 'Auth', clientRisk);
    const report = new CognitoChecks().validateScope(stack);
    expect(report.violations.filter((v) => v.ruleName.includes('DuplicateAttachment'))).toEqual([]);
    app.synth();
    expectDeployable(outdir);
  });

  test.each<[string, CognitoAuthProps, RegExp]>([
    [
      'on Essentials',
      {
        clients: {
          web: AppClient.web({
            threatProtection: { compromisedCredentials: { action: CompromisedCredentialsAction.BLOCK } },
          }),
        },
      },
      /clients\.web\.threatProtection\.compromisedCredentials needs threat protection, which the ESSENTIALS feature plan lacks/,
    ],
    [
      'with threat protection off',
      {
        featurePlan: cognito.FeaturePlan.PLUS,
        threatProtection: { standard: cognito.StandardThreatProtectionMode.NO_ENFORCEMENT },
        clients: { web: AppClient.web({ threatProtection: { alwaysBlockIpRanges: ['198.51.100.0/24'] } }) },
      },
      /clients\.web\.threatProtection\.alwaysBlockIpRanges is set but threatProtection\.standard is "OFF"/,
    ],
    [
      "notifications with Cognito's sender",
      {
        ...plus,
        email: AuthEmail.cognito(),
        clients: {
          web: AppClient.web({
            threatProtection: {
              adaptiveAuthentication: { high: { action: RiskAction.BLOCK, notify: true } },
            },
          }),
        },
      },
      /clients\.web\.threatProtection\.adaptiveAuthentication\.high\.notify is true but e-mail is sent by Cognito/,
    ],
    [
      'a range that is not CIDR',
      {
        ...plus,
        clients: { web: AppClient.web({ threatProtection: { alwaysAllowIpRanges: ['10.0.0.0/33'] } }) },
      },
      /clients\.web\.threatProtection\.alwaysAllowIpRanges\[0\] "10\.0\.0\.0\/33" is not an IPv4 or IPv6 CIDR range/,
    ],
    [
      'a machine client',
      {
        ...plus,
        resourceServers: [
          { identifier: 'orders-api', scopes: [{ name: 'read', description: 'Read orders' }] },
        ],
        clients: {
          jobs: AppClient.machine({
            scopes: ['orders-api/read'],
            threatProtection: { alwaysBlockIpRanges: ['198.51.100.0/24'] },
          } as MachineClientOptions),
        },
      },
      /clients\.jobs\.threatProtection is given to a machine client; threat protection assesses users' sign-ins/,
    ],
  ])('refused: %s', (_name, props, message) => {
    const error = synthError(props);
    expect(error).toBeInstanceOf(CognitoAuthError);
    expect(error.message).toMatch(message);
  });
});
