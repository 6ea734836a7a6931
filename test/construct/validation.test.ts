import { Duration, Lazy, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import {
  AppClient,
  AuthDomain,
  AuthEmail,
  AuthProfile,
  CognitoAuth,
  CognitoAuthError,
  CognitoAuthProps,
  CustomAttribute,
} from '../../lib';
import { allowTemplateFindings } from '../template-checks';
import { newStack, synth } from '../util';

const ses = AuthEmail.ses({ fromEmail: 'no-reply@acme-corp.net' });
const api = [{ identifier: 'orders-api', scopes: [{ name: 'read', description: 'Read orders' }] }];
const tokenString = () => Lazy.string({ produce: () => 'resolved-later' });
const tokenNumber = () => Token.asNumber(Lazy.number({ produce: () => 1 }));

const fifty = Object.fromEntries(
  Array.from({ length: 51 }, (_, i) => [`attr${i}`, CustomAttribute.ofString()]),
);

/** [rule, props, message pattern] — every prop rule of the library. */
const invalid: Array<[string, () => CognitoAuthProps, RegExp]> = [
  // groups
  [
    'group name with a space',
    () => ({ groups: [{ name: 'my admins' }] }),
    /groups\[0\]\.name "my admins" is not allowed; use 1 to 128 letters, digits, symbols or punctuation, no spaces/,
  ],
  [
    'group name too long',
    () => ({ groups: [{ name: 'g'.repeat(129) }] }),
    /groups\[0\]\.name "g+" is not allowed; use 1 to 128/,
  ],
  ['empty group name', () => ({ groups: [{ name: '' }] }), /groups\[0\]\.name "" is not allowed/],
  [
    'duplicate precedence',
    () => ({
      groups: [
        { name: 'admins', precedence: 3 },
        { name: 'ops', precedence: 1 },
        { name: 'readers', precedence: 3 },
      ],
    }),
    /groups\[2\]\.precedence 3 is already used by group "admins"; precedences must be unique/,
  ],
  [
    'duplicate group name',
    () => ({ groups: [{ name: 'admins' }, { name: 'admins' }] }),
    /groups\[1\]\.name "admins" is already used by groups\[0\]/,
  ],
  [
    'negative precedence',
    () => ({ groups: [{ name: 'admins', precedence: -1 }] }),
    /groups\[0\]\.precedence -1 is not allowed; use an integer from 0 to 2147483647/,
  ],
  // attributes
  [
    'more than 50 custom attributes',
    () => ({ customAttributes: fifty }),
    /customAttributes has 51 custom attributes; the limit is 50\. A pool has at most 50 custom attributes/,
  ],
  [
    'custom: prefix in a name',
    () => ({ customAttributes: { 'custom:tenant': CustomAttribute.ofString() } }),
    /customAttributes\.custom:tenant name "custom:tenant" includes the "custom:" prefix/,
  ],
  [
    'custom attribute name too long',
    () => ({ customAttributes: { a_very_long_attribute_name: CustomAttribute.ofString() } }),
    /name "a_very_long_attribute_name" is not allowed; use 1 to 20/,
  ],
  [
    'custom attribute name with a space',
    () => ({ customAttributes: { 'tenant id': CustomAttribute.ofString() } }),
    /name "tenant id" is not allowed/,
  ],
  [
    'string maxLength over 2048',
    () => ({ customAttributes: { note: CustomAttribute.ofString({ maxLength: 4096 }) } }),
    /customAttributes\.note\.maxLength 4096 is not allowed; use an integer from 1 to 2048/,
  ],
  [
    'string minLength over maxLength',
    () => ({ customAttributes: { code: CustomAttribute.ofString({ minLength: 9, maxLength: 4 }) } }),
    /customAttributes\.code\.minLength 9 is greater than maxLength 4/,
  ],
  [
    'number bound not an integer',
    () => ({ customAttributes: { score: CustomAttribute.ofNumber({ min: 0.5 }) } }),
    /customAttributes\.score\.min 0\.5 is not allowed; Cognito number attributes take integer bounds/,
  ],
  [
    'number min over max',
    () => ({ customAttributes: { score: CustomAttribute.ofNumber({ min: 10, max: 1 }) } }),
    /customAttributes\.score\.min 10 is greater than max 1/,
  ],
  // sign-in
  [
    'no way to sign in',
    () => ({ signInAliases: {} }),
    /signInAliases \{\} allows no way to sign in; enable at least one of username, email or phone/,
  ],
  [
    'preferred username without username',
    () => ({ signInAliases: { email: true, preferredUsername: true } }),
    /signInAliases\.preferredUsername is true but username is not/,
  ],
  [
    'keepOriginal of an attribute not auto-verified',
    () => ({ autoVerify: { email: false }, keepOriginal: { email: true } }),
    /keepOriginal .* keeps an attribute that is not auto-verified/,
  ],
  // domain
  [
    'domain prefix with upper case',
    () => ({ domain: AuthDomain.cognitoPrefix('Acme_Shop') }),
    /domain\.prefix "Acme_Shop" is not allowed; use 1 to 63 lower-case letters, digits and hyphens/,
  ],
  [
    'domain prefix ending with a hyphen',
    () => ({ domain: AuthDomain.cognitoPrefix('acme-') }),
    /domain\.prefix "acme-" is not allowed/,
  ],
  ...['aws', 'amazon', 'cognito'].map((word): [string, () => CognitoAuthProps, RegExp] => [
    `domain prefix with reserved word ${word}`,
    () => ({ domain: AuthDomain.cognitoPrefix(`my-${word}-login`) }),
    new RegExp(`domain\\.prefix "my-${word}-login" contains the reserved word "${word}"`),
  ]),
  // callbacks
  [
    'http callback',
    () => ({ clients: { web: AppClient.web({ callbackUrls: ['http://app.acme-corp.net/cb'] }) } }),
    /clients\.web\.callbackUrls\[0\] "http:\/\/app\.acme-corp\.net\/cb" is not https; use https:\/\//,
  ],
  [
    'wildcard callback',
    () => ({ clients: { web: AppClient.web({ callbackUrls: ['https://*.acme-corp.net/cb'] }) } }),
    /callbackUrls\[0\] "https:\/\/\*\.acme-corp\.net\/cb" contains a wildcard/,
  ],
  [
    'placeholder callback',
    () => ({ clients: { web: AppClient.web({ callbackUrls: ['https://example.com/callback'] }) } }),
    /callbackUrls\[0\] "https:\/\/example\.com\/callback" is a placeholder host/,
  ],
  [
    'callback with a fragment',
    () => ({ clients: { web: AppClient.web({ callbackUrls: ['https://app.acme-corp.net/#/cb'] }) } }),
    /contains a fragment/,
  ],
  [
    'callback with a non-app scheme',
    () => ({ clients: { web: AppClient.web({ callbackUrls: ['ftp://files.acme-corp.net/'] }) } }),
    /uses the scheme "ftp:"/,
  ],
  [
    'relative callback',
    () => ({ clients: { web: AppClient.web({ callbackUrls: ['/callback'] }) } }),
    /"\/callback" is not an absolute URL/,
  ],
  [
    'http logout URL',
    () => ({
      clients: {
        web: AppClient.web({
          callbackUrls: ['https://a.acme-corp.net/cb'],
          logoutUrls: ['http://a.acme-corp.net/'],
        }),
      },
    }),
    /clients\.web\.logoutUrls\[0\] .* is not https/,
  ],
  [
    'default redirect not among callbacks',
    () => ({
      clients: {
        web: AppClient.web({
          callbackUrls: ['https://a.acme-corp.net/cb'],
          defaultRedirectUri: 'https://b.acme-corp.net/cb',
        }),
      },
    }),
    /defaultRedirectUri "https:\/\/b\.acme-corp\.net\/cb" is not one of callbackUrls/,
  ],
  // clients
  [
    'implicit grant',
    () => ({
      clients: {
        spa: AppClient.custom({
          callbackUrls: ['https://a.acme-corp.net/cb'],
          oAuthFlows: { implicitCodeGrant: true },
        }),
      },
    }),
    /clients\.spa\.oAuthFlows\.implicitCodeGrant is true; the implicit grant .* is never allowed/,
  ],
  [
    'server client without callbacks',
    () => ({ clients: { portal: AppClient.server() } }),
    /clients\.portal\.callbackUrls is empty; a server client .* needs at least one callback URL/,
  ],
  [
    'machine client without scopes',
    () => ({ resourceServers: api, clients: { jobs: AppClient.machine({ scopes: [] }) } }),
    /clients\.jobs\.scopes is empty; a machine client needs at least one resource-server scope/,
  ],
  [
    'machine client with a user scope',
    () => ({ resourceServers: api, clients: { jobs: AppClient.machine({ scopes: ['openid'] }) } }),
    /clients\.jobs\.scopes\[0\] "openid" is a user scope; .*declared: orders-api\/read/,
  ],
  [
    'unknown scope',
    () => ({
      resourceServers: api,
      clients: {
        web: AppClient.web({ callbackUrls: ['https://a.acme-corp.net/cb'], scopes: ['orders-api/delete'] }),
      },
    }),
    /clients\.web\.scopes\[0\] "orders-api\/delete" is not a known scope/,
  ],
  [
    'client writes email_verified',
    () => ({ clients: { web: AppClient.web({ writeAttributes: ['email', 'email_verified'] }) } }),
    /clients\.web\.writeAttributes\[1\] "email_verified" would let users mark their own address as verified/,
  ],
  [
    'client reads an unknown attribute',
    () => ({ clients: { web: AppClient.web({ readAttributes: ['shoe_size'] }) } }),
    /clients\.web\.readAttributes\[0\] "shoe_size" is not a Cognito attribute/,
  ],
  [
    'client reads an undeclared custom attribute',
    () => ({ clients: { web: AppClient.web({ readAttributes: ['custom:shoe'] }) } }),
    /"custom:shoe" is not a declared custom attribute/,
  ],
  [
    'client name with a space',
    () => ({ clients: { 'my web': AppClient.web() } }),
    /clients\.my web name "my web" is not allowed/,
  ],
  [
    'unknown default client',
    () => ({ defaultClient: 'mobile' }),
    /defaultClient "mobile" is not one of the clients; declared: web/,
  ],
  // token validity
  [
    'access token under 5 minutes',
    () => ({ clients: { web: AppClient.web({ accessTokenValidity: Duration.minutes(2) }) } }),
    /clients\.web\.accessTokenValidity 2 minutes is out of range; allowed: 5 minutes to 1 day/,
  ],
  [
    'ID token over a day',
    () => ({ clients: { web: AppClient.web({ idTokenValidity: Duration.days(2) }) } }),
    /clients\.web\.idTokenValidity 2 days is out of range/,
  ],
  [
    'refresh token under an hour',
    () => ({ clients: { web: AppClient.web({ refreshTokenValidity: Duration.minutes(30) }) } }),
    /refreshTokenValidity 30 minutes is out of range; allowed: 1 hour to 10 years/,
  ],
  [
    'refresh token over 10 years',
    () => ({ clients: { web: AppClient.web({ refreshTokenValidity: Duration.days(3651) }) } }),
    /refreshTokenValidity 3651 days is out of range/,
  ],
  [
    'access token longer than refresh',
    () => ({
      clients: {
        web: AppClient.web({
          accessTokenValidity: Duration.hours(12),
          refreshTokenValidity: Duration.hours(2),
        }),
      },
    }),
    /accessTokenValidity 12 hours is longer than refreshTokenValidity 2 hours/,
  ],
  [
    'auth session over 15 minutes',
    () => ({ clients: { web: AppClient.web({ authSessionValidity: Duration.minutes(20) }) } }),
    /authSessionValidity 20 minutes is out of range; allowed: 3 to 15 minutes/,
  ],
  // passwords
  [
    'password shorter than 6',
    () => ({ passwordPolicy: { minLength: 5 } }),
    /passwordPolicy\.minLength 5 is not allowed; use an integer from 6 to 99/,
  ],
  [
    'password longer than 99',
    () => ({ passwordPolicy: { minLength: 100 } }),
    /passwordPolicy\.minLength 100 is not allowed/,
  ],
  [
    'temporary password over 365 days',
    () => ({ passwordPolicy: { tempPasswordValidity: Duration.days(400) } }),
    /passwordPolicy\.tempPasswordValidity 400 days is not allowed; use whole days from 1 to 365/,
  ],
  [
    'temporary password in partial days',
    () => ({ passwordPolicy: { tempPasswordValidity: Duration.hours(36) } }),
    /tempPasswordValidity 1 day 12 hours is not allowed; use whole days/,
  ],
  [
    'password history over 24',
    () => ({ passwordPolicy: { passwordHistorySize: 30 } }),
    /passwordPolicy\.passwordHistorySize 30 is not allowed; use an integer from 0 to 24/,
  ],
  // MFA
  [
    'MFA required with no factor',
    () => ({ mfa: { mode: cognito.Mfa.REQUIRED, totp: false } }),
    /mfa mode ON with totp, sms and email all off leaves no second factor/,
  ],
  [
    'email MFA without SES',
    () => ({ mfa: { mode: cognito.Mfa.OPTIONAL, email: true } }),
    /mfa\.email is true but e-mail is sent by Cognito; e-mail MFA needs email: AuthEmail\.ses/,
  ],
  [
    'MFA SMS text without the code',
    () => ({ mfa: { mode: cognito.Mfa.OPTIONAL, sms: true, smsMessage: 'Your code' } }),
    /mfa\.smsMessage "Your code" lacks \{####\}/,
  ],
  // messages
  [
    'verification SMS without the code',
    () => ({ userVerification: { smsMessage: 'Welcome to Acme' } }),
    /userVerification\.smsMessage "Welcome to Acme" lacks \{####\}/,
  ],
  [
    'verification e-mail without the code',
    () => ({ userVerification: { emailBody: 'Welcome' } }),
    /userVerification\.emailBody "Welcome" lacks \{####\}/,
  ],
  [
    'verification link e-mail without the link',
    () => ({
      domain: AuthDomain.cognitoPrefix('acme-shop'),
      userVerification: { emailStyle: cognito.VerificationEmailStyle.LINK, emailBody: 'Click here' },
    }),
    /userVerification\.emailBody "Click here" lacks a link placeholder such as \{##Verify Email##\}/,
  ],
  [
    'invitation SMS without the user name',
    () => ({ userInvitation: { smsMessage: 'Your password is {####}' } }),
    /userInvitation\.smsMessage "Your password is \{####\}" lacks \{username\}/,
  ],
  [
    'invitation e-mail without the password',
    () => ({ userInvitation: { emailBody: 'Hello {username}' } }),
    /userInvitation\.emailBody "Hello \{username\}" lacks \{####\}/,
  ],
  // feature plans
  [
    'threat protection on Essentials',
    () => ({ threatProtection: { standard: cognito.StandardThreatProtectionMode.FULL_FUNCTION } }),
    /threatProtection\.standard needs threat protection, which the ESSENTIALS feature plan lacks; set featurePlan to PLUS/,
  ],
  [
    'custom-auth threat protection on Lite',
    () => ({
      featurePlan: cognito.FeaturePlan.LITE,
      threatProtection: { custom: cognito.CustomThreatProtectionMode.AUDIT_ONLY },
    }),
    /threatProtection\.custom needs threat protection, which the LITE feature plan lacks/,
  ],
  [
    'password history on Lite',
    () => ({ featurePlan: cognito.FeaturePlan.LITE, passwordPolicy: { passwordHistorySize: 3 } }),
    /passwordPolicy\.passwordHistorySize needs password history, which the LITE feature plan lacks; set featurePlan to ESSENTIALS or PLUS/,
  ],
  [
    'email MFA on Lite',
    () => ({
      featurePlan: cognito.FeaturePlan.LITE,
      email: ses,
      mfa: { mode: cognito.Mfa.OPTIONAL, email: true },
    }),
    /mfa\.email needs e-mail MFA, which the LITE feature plan lacks/,
  ],
  // prod profile floor
  [
    'prod without SES',
    () => ({ profile: AuthProfile.PROD }),
    /email is not set; the prod profile requires AuthEmail\.ses\(\.\.\.\) because Cognito's default sender is limited to 50 e-mails a day/,
  ],
  [
    'prod with the Cognito sender',
    () => ({ profile: AuthProfile.PROD, email: AuthEmail.cognito() }),
    /email is Cognito's default sender; the prod profile requires AuthEmail\.ses/,
  ],
  [
    'prod with a 7-character password',
    () => ({ profile: AuthProfile.PROD, email: ses, passwordPolicy: { minLength: 7 } }),
    /passwordPolicy\.minLength 7 is below the prod profile's floor; use at least 8/,
  ],
  [
    'prod without symbols',
    () => ({ profile: AuthProfile.PROD, email: ses, passwordPolicy: { requireSymbols: false } }),
    /passwordPolicy\.requireSymbols is false; the prod profile requires all four character classes/,
  ],
  [
    'prod with 10-day temporary passwords',
    () => ({
      profile: AuthProfile.PROD,
      email: ses,
      passwordPolicy: { tempPasswordValidity: Duration.days(10) },
    }),
    /passwordPolicy\.tempPasswordValidity 10 days is longer than the prod profile allows; use at most 7 days/,
  ],
  // identity pool
  [
    'guest access without a reason',
    () => ({ identityPool: { allowGuestAccess: true } }),
    /identityPool\.guestAccessReason is missing; guest access hands AWS credentials to anyone/,
  ],
  [
    'guest permissions without guest access',
    () => ({
      identityPool: {
        guestPolicyStatements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })],
      },
    }),
    /identityPool\.guestPolicyStatements are given but allowGuestAccess is false/,
  ],
  [
    'group policies without the identity pool',
    () => ({
      identityPool: { enabled: false },
      groups: [
        {
          name: 'admins',
          policyStatements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })],
        },
      ],
    }),
    /groups\[0\]\.policyStatements are given but identityPool\.enabled is false/,
  ],
  [
    'guest access without the identity pool',
    () => ({ identityPool: { enabled: false, allowGuestAccess: true } }),
    /identityPool\.allowGuestAccess is true but identityPool\.enabled is false/,
  ],
  // resource servers
  [
    'duplicate resource server',
    () => ({ resourceServers: [...api, ...api] }),
    /resourceServers\[1\]\.identifier "orders-api" is declared twice/,
  ],
  [
    'resource server scope with a slash',
    () => ({ resourceServers: [{ identifier: 'api', scopes: [{ name: 'a/b', description: 'x' }] }] }),
    /resourceServers\[0\]\.scopes\[0\]\.name "a\/b" is not allowed/,
  ],
  [
    'resource server without scopes',
    () => ({ resourceServers: [{ identifier: 'api', scopes: [] }] }),
    /resourceServers\[0\]\.scopes is empty; a resource server defines at least one scope/,
  ],
  // SMS, e-mail
  [
    'SMS external id without a role',
    () => ({ signInAliases: { phone: true }, sms: { externalId: 'abc123' } }),
    /sms\.externalId is given without sms\.role/,
  ],
];

describe('validation at synth', () => {
  test.each(invalid)('%s', (_rule, props, message) => {
    const stack = newStack();
    let error: unknown;
    try {
      new CognitoAuth(stack, 'Auth', props());
      // Checks that need the finished tree (clients against providers, quotas) run at synth.
      stack.node.root.node.validate();
      Template.fromStack(stack);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CognitoAuthError);
    expect((error as Error).message).toMatch(message);
  });

  test('nothing is created when a prop is invalid', () => {
    const stack = newStack();
    expect(() => new CognitoAuth(stack, 'Auth', { groups: [{ name: 'a b' }] })).toThrow(CognitoAuthError);
    expect(stack.node.tryFindChild('Auth')?.node.children ?? []).toHaveLength(0);
  });

  test('e-mail addresses of SES are checked when the setting is made', () => {
    expect(() => AuthEmail.ses({ fromEmail: 'no-reply' })).toThrow(
      /email\.fromEmail "no-reply" is not an e-mail address/,
    );
    expect(() => AuthEmail.cognito({ replyTo: 'help at acme' })).toThrow(
      /email\.replyTo "help at acme" is not an e-mail address/,
    );
  });

  test('custom domain names and their hosted zone are checked', () => {
    const stack = newStack();
    const certificate = acm.Certificate.fromCertificateArn(
      stack,
      'Cert',
      'arn:aws:acm:us-east-1:123456789012:certificate/abc',
    );
    const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
      hostedZoneId: 'Z1',
      zoneName: 'other.net',
    });
    expect(
      () =>
        new CognitoAuth(stack, 'A', { domain: AuthDomain.custom({ domainName: 'Login.Acme', certificate }) }),
    ).toThrow(
      /domain\.domainName "Login\.Acme" is not allowed; use a fully qualified lower-case domain name/,
    );
    expect(
      () =>
        new CognitoAuth(stack, 'B', {
          domain: AuthDomain.custom({ domainName: 'login.acme-corp.net', certificate, hostedZone }),
        }),
    ).toThrow(/domain\.hostedZone "other\.net" does not contain "login\.acme-corp\.net"/);
  });
});

describe('values that are tokens skip the checks', () => {
  test.each<[string, () => CognitoAuthProps]>([
    ['group name', () => ({ groups: [{ name: tokenString() }] })],
    [
      'group precedence',
      () => ({
        groups: [
          { name: 'a', precedence: tokenNumber() },
          { name: 'b', precedence: tokenNumber() },
        ],
      }),
    ],
    ['domain prefix', () => ({ domain: AuthDomain.cognitoPrefix(tokenString()) })],
    ['callback URL', () => ({ clients: { web: AppClient.web({ callbackUrls: [tokenString()] }) } })],
    [
      'temporary password validity',
      () => ({ passwordPolicy: { tempPasswordValidity: Duration.days(tokenNumber()) } }),
    ],
    ['verification SMS text', () => ({ userVerification: { smsMessage: tokenString() } })],
    ['invitation e-mail text', () => ({ userInvitation: { emailBody: tokenString() } })],
    ['SES sender', () => ({ email: AuthEmail.ses({ fromEmail: tokenString() }) })],
  ])('%s', (name, props) => {
    if (name === 'verification SMS text') {
      allowTemplateFindings(['F3031'], "the token resolves to 'resolved-later', an SMS text without {####}");
    }
    expect(() => synth(props())).not.toThrow();
  });
});
