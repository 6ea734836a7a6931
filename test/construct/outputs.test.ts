import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { isAmplifyOutputs, parseAmplifyOutputs } from '@aws-amplify/core/internals/utils';
import { AppClient, AuthDomain, ClientConfiguration, CognitoAuth, CustomAttribute } from '../../lib';
import { synth, tmpDir } from '../util';
import { App, Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

/**
 * Resolves the intrinsic functions of an output the way CloudFormation would, with a deterministic
 * physical id for every resource: Ref → `<logicalId>-id`, GetAtt → `<logicalId>-<attribute>`.
 */
function resolve(value: unknown): unknown {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(resolve);
  const obj = value as Record<string, unknown>;
  if ('Ref' in obj) return obj.Ref === 'AWS::Region' ? 'eu-west-1' : `${obj.Ref as string}-id`;
  if ('Fn::GetAtt' in obj) {
    const [id, attr] = obj['Fn::GetAtt'] as [string, string];
    return `${id}-${attr}`;
  }
  if ('Fn::Join' in obj) {
    const [sep, parts] = obj['Fn::Join'] as [string, unknown[]];
    return parts.map((p) => String(resolve(p))).join(sep);
  }
  throw new Error(`cannot resolve ${JSON.stringify(value)}`);
}

function logicalId(template: Template, type: string, match: RegExp): string {
  const id = Object.keys(template.findResources(type)).find((k) => match.test(k));
  if (!id) throw new Error(`no ${type} matching ${match}`);
  return id;
}

function clientConfiguration(template: Template): ClientConfiguration {
  const out = template.findOutputs('ClientConfiguration');
  return JSON.parse(resolve(out.ClientConfiguration.Value) as string) as ClientConfiguration;
}

const full = {
  selfSignUpEnabled: true,
  standardAttributes: { email: { required: true }, givenName: { required: true } },
  customAttributes: { tenant_id: CustomAttribute.string() },
  mfa: { mode: cognito.Mfa.OPTIONAL, totp: true, sms: true },
  resourceServers: [{ identifier: 'orders-api', scopes: [{ name: 'read', description: 'Read orders' }] }],
  clients: {
    web: AppClient.web({
      callbackUrls: ['https://app.acme-corp.net/cb', 'http://localhost:3000/cb'],
      logoutUrls: ['https://app.acme-corp.net/'],
      scopes: ['openid', 'email', 'profile', 'orders-api/read'],
    }),
    jobs: AppClient.machine({ scopes: ['orders-api/read'] }),
    scripts: AppClient.password(),
  },
  domain: AuthDomain.cognitoPrefix('acme-shop'),
  groups: [
    { name: 'admins', precedence: 0 },
    { name: 'readers', precedence: 3 },
  ],
};

describe('outputs', () => {
  test('a fixed set of outputs, with stable logical ids, whatever the number of clients and groups', () => {
    const { template } = synth(full);
    const names = Object.keys(template.toJSON().Outputs as object).sort();
    expect(names).toEqual(
      [
        'AuthenticatedRoleArn',
        'ClientConfiguration',
        'ClientIds',
        'DomainBaseUrl',
        'GroupRoleArns',
        'IdentityPoolId',
        'SignInUrl',
        'UserPoolArn',
        'UserPoolId',
        'UserPoolProviderUrl',
      ].sort(),
    );
  });

  test('outputs can be prefixed, exported, or turned off', () => {
    const prefixed = synth({ outputs: { prefix: 'Shop', exportPrefix: 'acme-' } }).template;
    prefixed.hasOutput('ShopUserPoolId', { Export: { Name: 'acme-UserPoolId' } });
    const none = synth({ outputs: { enabled: false } }).template;
    expect(none.toJSON().Outputs).toBeUndefined();
  });

  test('the client configuration carries ids, clients, domain, groups, policy and MFA', () => {
    const { template } = synth(full);
    const config = clientConfiguration(template);
    const pool = logicalId(template, 'AWS::Cognito::UserPool', /UserPool/);
    const webId = logicalId(template, 'AWS::Cognito::UserPoolClient', /Clientweb/);
    const identityPool = logicalId(template, 'AWS::Cognito::IdentityPool', /IdentityPool/);
    expect(config.version).toMatch(/^1\./);
    expect(config.auth).toEqual({
      aws_region: 'eu-west-1',
      user_pool_id: `${pool}-id`,
      user_pool_client_id: `${webId}-id`,
      identity_pool_id: `${identityPool}-id`,
      authentication_flow_type: 'USER_SRP_AUTH',
      password_policy: {
        min_length: 8,
        require_numbers: true,
        require_lowercase: true,
        require_uppercase: true,
        require_symbols: true,
      },
      oauth: {
        identity_providers: [],
        domain: 'acme-shop.auth.eu-west-1.amazoncognito.com',
        scopes: ['openid', 'email', 'profile', expect.stringMatching(/ResourceServerordersapi.*-id\/read$/)],
        redirect_sign_in_uri: ['https://app.acme-corp.net/cb', 'http://localhost:3000/cb'],
        redirect_sign_out_uri: ['https://app.acme-corp.net/'],
        response_type: 'code',
      },
      standard_required_attributes: ['email', 'given_name'],
      username_attributes: ['email'],
      user_verification_types: ['email'],
      unauthenticated_identities_enabled: false,
      mfa_configuration: 'OPTIONAL',
      mfa_methods: ['SMS', 'TOTP'],
      groups: [{ admins: { precedence: 0 } }, { readers: { precedence: 3 } }],
    });
    const custom = config.custom.cognito_auth;
    expect(Object.keys(custom.clients)).toEqual(['web', 'jobs', 'scripts']);
    expect(custom.clients.scripts).toMatchObject({
      kind: 'password',
      has_secret: false,
      auth_flows: expect.arrayContaining(['ALLOW_USER_PASSWORD_AUTH']),
    });
    expect(custom.clients.jobs).toMatchObject({
      kind: 'machine',
      has_secret: true,
      oauth_flows: ['client_credentials'],
    });
    expect(JSON.stringify(custom)).not.toMatch(/secret"\s*:\s*"/i);
    expect(custom.groups?.map((g) => g.name)).toEqual(['admins', 'readers']);
    expect(custom.groups?.[0].role_arn).toMatch(/GroupRoleadmins.*-Arn$/);
    expect(custom.custom_attributes).toEqual(['custom:tenant_id']);
    expect(custom.domain?.domain).toBe('acme-shop.auth.eu-west-1.amazoncognito.com');
    expect(custom.identity_pool?.id).toBe(`${identityPool}-id`);
  });

  test("Amplify's own parser turns the configuration into a Cognito auth configuration", () => {
    const { template } = synth(full);
    const config = clientConfiguration(template);
    expect(isAmplifyOutputs(config)).toBe(true);
    const parsed = parseAmplifyOutputs(config as Parameters<typeof parseAmplifyOutputs>[0]);
    const pool = logicalId(template, 'AWS::Cognito::UserPool', /UserPool/);
    const webId = logicalId(template, 'AWS::Cognito::UserPoolClient', /Clientweb/);
    const identityPool = logicalId(template, 'AWS::Cognito::IdentityPool', /IdentityPool/);
    const cognitoConfig = parsed.Auth?.Cognito;
    expect(cognitoConfig).toMatchObject({
      userPoolId: `${pool}-id`,
      userPoolClientId: `${webId}-id`,
      identityPoolId: `${identityPool}-id`,
      mfa: { status: 'optional', smsEnabled: true, totpEnabled: true },
      passwordFormat: {
        minLength: 8,
        requireLowercase: true,
        requireUppercase: true,
        requireNumbers: true,
        requireSpecialCharacters: true,
      },
      loginWith: {
        email: true,
        phone: false,
        oauth: {
          domain: 'acme-shop.auth.eu-west-1.amazoncognito.com',
          scopes: ['openid', 'email', 'profile', expect.stringMatching(/\/read$/)],
          redirectSignIn: ['https://app.acme-corp.net/cb', 'http://localhost:3000/cb'],
          redirectSignOut: ['https://app.acme-corp.net/'],
          responseType: 'code',
        },
      },
      userAttributes: { email: { required: true }, given_name: { required: true } },
    });
    expect(cognitoConfig?.allowGuestAccess).toBeUndefined();
  });

  test('without a domain there is no oauth section, and the default client can be chosen', () => {
    const { template } = synth({
      clients: { app: AppClient.web(), cli: AppClient.password() },
      defaultClient: 'cli',
    });
    const config = clientConfiguration(template);
    expect(config.auth.oauth).toBeUndefined();
    const cli = logicalId(template, 'AWS::Cognito::UserPoolClient', /Clientcli/);
    expect(config.auth.user_pool_client_id).toBe(`${cli}-id`);
    expect(config.custom.cognito_auth.default_client).toBe('cli');
  });
});

describe('user import role', () => {
  test("trusted by Cognito for this pool only, writes only this pool's import logs, listed in outputs and configuration", () => {
    const { template } = synth({ userImportRole: true });
    const roles = template.findResources('AWS::IAM::Role');
    const [id, role] = Object.entries(roles).find(([k]) => k.includes('UserImport'))! as [
      string,
      { Properties: Record<string, unknown> },
    ];
    expect(role.Properties.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'cognito-idp.amazonaws.com' },
          Condition: {
            StringEquals: { 'aws:SourceAccount': '123456789012' },
            ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [expect.stringMatching(/UserPool/), 'Arn'] } },
          },
        },
      ],
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: id }],
      PolicyDocument: {
        Statement: [
          {
            Action: [
              'logs:CreateLogGroup',
              'logs:CreateLogStream',
              'logs:DescribeLogStreams',
              'logs:PutLogEvents',
            ],
            Effect: 'Allow',
            // Only this pool's import log group (/aws/cognito/userpools/<pool id>/<pool name>) and its streams.
            Resource: {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':logs:eu-west-1:123456789012:log-group:/aws/cognito/userpools/',
                  { Ref: Match.stringLikeRegexp('^AuthUserPool') },
                  '/*',
                ],
              ],
            },
          },
        ],
      },
    });
    template.hasOutput('UserImportRoleArn', { Value: { 'Fn::GetAtt': [id, 'Arn'] } });
    expect(clientConfiguration(template).custom.cognito_auth.import_role_arn).toBe(`${id}-Arn`);
  });

  test.each([
    ['a concrete account and region', { account: '123456789012', region: 'eu-west-1' }],
    ['an environment-agnostic stack', undefined],
  ])('its log-group wildcard is acknowledged for cdk-nag with %s', (_name, env) => {
    const app = new App({ outdir: tmpDir('import-role-nag') });
    const stack = new Stack(app, 'S', { env });
    new CognitoAuth(stack, 'Auth', { userImportRole: true });
    const report = new AwsSolutionsChecks(app).validateScope(stack);
    expect(
      report.violations.filter((v) => v.ruleName.startsWith('AwsSolutions-IAM5')).map((v) => v.ruleName),
    ).toEqual([]);
  });

  test('off by default', () => {
    const { template } = synth();
    expect(
      Object.keys(template.findResources('AWS::IAM::Role')).filter((k) => k.includes('UserImport')),
    ).toEqual([]);
    expect(clientConfiguration(template).custom.cognito_auth.import_role_arn).toBeUndefined();
  });
});
