import { CfnParameter, SecretValue } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { parseAmplifyOutputs } from '@aws-amplify/core/internals/utils';
import {
  AppClient,
  AuthDomain,
  ClientConfiguration,
  CognitoAuth,
  CognitoAuthProps,
  CustomAttribute,
  IdentityProvider,
  IdentityProviderType,
  OidcAttributeRequestMethod,
  SamlMetadata,
} from '../../lib';
import { newStack, synth } from '../util';

const domain = AuthDomain.cognitoPrefix('acme-shop');
const web = AppClient.web({ callbackUrls: ['https://shop.acme-corp.net/cb'] });
const googleSecret = () => SecretValue.secretsManager('auth/google', { jsonField: 'clientSecret' });

const google = () =>
  IdentityProvider.google({
    clientId: '1234.apps.googleusercontent.com',
    clientSecret: googleSecret(),
    attributeMapping: { email: 'email', given_name: 'given_name' },
  });
const corp = () =>
  IdentityProvider.saml({
    name: 'Corp',
    metadata: SamlMetadata.url('https://idp.acme-corp.net/metadata'),
    identifiers: ['acme-corp.net'],
    attributeMapping: { email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress' },
  });

function clientOf(template: Template, name: string): Record<string, unknown> {
  const found = Object.entries(template.findResources('AWS::Cognito::UserPoolClient')).find(([id]) =>
    id.includes(`Client${name}`),
  );
  if (!found) throw new Error(`no client ${name}`);
  return found[1] as Record<string, unknown>;
}

describe('identity providers', () => {
  const dynamicSecret = '{{resolve:secretsmanager:auth/google:SecretString:clientSecret::}}';

  test.each<[string, () => IdentityProvider, Record<string, unknown>]>([
    [
      'Google',
      google,
      {
        ProviderName: 'Google',
        ProviderType: 'Google',
        ProviderDetails: {
          client_id: '1234.apps.googleusercontent.com',
          client_secret: dynamicSecret,
          authorize_scopes: 'openid email profile',
        },
        AttributeMapping: { email: 'email', given_name: 'given_name' },
      },
    ],
    [
      'Facebook',
      () =>
        IdentityProvider.facebook({
          clientId: '99887766',
          clientSecret: googleSecret(),
          apiVersion: 'v19.0',
        }),
      {
        ProviderName: 'Facebook',
        ProviderType: 'Facebook',
        ProviderDetails: {
          client_id: '99887766',
          client_secret: dynamicSecret,
          authorize_scopes: 'public_profile,email',
          api_version: 'v19.0',
        },
        AttributeMapping: { email: 'email' },
      },
    ],
    [
      'Sign in with Apple',
      () =>
        IdentityProvider.apple({
          servicesId: 'net.acme-corp.shop',
          teamId: 'TEAM123456',
          keyId: 'KEY1234567',
          privateKey: SecretValue.secretsManager('auth/apple', { jsonField: 'privateKey' }),
        }),
      {
        ProviderName: 'SignInWithApple',
        ProviderType: 'SignInWithApple',
        ProviderDetails: {
          client_id: 'net.acme-corp.shop',
          team_id: 'TEAM123456',
          key_id: 'KEY1234567',
          private_key: '{{resolve:secretsmanager:auth/apple:SecretString:privateKey::}}',
          authorize_scopes: 'email name',
        },
      },
    ],
    [
      'Login with Amazon',
      () =>
        IdentityProvider.amazon({ clientId: 'amzn1.application-oa2-client.1', clientSecret: googleSecret() }),
      {
        ProviderName: 'LoginWithAmazon',
        ProviderType: 'LoginWithAmazon',
        ProviderDetails: {
          client_id: 'amzn1.application-oa2-client.1',
          client_secret: dynamicSecret,
          authorize_scopes: 'profile',
        },
      },
    ],
    [
      'OIDC',
      () =>
        IdentityProvider.oidc({
          name: 'Partners',
          clientId: 'cognito-shop',
          clientSecret: googleSecret(),
          issuerUrl: 'https://login.partners.acme-corp.net',
          attributeRequestMethod: OidcAttributeRequestMethod.POST,
          identifiers: ['partners.acme-corp.net'],
        }),
      {
        ProviderName: 'Partners',
        ProviderType: 'OIDC',
        ProviderDetails: {
          client_id: 'cognito-shop',
          client_secret: dynamicSecret,
          oidc_issuer: 'https://login.partners.acme-corp.net',
          authorize_scopes: 'openid email profile',
          attributes_request_method: 'POST',
        },
        IdpIdentifiers: ['partners.acme-corp.net'],
        AttributeMapping: { email: 'email' },
      },
    ],
    [
      'SAML',
      corp,
      {
        ProviderName: 'Corp',
        ProviderType: 'SAML',
        ProviderDetails: {
          MetadataURL: 'https://idp.acme-corp.net/metadata',
          IDPSignout: 'false',
          IDPInit: 'false',
          EncryptedResponses: 'false',
          RequestSigningAlgorithm: 'rsa-sha256',
        },
        IdpIdentifiers: ['acme-corp.net'],
      },
    ],
  ])('%s is created with its details, the secret as a dynamic reference', (_name, provider, expected) => {
    const { template } = synth({ domain, clients: { web }, identityProviders: [provider()] });
    template.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', {
      ...expected,
      UserPoolId: { Ref: Match.stringLikeRegexp('AuthUserPool') },
    });
    // No secret in plain text anywhere in the template.
    expect(JSON.stringify(template.toJSON())).not.toMatch(/s3cr3t/);
  });

  test('a secret in plain text is refused', () => {
    expect(() =>
      synth({
        domain,
        identityProviders: [
          IdentityProvider.google({ clientId: 'x', clientSecret: SecretValue.unsafePlainText('s3cr3t') }),
        ],
      }),
    ).toThrow(
      /identityProviders\[0\]\.clientSecret is plain text in the template; .*SecretValue\.secretsManager/,
    );
    expect(() =>
      synth({
        domain,
        identityProviders: [
          IdentityProvider.apple({
            servicesId: 'a',
            teamId: 'b',
            keyId: 'c',
            privateKey: SecretValue.unsafePlainText('-----BEGIN PRIVATE KEY-----'),
          }),
        ],
      }),
    ).toThrow(/identityProviders\[0\]\.privateKey is plain text/);
  });

  test('a plain string is not a secret: it does not compile', () => {
    const options = {
      clientId: 'x',
      // @ts-expect-error a client secret must be a SecretValue
      clientSecret: 's3cr3t',
    } satisfies Parameters<typeof IdentityProvider.google>[0];
    expect(options.clientId).toBe('x');
  });

  test('a NoEcho parameter is accepted as the secret source', () => {
    const stack = newStack();
    const param = new CfnParameter(stack, 'GoogleSecret', { type: 'String', noEcho: true });
    new CognitoAuth(stack, 'Auth', {
      domain,
      identityProviders: [
        IdentityProvider.google({ clientId: 'x', clientSecret: SecretValue.cfnParameter(param) }),
      ],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', {
      ProviderDetails: Match.objectLike({ client_secret: { Ref: 'GoogleSecret' } }),
    });
  });
});

describe('clients offer the providers whatever the declaration order', () => {
  test('GIVEN a client declared before the provider WHEN synthesized THEN it lists the provider and is created after it', () => {
    const stack = newStack();
    const auth = new CognitoAuth(stack, 'Auth', { domain, clients: { web } });
    auth.addIdentityProvider(google());
    auth.addIdentityProvider(corp());
    const template = Template.fromStack(stack);
    const client = clientOf(template, 'web');
    expect((client.Properties as Record<string, unknown>).SupportedIdentityProviders).toEqual([
      'COGNITO',
      'Corp',
      'Google',
    ]);
    const providerIds = Object.keys(template.findResources('AWS::Cognito::UserPoolIdentityProvider'));
    expect(providerIds).toHaveLength(2);
    expect(client.DependsOn).toEqual(expect.arrayContaining(providerIds));
  });

  test('a client added after the providers lists them too', () => {
    const stack = newStack();
    const auth = new CognitoAuth(stack, 'Auth', { domain, clients: {}, identityProviders: [google()] });
    auth.addClient('late', web);
    const client = clientOf(Template.fromStack(stack), 'late');
    expect((client.Properties as Record<string, unknown>).SupportedIdentityProviders).toEqual([
      'COGNITO',
      'Google',
    ]);
    expect(client.DependsOn).toHaveLength(1);
  });

  test('a client with its own identityProviders offers exactly those; clients without OAuth offer Cognito only', () => {
    const { template } = synth({
      domain,
      resourceServers: [{ identifier: 'orders', scopes: [{ name: 'read', description: 'Read' }] }],
      clients: {
        web,
        staff: AppClient.web({
          callbackUrls: ['https://staff.acme-corp.net/cb'],
          identityProviders: [cognito.UserPoolClientIdentityProvider.custom('Corp')],
        }),
        jobs: AppClient.machine({ scopes: ['orders/read'] }),
        cli: AppClient.password(),
      },
      identityProviders: [google(), corp()],
    });
    const providers = (name: string) =>
      (clientOf(template, name).Properties as Record<string, unknown>).SupportedIdentityProviders;
    expect(providers('staff')).toEqual(['Corp']);
    expect(providers('web')).toEqual(['COGNITO', 'Corp', 'Google']);
    expect(providers('jobs')).toEqual(['COGNITO']);
    expect(providers('cli')).toEqual(['COGNITO']);
  });

  test('a client naming a provider the pool does not have is refused at synth', () => {
    expect(() =>
      synth({
        domain,
        clients: {
          web: AppClient.web({
            callbackUrls: ['https://shop.acme-corp.net/cb'],
            identityProviders: [cognito.UserPoolClientIdentityProvider.GOOGLE],
          }),
        },
        identityProviders: [corp()],
      }),
    ).toThrow(
      /clients\.web\.identityProviders\[0\] "Google" is not an identity provider of this pool; declared: COGNITO, Corp/,
    );
  });
});

describe('attribute mapping', () => {
  const base: CognitoAuthProps = { domain, clients: { web } };

  test('an immutable standard attribute cannot be mapped', () => {
    expect(() =>
      synth({
        ...base,
        standardAttributes: { givenName: { mutable: false } },
        identityProviders: [google()],
      }),
    ).toThrow(
      /identityProviders\[0\]\.attributeMapping\.given_name is mapped but standardAttributes declares given_name immutable/,
    );
  });

  test('an immutable custom attribute cannot be mapped', () => {
    expect(() =>
      synth({
        ...base,
        customAttributes: { tenant_id: CustomAttribute.string({ mutable: false }) },
        identityProviders: [
          IdentityProvider.saml({
            name: 'Corp',
            metadata: SamlMetadata.url('https://idp.acme-corp.net/metadata'),
            attributeMapping: { 'custom:tenant_id': 'tenant' },
          }),
        ],
      }),
    ).toThrow(
      /identityProviders\[0\]\.attributeMapping\.custom:tenant_id is mapped but the attribute is immutable/,
    );
  });

  test('an unknown attribute cannot be mapped', () => {
    expect(() =>
      synth({
        ...base,
        identityProviders: [
          IdentityProvider.oidc({
            name: 'Partners',
            clientId: 'x',
            clientSecret: googleSecret(),
            issuerUrl: 'https://login.partners.acme-corp.net',
            attributeMapping: { mail: 'email' },
          }),
        ],
      }),
    ).toThrow(/identityProviders\[0\]\.attributeMapping\.mail is not a user-pool attribute/);
  });

  test('a required attribute must be mapped by every provider', () => {
    expect(() =>
      synth({
        ...base,
        standardAttributes: { email: { required: true } },
        identityProviders: [
          IdentityProvider.saml({ name: 'Corp', metadata: SamlMetadata.url('https://idp.acme-corp.net/m') }),
        ],
      }),
    ).toThrow(
      /identityProviders\[0\]\.attributeMapping \{\} does not map email, which standardAttributes requires/,
    );
  });

  test('a client offering a provider must be able to write what it maps', () => {
    const mapsTenant = () =>
      IdentityProvider.saml({
        name: 'Corp',
        metadata: SamlMetadata.url('https://idp.acme-corp.net/metadata'),
        attributeMapping: { 'custom:tenant_id': 'tenant' },
      });
    expect(() =>
      synth({
        ...base,
        clients: {
          web: AppClient.web({ callbackUrls: ['https://shop.acme-corp.net/cb'], writeAttributes: ['email'] }),
        },
        customAttributes: { tenant_id: CustomAttribute.string() },
        identityProviders: [mapsTenant()],
      }),
    ).toThrow(
      /clients\.web\.writeAttributes lacks "custom:tenant_id", which the identity provider "Corp" maps/,
    );
    // With the default write list, the client may write what the providers it offers map.
    const { template } = synth({
      ...base,
      customAttributes: { tenant_id: CustomAttribute.string() },
      identityProviders: [mapsTenant()],
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      WriteAttributes: Match.arrayWith(['custom:tenant_id', 'email']),
    });
    // Allowed when the client may write it, or does not offer the provider.
    expect(() =>
      synth({
        ...base,
        customAttributes: { tenant_id: CustomAttribute.string({ clientWrite: true }) },
        identityProviders: [mapsTenant()],
      }),
    ).not.toThrow();
    expect(() =>
      synth({
        domain,
        clients: {
          web: AppClient.web({
            callbackUrls: ['https://shop.acme-corp.net/cb'],
            identityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
          }),
        },
        customAttributes: { tenant_id: CustomAttribute.string() },
        identityProviders: [mapsTenant()],
      }),
    ).not.toThrow();
  });
});

describe('provider validation', () => {
  test.each<[string, () => IdentityProvider, RegExp]>([
    [
      'a name with an underscore at the end',
      () =>
        IdentityProvider.saml({ name: 'Corp_', metadata: SamlMetadata.url('https://idp.acme-corp.net/m') }),
      /identityProviders\[0\]\.name "Corp_" is not allowed; use 3 to 32/,
    ],
    [
      'a name longer than 32 characters',
      () =>
        IdentityProvider.saml({
          name: 'C'.repeat(33),
          metadata: SamlMetadata.url('https://idp.acme-corp.net/m'),
        }),
      /identityProviders\[0\]\.name "C{33}" is not allowed/,
    ],
    [
      'a reserved name',
      () =>
        IdentityProvider.saml({ name: 'Google', metadata: SamlMetadata.url('https://idp.acme-corp.net/m') }),
      /identityProviders\[0\]\.name "Google" is reserved for Cognito or a social provider/,
    ],
    [
      'an http issuer',
      () =>
        IdentityProvider.oidc({
          name: 'Partners',
          clientId: 'x',
          clientSecret: googleSecret(),
          issuerUrl: 'http://login.partners.acme-corp.net',
        }),
      /identityProviders\[0\]\.issuerUrl "http:\/\/login\.partners\.acme-corp\.net" is not an https URL/,
    ],
    [
      'metadata that is not SAML',
      () => IdentityProvider.saml({ name: 'Corp', metadata: SamlMetadata.file('<html></html>') }),
      /identityProviders\[0\]\.metadata .* is not SAML metadata/,
    ],
    [
      'an empty client id',
      () => IdentityProvider.google({ clientId: ' ', clientSecret: googleSecret() }),
      /identityProviders\[0\]\.clientId is empty/,
    ],
    [
      'an identifier with a slash',
      () =>
        IdentityProvider.saml({
          name: 'Corp',
          metadata: SamlMetadata.url('https://idp.acme-corp.net/m'),
          identifiers: ['acme/corp'],
        }),
      /identityProviders\[0\]\.identifiers\[0\] "acme\/corp" is not allowed/,
    ],
  ])('%s is refused', (_name, provider, message) => {
    expect(() => synth({ domain, identityProviders: [provider()] })).toThrow(message);
  });

  test('a name used twice is refused', () => {
    expect(() => synth({ domain, identityProviders: [corp(), corp()] })).toThrow(
      /identityProviders\[1\]\.name "Corp" is already used by another identity provider/,
    );
  });

  test('federation without a domain is refused', () => {
    expect(() => synth({ identityProviders: [google()] })).toThrow(
      /identityProviders\[0\] \(Google\) needs a domain: federated sign-in goes through the managed login pages/,
    );
  });

  test('a token name skips the name checks', () => {
    const stack = newStack();
    const name = new CfnParameter(stack, 'ProviderName', { type: 'String' }).valueAsString;
    new CognitoAuth(stack, 'Auth', {
      domain,
      identityProviders: [
        IdentityProvider.saml({ name, metadata: SamlMetadata.url('https://idp.acme-corp.net/m') }),
      ],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', {
      ProviderName: { Ref: 'ProviderName' },
    });
  });
});

describe('client configuration', () => {
  test('lists the providers with Amplify names, and Amplify offers the social ones', () => {
    const { auth, stack } = synth({
      domain,
      clients: { web },
      identityProviders: [
        google(),
        IdentityProvider.apple({ servicesId: 'a', teamId: 'b', keyId: 'c', privateKey: googleSecret() }),
        corp(),
      ],
    });
    const config = stack.resolve(auth.clientConfiguration) as ClientConfiguration;
    expect(config.auth.oauth?.identity_providers).toEqual(['Corp', 'GOOGLE', 'SIGN_IN_WITH_APPLE']);
    expect(config.custom.cognito_auth.identity_providers).toEqual([
      { name: 'Google', type: IdentityProviderType.GOOGLE },
      { name: 'SignInWithApple', type: IdentityProviderType.APPLE },
      { name: 'Corp', type: IdentityProviderType.SAML },
    ]);
    expect(config.custom.cognito_auth.clients.web.identity_providers).toEqual([
      'COGNITO',
      'Corp',
      'Google',
      'SignInWithApple',
    ]);
    const parsed = parseAmplifyOutputs({
      ...config,
      auth: {
        ...config.auth,
        user_pool_id: 'eu-west-1_abc',
        user_pool_client_id: 'client',
        aws_region: 'eu-west-1',
      },
    } as Parameters<typeof parseAmplifyOutputs>[0]);
    // Amplify knows the social providers by name; OIDC and SAML are used with { custom: 'Corp' }.
    expect(parsed.Auth?.Cognito.loginWith?.oauth?.providers).toEqual(['Google', 'Apple']);
  });
});
