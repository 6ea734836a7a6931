import { App, CfnOutput, Lazy, SecretValue, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  AwsSolutionsChecks,
  HIPAASecurityChecks,
  NIST80053R5Checks,
  PCIDSS321Checks,
  ServerlessChecks,
} from 'cdk-nag';
import {
  AppClient,
  AuthDomain,
  AuthEmail,
  AuthProfile,
  CognitoAuth,
  CognitoAuthError,
  CognitoAuthProps,
  CustomAttribute,
  IdentityProvider,
  PreTokenGeneration,
  PreTokenGenerationVersion,
  SamlMetadata,
} from '../../lib';
import { expectDeployable } from '../template-checks';
import { newStack, synth, tmpDir } from '../util';

const domain = AuthDomain.cognitoPrefix('acme-shop');
const ses = AuthEmail.ses({ fromEmail: 'no-reply@acme-corp.net' });
const web = AppClient.web({ callbackUrls: ['https://shop.acme-corp.net/cb'] });
const saml = (name: string, identifiers: string[]) =>
  IdentityProvider.saml({ name, metadata: SamlMetadata.url('https://idp.acme-corp.net/m'), identifiers });

/** Builds the construct and synthesizes its stack; returns the error thrown, if any. */
function failure(props: () => CognitoAuthProps, stack = newStack()): unknown {
  try {
    new CognitoAuth(stack, 'Auth', props());
    Template.fromStack(stack);
  } catch (e) {
    return e;
  }
  return undefined;
}

/** [rule, props, message]: inputs CloudFormation or Cognito would refuse at deploy, refused at synth. */
const refused: Array<[string, () => CognitoAuthProps, RegExp]> = [
  [
    'an SSM SecureString secret on an identity provider',
    () => ({
      domain,
      identityProviders: [
        IdentityProvider.google({ clientId: 'x', clientSecret: SecretValue.ssmSecure('/auth/google') }),
      ],
    }),
    /identityProviders\[0\]\.clientSecret "\{\{resolve:ssm-secure:\/auth\/google\}\}" is an SSM SecureString reference, which CloudFormation cannot resolve in AWS::Cognito::UserPoolIdentityProvider; store the secret in AWS Secrets Manager/,
  ],
  [
    'a resource server name with a slash',
    () => ({
      resourceServers: [{ identifier: 'api', name: 'orders/api', scopes: [{ name: 'r', description: 'r' }] }],
    }),
    /resourceServers\[0\]\.name "orders\/api" is not allowed; use 1 to 256 letters, digits, spaces or \+ = , \. @ _ -/,
  ],
  [
    'a user pool name with a slash',
    () => ({ userPoolName: 'acme/prod' }),
    /userPoolName "acme\/prod" is not allowed/,
  ],
  [
    'a client name with a colon',
    () => ({ clients: { web: AppClient.web({ userPoolClientName: 'web:app' }) } }),
    /clients\.web\.userPoolClientName "web:app" is not allowed/,
  ],
  [
    'an identity pool name with a slash',
    () => ({ identityPool: { identityPoolName: 'acme/ids' } }),
    /identityPool\.identityPoolName "acme\/ids" is not allowed/,
  ],
  [
    'a configuration set name with a dot',
    () => ({ email: AuthEmail.ses({ fromEmail: 'a@acme-corp.net', configurationSetName: 'acme.auth' }) }),
    /email\.configurationSetName "acme\.auth" is not allowed; use 1 to 64 ASCII letters, digits/,
  ],
  [
    'a tag key with the aws: prefix',
    () => ({ tags: { 'aws:team': 'x' } }),
    /tags\.aws:team "aws:team" is not allowed; .*not starting with "aws:"/,
  ],
  [
    'the same identifier on two providers',
    () => ({
      domain,
      clients: { web },
      identityProviders: [saml('Corp', ['acme-corp.net']), saml('Other', ['acme-corp.net'])],
    }),
    /identityProviders\[1\]\.identifiers\[0\] "acme-corp\.net" is already used by identityProviders\[0\]\.identifiers\[0\]/,
  ],
  [
    'a client listing email_verified without a provider that maps it',
    () => ({ clients: { web: AppClient.web({ writeAttributes: ['email', 'email_verified'] }) } }),
    /clients\.web\.writeAttributes\[1\] "email_verified" would let users mark their own address as verified/,
  ],
  [
    'link verification without a domain',
    () => ({ userVerification: { emailStyle: cognito.VerificationEmailStyle.LINK } }),
    /userVerification\.emailStyle is LINK but the pool has no domain/,
  ],
  [
    'an SES Region the pool cannot use',
    () => ({ email: AuthEmail.ses({ fromEmail: 'a@acme-corp.net', sesRegion: 'ap-south-1' }) }),
    /email\.sesRegion "ap-south-1" is not a Region a user pool in eu-west-1 can send e-mail from; use eu-west-1 .* or one of us-east-1, us-west-2, eu-west-1/,
  ],
  [
    'a fromEmail outside the verified domain',
    () => ({ email: AuthEmail.ses({ fromEmail: 'a@acme-corp.net', sesVerifiedDomain: 'other.net' }) }),
    /email\.sesVerifiedDomain "other\.net" is not the domain of fromEmail/,
  ],
  [
    'e-mail MFA with e-mail-only recovery',
    () => ({
      email: ses,
      mfa: { mode: cognito.Mfa.REQUIRED, email: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
    }),
    /accountRecovery is EMAIL_ONLY but mfa\.email is on; Cognito does not let a user with e-mail MFA recover by e-mail/,
  ],
  [
    'more than 100 callback URLs',
    () => ({
      clients: {
        web: AppClient.web({
          callbackUrls: Array.from({ length: 101 }, (_, i) => `https://a.acme-corp.net/${i}`),
        }),
      },
    }),
    /clients\.web\.callbackUrls has 101 URLs; an app client takes at most 100/,
  ],
  [
    'a callback URL over 1,024 characters',
    () => ({
      clients: { web: AppClient.web({ callbackUrls: [`https://a.acme-corp.net/${'x'.repeat(1100)}`] }) },
    }),
    /clients\.web\.callbackUrls\[0\] ".*" has 1124 characters; Cognito allows 1 to 1024/,
  ],
  [
    'the newer managed login on the Lite plan',
    () => ({
      featurePlan: cognito.FeaturePlan.LITE,
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    }),
    /managedLoginVersion needs the newer managed login .*, which the LITE feature plan lacks; set featurePlan to ESSENTIALS or PLUS/,
  ],
  [
    'more than 10 clients in the identity pool (role mappings)',
    () => ({
      clients: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`app${i}`, AppClient.password()])),
    }),
    /clients\.app10 has 11 identity providers with a role mapping; the limit is 10\. An identity pool takes role mappings for at most 10 providers/,
  ],
  [
    'more than 25 resource servers',
    () => ({
      resourceServers: Array.from({ length: 26 }, (_, i) => ({
        identifier: `api${i}`,
        scopes: [{ name: 'r', description: 'r' }],
      })),
    }),
    /resourceServers has 26 resource servers; the limit is 25\. Ask for a higher "Resource servers per user pool" quota/,
  ],
  [
    'an output prefix with a hyphen',
    () => ({ outputs: { prefix: 'acme-shop' } }),
    /outputs\.prefix "acme-shop" is not allowed; CloudFormation output ids are alphanumeric/,
  ],
  [
    'a pre token generation group the pool does not declare',
    () => ({
      groups: [{ name: 'admins' }],
      triggers: {
        preTokenGeneration: PreTokenGeneration.bundled({
          groupClaims: [{ claimName: 'perms', valuesByGroup: { admin: ['x'] } }],
        }),
      },
    }),
    /triggers\.preTokenGeneration\.groupClaims\[0\]\.valuesByGroup\.admin "admin" is not a group of this pool; declared: admins\. .*declaredElsewhere\.groups/,
  ],
  [
    'a pre token generation attribute the pool does not declare',
    () => ({
      triggers: {
        preTokenGeneration: PreTokenGeneration.bundled({
          claimsFromAttributes: { 'custom:tenant': 'tenant' },
        }),
      },
    }),
    /triggers\.preTokenGeneration\.claimsFromAttributes\.custom:tenant "custom:tenant" is not an attribute of this pool/,
  ],
  [
    'a pre token generation scope the pool does not declare',
    () => ({
      groups: [{ name: 'admins' }],
      triggers: {
        preTokenGeneration: PreTokenGeneration.bundled({
          version: PreTokenGenerationVersion.V2_0,
          scopesByGroup: { admins: { add: ['orders-api/write'] } },
        }),
      },
    }),
    /triggers\.preTokenGeneration\.scopesByGroup\.admins\.add\[0\] "orders-api\/write" is not a scope of this pool/,
  ],
];

describe('inputs that would fail at deploy are refused at synth', () => {
  test.each(refused)('%s', (_rule, props, message) => {
    const error = failure(props);
    expect(error).toBeInstanceOf(CognitoAuthError);
    expect((error as Error).message).toMatch(message);
  });

  test('values that are tokens skip the new name checks', () => {
    const token = () => Lazy.string({ produce: () => 'resolved-later' });
    expect(
      failure(() => ({ userPoolName: token(), identityPool: { identityPoolName: token() } })),
    ).toBeUndefined();
    expect(failure(() => ({ tags: { team: token() } }))).toBeUndefined();
  });
});

describe('what Cognito documents synthesizes', () => {
  test('a resource server identified by a URL gets a valid Name', () => {
    const { template } = synth({
      resourceServers: [
        { identifier: 'https://api.acme-corp.net/orders', scopes: [{ name: 'read', description: 'Read' }] },
      ],
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'https://api.acme-corp.net/orders',
      Name: 'https---api.acme-corp.net-orders',
    });
  });

  test('mapping email_verified from a provider: the client may write what the provider maps', () => {
    const { template } = synth({
      domain,
      clients: { web },
      identityProviders: [
        IdentityProvider.google({
          clientId: 'x',
          clientSecret: SecretValue.secretsManager('auth/google', { jsonField: 'clientSecret' }),
          attributeMapping: { email: 'email', email_verified: 'email_verified' },
        }),
      ],
    });
    const clients = template.findResources('AWS::Cognito::UserPoolClient');
    const writes = Object.values(clients)[0].Properties.WriteAttributes as string[];
    expect(writes).toEqual(expect.arrayContaining(['email', 'email_verified']));
    expect(writes).not.toContain('phone_number_verified');
  });

  test('a custom domain certificate must be in us-east-1', () => {
    const stack = newStack();
    const inRegion = acm.Certificate.fromCertificateArn(
      stack,
      'Eu',
      'arn:aws:acm:eu-west-1:123456789012:certificate/abc',
    );
    expect(
      () =>
        new CognitoAuth(stack, 'A', {
          domain: AuthDomain.custom({ domainName: 'login.acme-corp.net', certificate: inRegion }),
        }),
    ).toThrow(
      /domain\.certificate is in eu-west-1; Cognito serves custom domains through CloudFront, which only takes ACM certificates from us-east-1/,
    );
    const useast = acm.Certificate.fromCertificateArn(
      stack,
      'Us',
      'arn:aws:acm:us-east-1:123456789012:certificate/abc',
    );
    expect(
      () =>
        new CognitoAuth(stack, 'B', {
          domain: AuthDomain.custom({ domainName: 'login.acme-corp.net', certificate: useast }),
        }),
    ).not.toThrow();
  });

  test('a certificate made in a us-east-1 stack of the same app is accepted', () => {
    const app = new App({ outdir: tmpDir('cdk-out') });
    const certStack = new Stack(app, 'Cert', {
      env: { account: '123456789012', region: 'us-east-1' },
      crossRegionReferences: true,
    });
    const certificate = new acm.Certificate(certStack, 'Certificate', { domainName: 'login.acme-corp.net' });
    const stack = new Stack(app, 'Auth', {
      env: { account: '123456789012', region: 'eu-west-1' },
      crossRegionReferences: true,
    });
    new CognitoAuth(stack, 'Auth', {
      domain: AuthDomain.custom({ domainName: 'login.acme-corp.net', certificate }),
    });
    expect(() => app.synth()).not.toThrow();
  });

  test.each<[string, CognitoAuthProps]>([
    ['a username pool (phone recovery by default)', { signInAliases: { username: true } }],
    ['SMS invitations', { userInvitation: { smsMessage: 'Acme: {username} {####}' } }],
    ['phone recovery', { accountRecovery: cognito.AccountRecovery.EMAIL_AND_PHONE_WITHOUT_MFA }],
  ])('%s gets the SMS configuration', (_name, props) => {
    const { template } = synth(props);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      SmsConfiguration: { SnsCallerArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('SmsRole'), 'Arn'] } },
    });
  });

  test('the SMS role of a prod pool passes the five cdk-nag packs', () => {
    const app = new App({ outdir: tmpDir('cdk-out') });
    const stack = new Stack(app, 'Prod', { env: { account: '123456789012', region: 'eu-west-1' } });
    new CognitoAuth(stack, 'Auth', { profile: AuthProfile.PROD, email: ses, mfa: { sms: true } });
    const findings = [
      new AwsSolutionsChecks(app),
      new ServerlessChecks(app),
      new HIPAASecurityChecks(app),
      new NIST80053R5Checks(app),
      new PCIDSS321Checks(app),
    ].flatMap((pack) =>
      pack
        .validateScope(stack)
        .violations.filter((v) => v.violatingResources.some((r) => /SmsRole/.test(r.resourceLogicalId ?? '')))
        .map((v) => v.ruleName),
    );
    expect(findings).toEqual([]);
  });

  test('the prod profile does not demand SES when a custom e-mail sender sends every e-mail', () => {
    const stack = newStack();
    const sender = new lambda.Function(stack, 'Sender', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {}'),
    });
    const key = new kms.Key(stack, 'Key');
    expect(
      () =>
        new CognitoAuth(stack, 'Auth', {
          profile: AuthProfile.PROD,
          triggers: { customEmailSender: sender, customSenderKmsKey: key },
        }),
    ).not.toThrow();
  });

  test('SES e-mail in a stack without a Region needs sesRegion', () => {
    const app = new App({ outdir: tmpDir('cdk-out') });
    const agnostic = new Stack(app, 'Agnostic');
    expect(() => new CognitoAuth(agnostic, 'Auth', { email: ses })).toThrow(
      /email\.sesRegion is not set and the stack has no Region/,
    );
    expect(
      () =>
        new CognitoAuth(agnostic, 'Auth2', {
          email: AuthEmail.ses({ fromEmail: 'a@acme-corp.net', sesRegion: 'eu-west-1' }),
        }),
    ).not.toThrow();
  });

  test('a group named elsewhere, or added later, may be named by the pre token generation trigger', () => {
    const config = {
      groupClaims: [{ claimName: 'perms', valuesByGroup: { auditors: ['read'], support: ['write'] } }],
      declaredElsewhere: { groups: ['auditors'] },
    };
    const stack = newStack();
    const auth = new CognitoAuth(stack, 'Auth', {
      triggers: { preTokenGeneration: PreTokenGeneration.bundled(config) },
    });
    auth.addGroup({ name: 'support' });
    expect(() => Template.fromStack(stack)).not.toThrow();
  });
});

describe('outputs', () => {
  test('clients and groups added after construction appear in the outputs and the client configuration', () => {
    const stack = newStack();
    const auth = new CognitoAuth(stack, 'Auth', { groups: [{ name: 'admins', precedence: 0 }] });
    auth.addClient('scripts', AppClient.password());
    auth.addGroup({ name: 'support', precedence: 1 });
    const template = Template.fromStack(stack);
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    const ids = JSON.stringify(stack.resolve(outputs.ClientIds.Value));
    expect(ids).toMatch(/scripts/);
    expect(ids).toMatch(/web/);
    const roles = JSON.stringify(stack.resolve(outputs.GroupRoleArns.Value));
    expect(roles).toMatch(/support/);
    expect(roles).toMatch(/admins/);
    const config = JSON.stringify(stack.resolve(outputs.ClientConfiguration.Value));
    expect(config).toMatch(/\\"scripts\\"/);
    expect(config).toMatch(/\\"support\\"/);
  });

  test('per-item output ids never collide and are alphanumeric', () => {
    const stack = newStack();
    const auth = new CognitoAuth(stack, 'Auth', {
      outputs: { perItem: true },
      clients: { 'my-app': AppClient.password(), my_app: AppClient.password() },
      groups: [{ name: 'Admins' }, { name: 'admins' }, { name: 'администраторы' }, { name: '管理员' }],
    });
    auth.addClient('myApp', AppClient.password());
    const names = Object.keys(Template.fromStack(stack).toJSON().Outputs as object);
    const perItem = names.filter((n) => /^(Client|Group).*(Id|RoleArn)$/.test(n) && n !== 'GroupRoleArns');
    expect(perItem).toHaveLength(7);
    expect(new Set(perItem).size).toBe(7);
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9]{1,255}$/);
  });

  test('two CognitoAuth in one stack work without hand-set prefixes', () => {
    const stack = newStack();
    new CognitoAuth(stack, 'Staff');
    new CognitoAuth(stack, 'Customers');
    const names = Object.keys(Template.fromStack(stack).toJSON().Outputs as object);
    expect(names).toEqual(
      expect.arrayContaining([
        'UserPoolId',
        'CustomersUserPoolId',
        'ClientConfiguration',
        'CustomersClientConfiguration',
      ]),
    );
    const outputs = Template.fromStack(stack).toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(JSON.stringify(stack.resolve(outputs.CustomersClientConfiguration.Value))).toMatch(
      /CustomersUserPool/,
    );
    expect(JSON.stringify(stack.resolve(outputs.ClientConfiguration.Value))).toMatch(/StaffUserPool/);
  });

  test('an output id that another construct of the stack already uses is refused with the way out', () => {
    const stack = newStack();
    new CfnOutput(stack, 'Mine', { value: 'x' }).overrideLogicalId('UserPoolId');
    new CognitoAuth(stack, 'Auth');
    expect(() => Template.fromStack(stack)).toThrow(
      /outputs\.prefix gives the output id "UserPoolId", which TestStack\/Mine also uses; set outputs\.prefix/,
    );
  });
});

describe('scale: quotas a template can exceed are refused at synth with the count and the way out', () => {
  test('more than 200 outputs', () => {
    const stack = newStack();
    new CognitoAuth(stack, 'Auth', {
      identityPool: { enabled: false },
      outputs: { perItem: true },
      clients: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`app${i}`, AppClient.password()])),
    });
    expect(() => Template.fromStack(stack)).toThrow(
      /stack TestStack has 20\d outputs in the stack; the limit is 200\. Turn off per-item outputs/,
    );
  });

  test('more than 500 resources', () => {
    const stack = newStack();
    new CognitoAuth(stack, 'Auth', { groups: Array.from({ length: 260 }, (_, i) => ({ name: `g${i}` })) });
    expect(() => Template.fromStack(stack)).toThrow(
      /stack TestStack has 5\d\d resources in the stack; the limit is 500\. Move the pool/,
    );
  });

  test('400 groups and clients fit in one stack without per-item outputs', () => {
    const stack = newStack();
    new CognitoAuth(stack, 'Auth', {
      identityPool: { enabled: false },
      clients: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`app${i}`, AppClient.password()])),
      groups: Array.from({ length: 300 }, (_, i) => ({ name: `g${i}` })),
    });
    const template = Template.fromStack(stack).toJSON();
    expect(Object.keys(template.Outputs as object).length).toBeLessThan(20);
  });
});

describe('templates pass cfn-lint and aws-cdk-lib template validation', () => {
  test('a pool with federation, groups, SMS and a domain', () => {
    const outdir = tmpDir('cdk-out');
    const app = new App({ outdir });
    const stack = new Stack(app, 'Lint', { env: { account: '123456789012', region: 'eu-west-1' } });
    new CognitoAuth(stack, 'Auth', {
      domain,
      signInAliases: { username: true },
      customAttributes: { tenant_id: CustomAttribute.ofString() },
      clients: { web },
      groups: [{ name: 'admins', precedence: 0 }],
      identityProviders: [saml('Corp', ['acme-corp.net'])],
    });
    app.synth();
    expectDeployable(outdir);
  });
});
