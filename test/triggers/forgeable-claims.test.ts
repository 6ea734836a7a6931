import { App, SecretValue, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import {
  AppClient,
  AuthDomain,
  CognitoAuth,
  CognitoAuthProps,
  CustomAttribute,
  IdentityProvider,
  PreTokenGeneration,
  PreTokenGenerationOptions,
  PreTokenGenerationVersion,
} from '../../lib';
import { ensureTriggerAssets, testOutdirs } from './assets';

beforeAll(ensureTriggerAssets);
const outdirs = testOutdirs('forgeable-claims');
afterAll(outdirs.cleanup);

/** GIVEN a CognitoAuth with a bundled pre token generation trigger, WHEN it is synthesized. */
function synthWith(
  trigger: PreTokenGenerationOptions,
  props: CognitoAuthProps = {},
  build?: (auth: CognitoAuth) => void,
): Template {
  const app = new App({ outdir: outdirs.next() });
  const stack = new Stack(app, 'Shop', { env: { account: '123456789012', region: 'eu-west-1' } });
  const auth = new CognitoAuth(stack, 'Auth', {
    customAttributes: {
      role: CustomAttribute.string({ clientWrite: true }),
      tenant_id: CustomAttribute.string(),
    },
    ...props,
    triggers: { preTokenGeneration: PreTokenGeneration.bundled(trigger) },
  });
  build?.(auth);
  return Template.fromStack(stack);
}

describe('claims from attributes users can write', () => {
  test('a custom attribute declared clientWrite is refused, naming the client and how users write it', () => {
    expect(() => synthWith({ claimsFromAttributes: { 'custom:role': 'role' } })).toThrow(
      /^triggers.preTokenGeneration.claimsFromAttributes\["custom:role"\] claim "role" comes from the attribute "custom:role", which users can set on themselves through app client "web" \(UpdateUserAttributes with an access token of its API sign-in flows\).*remove "custom:role" from the writeAttributes of "web".*acknowledgeUserWritableClaims: \{ "role": '<why it is safe>' \}/,
    );
  });

  test('a standard attribute, which clients write by default, is refused under another claim name', () => {
    expect(() => synthWith({ claimsFromAttributes: { nickname: 'display_role' } })).toThrow(
      /claimsFromAttributes\["nickname"\] claim "display_role" comes from the attribute "nickname"/,
    );
  });

  test('with self sign-up on, SignUp is a way to write it too', () => {
    expect(() =>
      synthWith({ claimsFromAttributes: { 'custom:role': 'role' } }, { selfSignUpEnabled: true }),
    ).toThrow(/app client "web" \(SignUp; UpdateUserAttributes/);
  });

  test('every client that lets users write it is named', () => {
    expect(() =>
      synthWith(
        { claimsFromAttributes: { 'custom:role': 'role' } },
        { clients: { web: AppClient.web(), cli: AppClient.password() } },
      ),
    ).toThrow(/app clients "web" \(.*\), "cli" \(.*\)/);
  });

  test('a client added after the construct is seen too', () => {
    expect(() =>
      synthWith(
        { claimsFromAttributes: { 'custom:role': 'role' } },
        {
          clients: { jobs: AppClient.machine({ scopes: ['api/read'] }) },
          resourceServers: [{ identifier: 'api', scopes: [{ name: 'read', description: 'Read' }] }],
        },
        (auth) =>
          auth.userPool.addClient('Extra', {
            writeAttributes: new cognito.ClientAttributes().withCustomAttributes('role'),
          }),
      ),
    ).toThrow(/through app client "Shop\/Auth\/UserPool\/Extra\/Resource"/);
  });

  test('an attribute no client lets users write is accepted: the default for custom attributes', () => {
    const template = synthWith({ claimsFromAttributes: { 'custom:tenant_id': 'tenant_id' } });
    template.resourceCountIs('AWS::Lambda::Function', 1);
  });

  test('a confidential client or a machine client does not count: users never hold its tokens', () => {
    expect(() =>
      synthWith(
        { claimsFromAttributes: { 'custom:role': 'role' } },
        {
          clients: { server: AppClient.server({ callbackUrls: ['https://app.acme-corp.net/cb'] }) },
        },
      ),
    ).not.toThrow();
  });

  test('a copy of a standard attribute under its own name adds nothing and is accepted', () => {
    expect(() => synthWith({ claimsFromAttributes: { email: 'email', locale: 'locale' } })).not.toThrow();
  });

  test('an acknowledged claim passes, with its reason; an empty reason or a stale entry is refused', () => {
    expect(() =>
      synthWith({
        claimsFromAttributes: { 'custom:role': 'role' },
        acknowledgeUserWritableClaims: { role: 'display only: no service authorizes on it' },
      }),
    ).not.toThrow();
    expect(() =>
      synthWith({
        claimsFromAttributes: { 'custom:role': 'role' },
        acknowledgeUserWritableClaims: { role: ' ' },
      }),
    ).toThrow(/acknowledgeUserWritableClaims\["role"\] " " is not a reason/);
    expect(() =>
      synthWith({
        claimsFromAttributes: { 'custom:tenant_id': 'tenant_id' },
        acknowledgeUserWritableClaims: { tenant_id: 'no longer needed' },
      }),
    ).toThrow(/acknowledgeUserWritableClaims\["tenant_id"\] acknowledges a claim that no user can set/);
  });
});

describe('claims that override a standard claim', () => {
  test('an attribute copied into "email" is refused even when no user can write it', () => {
    expect(() => synthWith({ claimsFromAttributes: { 'custom:tenant_id': 'email' } })).toThrow(
      /claimsFromAttributes\["custom:tenant_id"\] claim "email" replaces the standard claim "email"/,
    );
  });

  test('a group claim named like a standard claim is refused', () => {
    expect(() =>
      synthWith(
        { groupClaims: [{ claimName: 'name', valuesByGroup: { admins: ['Administrator'] } }] },
        { groups: [{ name: 'admins', precedence: 0 }] },
      ),
    ).toThrow(/groupClaims\[0\].claimName claim "name" replaces the standard claim "name"/);
  });
});

describe('federation', () => {
  const google = (attributeMapping: Record<string, string>) =>
    IdentityProvider.google({
      clientId: 'id.apps.googleusercontent.com',
      clientSecret: SecretValue.secretsManager('google'),
      attributeMapping,
    });

  test('a claim from a mapped attribute through a client users can write with is refused, saying why', () => {
    expect(() =>
      synthWith(
        { claimsFromAttributes: { 'custom:tenant_id': 'tenant_id' } },
        {
          customAttributes: { tenant_id: CustomAttribute.string() },
          domain: AuthDomain.cognitoPrefix('acme-forge-test'),
          identityProviders: [google({ email: 'email', 'custom:tenant_id': 'hd' })],
          clients: {
            web: AppClient.web({
              callbackUrls: ['https://app.acme-corp.net/cb'],
              writeAttributes: ['email', 'custom:tenant_id'],
            }),
          },
        },
      ),
    ).toThrow(
      /identity provider "Google" maps it, and Cognito requires every client that offers it to write it.*clients of their own that sign in only through the OAuth pages/,
    );
  });

  test('a federated-only client without API flows and without the user admin scope keeps it trustworthy', () => {
    expect(() =>
      synthWith(
        { claimsFromAttributes: { 'custom:tenant_id': 'tenant_id' } },
        {
          customAttributes: { tenant_id: CustomAttribute.string() },
          domain: AuthDomain.cognitoPrefix('acme-forge-test'),
          identityProviders: [google({ email: 'email', 'custom:tenant_id': 'hd' })],
          clients: {
            web: AppClient.web({
              callbackUrls: ['https://app.acme-corp.net/cb'],
              authFlows: { userSrp: false },
              identityProviders: [cognito.UserPoolClientIdentityProvider.GOOGLE],
              writeAttributes: ['email', 'custom:tenant_id'],
            }),
          },
        },
      ),
    ).not.toThrow();
  });
});

test('a V2 configuration is checked the same way', () => {
  expect(() =>
    synthWith({ version: PreTokenGenerationVersion.V2_0, claimsFromAttributes: { 'custom:role': 'role' } }),
  ).toThrow(/claim "role" comes from the attribute "custom:role"/);
});
