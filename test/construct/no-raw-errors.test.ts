import { Duration, Lazy, RemovalPolicy, SecretValue } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import fc from 'fast-check';
import {
  AppClient,
  AuthDomain,
  AuthEmail,
  AuthProfile,
  CognitoAuth,
  CognitoAuthError,
  CustomAttribute,
  DeviceRemembering,
  IdentityProvider,
  PreSignUp,
  PreTokenGeneration,
  PreTokenGenerationVersion,
  SamlMetadata,
} from '../../lib';
import { newStack } from '../util';

/**
 * Throws many bad and edge-case props at CognitoAuth: every failure must be a CognitoAuthError (naming the
 * prop), never a raw error of aws-cdk-lib or JavaScript.
 */
const token = () => Lazy.string({ produce: () => 'resolved-later' });
const odd = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constant(''),
  fc.constant(' '),
  fc.constant('a b'),
  fc.constant('x'.repeat(300)),
  fc.constant('администраторы'),
  fc.constant('https://api.example.org/x'),
  fc.constant(-1),
  fc.constant(0),
  fc.constant(1.5),
  fc.constant(Number.NaN),
  fc.constant(1e12),
  fc.constant(true),
  fc.constant([]),
  fc.constant({}),
  fc.string({ maxLength: 40 }),
  fc.integer({ min: -5, max: 3000 }),
);
/** Mostly one of the given values (valid or edge cases), sometimes an odd value of any type. */
const anyOf = <T>(...values: T[]) =>
  fc.oneof({ arbitrary: fc.constantFrom(...values), weight: 12 }, { arbitrary: odd, weight: 1 });
/** Mostly `arbitrary`, sometimes an odd value. */
const mostly = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary, weight: 12 }, { arbitrary: odd as fc.Arbitrary<unknown>, weight: 1 });
const name = fc.oneof(
  fc.constantFrom('admins', 'web', 'Admins', 'my-app', 'my_app', 'orders-api', 'a'),
  fc.string({ maxLength: 30 }),
);
const url = fc.oneof(
  fc.constantFrom(
    'https://app.acme-corp.net/cb',
    'http://localhost:3000/cb',
    'com.acme.app:/cb',
    'http://app.acme-corp.net/cb',
    'https://*.acme-corp.net/cb',
    'https://app.acme-corp.net/#x',
    'myapp://cb',
    'not a url',
  ),
  fc.string({ maxLength: 30 }),
);
const duration = anyOf(
  Duration.minutes(1),
  Duration.minutes(30),
  Duration.days(1),
  Duration.days(4000),
  Duration.hours(2),
);

const client = fc.oneof(
  fc
    .record(
      {
        callbackUrls: fc.array(url, { maxLength: 3 }),
        logoutUrls: fc.array(url, { maxLength: 2 }),
        scopes: fc.array(fc.oneof(fc.constantFrom('openid', 'email', 'orders-api/read', 'x/y'), name), {
          maxLength: 3,
        }),
        readAttributes: fc.array(fc.constantFrom('email', 'custom:tenant', 'shoe', 'email_verified'), {
          maxLength: 3,
        }),
        writeAttributes: fc.array(fc.constantFrom('email', 'custom:tenant', 'email_verified', 'given_name'), {
          maxLength: 3,
        }),
        accessTokenValidity: duration,
        refreshTokenValidity: duration,
        userPoolClientName: anyOf('web app'),
        generateSecret: anyOf(true, false),
      },
      { requiredKeys: [] },
    )
    .chain((o) =>
      fc.constantFrom(
        AppClient.web(o as never),
        AppClient.server(o as never),
        AppClient.password(o as never),
        AppClient.custom({ ...(o as object), oAuthFlows: { authorizationCodeGrant: true } } as never),
        AppClient.machine({ ...(o as object), scopes: (o as { scopes?: string[] }).scopes ?? [] } as never),
      ),
    ),
  fc.constant(AppClient.web()),
  fc.constant(AppClient.password()),
);

const provider = fc.oneof(
  fc.constant(
    IdentityProvider.google({
      clientId: 'x',
      clientSecret: SecretValue.secretsManager('g', { jsonField: 's' }),
    }),
  ),
  fc.constant(IdentityProvider.google({ clientId: 'x', clientSecret: SecretValue.ssmSecure('/g') })),
  fc.constant(IdentityProvider.google({ clientId: '', clientSecret: SecretValue.unsafePlainText('s') })),
  name.map((n) =>
    IdentityProvider.saml({
      name: n,
      metadata: SamlMetadata.url('https://idp.acme-corp.net/m'),
      identifiers: ['acme-corp.net'],
    }),
  ),
  name.map((n) =>
    IdentityProvider.oidc({
      name: n,
      clientId: 'c',
      clientSecret: SecretValue.secretsManager('o'),
      issuerUrl: 'http://issuer',
      attributeMapping: { email_verified: 'ev', 'custom:tenant': 't', shoe: 's' },
    }),
  ),
  odd,
);

const allProps = fc.record(
  {
    profile: anyOf(AuthProfile.DEV, AuthProfile.PROD),
    stage: anyOf('dev'),
    userPoolName: anyOf('acme users', token()),
    signInAliases: anyOf(
      { email: true },
      { username: true, preferredUsername: true },
      { phone: true },
      {},
      { preferredUsername: true },
    ),
    signInCaseSensitive: anyOf(true, false),
    autoVerify: anyOf({ email: true }, { phone: true }),
    keepOriginal: anyOf({ email: true }, { phone: true }),
    selfSignUpEnabled: anyOf(true),
    standardAttributes: anyOf({ email: { required: true } }, { givenName: { mutable: false } }),
    customAttributes: fc.dictionary(
      name,
      fc.oneof(
        fc.constant(CustomAttribute.string({ minLength: 5, maxLength: 2 })),
        fc.constant(CustomAttribute.string({ maxLength: 5000 })),
        fc.constant(CustomAttribute.number({ min: 1.5 })),
        fc.constant(CustomAttribute.boolean({ mutable: false })),
        odd,
      ),
      { maxKeys: 3 },
    ),
    passwordPolicy: fc.record(
      { minLength: anyOf(6, 12, 100), tempPasswordValidity: duration, passwordHistorySize: anyOf(0, 5, 30) },
      { requiredKeys: [] },
    ),
    mfa: fc.record(
      {
        mode: anyOf(cognito.Mfa.OFF, cognito.Mfa.REQUIRED),
        totp: anyOf(false),
        sms: anyOf(true),
        email: anyOf(true),
        smsMessage: anyOf('code {####}', 'no code'),
      },
      { requiredKeys: [] },
    ),
    accountRecovery: anyOf(
      cognito.AccountRecovery.EMAIL_ONLY,
      cognito.AccountRecovery.PHONE_ONLY_WITHOUT_MFA,
      cognito.AccountRecovery.NONE,
    ),
    featurePlan: anyOf(cognito.FeaturePlan.LITE, cognito.FeaturePlan.PLUS),
    threatProtection: anyOf({ standard: cognito.StandardThreatProtectionMode.FULL_FUNCTION }),
    deviceTracking: anyOf({ remember: DeviceRemembering.ALWAYS }, { remember: 'sometimes' }),
    deletionProtection: anyOf(true),
    removalPolicy: anyOf(RemovalPolicy.RETAIN, RemovalPolicy.DESTROY),
    email: fc.oneof(
      fc.constant(AuthEmail.cognito()),
      fc.constant(AuthEmail.ses({ fromEmail: 'no-reply@acme-corp.net' })),
      fc.constant(AuthEmail.ses({ fromEmail: 'no-reply@acme-corp.net', sesRegion: 'ap-south-1' })),
      odd,
    ),
    sms: anyOf({ externalId: 'x' }, { snsRegion: 'eu-west-1' }),
    userVerification: anyOf(
      { emailStyle: cognito.VerificationEmailStyle.LINK },
      { emailBody: 'no code', smsMessage: 'x' },
      { emailSubject: 'x'.repeat(200) },
    ),
    userInvitation: anyOf({ smsMessage: '{username} {####}' }, { emailBody: 'x' }),
    clients: mostly(fc.dictionary(name, client, { maxKeys: 3 })),
    defaultClient: anyOf('web', 'nope'),
    resourceServers: mostly(
      fc.array(
        fc.record({
          identifier: fc.oneof(name, url),
          name: fc.oneof(fc.constant(undefined), name),
          scopes: fc.array(
            fc.record({
              name: fc.oneof(name, fc.constant('a/b')),
              description: fc.oneof(name, fc.constant('')),
            }),
            { maxLength: 2 },
          ),
        }),
        { maxLength: 2 },
      ),
    ),
    domain: fc.oneof(
      fc.constant(AuthDomain.cognitoPrefix('acme-shop')),
      name.map((n) => AuthDomain.cognitoPrefix(n)),
      odd,
    ),
    managedLoginVersion: anyOf(
      cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
      cognito.ManagedLoginVersion.CLASSIC_HOSTED_UI,
    ),
    identityProviders: mostly(fc.array(provider, { maxLength: 2 })),
    groups: mostly(
      fc.array(
        fc.record(
          { name, precedence: anyOf(0, 1, 2147483648), description: anyOf('d') },
          { requiredKeys: ['name'] },
        ),
        { maxLength: 3 },
      ),
    ),
    identityPool: anyOf({ enabled: false }, { allowGuestAccess: true }, { identityPoolName: 'a/b' }),
    triggers: anyOf(
      { preSignUp: PreSignUp.bundled({ deniedDomains: ['bad domain'] }) },
      { preTokenGeneration: PreTokenGeneration.bundled({ version: PreTokenGenerationVersion.V2_0 }) },
      {
        preTokenGeneration: PreTokenGeneration.bundled({
          groupClaims: [{ claimName: 'p', valuesByGroup: { nobody: ['x'] } }],
        }),
      },
    ),
    userImportRole: anyOf(true),
    tags: mostly(
      fc.dictionary(fc.oneof(name, fc.constant('aws:x')), fc.oneof(name, fc.constant('#')), { maxKeys: 2 }),
    ),
    outputs: anyOf({ prefix: 'Shop' }, { prefix: 'a-b' }, { perItem: true }, { enabled: false }),
  },
  { requiredKeys: [] },
);

/** A few props at a time, so that runs get past the first checks and into deeper combinations. */
const props = fc
  .tuple(allProps, fc.integer({ min: 1, max: 6 }), fc.array(fc.nat(), { minLength: 6, maxLength: 6 }))
  .map(([all, count, picks]) => {
    const keys = Object.keys(all);
    const chosen = new Set(picks.slice(0, count).map((i) => keys[i % Math.max(keys.length, 1)]));
    return Object.fromEntries(Object.entries(all).filter(([k]) => chosen.has(k)));
  });

const outcomes = new Map<string, number>();

describe('no raw error reaches the user', () => {
  afterAll(() => {
    if (process.env.FC_REPORT) console.log([...outcomes].sort((a, b) => b[1] - a[1]));
  });

  test('every failure for many bad and edge-case props is a CognitoAuthError', () => {
    fc.assert(
      fc.property(props, (p) => {
        const stack = newStack();
        try {
          new CognitoAuth(stack, 'Auth', p as never);
          Template.fromStack(stack);
          outcomes.set('synthesized', (outcomes.get('synthesized') ?? 0) + 1);
        } catch (e) {
          const key = e instanceof CognitoAuthError ? e.prop.replace(/\[\d+\]/g, '[]').split('.')[0] : 'raw';
          outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
          if (!(e instanceof CognitoAuthError)) {
            throw new Error(
              `raw error for props ${JSON.stringify(p, (_k, v) => (v === undefined ? '<undefined>' : v))}: ${(e as Error)?.stack ?? String(e)}`,
            );
          }
        }
      }),
      {
        numRuns: Number(process.env.FC_RUNS ?? 200),
        seed: Number(process.env.FC_SEED ?? 20261129),
        endOnFailure: true,
      },
    );
  });
});
