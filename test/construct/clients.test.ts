import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { AppClient, CognitoAuth, CustomAttribute } from '../../lib';
import { clientProps, newStack, synth } from '../util';

const api = [
  {
    identifier: 'orders-api',
    name: 'Orders',
    scopes: [
      { name: 'read', description: 'Read orders' },
      { name: 'write', description: 'Write orders' },
    ],
  },
];

describe('app clients', () => {
  test('default: one web client, SRP and refresh, no OAuth without callbacks, no secret', () => {
    const { template } = synth();
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    const web = clientProps(template, 'web');
    expect(web.GenerateSecret).toBe(false);
    expect(web.ExplicitAuthFlows).toEqual(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    expect(web.AllowedOAuthFlowsUserPoolClient).toBe(false);
    expect(web.AllowedOAuthFlows).toBeUndefined();
    expect(web.PreventUserExistenceErrors).toBe('ENABLED');
    expect(web.EnableTokenRevocation).toBe(true);
    expect(web.AccessTokenValidity).toBe(60);
    expect(web.IdTokenValidity).toBe(60);
    expect(web.RefreshTokenValidity).toBe(43200);
  });

  test('web client with callbacks: code grant only, explicit URLs, default scopes, Cognito provider', () => {
    const { template } = synth({
      clients: {
        web: AppClient.web({
          callbackUrls: ['https://app.acme-corp.net/cb', 'http://localhost:3000/cb'],
          logoutUrls: ['https://app.acme-corp.net/'],
        }),
      },
    });
    const web = clientProps(template, 'web');
    expect(web.AllowedOAuthFlows).toEqual(['code']);
    expect(web.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(web.CallbackURLs).toEqual(['https://app.acme-corp.net/cb', 'http://localhost:3000/cb']);
    expect(web.LogoutURLs).toEqual(['https://app.acme-corp.net/']);
    expect(web.AllowedOAuthScopes).toEqual(['openid', 'email', 'profile']);
    expect(web.SupportedIdentityProviders).toEqual(['COGNITO']);
    expect(web.GenerateSecret).toBe(false);
  });

  test('server client: secret, code grant', () => {
    const { template } = synth({
      clients: { portal: AppClient.server({ callbackUrls: ['https://portal.acme-corp.net/oauth'] }) },
    });
    const portal = clientProps(template, 'portal');
    expect(portal.GenerateSecret).toBe(true);
    expect(portal.AllowedOAuthFlows).toEqual(['code']);
  });

  test('machine client: secret, client credentials with resource-server scopes, no user flows', () => {
    const { template } = synth({
      resourceServers: api,
      clients: {
        jobs: AppClient.machine({ scopes: ['orders-api/read'], accessTokenValidity: Duration.minutes(15) }),
      },
    });
    const jobs = clientProps(template, 'jobs');
    expect(jobs.GenerateSecret).toBe(true);
    expect(jobs.AllowedOAuthFlows).toEqual(['client_credentials']);
    expect(jobs.ExplicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
    expect(jobs.AllowedOAuthScopes).toEqual([
      { 'Fn::Join': ['', [{ Ref: expect.stringMatching(/ResourceServerordersapi/) }, '/read']] },
    ]);
    expect(jobs.AccessTokenValidity).toBe(15);
    template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'orders-api',
      Name: 'Orders',
      Scopes: [
        { ScopeName: 'read', ScopeDescription: 'Read orders' },
        { ScopeName: 'write', ScopeDescription: 'Write orders' },
      ],
    });
  });

  test('machine clients do not sign in to the identity pool; others do', () => {
    const { template } = synth({
      resourceServers: api,
      clients: { web: AppClient.web(), jobs: AppClient.machine({ scopes: ['orders-api/write'] }) },
    });
    template.hasResourceProperties('AWS::Cognito::IdentityPool', {
      CognitoIdentityProviders: [
        Match.objectLike({ ClientId: { Ref: Match.stringLikeRegexp('Clientweb') } }),
      ],
    });
  });

  test('password client: USER_PASSWORD_AUTH and SRP, no OAuth, no secret', () => {
    const { template } = synth({ clients: { scripts: AppClient.password() } });
    const scripts = clientProps(template, 'scripts');
    expect(scripts.ExplicitAuthFlows).toEqual([
      'ALLOW_USER_PASSWORD_AUTH',
      'ALLOW_USER_SRP_AUTH',
      'ALLOW_REFRESH_TOKEN_AUTH',
    ]);
    expect(scripts.GenerateSecret).toBe(false);
    expect(scripts.AllowedOAuthFlowsUserPoolClient).toBe(false);
  });

  test('every option of a preset can be overridden', () => {
    const { template } = synth({
      clients: {
        web: AppClient.web({
          userPoolClientName: 'storefront',
          callbackUrls: ['https://shop.acme-corp.net/cb'],
          defaultRedirectUri: 'https://shop.acme-corp.net/cb',
          scopes: ['openid', 'email'],
          authFlows: { userSrp: true, custom: true },
          accessTokenValidity: Duration.minutes(30),
          idTokenValidity: Duration.minutes(20),
          refreshTokenValidity: Duration.days(1),
          authSessionValidity: Duration.minutes(10),
          preventUserExistenceErrors: false,
          enableTokenRevocation: false,
          identityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
        }),
      },
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ClientName: 'storefront',
      DefaultRedirectURI: 'https://shop.acme-corp.net/cb',
      AllowedOAuthScopes: ['openid', 'email'],
      ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AccessTokenValidity: 30,
      IdTokenValidity: 20,
      RefreshTokenValidity: 1440,
      AuthSessionValidity: 10,
      PreventUserExistenceErrors: 'LEGACY',
      EnableTokenRevocation: false,
    });
  });

  test('custom client: only the flows it names', () => {
    const { template } = synth({
      clients: {
        native: AppClient.custom({
          callbackUrls: ['com.acme.app:/callback'],
          oAuthFlows: { authorizationCodeGrant: true },
          authFlows: { user: true },
        }),
      },
    });
    const native = clientProps(template, 'native');
    expect(native.AllowedOAuthFlows).toEqual(['code']);
    expect(native.CallbackURLs).toEqual(['com.acme.app:/callback']);
    expect(native.ExplicitAuthFlows).toEqual(['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
  });

  test('addClient after construction adds the client and its identity-pool provider', () => {
    const stack = newStack();
    const auth = new CognitoAuth(stack, 'Auth');
    auth.addClient('mobile', AppClient.web());
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 2);
    const pool = Object.values(template.findResources('AWS::Cognito::IdentityPool'))[0] as {
      Properties: { CognitoIdentityProviders: unknown[] };
    };
    expect(pool.Properties.CognitoIdentityProviders).toHaveLength(2);
  });
});

describe('attribute permissions of clients', () => {
  const customAttributes = {
    tenant_id: CustomAttribute.ofString({ mutable: false }),
    nickname_color: CustomAttribute.ofString({ clientWrite: true }),
    risk_score: CustomAttribute.ofNumber({ clientRead: false }),
  };

  test('derived from declarations: custom readable unless clientRead false, writable only when clientWrite', () => {
    const { template } = synth({ customAttributes, standardAttributes: { birthdate: { mutable: false } } });
    const web = clientProps(template, 'web');
    const read = web.ReadAttributes as string[];
    const write = web.WriteAttributes as string[];
    expect(read).toEqual(
      expect.arrayContaining(['email', 'email_verified', 'custom:tenant_id', 'custom:nickname_color']),
    );
    expect(read).not.toContain('custom:risk_score');
    expect(write).toEqual(expect.arrayContaining(['email', 'given_name', 'custom:nickname_color']));
    expect(write).not.toContain('custom:tenant_id');
    expect(write).not.toContain('email_verified');
    expect(write).not.toContain('birthdate');
  });

  test('explicit lists replace the derived ones', () => {
    const { template } = synth({
      customAttributes,
      clients: {
        web: AppClient.web({ readAttributes: ['email', 'custom:tenant_id'], writeAttributes: ['name'] }),
      },
    });
    const web = clientProps(template, 'web');
    expect([...(web.ReadAttributes as string[])].sort()).toEqual(['custom:tenant_id', 'email']);
    expect(web.WriteAttributes).toEqual(['name']);
  });
});
