/**
 * Synthesis time of the reference prod stack (CognitoAuth) against the same resources written directly
 * with aws-cdk-lib L2 constructs, measured side by side in one process, interleaved, after warm-up.
 *
 *   npm run bench:synth            (ITERATIONS=30 by default)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, CfnOutput, Duration, RemovalPolicy, SecretValue, Stack, Tags, Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as kms from 'aws-cdk-lib/aws-kms';
import {
  AwsSolutionsChecks,
  HIPAASecurityChecks,
  NIST80053R5Checks,
  PCIDSS321Checks,
  ServerlessChecks,
} from 'cdk-nag';
import { CognitoChecks } from '../lib/nag';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { buildApp } from '../bin/app';
import { STAGES } from '../bin/stages';

const ITERATIONS = Number(process.env.ITERATIONS ?? 30);
const WARMUP = 5;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cca-bench-synth-'));
const assets = path.resolve(__dirname, '..', 'assets');

/** The reference prod stack's resources, hand-written with aws-cdk-lib L2s. */
/** Every standard attribute, with or without the `*_verified` flags. */
function allStandard(verified: boolean): cognito.StandardAttributesMask {
  return {
    address: true,
    birthdate: true,
    email: true,
    familyName: true,
    gender: true,
    givenName: true,
    locale: true,
    middleName: true,
    fullname: true,
    nickname: true,
    phoneNumber: true,
    profilePicture: true,
    preferredUsername: true,
    profilePage: true,
    timezone: true,
    lastUpdateTime: true,
    website: true,
    emailVerified: verified,
    phoneNumberVerified: verified,
  };
}

/**
 * Context the CDK CLI gives an app on `cdk synth` (without --debug): no stack traces in metadata. Both
 * variants get it, so that the figures are those of a real synth.
 */
const CLI_CONTEXT = { 'aws:cdk:disable-stack-trace': 'true' };

export function l2Stack(outdir: string, checks: boolean): App {
  const app = new App({ outdir, context: CLI_CONTEXT });
  if (checks) {
    // The same packs the reference app registers for prod (findings are not acknowledged here, so the
    // plugins report them; the time to check is what matters).
    Validations.of(app).addPlugins(
      new AwsSolutionsChecks(app),
      new CognitoChecks(app),
      new ServerlessChecks(app),
      new HIPAASecurityChecks(app),
      new NIST80053R5Checks(app),
      new PCIDSS321Checks(app),
    );
  }
  const config = STAGES.prod;
  const stack = new Stack(app, 'CognitoAuth-prod', { env: { region: config.region } });
  Tags.of(stack).add('cognito-auth:stage', 'prod');
  const table = new dynamodb.Table(stack, 'UserData', {
    partitionKey: { name: 'identityId', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'itemId', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    removalPolicy: RemovalPolicy.RETAIN,
    deletionProtection: true,
  });
  const logsKey = new kms.Key(stack, 'LogsKey', {
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  logsKey.addToResourcePolicy(
    new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
    }),
  );
  const plan = backup.BackupPlan.daily35DayRetention(
    stack,
    'Backup',
    new backup.BackupVault(stack, 'BackupVault', { removalPolicy: RemovalPolicy.RETAIN }),
  );
  plan.addSelection('UserData', { resources: [backup.BackupResource.fromDynamoDbTable(table)] });
  const triggerFn = (name: string, env: Record<string, string>) => {
    const logGroup = new logs.LogGroup(stack, `${name}Logs`, {
      retention: logs.RetentionDays.ONE_MONTH,
      encryptionKey: logsKey,
    });
    const role = new iam.Role(stack, `${name}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    role.addManagedPolicy(
      new iam.ManagedPolicy(stack, `${name}LogsPolicy`, {
        statements: [
          new iam.PolicyStatement({
            actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            resources: [logGroup.logGroupArn],
          }),
        ],
      }),
    );
    return new lambda.Function(stack, name, {
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(
        path.join(assets, name === 'PreSignUp' ? 'pre-sign-up' : 'pre-token-generation'),
      ),
      memorySize: 256,
      timeout: Duration.seconds(3),
      logGroup,
      role,
      environment: env,
    });
  };
  const pool = new cognito.UserPool(stack, 'UserPool', {
    selfSignUpEnabled: true,
    signInAliases: { email: true },
    signInCaseSensitive: false,
    autoVerify: { email: true },
    keepOriginal: { email: true },
    standardAttributes: { email: { required: true, mutable: true } },
    customAttributes: {
      tenant_id: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
      plan: new cognito.StringAttribute({ maxLen: 32, mutable: true }),
    },
    passwordPolicy: {
      minLength: 12,
      requireDigits: true,
      requireLowercase: true,
      requireSymbols: true,
      requireUppercase: true,
      tempPasswordValidity: Duration.days(3),
      passwordHistorySize: 5,
    },
    mfa: cognito.Mfa.REQUIRED,
    mfaSecondFactor: { otp: true, sms: false, email: false },
    accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
    email: cognito.UserPoolEmail.withSES({ fromEmail: config.sesFromEmail!, fromName: 'Reference App' }),
    featurePlan: cognito.FeaturePlan.PLUS,
    standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
    customThreatProtectionMode: cognito.CustomThreatProtectionMode.FULL_FUNCTION,
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
    enableSmsRole: false,
  });
  pool.addTrigger(
    cognito.UserPoolOperation.PRE_SIGN_UP,
    triggerFn('PreSignUp', { PRE_SIGN_UP_CONFIG: '{"deniedDomains":["mailinator.com"]}' }),
  );
  pool.addTrigger(
    cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG,
    triggerFn('PreTokenGeneration', { PRE_TOKEN_GENERATION_CONFIG: '{"version":"V2_0"}' }),
    cognito.LambdaVersion.V2_0,
  );
  const google = new cognito.UserPoolIdentityProviderGoogle(stack, 'Google', {
    userPool: pool,
    clientId: config.federation!.google!.clientId,
    clientSecretValue: SecretValue.secretsManager(config.federation!.google!.clientSecretName, {
      jsonField: 'clientSecret',
    }),
    scopes: ['openid', 'email', 'profile'],
    attributeMapping: {
      email: cognito.ProviderAttribute.GOOGLE_EMAIL,
      givenName: cognito.ProviderAttribute.GOOGLE_GIVEN_NAME,
      familyName: cognito.ProviderAttribute.GOOGLE_FAMILY_NAME,
    },
  });
  const saml = new cognito.UserPoolIdentityProviderSaml(stack, 'Saml', {
    userPool: pool,
    name: config.federation!.saml!.name,
    metadata: cognito.UserPoolIdentityProviderSamlMetadata.url(config.federation!.saml!.metadataUrl),
    identifiers: ['cca-reference.net'],
    attributeMapping: {
      email: cognito.ProviderAttribute.other(
        'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
      ),
    },
  });
  const readScope = new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read reports' });
  const writeScope = new cognito.ResourceServerScope({
    scopeName: 'write',
    scopeDescription: 'Create and change reports',
  });
  const server = pool.addResourceServer('ReportsServer', {
    identifier: 'reports-api',
    userPoolResourceServerName: 'Reports API',
    scopes: [readScope, writeScope],
  });
  const web = pool.addClient('Web', {
    generateSecret: false,
    authFlows: { userSrp: true },
    oAuth: {
      flows: { authorizationCodeGrant: true },
      callbackUrls: config.callbackUrls,
      logoutUrls: config.logoutUrls,
      scopes: [
        cognito.OAuthScope.OPENID,
        cognito.OAuthScope.EMAIL,
        cognito.OAuthScope.PROFILE,
        cognito.OAuthScope.resourceServer(server, readScope),
      ],
    },
    supportedIdentityProviders: [
      cognito.UserPoolClientIdentityProvider.COGNITO,
      cognito.UserPoolClientIdentityProvider.GOOGLE,
      cognito.UserPoolClientIdentityProvider.custom(config.federation!.saml!.name),
    ],
    readAttributes: new cognito.ClientAttributes()
      .withStandardAttributes(allStandard(true))
      .withCustomAttributes('tenant_id', 'plan'),
    writeAttributes: new cognito.ClientAttributes().withStandardAttributes(allStandard(false)),
    preventUserExistenceErrors: true,
    enableTokenRevocation: true,
    accessTokenValidity: Duration.hours(1),
    idTokenValidity: Duration.hours(1),
    refreshTokenValidity: Duration.days(30),
  });
  const reports = pool.addClient('Reports', {
    readAttributes: new cognito.ClientAttributes()
      .withStandardAttributes(allStandard(true))
      .withCustomAttributes('tenant_id', 'plan'),
    writeAttributes: new cognito.ClientAttributes().withStandardAttributes(allStandard(false)),
    generateSecret: true,
    authFlows: { userSrp: false },
    oAuth: {
      flows: { clientCredentials: true },
      scopes: [
        cognito.OAuthScope.resourceServer(server, readScope),
        cognito.OAuthScope.resourceServer(server, writeScope),
      ],
    },
  });
  const domain = pool.addDomain('Domain', {
    cognitoDomain: { domainPrefix: config.domainPrefix },
    managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
  });
  new cognito.CfnManagedLoginBranding(stack, 'Branding', {
    userPoolId: pool.userPoolId,
    clientId: web.userPoolClientId,
    useCognitoProvidedValues: true,
  }).node.addDependency(domain);
  const identityPool = new cognito.CfnIdentityPool(stack, 'IdentityPool', {
    allowUnauthenticatedIdentities: false,
    allowClassicFlow: false,
    cognitoIdentityProviders: [
      { clientId: web.userPoolClientId, providerName: pool.userPoolProviderName, serverSideTokenCheck: true },
    ],
  });
  const principal = new iam.FederatedPrincipal(
    'cognito-identity.amazonaws.com',
    {
      StringEquals: { 'cognito-identity.amazonaws.com:aud': identityPool.ref },
      'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
    },
    'sts:AssumeRoleWithWebIdentity',
  );
  const authenticated = new iam.Role(stack, 'AuthenticatedRole', { assumedBy: principal });
  const base = new iam.ManagedPolicy(stack, 'AuthenticatedPolicy', {
    statements: [
      new iam.PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        resources: [table.tableArn],
      }),
    ],
  });
  authenticated.addManagedPolicy(base);
  web.node.addDependency(google, saml);
  new cognito.CfnIdentityPoolRoleAttachment(stack, 'Roles', {
    identityPoolId: identityPool.ref,
    roles: { authenticated: authenticated.roleArn },
    roleMappings: {
      web: {
        type: 'Token',
        ambiguousRoleResolution: 'AuthenticatedRole',
        identityProvider: `${pool.userPoolProviderName}:${web.userPoolClientId}`,
      },
    },
  });
  const groupRoles: Record<string, iam.Role> = {};
  for (const [name, precedence] of [
    ['admins', 0],
    ['support', 10],
  ] as const) {
    const role = new iam.Role(stack, `${name}Role`, { assumedBy: principal });
    groupRoles[name] = role;
    new iam.ManagedPolicy(stack, `${name}Policy`, {
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          actions: ['cognito-idp:ListUsers', 'cognito-idp:AdminGetUser'],
          resources: [pool.userPoolArn],
        }),
      ],
    });
    if (name === 'support') role.addManagedPolicy(base);
    pool.addGroup(name, { groupName: name, precedence, role });
    new CfnOutput(stack, `${name}GroupRoleArn`, { value: role.roleArn });
  }
  // What the reference app and the library acknowledge, acknowledged here too so that both synthesize.
  for (const id of [
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
    'Serverless-LambdaDLQ',
    'Serverless-LambdaTracing',
    'HIPAA.Security-LambdaConcurrency',
    'HIPAA.Security-LambdaDLQ',
    'HIPAA.Security-LambdaInsideVPC',
    'NIST.800.53.R5-LambdaConcurrency',
    'NIST.800.53.R5-LambdaDLQ',
    'NIST.800.53.R5-LambdaInsideVPC',
    'PCI.DSS.321-LambdaInsideVPC',
  ]) {
    Validations.of(stack).acknowledge({
      id,
      reason: 'Same acknowledgement as the reference app and the library.',
    });
  }
  const outputs: Record<string, string> = {
    UserPoolId: pool.userPoolId,
    UserPoolArn: pool.userPoolArn,
    UserPoolProviderUrl: pool.userPoolProviderUrl,
    WebClientId: web.userPoolClientId,
    DomainBaseUrl: domain.baseUrl(),
    IdentityPoolId: identityPool.ref,
    AuthenticatedRoleArn: authenticated.roleArn,
  };
  for (const [name, value] of Object.entries(outputs)) new CfnOutput(stack, name, { value });
  // The same client configuration document, assembled by hand.
  const host = `${config.domainPrefix}.auth.${stack.region}.amazoncognito.com`;
  const readScopeName = `${server.userPoolResourceServerId}/read`;
  const writeScopeName = `${server.userPoolResourceServerId}/write`;
  new CfnOutput(stack, 'ClientConfiguration', {
    value: stack.toJsonString({
      version: '1.4',
      auth: {
        aws_region: stack.region,
        user_pool_id: pool.userPoolId,
        user_pool_client_id: web.userPoolClientId,
        identity_pool_id: identityPool.ref,
        authentication_flow_type: 'USER_SRP_AUTH',
        password_policy: {
          min_length: 12,
          require_numbers: true,
          require_lowercase: true,
          require_uppercase: true,
          require_symbols: true,
        },
        oauth: {
          identity_providers: ['GOOGLE', config.federation!.saml!.name],
          domain: host,
          scopes: ['openid', 'email', 'profile', readScopeName],
          redirect_sign_in_uri: config.callbackUrls,
          redirect_sign_out_uri: config.logoutUrls,
          response_type: 'code',
        },
        standard_required_attributes: ['email'],
        username_attributes: ['email'],
        user_verification_types: ['email'],
        unauthenticated_identities_enabled: false,
        mfa_configuration: 'REQUIRED',
        mfa_methods: ['TOTP'],
        groups: [{ admins: { precedence: 0 } }, { support: { precedence: 10 } }],
      },
      custom: {
        cognito_auth: {
          stage: 'prod',
          user_pool_arn: pool.userPoolArn,
          default_client: 'web',
          clients: {
            web: {
              client_id: web.userPoolClientId,
              kind: 'web',
              auth_flows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
              oauth_flows: ['code'],
              scopes: ['openid', 'email', 'profile', readScopeName],
              has_secret: false,
              identity_providers: ['COGNITO', 'Google', config.federation!.saml!.name],
              callback_urls: config.callbackUrls,
              logout_urls: config.logoutUrls,
            },
            reports: {
              client_id: reports.userPoolClientId,
              kind: 'machine',
              auth_flows: ['ALLOW_REFRESH_TOKEN_AUTH'],
              oauth_flows: ['client_credentials'],
              scopes: [readScopeName, writeScopeName],
              has_secret: true,
              identity_providers: ['COGNITO'],
            },
          },
          domain: { domain: host, base_url: domain.baseUrl(), custom: false },
          resource_servers: [
            { identifier: 'reports-api', scopes: ['reports-api/read', 'reports-api/write'] },
          ],
          groups: [
            {
              name: 'admins',
              precedence: 0,
              description: 'Administrators: manage users of this pool',
              role_arn: groupRoles.admins.roleArn,
            },
            {
              name: 'support',
              precedence: 10,
              description: 'Support staff: look up users, and their own data like everyone',
              role_arn: groupRoles.support.roleArn,
            },
          ],
          identity_pool: { id: identityPool.ref, authenticated_role_arn: authenticated.roleArn },
          custom_attributes: ['custom:tenant_id', 'custom:plan'],
          identity_providers: [
            { name: 'Google', type: 'Google' },
            { name: config.federation!.saml!.name, type: 'SAML' },
          ],
          mfa_methods: ['TOTP'],
          sign_in_aliases: ['email'],
          case_sensitive: false,
          self_sign_up_enabled: true,
        },
      },
    }),
  });
  return app;
}

function referenceStack(outdir: string, checks: boolean): App {
  return buildApp({ stage: 'prod', outdir, checks, context: CLI_CONTEXT }).app;
}

function timeOnce(
  build: (outdir: string, checks: boolean) => App,
  checks: boolean,
  label: string,
  i: number,
): number {
  const outdir = path.join(work, `${label}-${i}`);
  const start = process.hrtime.bigint();
  build(outdir, checks).synth();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  fs.rmSync(outdir, { recursive: true, force: true });
  return ms;
}

function stats(values: number[]): { median: number; p90: number; min: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p90: at(0.9), min: sorted[0] };
}

function compare(checks: boolean): number {
  const ours: number[] = [];
  const l2: number[] = [];
  for (let i = 0; i < WARMUP + ITERATIONS; i++) {
    // Interleave so that drift (GC, CPU frequency) affects both sides alike.
    const a = timeOnce(referenceStack, checks, 'cognito-auth', i);
    const b = timeOnce(l2Stack, checks, 'l2', i);
    if (i >= WARMUP) {
      ours.push(a);
      l2.push(b);
    }
  }
  const s1 = stats(ours);
  const s2 = stats(l2);
  const fmt = (n: number) => n.toFixed(1).padStart(8);
  const nag = checks ? "with the reference app's six cdk-nag packs" : 'without cdk-nag';
  console.log(`\n${nag}: ${ITERATIONS} interleaved runs after ${WARMUP} warm-up runs (ms)`);
  console.log(`${'variant'.padEnd(24)}${'median'.padStart(8)}${'p90'.padStart(8)}${'min'.padStart(8)}`);
  console.log(`${'CognitoAuth'.padEnd(24)}${fmt(s1.median)}${fmt(s1.p90)}${fmt(s1.min)}`);
  console.log(`${'aws-cdk-lib L2s'.padEnd(24)}${fmt(s2.median)}${fmt(s2.p90)}${fmt(s2.min)}`);
  const ratio = s1.median / s2.median;
  console.log(`ratio (median): ${ratio.toFixed(3)}x  (target <= 1.15x)`);
  return ratio;
}

function main(): void {
  if (!fs.existsSync(path.join(assets, 'pre-sign-up', 'index.js'))) {
    throw new Error('assets/ is missing: run "npm run bundle" first');
  }
  console.log(
    'synthesis of the reference prod stack: CognitoAuth against the same resources written with aws-cdk-lib L2s',
  );
  compare(false);
  compare(true);
  fs.rmSync(work, { recursive: true, force: true });
}

if (require.main === module) main();
