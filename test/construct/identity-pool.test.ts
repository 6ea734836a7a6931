import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as identitypool from 'aws-cdk-lib/aws-cognito-identitypool';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  AmbiguousRoleResolution,
  AppClient,
  CognitoAuth,
  CustomAttribute,
  CognitoAuthProps,
  IdentityPoolProvider,
  IdentityPoolRoleMapping,
  MappedRole,
  PrincipalTags,
} from '../../lib';
import { expectDeployable } from '../template-checks';
import { newStack, only, synth, tmpDir } from '../util';

const GOOGLE = '1234567890-abc.apps.googleusercontent.com';

/** Builds and synthesizes; returns the error thrown, if any. */
function failure(props: CognitoAuthProps): unknown {
  const stack = newStack();
  try {
    new CognitoAuth(stack, 'Auth', props);
    Template.fromStack(stack);
  } catch (e) {
    return e;
  }
  return undefined;
}

function rule(value: string, group = 'support') {
  return { claim: 'custom:plan', value, role: MappedRole.group(group) };
}

describe('identity pool providers', () => {
  test('login providers by their keys, OIDC and SAML provider ARNs, a developer provider name', () => {
    const stack = newStack();
    const oidc = iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(
      stack,
      'Oidc',
      'arn:aws:iam::123456789012:oidc-provider/login.acme-corp.net',
    );
    const saml = iam.SamlProvider.fromSamlProviderArn(
      stack,
      'Saml',
      'arn:aws:iam::123456789012:saml-provider/Corp',
    );
    new CognitoAuth(stack, 'Auth', {
      identityPool: {
        loginProviders: {
          google: GOOGLE,
          facebook: '7654321',
          apple: 'net.acme-corp.app',
          amazon: 'amzn1.application-oa2-client.1',
        },
        openIdConnectProviders: [oidc],
        samlProviders: [saml],
        developerProviderName: 'login.acme-corp.net',
      },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::IdentityPool', {
      SupportedLoginProviders: {
        'accounts.google.com': GOOGLE,
        'graph.facebook.com': '7654321',
        'appleid.apple.com': 'net.acme-corp.app',
        'www.amazon.com': 'amzn1.application-oa2-client.1',
      },
      OpenIdConnectProviderARNs: ['arn:aws:iam::123456789012:oidc-provider/login.acme-corp.net'],
      SamlProviderARNs: ['arn:aws:iam::123456789012:saml-provider/Corp'],
      DeveloperProviderName: 'login.acme-corp.net',
    });
  });

  test('nothing of it by default', () => {
    const pool = only(synth().template, 'AWS::Cognito::IdentityPool');
    for (const key of [
      'SupportedLoginProviders',
      'OpenIdConnectProviderARNs',
      'SamlProviderARNs',
      'DeveloperProviderName',
    ]) {
      expect(pool.Properties[key]).toBeUndefined();
    }
  });

  test('a backend is granted the developer-identity calls on this pool only', () => {
    const stack = newStack();
    const auth = new CognitoAuth(stack, 'Auth', {
      identityPool: { developerProviderName: 'login.acme-corp.net' },
    });
    const backend = new iam.Role(stack, 'Backend', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    auth.identityPool!.grantDeveloperIdentities(backend);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: [
              'cognito-identity:GetOpenIdTokenForDeveloperIdentity',
              'cognito-identity:LookupDeveloperIdentity',
              'cognito-identity:MergeDeveloperIdentities',
              'cognito-identity:UnlinkDeveloperIdentity',
            ],
            Resource: {
              'Fn::Join': [
                '',
                Match.arrayWith([
                  Match.stringLikeRegexp(':identitypool/'),
                  { Ref: Match.stringLikeRegexp('IdentityPool') },
                ]),
              ],
            },
          }),
        ],
      },
    });
  });

  test('granting developer identities without a developer provider name is refused', () => {
    const { auth } = synth();
    expect(() => auth.identityPool!.grantDeveloperIdentities(new iam.AccountRootPrincipal())).toThrow(
      /grantDeveloperIdentities needs developerProviderName/,
    );
  });

  test.each<[string, CognitoAuthProps['identityPool'], RegExp]>([
    [
      'a Google id that is not an OAuth client id',
      { loginProviders: { google: 'abc' } },
      /identityPool\.loginProviders\.google "abc" is not a Google OAuth client id/,
    ],
    [
      'Twitter',
      { loginProviders: { twitter: 'k;s' } as never },
      /identityPool\.loginProviders\.twitter is not a provider .*Twitter is left out: its secret would sit in the template/,
    ],
    [
      'a developer provider name with a space',
      { developerProviderName: 'my app' },
      /identityPool\.developerProviderName "my app" is not allowed; use 1 to 100 letters, digits, "\.", "_" or "-"/,
    ],
    [
      'a developer provider name of 101 characters',
      { developerProviderName: 'a'.repeat(101) },
      /developerProviderName .* this one 101/,
    ],
    [
      'providers without the identity pool',
      { enabled: false, developerProviderName: 'x' },
      /identityPool\.developerProviderName is given but identityPool\.enabled is false/,
    ],
  ])('refused at synth: %s', (_name, identityPool, message) => {
    expect(failure({ identityPool })).toEqual(
      expect.objectContaining({ name: 'CognitoAuthError', message: expect.stringMatching(message) }),
    );
  });

  test('a token skips the developer provider name check', () => {
    const stack = newStack();
    const name = new CfnParameter(stack, 'Dev', { type: 'String' }).valueAsString;
    expect(
      () => new CognitoAuth(stack, 'Auth', { identityPool: { developerProviderName: name } }),
    ).not.toThrow();
  });
});

describe('role mappings', () => {
  const groups = [
    { name: 'admins', precedence: 0 },
    { name: 'support', precedence: 1 },
  ];

  test('rules for a client replace its token mapping; rules name group roles; Google gets a token mapping', () => {
    const { template } = synth({
      groups,
      identityPool: {
        loginProviders: { google: GOOGLE },
        roleMappings: [
          IdentityPoolRoleMapping.rules(
            IdentityPoolProvider.userPoolClient('web'),
            [
              rule('internal'),
              { ...rule('admin', 'admins'), matchType: identitypool.RoleMappingMatchType.STARTS_WITH },
            ],
            AmbiguousRoleResolution.DENY,
          ),
          IdentityPoolRoleMapping.token(IdentityPoolProvider.google()),
        ],
      },
    });
    const attachment = only(template, 'AWS::Cognito::IdentityPoolRoleAttachment');
    expect(attachment.Properties.RoleMappings).toEqual({
      web: {
        Type: 'Rules',
        AmbiguousRoleResolution: 'Deny',
        IdentityProvider: {
          'Fn::Join': [
            '',
            [
              { 'Fn::GetAtt': [expect.stringMatching(/UserPool/), 'ProviderName'] },
              ':',
              { Ref: expect.stringMatching(/Clientweb/) },
            ],
          ],
        },
        RulesConfiguration: {
          Rules: [
            {
              Claim: 'custom:plan',
              MatchType: 'Equals',
              Value: 'internal',
              RoleARN: { 'Fn::GetAtt': [expect.stringMatching(/GroupRolesupport/), 'Arn'] },
            },
            {
              Claim: 'custom:plan',
              MatchType: 'StartsWith',
              Value: 'admin',
              RoleARN: { 'Fn::GetAtt': [expect.stringMatching(/GroupRoleadmins/), 'Arn'] },
            },
          ],
        },
      },
      google: {
        Type: 'Token',
        AmbiguousRoleResolution: 'AuthenticatedRole',
        IdentityProvider: 'accounts.google.com',
      },
    });
  });

  test('a group added after construction can be mapped', () => {
    const stack = newStack();
    const auth = new CognitoAuth(stack, 'Auth', {
      identityPool: {
        roleMappings: [
          IdentityPoolRoleMapping.rules(IdentityPoolProvider.userPoolClient('web'), [rule('x', 'late')]),
        ],
      },
    });
    auth.addGroup({ name: 'late' });
    const attachment = only(Template.fromStack(stack), 'AWS::Cognito::IdentityPoolRoleAttachment');
    expect(JSON.stringify(attachment.Properties.RoleMappings)).toContain('GroupRolelate');
  });

  test('addRoleMapping after construction, for an OIDC provider', () => {
    const stack = newStack();
    const oidc = iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(
      stack,
      'Oidc',
      'arn:aws:iam::123456789012:oidc-provider/login.acme-corp.net',
    );
    const auth = new CognitoAuth(stack, 'Auth', { identityPool: { openIdConnectProviders: [oidc] } });
    const role = new iam.Role(stack, 'Partner', { assumedBy: auth.identityPool!.authenticatedPrincipal() });
    auth.identityPool!.addRoleMapping(
      IdentityPoolRoleMapping.rules(IdentityPoolProvider.openIdConnect(oidc), [
        { claim: 'org', value: 'partner', role: MappedRole.role(role) },
      ]),
    );
    const attachment = only(Template.fromStack(stack), 'AWS::Cognito::IdentityPoolRoleAttachment');
    expect(attachment.Properties.RoleMappings).toEqual(
      expect.objectContaining({
        'oidc-Oidc': expect.objectContaining({ Type: 'Rules', IdentityProvider: 'login.acme-corp.net' }),
      }),
    );
  });

  const clients = (n: number) =>
    Object.fromEntries(
      Array.from({ length: n }, (_, i) => [
        `app${i}`,
        AppClient.web({ callbackUrls: ['https://a.acme-corp.net/cb'] }),
      ]),
    );

  test('ten mappings with the clients counted pass; the eleventh is refused with the providers listed', () => {
    const ok = failure({
      clients: clients(9),
      identityPool: {
        loginProviders: { google: GOOGLE },
        roleMappings: [IdentityPoolRoleMapping.token(IdentityPoolProvider.google())],
      },
    });
    expect(ok).toBeUndefined();
    const e = failure({
      clients: clients(9),
      identityPool: {
        loginProviders: { google: GOOGLE, facebook: '1' },
        roleMappings: [
          IdentityPoolRoleMapping.token(IdentityPoolProvider.google()),
          IdentityPoolRoleMapping.token(IdentityPoolProvider.facebook()),
        ],
      },
    });
    expect(String(e)).toMatch(
      /identityPool\.roleMappings has 11 identity providers with a role mapping \(app0, .*app8, google, facebook\); the limit is 10/,
    );
  });

  test('25 rules pass, 26 are refused, none is refused', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => rule(`v${i}`));
    expect(
      failure({
        groups,
        identityPool: {
          roleMappings: [IdentityPoolRoleMapping.rules(IdentityPoolProvider.userPoolClient('web'), many(25))],
        },
      }),
    ).toBeUndefined();
    expect(
      String(
        failure({
          groups,
          identityPool: {
            roleMappings: [
              IdentityPoolRoleMapping.rules(IdentityPoolProvider.userPoolClient('web'), many(26)),
            ],
          },
        }),
      ),
    ).toMatch(
      /roleMappings\[0\] \(rules for userPoolClient\("web"\)\) has 26 rules; a rules mapping takes 1 to 25/,
    );
    expect(
      String(
        failure({
          groups,
          identityPool: {
            roleMappings: [IdentityPoolRoleMapping.rules(IdentityPoolProvider.userPoolClient('web'), [])],
          },
        }),
      ),
    ).toMatch(/has 0 rules/);
  });

  test.each<[string, () => CognitoAuthProps, RegExp]>([
    [
      'an empty claim',
      () => ({
        groups,
        identityPool: {
          roleMappings: [
            IdentityPoolRoleMapping.rules(IdentityPoolProvider.userPoolClient('web'), [
              { ...rule('x'), claim: '' },
            ]),
          ],
        },
      }),
      /roleMappings\[0\]\.rules\[0\]\.claim "" is not allowed; use 1 to 64/,
    ],
    [
      'a value of 129 characters',
      () => ({
        groups,
        identityPool: {
          roleMappings: [
            IdentityPoolRoleMapping.rules(IdentityPoolProvider.userPoolClient('web'), [
              rule('v'.repeat(129)),
            ]),
          ],
        },
      }),
      /rules\[0\]\.value .* this one 129/,
    ],
    [
      'an unknown group',
      () => ({
        groups,
        identityPool: {
          roleMappings: [
            IdentityPoolRoleMapping.rules(IdentityPoolProvider.userPoolClient('web'), [
              rule('x', 'auditors'),
            ]),
          ],
        },
      }),
      /identityPool\.roleMappings\[0\]\.rules\[0\]\.role MappedRole\.group\("auditors"\): no such group; declared: admins, support/,
    ],
    [
      'a group without a role',
      () => ({
        groups: [{ name: 'readers', createRole: false }],
        identityPool: {
          roleMappings: [
            IdentityPoolRoleMapping.rules(IdentityPoolProvider.userPoolClient('web'), [rule('x', 'readers')]),
          ],
        },
      }),
      /the group has no role/,
    ],
    [
      'Google without its login provider',
      () => ({
        identityPool: { roleMappings: [IdentityPoolRoleMapping.token(IdentityPoolProvider.google())] },
      }),
      /identityPool\.roleMappings\[0\] names google\(\) but identityPool\.loginProviders\.google is not set/,
    ],
    [
      'a machine client',
      () => ({
        resourceServers: [{ identifier: 'api', scopes: [{ name: 'read', description: 'Read' }] }],
        clients: {
          web: AppClient.web({ callbackUrls: ['https://a.acme-corp.net/cb'] }),
          jobs: AppClient.machine({ scopes: ['api/read'] }),
        },
        identityPool: {
          roleMappings: [IdentityPoolRoleMapping.token(IdentityPoolProvider.userPoolClient('jobs'))],
        },
      }),
      /names userPoolClient\("jobs"\), a machine client, which does not sign in to the identity pool/,
    ],
    [
      'an unknown client',
      () => ({
        identityPool: {
          roleMappings: [IdentityPoolRoleMapping.token(IdentityPoolProvider.userPoolClient('portal'))],
        },
      }),
      /names userPoolClient\("portal"\), which is not a client; declared: web/,
    ],
    [
      'the same provider twice',
      () => ({
        identityPool: {
          loginProviders: { google: GOOGLE },
          roleMappings: [
            IdentityPoolRoleMapping.token(IdentityPoolProvider.google()),
            IdentityPoolRoleMapping.token(IdentityPoolProvider.google()),
          ],
        },
      }),
      /roleMappings\[1\] \(token for google\(\)\) repeats the provider of roleMappings\[0\]/,
    ],
    [
      'the user pool as a whole',
      () => ({
        identityPool: { roleMappings: [IdentityPoolRoleMapping.token(IdentityPoolProvider.userPool())] },
      }),
      /userPool\(\) cannot be mapped/,
    ],
  ])('refused: %s', (_name, props, message) => {
    const e = failure(props());
    expect(e).toEqual(expect.objectContaining({ name: 'CognitoAuthError' }));
    expect(String(e)).toMatch(message);
  });
});

/** The trust statements of the role whose logical id contains `part`. */
function trustOf(template: Template, part: string): Array<Record<string, unknown>> {
  const [, role] = Object.entries(template.findResources('AWS::IAM::Role')).find(([id]) =>
    id.includes(part),
  )!;
  return (role as { Properties: { AssumeRolePolicyDocument: { Statement: Array<Record<string, unknown>> } } })
    .Properties.AssumeRolePolicyDocument.Statement;
}

/** The identity pool's trust statement with `sts:TagSession`, for `amr` (authenticated or unauthenticated). */
function taggedTrust(amr: string): Record<string, unknown> {
  return {
    Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'],
    Effect: 'Allow',
    Principal: { Federated: 'cognito-identity.amazonaws.com' },
    Condition: {
      StringEquals: {
        'cognito-identity.amazonaws.com:aud': { Ref: expect.stringMatching(/IdentityPool/) },
      },
      'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
    },
  };
}

describe('principal tags', () => {
  test('tags from claims for the user pool, and sts:TagSession in the same trust statement of every role', () => {
    const stack = newStack();
    const auth = new CognitoAuth(stack, 'Auth', {
      groups: [{ name: 'admins', precedence: 0 }],
      identityPool: {
        allowGuestAccess: true,
        guestAccessReason: 'Visitors read the public catalogue',
        principalTags: PrincipalTags.fromClaims({ tenant: 'custom:tenant_id' }),
      },
    });
    new iam.Role(stack, 'Own', { assumedBy: auth.identityPool!.authenticatedPrincipal() });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Cognito::IdentityPoolPrincipalTag', {
      IdentityPoolId: { Ref: Match.stringLikeRegexp('IdentityPool') },
      IdentityProviderName: { 'Fn::GetAtt': [Match.stringLikeRegexp('UserPool'), 'ProviderName'] },
      PrincipalTags: { tenant: 'custom:tenant_id' },
      UseDefaults: false,
    });
    expect(Object.keys(template.findResources('AWS::Cognito::IdentityPoolPrincipalTag'))[0]).toMatch(
      /PrincipalTagsuserPool/,
    );
    for (const [part, amr] of [
      ['AuthenticatedRole', 'authenticated'],
      ['UnauthenticatedRole', 'unauthenticated'],
      ['GroupRoleadmins', 'authenticated'],
      ['Own', 'authenticated'],
    ]) {
      expect(trustOf(template, part)).toEqual([taggedTrust(amr)]);
    }
  });

  test('without principal tags, no sts:TagSession', () => {
    const { template } = synth();
    expect(JSON.stringify(template.toJSON())).not.toContain('sts:TagSession');
    template.resourceCountIs('AWS::Cognito::IdentityPoolPrincipalTag', 0);
  });

  test("Cognito's defaults for the user pool and Google", () => {
    const { template } = synth({
      identityPool: {
        loginProviders: { google: GOOGLE },
        principalTags: PrincipalTags.defaults([
          IdentityPoolProvider.userPool(),
          IdentityPoolProvider.google(),
        ]),
      },
    });
    template.resourceCountIs('AWS::Cognito::IdentityPoolPrincipalTag', 2);
    template.hasResourceProperties('AWS::Cognito::IdentityPoolPrincipalTag', {
      IdentityProviderName: 'accounts.google.com',
      UseDefaults: true,
    });
  });

  test.each<[string, () => PrincipalTags, RegExp]>([
    [
      'an aws: key',
      () => PrincipalTags.fromClaims({ 'aws:tenant': 'custom:tenant_id' }),
      /identityPool\.principalTags key "aws:tenant" "aws:tenant" is not allowed; use 1 to 128 .* not starting with "aws:"/,
    ],
    [
      '51 tags',
      () =>
        PrincipalTags.fromClaims(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, 'sub']))),
      /has 51 tags; give 1 to 50/,
    ],
    [
      'a claim of 257 characters',
      () => PrincipalTags.fromClaims({ tenant: 'c'.repeat(257) }),
      /principalTags\.tenant .* has 257 characters; allowed: 1 to 256/,
    ],
    [
      'a client as provider',
      () => PrincipalTags.defaults([IdentityPoolProvider.userPoolClient('web')]),
      /Cognito sets principal tags per user pool/,
    ],
    [
      'Google without its login provider',
      () => PrincipalTags.defaults([IdentityPoolProvider.google()]),
      /principalTags\.providers\[0\] names google\(\) but identityPool\.loginProviders\.google is not set/,
    ],
  ])('refused: %s', (_name, tags, message) => {
    expect(String(failure({ identityPool: { principalTags: tags() } }))).toMatch(message);
  });
});

test('cfn-lint and CloudFormation validation accept providers, rules and principal tags', () => {
  const outdir = tmpDir('identity-pool-cfn');
  const app = new App({ outdir });
  const stack = new Stack(app, 'IdentityPoolChecks', {
    env: { account: '123456789012', region: 'eu-west-1' },
  });
  const oidc = new iam.OpenIdConnectProvider(stack, 'Oidc', {
    url: 'https://login.acme-corp.net',
    clientIds: ['abc'],
  });
  new CognitoAuth(stack, 'Auth', {
    groups: [{ name: 'support', precedence: 1 }],
    identityPool: {
      loginProviders: { google: GOOGLE },
      openIdConnectProviders: [oidc],
      developerProviderName: 'login.acme-corp.net',
      roleMappings: [
        IdentityPoolRoleMapping.rules(IdentityPoolProvider.userPoolClient('web'), [rule('internal')]),
        IdentityPoolRoleMapping.token(IdentityPoolProvider.google(), AmbiguousRoleResolution.DENY),
      ],
      principalTags: PrincipalTags.fromClaims({ tenant: 'custom:tenant_id' }, [
        IdentityPoolProvider.userPool(),
        IdentityPoolProvider.openIdConnect(oidc),
      ]),
    },
  });
  app.synth();
  expectDeployable(outdir);
});

describe('client configuration', () => {
  /** Resolves Ref/GetAtt/Join the way CloudFormation would, with `<logicalId>-id` and `<logicalId>-<attribute>`. */
  function resolve(value: unknown): unknown {
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return value.map(resolve);
    const obj = value as Record<string, unknown>;
    if ('Ref' in obj) return obj.Ref === 'AWS::Region' ? 'eu-west-1' : `${obj.Ref as string}-id`;
    if ('Fn::GetAtt' in obj) return (obj['Fn::GetAtt'] as string[]).join('-');
    if ('Fn::Join' in obj) {
      const [sep, parts] = obj['Fn::Join'] as [string, unknown[]];
      return parts.map((p) => String(resolve(p))).join(sep);
    }
    throw new Error(`cannot resolve ${JSON.stringify(value)}`);
  }

  test('identity_pool lists providers, the developer name, principal tags and every role mapping', () => {
    const { template } = synth({
      groups: [{ name: 'support', precedence: 1 }],
      identityPool: {
        loginProviders: { google: GOOGLE },
        developerProviderName: 'login.acme-corp.net',
        roleMappings: [
          IdentityPoolRoleMapping.token(IdentityPoolProvider.google(), AmbiguousRoleResolution.DENY),
        ],
        principalTags: PrincipalTags.fromClaims({ tenant: 'custom:tenant_id' }),
      },
    });
    const out = template.findOutputs('ClientConfiguration').ClientConfiguration.Value;
    const config = JSON.parse(resolve(out) as string);
    const pool = config.custom.cognito_auth.identity_pool;
    const userPool = Object.keys(template.findResources('AWS::Cognito::UserPool'))[0];
    const web = Object.keys(template.findResources('AWS::Cognito::UserPoolClient'))[0];
    expect(pool).toMatchObject({
      login_providers: { 'accounts.google.com': GOOGLE },
      developer_provider_name: 'login.acme-corp.net',
      principal_tags: [{ provider: `${userPool}-ProviderName`, tags: { tenant: 'custom:tenant_id' } }],
      role_mappings: [
        { provider: `${userPool}-ProviderName:${web}-id`, type: 'Token', ambiguous: 'AuthenticatedRole' },
        { provider: 'accounts.google.com', type: 'Token', ambiguous: 'Deny' },
      ],
    });
    expect(pool.saml_provider_arns).toBeUndefined();
  });
});

describe('roles of your own', () => {
  test('authenticated and guest roles of this app get the pool trust added (with sts:TagSession); none is created', () => {
    const stack = newStack();
    const signedIn = new iam.Role(stack, 'SignedIn', { assumedBy: new iam.AccountRootPrincipal() });
    const guests = new iam.Role(stack, 'Guests', { assumedBy: new iam.AccountRootPrincipal() });
    const auth = new CognitoAuth(stack, 'Auth', {
      identityPool: {
        authenticatedRole: signedIn,
        guestRole: guests,
        allowGuestAccess: true,
        guestAccessReason: 'Visitors read the catalogue',
        principalTags: PrincipalTags.defaults(),
      },
    });
    expect(auth.authenticatedRole).toBe(signedIn);
    expect(auth.unauthenticatedRole).toBe(guests);
    const template = Template.fromStack(stack);
    expect(
      Object.keys(template.findResources('AWS::IAM::Role'))
        .map((id) => id.replace(/[0-9A-F]{8}$/, ''))
        .sort(),
    ).toEqual(['Guests', 'SignedIn']);
    for (const [part, amr] of [
      ['SignedIn', 'authenticated'],
      ['Guests', 'unauthenticated'],
    ]) {
      const statements = trustOf(template, part);
      expect(statements).toHaveLength(2);
      expect(statements[1]).toEqual(taggedTrust(amr));
    }
    template.hasResourceProperties('AWS::Cognito::IdentityPoolRoleAttachment', {
      Roles: {
        authenticated: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SignedIn'), 'Arn'] },
        unauthenticated: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Guests'), 'Arn'] },
      },
    });
  });

  test('a role that trusts the pool already is left as it is', () => {
    const stack = newStack();
    const auth = new CognitoAuth(stack, 'Auth', {});
    const own = new iam.Role(stack, 'Own', { assumedBy: auth.identityPool!.authenticatedPrincipal() });
    auth.addGroup({ name: 'ops', role: own });
    expect(trustOf(Template.fromStack(stack), 'Own')).toHaveLength(1);
  });

  test('an imported role gets a warning naming what its trust needs', () => {
    const stack = newStack();
    const imported = iam.Role.fromRoleArn(stack, 'Imported', 'arn:aws:iam::123456789012:role/signed-in');
    new CognitoAuth(stack, 'Auth', { identityPool: { authenticatedRole: imported } });
    const warnings = Annotations.fromStack(stack).findWarning(
      '*',
      Match.stringLikeRegexp('authenticatedRole is an imported role'),
    );
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings[0].entry.data)).toContain('amr \\"authenticated\\"');
  });

  test('a guest role without guest access is refused', () => {
    const stack = newStack();
    const guests = new iam.Role(stack, 'Guests', { assumedBy: new iam.AccountRootPrincipal() });
    expect(() => new CognitoAuth(stack, 'Auth', { identityPool: { guestRole: guests } })).toThrow(
      /identityPool\.guestRole is given but allowGuestAccess is false/,
    );
  });
});

describe('claims that grant roles or tags', () => {
  test('a tag from an attribute users can write is refused, naming the clients', () => {
    const e = failure({
      customAttributes: { tenant_id: CustomAttribute.string({ clientWrite: true }) },
      identityPool: { principalTags: PrincipalTags.fromClaims({ tenant: 'custom:tenant_id' }) },
    });
    expect(String(e)).toMatch(
      /identityPool\.principalTags\.tenant "custom:tenant_id" is an attribute users can write themselves through clients\.web/,
    );
  });

  test('a rule on an attribute the client lets users write is refused; read-only attributes pass', () => {
    const props = (clientWrite: boolean): CognitoAuthProps => ({
      groups: [{ name: 'support' }],
      customAttributes: { plan: CustomAttribute.string({ clientWrite }) },
      identityPool: {
        roleMappings: [
          IdentityPoolRoleMapping.rules(IdentityPoolProvider.userPoolClient('web'), [
            { claim: 'custom:plan', value: 'internal', role: MappedRole.group('support') },
          ]),
        ],
      },
    });
    expect(String(failure(props(true)))).toMatch(
      /roleMappings\[0\]\.rules\[0\]\.claim "custom:plan" is an attribute users can write/,
    );
    expect(failure(props(false))).toBeUndefined();
  });
});
