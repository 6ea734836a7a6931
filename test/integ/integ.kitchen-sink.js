// Kitchen sink: every public prop of CognitoAuth at least once, across several stacks, written against the
// published package (`cdk-cognito-auth`) as an application would. Synthesized from the packed package by
// test/integ/integ.test.ts, which compares the templates with integ.kitchen-sink.js.snapshot/, runs
// cfn-lint over them and fails on aws-cdk-lib's template validation findings.
//
// Deploying it needs what an account must already hold: the SES identity acme-corp.net verified in
// eu-west-1, the Secrets Manager secrets auth/google, auth/oidc and auth/apple, the hosted zone and the
// us-east-1 certificate of login.acme-corp.net. integ.sign-in.js is the self-contained deployable test.
const { App, Duration, RemovalPolicy, SecretValue, Stack } = require('aws-cdk-lib');
const acm = require('aws-cdk-lib/aws-certificatemanager');
const cognito = require('aws-cdk-lib/aws-cognito');
const iam = require('aws-cdk-lib/aws-iam');
const kms = require('aws-cdk-lib/aws-kms');
const lambda = require('aws-cdk-lib/aws-lambda');
const logs = require('aws-cdk-lib/aws-logs');
const route53 = require('aws-cdk-lib/aws-route53');
const { ExpectedResult, IntegTest } = require('@aws-cdk/integ-tests-alpha');
const {
  AppClient,
  AuthDomain,
  AuthEmail,
  AuthProfile,
  CognitoAuth,
  CustomAttribute,
  DeviceRemembering,
  IdentityProvider,
  LogDestination,
  LoginBranding,
  OidcAttributeRequestMethod,
  PreSignUp,
  PreTokenGeneration,
  PreTokenGenerationVersion,
  SamlMetadata,
} = require('cdk-cognito-auth');

const app = new App({ context: { 'cognito-auth:lock': 'off' } });
const env = { account: '123456789012', region: 'eu-west-1' };

/** A small function for the triggers that take any function. */
function fn(scope, id) {
  return new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async (event) => event;'),
  });
}

// ---- Stack 1: a production pool with every setting -------------------------------------------------
const prod = new Stack(app, 'KitchenSinkProd', { env });
const senderKey = new kms.Key(prod, 'SenderKey', { enableKeyRotation: true });
const auth = new CognitoAuth(prod, 'Auth', {
  profile: AuthProfile.PROD,
  stage: 'prod',
  userPoolName: 'acme-prod-users',
  signInAliases: { username: true, email: true, preferredUsername: true },
  signInCaseSensitive: false,
  autoVerify: { email: true },
  keepOriginal: { email: true },
  selfSignUpEnabled: true,
  standardAttributes: {
    email: { required: true, mutable: true },
    givenName: { required: false, mutable: true },
  },
  customAttributes: {
    tenant_id: CustomAttribute.ofString({
      minLength: 1,
      maxLength: 64,
      mutable: false,
      clientRead: true,
      clientWrite: false,
    }),
    seats: CustomAttribute.ofNumber({ min: 0, max: 1000 }),
    beta: CustomAttribute.ofBoolean({ clientWrite: true }),
    joined: CustomAttribute.ofDateTime({ clientRead: false }),
  },
  passwordPolicy: {
    minLength: 14,
    requireLowercase: true,
    requireUppercase: true,
    requireDigits: true,
    requireSymbols: true,
    tempPasswordValidity: Duration.days(3),
    passwordHistorySize: 12,
  },
  mfa: {
    mode: cognito.Mfa.REQUIRED,
    totp: true,
    sms: true,
    email: false,
    smsMessage: 'Your Acme code is {####}',
  },
  signInFactors: { passkey: true },
  passkeys: { userVerification: cognito.PasskeyUserVerification.REQUIRED, satisfiesMfa: true },
  signInCodeMessages: { smsMessage: 'Your Acme code is {####}' },
  logDelivery: {
    messageDeliveryErrors: LogDestination.newLogGroup({ retention: logs.RetentionDays.THREE_MONTHS }),
    userActivity: LogDestination.newLogGroup({ removalPolicy: RemovalPolicy.RETAIN }),
  },
  accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
  featurePlan: cognito.FeaturePlan.PLUS,
  threatProtection: {
    standard: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
    custom: cognito.CustomThreatProtectionMode.FULL_FUNCTION,
  },
  deviceTracking: { remember: DeviceRemembering.USER_OPT_IN, skipMfaOnRememberedDevices: false },
  deletionProtection: true,
  removalPolicy: RemovalPolicy.RETAIN,
  email: AuthEmail.ses({
    fromEmail: 'no-reply@acme-corp.net',
    fromName: 'Acme',
    replyTo: 'help@acme-corp.net',
    configurationSetName: 'acme-auth',
    sesRegion: 'eu-west-1',
    sesVerifiedDomain: 'acme-corp.net',
  }),
  sms: { snsRegion: 'eu-west-1' },
  userVerification: {
    emailSubject: 'Confirm your Acme account',
    emailBody: 'Your Acme code is {####}',
    emailStyle: cognito.VerificationEmailStyle.CODE,
    smsMessage: 'Your Acme code is {####}',
  },
  userInvitation: {
    emailSubject: 'Welcome to Acme',
    emailBody: 'Hello {username}, your temporary password is {####}',
    smsMessage: 'Acme: {username} {####}',
  },
  clients: {
    web: AppClient.web({
      userPoolClientName: 'acme-web',
      callbackUrls: ['https://app.acme-corp.net/callback', 'http://localhost:3000/callback'],
      logoutUrls: ['https://app.acme-corp.net/'],
      defaultRedirectUri: 'https://app.acme-corp.net/callback',
      scopes: ['openid', 'email', 'profile', 'https://api.acme-corp.net/orders/orders.read'],
      accessTokenValidity: Duration.minutes(30),
      idTokenValidity: Duration.minutes(30),
      refreshTokenValidity: Duration.days(7),
      authSessionValidity: Duration.minutes(5),
      readAttributes: [
        'email',
        'email_verified',
        'given_name',
        'custom:tenant_id',
        'custom:seats',
        'custom:beta',
      ],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      refreshTokenRotationGracePeriod: Duration.seconds(10),
    }),
    portal: AppClient.server({
      callbackUrls: ['https://portal.acme-corp.net/oauth2/idpresponse'],
      generateSecret: true,
    }),
    jobs: AppClient.machine({ scopes: ['https://api.acme-corp.net/orders/orders.read'] }),
    cli: AppClient.password({ authFlows: { userPassword: true, userSrp: true } }),
    mobile: AppClient.custom({
      callbackUrls: ['com.acme.app:/callback'],
      oAuthFlows: { authorizationCodeGrant: true },
      identityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      writeAttributes: ['given_name'],
    }),
  },
  defaultClient: 'web',
  resourceServers: [
    {
      identifier: 'https://api.acme-corp.net/orders',
      scopes: [
        { name: 'orders.read', description: 'Read orders' },
        { name: 'orders.write', description: 'Write orders' },
      ],
    },
    {
      identifier: 'billing-api',
      name: 'Billing API',
      scopes: [{ name: 'read', description: 'Read invoices' }],
    },
  ],
  domain: AuthDomain.cognitoPrefix('acme-prod-login'),
  managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
  branding: LoginBranding.custom({
    settingsJson: JSON.stringify({ categories: { global: { colorSchemeMode: 'DYNAMIC' } } }),
  }),
  terms: {
    termsOfUse: { default: 'https://www.acme-corp.net/terms', german: 'https://www.acme-corp.net/de/agb' },
    privacyPolicy: { default: 'https://www.acme-corp.net/privacy' },
  },
  identityProviders: [
    IdentityProvider.google({
      clientId: '1234.apps.googleusercontent.com',
      clientSecret: SecretValue.secretsManager('auth/google', { jsonField: 'clientSecret' }),
      attributeMapping: { email: 'email', email_verified: 'email_verified', given_name: 'given_name' },
    }),
    IdentityProvider.oidc({
      name: 'Workforce',
      clientId: 'acme-cognito',
      clientSecret: SecretValue.secretsManager('auth/oidc', { jsonField: 'clientSecret' }),
      issuerUrl: 'https://login.acme-corp.net/realms/acme',
      attributeRequestMethod: OidcAttributeRequestMethod.GET,
      identifiers: ['acme-corp.net'],
    }),
    IdentityProvider.saml({
      name: 'Partners',
      metadata: SamlMetadata.url('https://idp.partner.example-partner.net/metadata'),
      identifiers: ['partner.example-partner.net'],
      signOut: true,
      attributeMapping: { email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress' },
    }),
  ],
  groups: [
    {
      name: 'admins',
      precedence: 0,
      description: 'Administrators',
      policyStatements: [
        new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: ['arn:aws:s3:::acme-admin'] }),
      ],
    },
    { name: 'support', precedence: 10, inheritAuthenticatedPermissions: true },
    { name: 'Admins', precedence: 20, createRole: false },
    { name: 'администраторы', precedence: 30 },
  ],
  identityPool: {
    enabled: true,
    identityPoolName: 'acme prod identities',
    allowGuestAccess: true,
    guestAccessReason: 'The public catalogue page reads product images before sign-in',
    authenticatedPolicyStatements: [
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::acme-assets/*'] }),
    ],
    guestPolicyStatements: [
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: ['arn:aws:s3:::acme-assets/public/*'],
      }),
    ],
  },
  triggers: {
    preSignUp: PreSignUp.bundled({
      deniedDomains: ['mailinator.com'],
      autoConfirmDomains: ['acme-corp.net'],
    }),
    preTokenGeneration: PreTokenGeneration.bundled({
      version: PreTokenGenerationVersion.V2_0,
      claimsFromAttributes: { 'custom:tenant_id': 'tenant_id' },
      groupClaims: [
        { claimName: 'permissions', valuesByGroup: { admins: ['orders:write'], auditors: ['orders:read'] } },
      ],
      scopesByGroup: { admins: { add: ['https://api.acme-corp.net/orders/orders.write'] } },
      declaredElsewhere: { groups: ['auditors'] },
    }),
    postConfirmation: fn(prod, 'PostConfirmation'),
    preAuthentication: fn(prod, 'PreAuthentication'),
    postAuthentication: fn(prod, 'PostAuthentication'),
    customMessage: fn(prod, 'CustomMessage'),
    defineAuthChallenge: fn(prod, 'DefineAuthChallenge'),
    createAuthChallenge: fn(prod, 'CreateAuthChallenge'),
    verifyAuthChallengeResponse: fn(prod, 'VerifyAuthChallenge'),
    userMigration: fn(prod, 'UserMigration'),
    customSmsSender: fn(prod, 'CustomSmsSender'),
    customSenderKmsKey: senderKey,
  },
  userImportRole: true,
  tags: { 'cost-center': 'identity', team: 'platform' },
  outputs: { enabled: true, exportPrefix: 'acme-prod-', perItem: true },
  immutableSettingsLock: { mode: 'off' },
});
// Added after construction: they appear in the outputs and the client configuration like the others.
auth.addClient(
  'partner_portal',
  AppClient.web({ callbackUrls: ['https://partners.acme-corp.net/callback'] }),
);
auth.addGroup({ name: 'auditors', precedence: 40 });

// ---- Stack 2: two pools in one stack, a custom domain, the Lite plan, no identity pool ---------------
const dev = new Stack(app, 'KitchenSinkDev', { env });
const zone = route53.HostedZone.fromHostedZoneAttributes(dev, 'Zone', {
  hostedZoneId: 'Z0123456789ABCDEFGHIJ',
  zoneName: 'acme-corp.net',
});
const certificate = acm.Certificate.fromCertificateArn(
  dev,
  'Certificate',
  'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d',
);
const staff = new CognitoAuth(dev, 'Staff', {
  profile: AuthProfile.DEV,
  signInAliases: { email: true, phone: true },
  featurePlan: cognito.FeaturePlan.LITE,
  managedLoginVersion: cognito.ManagedLoginVersion.CLASSIC_HOSTED_UI,
  email: AuthEmail.cognito({ replyTo: 'help@acme-corp.net' }),
  domain: AuthDomain.custom({ domainName: 'login.acme-corp.net', certificate, hostedZone: zone }),
  identityPool: { enabled: false },
  clients: {
    'my-app': AppClient.web({ callbackUrls: ['https://my-app.acme-corp.net/cb'] }),
    my_app: AppClient.password(),
  },
  groups: [{ name: 'staff', precedence: 1, createRole: false }],
});
staff.addIdentityProvider(
  IdentityProvider.amazon({
    clientId: 'amzn1.application-oa2-client.0123',
    clientSecret: SecretValue.secretsManager('auth/amazon', { jsonField: 'clientSecret' }),
  }),
);
staff.addIdentityProvider(
  IdentityProvider.facebook({
    clientId: '0123456789',
    clientSecret: SecretValue.secretsManager('auth/facebook', { jsonField: 'clientSecret' }),
    apiVersion: 'v19.0',
  }),
);
staff.addIdentityProvider(
  IdentityProvider.apple({
    servicesId: 'net.acme-corp.staff',
    teamId: 'TEAM123456',
    keyId: 'KEY1234567',
    privateKey: SecretValue.secretsManager('auth/apple', { jsonField: 'privateKey' }),
  }),
);
new CognitoAuth(dev, 'Customers', { clients: { web: AppClient.web() } });

const test = new IntegTest(app, 'KitchenSink', {
  testCases: [prod, dev],
  stackUpdateWorkflow: false,
  assertionStack: new Stack(app, 'KitchenSinkAssertions', { env }),
});
test.assertions
  .awsApiCall('CognitoIdentityServiceProvider', 'describeUserPool', { UserPoolId: auth.userPool.userPoolId })
  .assertAtPath('UserPool.DeletionProtection', ExpectedResult.stringLikeRegexp('ACTIVE'));
app.synth();
