import * as path from 'node:path';
import { Duration, RemovalPolicy, SecretValue, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as identitypool from 'aws-cdk-lib/aws-cognito-identitypool';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import {
  AppClient,
  AuthDomain,
  AuthEmail,
  AuthProfile,
  BrandingAsset,
  BrandingAssetCategory,
  BrandingColorMode,
  CognitoAuth,
  CompromisedCredentialsAction,
  CustomAttribute,
  IdentityPoolProvider,
  IdentityPoolRoleMapping,
  IdentityProvider,
  LogDestination,
  LoginBranding,
  MappedRole,
  PreSignUp,
  PrincipalTags,
  PreTokenGeneration,
  PreTokenGenerationVersion,
  RiskAction,
  SamlMetadata,
} from '../lib';
import { ActivityLogs } from './activity-logs';
import { StageConfig } from './stages';
import { TenantData } from './tenant-data';

/** Props of the reference stack. */
export interface ReferenceStackProps extends StackProps {
  /** Stage name, e.g. `dev`. */
  readonly stageName: string;
  /** The stage's configuration. */
  readonly config: StageConfig;
}

/**
 * The reference deployment: a user pool with web, machine-to-machine (and in dev, password) clients,
 * a resource server, a domain, two groups with roles, an identity pool, and a per-user data table that
 * signed-in users reach through the identity pool. In prod also federated sign-in (Google and a SAML
 * directory), trigger logs encrypted with a customer-managed key, and daily backups of the table.
 */
export class ReferenceStack extends Stack {
  public readonly auth: CognitoAuth;
  public readonly table: dynamodb.Table;
  /** Key of the trigger log groups (prod). */
  public readonly logsKey?: kms.Key;
  /** Data of each tenant, read through principal tags (prod). */
  public readonly tenantData?: TenantData;
  /** The bucket of the user-activity logs (prod). */
  public readonly activityLogs?: ActivityLogs;

  constructor(scope: Construct, id: string, props: ReferenceStackProps) {
    super(scope, id, props);
    const { config } = props;
    const prod = config.profile === 'prod';

    this.table = new dynamodb.Table(this, 'UserData', {
      partitionKey: { name: 'identityId', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'itemId', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      deletionProtection: prod,
    });

    // Every signed-in user may read and write only the items under their own identity id.
    const ownItems = new iam.PolicyStatement({
      actions: [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:Query',
      ],
      resources: [this.table.tableArn],
      conditions: {
        'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['${cognito-identity.amazonaws.com:sub}'] },
      },
    });

    // Prod: tenant data, each session reading its own tenant's items (principal tag from custom:tenant_id).
    if (prod) this.tenantData = new TenantData(this, 'TenantData', { retain: true });

    // Prod: the trigger logs are encrypted with a key of our own (HIPAA, NIST 800-53 and PCI DSS ask for it).
    if (prod) {
      this.logsKey = new kms.Key(this, 'LogsKey', {
        description: 'Encrypts the log groups of the Cognito triggers',
        enableKeyRotation: true,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      // CloudWatch Logs may use the key for the trigger log groups only: each bundled trigger adds a
      // key-policy statement naming its own log group (condition kms:EncryptionContext:aws:logs:arn).
      // Daily backups kept 35 days, beside the table's point-in-time recovery.
      const plan = backup.BackupPlan.daily35DayRetention(
        this,
        'Backup',
        new backup.BackupVault(this, 'BackupVault', { removalPolicy: RemovalPolicy.RETAIN }),
      );
      const selection = plan.addSelection('UserData', {
        resources: [
          backup.BackupResource.fromDynamoDbTable(this.table),
          ...(this.tenantData ? [backup.BackupResource.fromDynamoDbTable(this.tenantData.table)] : []),
        ],
      });
      Validations.of(selection).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
        reason:
          "AWS Backup's own service-role policy for the role it assumes to back up the table; AWS keeps it in step with the resource types Backup supports, which a hand-written copy would not be.",
      });
    }
    const federation = config.federation ?? {};
    if (config.activityLogsBucket) this.activityLogs = new ActivityLogs(this, 'ActivityLogs');
    const branding = config.branding
      ? LoginBranding.fromFile(
          path.join(__dirname, config.branding.settingsFile),
          config.branding.formLogo
            ? [
                BrandingAsset.fromFile(
                  BrandingAssetCategory.FORM_LOGO,
                  BrandingColorMode.LIGHT,
                  path.join(__dirname, config.branding.formLogo),
                ),
              ]
            : [],
        )
      : undefined;

    this.auth = new CognitoAuth(this, 'Auth', {
      profile: prod ? AuthProfile.PROD : AuthProfile.DEV,
      stage: props.stageName,
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: {
        tenant_id: CustomAttribute.ofString({ minLength: 1, maxLength: 64, mutable: true }),
        plan: CustomAttribute.ofString({ maxLength: 32 }),
      },
      email: config.sesFromEmail
        ? AuthEmail.ses({ fromEmail: config.sesFromEmail, fromName: 'Reference App' })
        : AuthEmail.cognito(),
      // Prod: passkeys beside passwords, bound to the managed login host; a user-verified passkey counts as
      // MFA, so MFA stays required. (E-mailed sign-in codes would need MFA optional: Cognito offers them only
      // to users without MFA.) Dev keeps password sign-in only, which local mode's tests drive.
      signInFactors: prod ? { passkey: true } : undefined,
      passkeys: prod ? { satisfiesMfa: true } : undefined,
      // Prod (Plus, threat protection enforced): block known-compromised passwords; ask for MFA on risky
      // sign-ins and tell the user. Dev's Essentials plan has no threat protection.
      threatProtection: prod
        ? {
            compromisedCredentials: { action: CompromisedCredentialsAction.BLOCK },
            adaptiveAuthentication: {
              low: { action: RiskAction.ALLOW },
              medium: { action: RiskAction.MFA_IF_CONFIGURED, notify: true },
              high: { action: RiskAction.MFA_REQUIRED, notify: true },
            },
          }
        : undefined,
      // Message-delivery errors to a log group (the only destination Cognito offers for them); prod's user
      // activity to the KMS-encrypted bucket.
      logDelivery: this.activityLogs
        ? {
            messageDeliveryErrors: LogDestination.newLogGroup(),
            userActivity: LogDestination.bucket(this.activityLogs.bucket),
          }
        : undefined,
      branding,
      terms: config.terms,
      resourceServers: [
        {
          identifier: 'reports-api',
          name: 'Reports API',
          scopes: [
            { name: 'read', description: 'Read reports' },
            { name: 'write', description: 'Create and change reports' },
          ],
        },
      ],
      clients: {
        web: AppClient.web({
          callbackUrls: config.callbackUrls,
          logoutUrls: config.logoutUrls,
          scopes: ['openid', 'email', 'profile', 'reports-api/read'],
          // Amplify JS v6 refreshes with GetTokensFromRefreshToken, which rotation needs.
          refreshTokenRotationGracePeriod: prod ? Duration.seconds(10) : undefined,
        }),
        reports: AppClient.machine({ scopes: ['reports-api/read', 'reports-api/write'] }),
        ...(config.passwordClient ? { scripts: AppClient.password() } : {}),
        ...(config.portalCallbackUrls
          ? {
              portal: AppClient.server({
                callbackUrls: config.portalCallbackUrls,
                propagateUserContextData: true,
              }),
            }
          : {}),
      },
      domain: AuthDomain.cognitoPrefix(config.domainPrefix),
      identityProviders: [
        ...(federation.google
          ? [
              IdentityProvider.google({
                clientId: federation.google.clientId,
                clientSecret: SecretValue.secretsManager(federation.google.clientSecretName, {
                  jsonField: 'clientSecret',
                }),
                attributeMapping: { email: 'email', given_name: 'given_name', family_name: 'family_name' },
              }),
            ]
          : []),
        ...(federation.saml
          ? [
              IdentityProvider.saml({
                name: federation.saml.name,
                metadata: SamlMetadata.url(federation.saml.metadataUrl),
                identifiers: ['cca-reference.net'],
                attributeMapping: {
                  email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
                },
              }),
            ]
          : []),
      ],
      groups: [
        {
          name: 'admins',
          description: 'Administrators: manage users of this pool',
          precedence: 0,
        },
        {
          name: 'support',
          description: 'Support staff: look up users, and their own data like everyone',
          precedence: 10,
          inheritAuthenticatedPermissions: true,
        },
      ],
      identityPool: {
        authenticatedPolicyStatements: [
          ownItems,
          ...(this.tenantData ? [this.tenantData.readStatement] : []),
        ],
        // Google sign-in straight to the identity pool (mobile apps with Google's SDK), beside the user pool's.
        loginProviders: federation.google ? { google: federation.google.clientId } : undefined,
        developerProviderName: config.developerProviderName,
        principalTags: this.tenantData ? PrincipalTags.fromClaims({ tenant: 'custom:tenant_id' }) : undefined,
        // Scripts: rules in order, first match wins. Group members keep their group's role; users on the
        // internal plan (custom:plan, which only administrators set) get the support role too.
        roleMappings: config.passwordClient
          ? [
              IdentityPoolRoleMapping.rules(IdentityPoolProvider.userPoolClient('scripts'), [
                {
                  claim: 'cognito:groups',
                  value: 'admins',
                  matchType: identitypool.RoleMappingMatchType.CONTAINS,
                  role: MappedRole.group('admins'),
                },
                {
                  claim: 'cognito:groups',
                  value: 'support',
                  matchType: identitypool.RoleMappingMatchType.CONTAINS,
                  role: MappedRole.group('support'),
                },
                { claim: 'custom:plan', value: 'internal', role: MappedRole.group('support') },
              ]),
            ]
          : undefined,
      },
      userImportRole: true,
      triggers: {
        preSignUp: PreSignUp.bundled({
          logEncryptionKey: this.logsKey,
          allowedDomains: config.allowedDomains,
          deniedDomains: config.deniedDomains,
          autoConfirmDomains: config.autoConfirmDomains,
          autoVerifyEmail: config.autoVerifyEmail,
          exemptAdminCreatedUsers: true,
        }),
        preTokenGeneration: PreTokenGeneration.bundled({
          logEncryptionKey: this.logsKey,
          version: PreTokenGenerationVersion.V2_0,
          claimsFromAttributes: { 'custom:tenant_id': 'tenant_id', 'custom:plan': 'plan' },
          groupClaims: [
            {
              claimName: 'permissions',
              valuesByGroup: {
                admins: ['users:read', 'users:write', 'reports:read', 'reports:write'],
                support: ['users:read', 'reports:read'],
              },
            },
          ],
          scopesByGroup: { admins: { add: ['reports-api/write'] } },
        }),
      },
    });

    // Group permissions on the pool itself, added once the pool exists: the grants go into each group's
    // customer-managed policy (HIPAA, NIST 800-53 and PCI DSS refuse inline ones).
    this.auth.userPool.grant(
      this.auth.group('admins'),
      'cognito-idp:ListUsers',
      'cognito-idp:ListUsersInGroup',
      'cognito-idp:AdminGetUser',
      'cognito-idp:AdminDisableUser',
      'cognito-idp:AdminEnableUser',
      'cognito-idp:AdminAddUserToGroup',
      'cognito-idp:AdminRemoveUserFromGroup',
    );
    this.auth.userPool.grant(this.auth.group('support'), 'cognito-idp:ListUsers', 'cognito-idp:AdminGetUser');

    this.acknowledgeFindings(prod);
  }

  /** cdk-nag findings that are intended in this app, each with its reason. */
  private acknowledgeFindings(prod: boolean): void {
    const pool = this.auth.userPool.node.defaultChild!;
    if (!prod) {
      Validations.of(pool).acknowledge({
        id: 'AwsSolutions-COG2',
        reason:
          'Dev stage: MFA is optional so that scripted tests and local mode can sign in with a password; prod requires it.',
      });
      Validations.of(pool).acknowledge({
        id: 'AwsSolutions-COG8',
        reason:
          'Dev stage: the Essentials plan keeps the stage cheap; prod uses Plus with threat protection enforced.',
      });
    }
  }
}
