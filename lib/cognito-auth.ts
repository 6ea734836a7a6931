import {
  Annotations,
  CfnElement,
  CfnOutput,
  CfnResource,
  Lazy,
  Stack,
  Tags,
  Token,
  Validations,
} from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CLIENT_CONFIG_OUTPUT, ClientConfiguration } from './client-config';
import { AppClient, AppClientKind } from './clients/app-client';
import { buildClientOptions, resolvePinpointAnalytics } from './clients/build';
import { AuthDomain } from './domain/auth-domain';
import { createDomain, domainHost } from './domain/create';
import { validateDomain } from './domain/validate';
import { CognitoAuthError } from './errors';
import { createIdentityProvider } from './federation/create';
import { IdentityProvider } from './federation/identity-provider';
import { AuthGroup } from './groups/auth-group';
import { GroupDefinition } from './groups/group';
import { createGroupRole, iamDescription } from './groups/group-role';
import { validateGroup, validateGroups } from './groups/validate';
import { ImmutableSettingsLockOptions } from './guard/lock-options';
import { registerSettingsLock, resolveLock } from './guard/settings-lock';
import { AuthIdentityPool, IdentityPoolOptions } from './identity-pool/auth-identity-pool';
import { trustIdentityPool } from './identity-pool/own-role';
import { checkFederationTargets, validateFederationOptions } from './identity-pool/validate';
import { createLogDelivery, CreatedLogDelivery, resolveLogDelivery } from './logging/log-delivery';
import { LogDeliveryOptions } from './logging/log-destination';
import {
  brandClient,
  DEFAULT_BRANDING,
  LoginBranding,
  ResolvedBranding,
  resolveBranding,
} from './managed-login/branding';
import { createTerms, ResolvedTerms, resolveTerms, TermsDocuments } from './managed-login/terms';
import { GUEST_ACCESS_REASON_METADATA, STAGE_TAG } from './metadata';
import { buildClientConfiguration } from './outputs/client-configuration';
import { OutputsOptions } from './outputs/options';
import { outputNamePart, outputPrefix, StackOutputs } from './outputs/stack-outputs';
import { validateCustomAttributes } from './private/attributes';
import { acknowledgeBundledTriggerFindings } from './private/compliance';
import { planName } from './private/plan';
import { ProfileDefaults, profileDefaults } from './private/profile-defaults';
import { checkPropShapes } from './private/prop-types';
import { locateErrors } from './private/locate-errors';
import { show } from './private/show';
import { checkName, checkOneOf, checkQuota, isToken } from './private/validate';
import { AuthProfile } from './profile';
import { createResourceServer } from './resource-servers/create';
import { ResourceServerDefinition } from './resource-servers/resource-server';
import { validateResourceServers } from './resource-servers/validate';
import {
  CLOUDFORMATION_QUOTAS,
  COGNITO_QUOTAS,
  customAttributeName,
  IDENTITY_POOL_NAME,
  MAX_TAGS_PER_USER_POOL,
  PINPOINT_END_OF_SUPPORT,
  PLAN_GATES,
  planProblem,
  RESERVED_ATTRIBUTE_NAMES,
  sesRegionProblem,
  STANDARD_SCOPES,
  TAG_KEY,
  TAG_VALUE,
  VERIFICATION_ATTRIBUTES,
} from './shared';
import { checkDeclaredNames } from './triggers/declared-names';
import { attachTriggers, UserPoolTriggers, UserPoolTriggersProps } from './triggers/user-pool-triggers';
import { UserImportRole } from './user-import/user-import-role';
import { CustomAttribute } from './user-pool/attributes';
import { buildSchema } from './user-pool/schema';
import { acknowledgeOptionalMfa, createRiskConfiguration, resolveRisk, RiskSender } from './user-pool/risk';
import {
  ResolvedUserPoolSettings,
  resolveUserPoolSettings,
  UserPoolSettingsProps,
} from './user-pool/settings';
import { applySignIn, signInWarnings } from './user-pool/sign-in';
import { SmsRole } from './user-pool/sms-role';

/**
 * Props of `CognitoAuth`. Every prop is optional: `new CognitoAuth(stack, 'Auth')` is a secure dev pool.
 *
 * The settings of the user pool come concept by concept (`PoolProps`, `SignInProps`, `PasswordProps`,
 * `MfaProps`, `RecoveryProps`, `MessagesProps`, `ThreatProtectionProps`, `SmsProps`, `DeviceProps`); the
 * rest is what `CognitoAuth` builds around the pool.
 */
export interface CognitoAuthProps extends UserPoolSettingsProps {
  /** The set of defaults to start from. @default AuthProfile.DEV */
  readonly profile?: AuthProfile;
  /** Stage name written to the client configuration and tags. @default - the profile's name */
  readonly stage?: string;

  // ---- attributes ----
  /** Custom attributes (without the `custom:` prefix), at most 50. @default - none */
  readonly customAttributes?: Record<string, CustomAttribute>;

  // ---- logs ----
  /**
   * Logs the pool exports: e-mail and SMS delivery errors (CloudWatch Logs) and threat protection's user
   * activity (CloudWatch Logs, S3 or Firehose; Plus plan).
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/exporting-quotas-and-usage.html
   * @default - prod: both to new log groups (user activity on the Plus plan with threat protection); dev: none
   */
  readonly logDelivery?: LogDeliveryOptions;

  // ---- clients, domain ----
  /**
   * App clients by name. Names are stable keys: renaming one replaces the client.
   * @default { web: AppClient.web() }
   */
  readonly clients?: Record<string, AppClient>;
  /** Name of the client written as `user_pool_client_id` of the client configuration. @default - `web`, else the first client */
  readonly defaultClient?: string;
  /** OAuth resource servers with custom scopes. @default - none */
  readonly resourceServers?: ResourceServerDefinition[];
  /** Domain of the OAuth endpoints and managed login. @default - no domain */
  readonly domain?: AuthDomain;
  /**
   * Managed login version of the domain: the newer managed login (a branding style is created for every
   * OAuth client, with Cognito's look) or the classic hosted UI.
   * @default - NEWER_MANAGED_LOGIN, CLASSIC_HOSTED_UI on the Lite plan
   */
  readonly managedLoginVersion?: cognito.ManagedLoginVersion;
  /**
   * The look of managed login for every client that uses it (a client's own `branding` overrides it):
   * Cognito's, or settings and images of your own. Needs a domain with the newer managed login.
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/managed-login-brandingdesigner.html
   * @default LoginBranding.cognitoDefaults()
   */
  readonly branding?: LoginBranding;
  /**
   * Terms of use and privacy policy linked from the managed-login sign-up page of every client that uses
   * managed login (a client's own `terms` overrides them). Needs a domain with the newer managed login.
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-terms.html
   * @default - none
   */
  readonly terms?: TermsDocuments;

  // ---- federation ----
  /**
   * Federated identity providers (Google, Facebook, Apple, Amazon, OIDC, SAML) users can sign in with.
   * Needs a `domain`. Every OAuth client offers them unless its `identityProviders` says otherwise.
   * Provider names are create-only.
   * @default - none
   */
  readonly identityProviders?: IdentityProvider[];

  // ---- groups, identity pool ----
  /** Groups, each with an IAM role assumable through the identity pool. @default - none */
  readonly groups?: GroupDefinition[];
  /** The identity pool. @default - enabled, guest access off */
  readonly identityPool?: IdentityPoolOptions;

  // ---- triggers ----
  /**
   * Lambda triggers: the bundled `PreSignUp.bundled(...)` and `PreTokenGeneration.bundled(...)`, or any
   * function of your own for these and every other trigger.
   * @default - no triggers
   */
  readonly triggers?: UserPoolTriggersProps;

  // ---- user import ----
  /**
   * Create the role Amazon Cognito assumes to write the logs of user import jobs
   * (`cognito-admin users import --job`), and list it in the client configuration.
   * @default false
   */
  readonly userImportRole?: boolean;

  // ---- misc ----
  /** Tags on every taggable resource. @default - `cognito-auth:stage` only */
  readonly tags?: Record<string, string>;
  /** Stack outputs. @default - all ids and the client configuration */
  readonly outputs?: OutputsOptions;
  /**
   * The immutable-settings lock, which refuses at synth a change Cognito cannot apply to the existing pool.
   * @see docs/security.md
   * @default - the lock file `cognito-auth.lock.json`, written under the CDK CLI (verified only, with CI=true), off in-process
   */
  readonly immutableSettingsLock?: ImmutableSettingsLockOptions;
  /**
   * The immutable-settings lock.
   * @deprecated use `immutableSettingsLock` (`lock` is a reserved word in C#)
   * @default - see `immutableSettingsLock`
   * @jsii ignore
   */
  readonly lock?: ImmutableSettingsLockOptions;
}

/**
 * A complete, secure Amazon Cognito setup: a user pool, app clients, an optional domain, groups with
 * IAM roles, an identity pool, and outputs including an Amplify-compatible client configuration.
 *
 * ```ts
 * const auth = new CognitoAuth(stack, 'Auth', {
 *   profile: AuthProfile.PROD,
 *   email: AuthEmail.ses({ fromEmail: 'no-reply@example.org' }),
 *   clients: { web: AppClient.web({ callbackUrls: ['https://app.example.org/callback'] }) },
 *   domain: AuthDomain.cognitoPrefix('example-app'),
 *   groups: [{ name: 'admins', precedence: 0 }],
 * });
 * ```
 */
export class CognitoAuth extends Construct {
  /** The tag, on the user pool and every taggable resource of the construct, that names the stage. */
  public static readonly STAGE_TAG: string = STAGE_TAG;

  /**
   * The metadata key, on the identity pool, that holds why guest access is on (`identityPool.guestAccessReason`);
   * the CognitoChecks pack reads it.
   */
  public static readonly GUEST_ACCESS_REASON_METADATA: string = GUEST_ACCESS_REASON_METADATA;

  /** Logical id (after the outputs prefix) of the stack output that carries the client configuration as JSON. */
  public static readonly CLIENT_CONFIG_OUTPUT: string = CLIENT_CONFIG_OUTPUT;

  /** The profile whose defaults apply. */
  public readonly profile: AuthProfile;
  /** The stage name. */
  public readonly stage: string;
  /** The user pool. */
  public readonly userPool: cognito.UserPool;
  /** App clients by name. */
  public readonly clients: Record<string, cognito.UserPoolClient> = {};
  /** Resource servers by identifier. */
  public readonly resourceServers: Record<string, cognito.UserPoolResourceServer> = {};
  /** The domain, when one is configured. */
  public readonly domain?: cognito.UserPoolDomain;
  /** Groups by name. */
  public readonly groups: Record<string, cognito.UserPoolGroup> = {};
  /** Federated identity providers by provider name. */
  public readonly identityProviders: Record<string, cognito.CfnUserPoolIdentityProvider> = {};
  /** Group roles by group name (the roles the construct created; see `groupHandles` for every group's role). */
  public readonly groupRoles: Record<string, iam.Role> = {};
  /** Every group as a handle with its role and grants, by name (see `group(name)`). */
  public readonly groupHandles: Record<string, AuthGroup> = {};
  /** The functions attached as triggers, by trigger. */
  public readonly triggers: UserPoolTriggers;
  /** The identity pool, unless disabled. */
  public readonly identityPool?: AuthIdentityPool;
  /** Role of signed-in identity-pool users. */
  public readonly authenticatedRole?: iam.IRole;
  /** Role of guests, when guest access is on. */
  public readonly unauthenticatedRole?: iam.IRole;
  /**
   * The base authenticated permissions as a managed policy, attached to the authenticated role and to
   * group roles that inherit them. Present when `identityPool.authenticatedPolicyStatements` is given.
   */
  public readonly authenticatedPolicy?: iam.ManagedPolicy;

  /** Threat protection's risk configuration (compromised credentials, adaptive authentication, IP lists), when there is one. */
  public readonly riskConfiguration?: cognito.CfnUserPoolRiskConfigurationAttachment;
  /** The pool's log delivery configuration, when it exports logs. */
  public readonly logDeliveryConfiguration?: cognito.CfnLogDeliveryConfiguration;
  /** The log group of e-mail and SMS delivery errors, when they go to CloudWatch Logs. */
  public readonly messageDeliveryLogGroup?: logs.ILogGroup;
  /** The log group of threat protection's user activity, when it goes to CloudWatch Logs. */
  public readonly userActivityLogGroup?: logs.ILogGroup;
  private readonly logDeliveryOutputs: CreatedLogDelivery['outputs'];

  /** Managed login branding styles by client name (one per client that uses managed login). */
  public readonly brandingStyles: Record<string, cognito.CfnManagedLoginBranding> = {};

  /** The role of user import jobs, when `userImportRole` is on. */
  public readonly userImportRole?: iam.Role;

  private readonly props: CognitoAuthProps;
  private readonly defaults: ProfileDefaults;
  private readonly settings: ResolvedUserPoolSettings;
  private readonly clientDefinitions: Record<string, AppClient> = {};
  private readonly clientOptions: Record<string, cognito.UserPoolClientOptions> = {};
  private readonly groupDefinitions: GroupDefinition[] = [];
  private readonly providerDefinitions: IdentityProvider[] = [];
  /** Identifiers of the providers (e-mail domains and the like), each with the prop that declared it. */
  private readonly providerIdentifiers = new Map<string, string>();
  private outputs?: StackOutputs;

  constructor(scope: Construct, id: string, props: CognitoAuthProps = {}) {
    super(scope, id);
    try {
      if (props === null || typeof props !== 'object') {
        throw new CognitoAuthError(
          'props',
          `${show(props)} is not allowed; give an object of CognitoAuthProps or nothing`,
        );
      }
      checkPropShapes(props as Record<string, unknown>);
      this.props = props;
      this.profile = props.profile ?? AuthProfile.DEV;
      if (!Object.values(AuthProfile).includes(this.profile)) {
        throw new CognitoAuthError(
          'profile',
          `${show(this.profile)} is not a profile; use AuthProfile.DEV or AuthProfile.PROD`,
        );
      }
      this.stage = props.stage ?? this.profile;
      this.defaults = profileDefaults(this.profile);

      // ---- validate everything before creating anything ----
      validateCustomAttributes(props.customAttributes ?? {});
      this.settings = resolveUserPoolSettings(props, this.profile, this.defaults, {
        hasDomain: props.domain !== undefined,
        customEmailSender: props.triggers?.customEmailSender !== undefined,
        domainHost: props.domain instanceof AuthDomain ? domainHost(Stack.of(this), props.domain) : undefined,
        customDomain: props.domain?.customDomain !== undefined,
      });
      this.validateRegionRules();
      const logWarnings: Array<{ id: string; message: string }> = [];
      const logDelivery = resolveLogDelivery(props.logDelivery, {
        prod: this.profile === AuthProfile.PROD,
        plan: planName(this.settings.featurePlan),
        threatProtectionActive: [
          cognito.StandardThreatProtectionMode.AUDIT_ONLY,
          cognito.StandardThreatProtectionMode.FULL_FUNCTION,
        ].includes(this.settings.userPoolProps.standardThreatProtectionMode!),
        account: Stack.of(this).account,
        warnings: logWarnings,
      });
      this.validateTags(props.tags ?? {});
      validateResourceServers(props.resourceServers ?? []);
      if (props.domain) validateDomain(props.domain);
      const groups = props.groups ?? [];
      validateGroups(groups);
      const identityPoolOptions = props.identityPool ?? {};
      const identityPoolEnabled = identityPoolOptions.enabled ?? true;
      this.validateIdentityPool(identityPoolOptions, identityPoolEnabled, groups);
      const clients = props.clients ?? { web: AppClient.web() };
      this.validateClients(props, clients);
      this.plannedLoginVersion = props.domain
        ? (props.managedLoginVersion ??
          (this.settings.featurePlan === cognito.FeaturePlan.LITE
            ? cognito.ManagedLoginVersion.CLASSIC_HOSTED_UI
            : cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN))
        : undefined;
      if (props.branding !== undefined) {
        this.checkManagedLoginPrerequisites('branding');
        this.defaultBranding = resolveBranding('branding', props.branding);
      }
      if (props.terms !== undefined) {
        this.checkManagedLoginPrerequisites('terms');
        this.defaultTerms = resolveTerms('terms', props.terms);
      }

      // ---- user pool ----
      this.userPool = this.createUserPool(props);
      for (const warning of logWarnings) Annotations.of(this).addWarningV2(warning.id, warning.message);

      // ---- log delivery, risk configuration ----
      const logsMade = createLogDelivery(this, this.userPool, logDelivery, {
        retention: this.defaults.logRetention,
        removalPolicy: this.settings.removalPolicy,
      });
      this.logDeliveryConfiguration = logsMade.configuration;
      this.messageDeliveryLogGroup = logsMade.messageDeliveryLogGroup;
      this.userActivityLogGroup = logsMade.userActivityLogGroup;
      this.logDeliveryOutputs = logsMade.outputs;
      if (this.settings.risk) {
        const cfnUserPool = this.userPool.node.defaultChild as cognito.CfnUserPool;
        this.riskConfiguration = createRiskConfiguration(
          this,
          this.userPool,
          this.settings.risk,
          this.riskSender(),
        );
        acknowledgeOptionalMfa(cfnUserPool, this.settings);
      }

      // ---- triggers ----
      this.triggers = attachTriggers(this, this.userPool, props.triggers ?? {}, {
        featurePlan: this.settings.featurePlan,
        propPath: 'triggers',
      });
      const bundledTriggers = this.node.tryFindChild('Triggers');
      if (bundledTriggers) acknowledgeBundledTriggerFindings(bundledTriggers);

      // ---- resource servers ----
      for (const server of props.resourceServers ?? []) {
        this.resourceServers[server.identifier] = createResourceServer(this.userPool, server);
      }

      // ---- identity pool (before clients, so that clients register with it) ----
      if (identityPoolEnabled) {
        const created = this.createIdentityPool(identityPoolOptions);
        this.identityPool = created.identityPool;
        this.authenticatedRole = created.identityPool.authenticatedRole;
        this.unauthenticatedRole = created.identityPool.unauthenticatedRole;
        this.authenticatedPolicy = created.authenticatedPolicy;
      }

      // ---- federation (clients list the providers at synth, so the order does not matter) ----
      (props.identityProviders ?? []).forEach((provider) => this.addIdentityProvider(provider));

      // ---- clients ----
      for (const [name, client] of Object.entries(clients)) this.addClient(name, client);

      // ---- domain ----
      if (props.domain) {
        const created = createDomain(
          this,
          this.userPool,
          props.domain,
          this.settings.featurePlan,
          props.managedLoginVersion,
        );
        this.domain = created.domain;
        this.managedLoginVersion = created.managedLoginVersion;
        for (const [name, client] of Object.entries(this.clientDefinitions)) {
          this.brandClient(name, client, this.clients[name]);
        }
      }

      // ---- groups ----
      for (const group of groups) this.addGroup(group);

      // ---- user import ----
      if (props.userImportRole) {
        this.userImportRole = new UserImportRole(this, 'UserImport', { userPool: this.userPool }).role;
      }

      // ---- outputs ----
      if (props.outputs?.enabled ?? true) this.createOutputs(props.outputs ?? {});

      // ---- checks that need the finished tree ----
      this.node.addValidation({ validate: () => this.validateFinishedTree() });
      registerSettingsLock(
        this,
        this.userPool,
        resolveLock(
          this,
          props.immutableSettingsLock ?? props.lock,
          props.immutableSettingsLock === undefined && props.lock !== undefined
            ? 'lock'
            : 'immutableSettingsLock',
        ),
        (client) => this.clientKey(client),
      );
    } catch (e) {
      // Name this construct in the message, so that two pools of one app are told apart.
      if (e instanceof CognitoAuthError) throw e.locate(this);
      throw e;
    }
  }

  /** The `clients` map, its quota, the managed login version and the default client. */
  private validateClients(props: CognitoAuthProps, clients: Record<string, AppClient>): void {
    if (clients === null || typeof clients !== 'object' || Array.isArray(clients)) {
      throw new CognitoAuthError(
        'clients',
        `${show(clients)} is not allowed; give { name: AppClient.web(...), ... }`,
      );
    }
    checkQuota('clients', Object.keys(clients).length, COGNITO_QUOTAS.appClients);
    if (props.managedLoginVersion !== undefined && !isToken(props.managedLoginVersion)) {
      checkOneOf(
        'managedLoginVersion',
        props.managedLoginVersion,
        Object.values(cognito.ManagedLoginVersion),
        'ManagedLoginVersion.CLASSIC_HOSTED_UI or NEWER_MANAGED_LOGIN',
      );
      if (props.managedLoginVersion === cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN) {
        const problem = planProblem(planName(this.settings.featurePlan), PLAN_GATES.newerManagedLogin);
        if (problem) throw new CognitoAuthError('managedLoginVersion', problem);
      }
    }
    const clientNames = Object.keys(clients);
    if (props.defaultClient !== undefined && !(props.defaultClient in clients)) {
      throw new CognitoAuthError(
        'defaultClient',
        `${show(props.defaultClient)} is not one of the clients; declared: ${clientNames.join(', ') || 'none'}`,
      );
    }
  }

  /** The user pool: the resolved settings, the SMS role when SMS is used, the schema, warnings and tags. */
  private createUserPool(props: CognitoAuthProps): cognito.UserPool {
    const smsRole = this.settings.smsUsed && !props.sms?.role ? new SmsRole(this, 'SmsRole') : undefined;
    const userPool = new cognito.UserPool(this, 'UserPool', {
      ...this.settings.userPoolProps,
      ...(smsRole ? { smsRole: smsRole.role, smsRoleExternalId: smsRole.externalId } : {}),
      customSenderKmsKey: props.triggers?.customSenderKmsKey,
    });
    const cfnUserPool = userPool.node.defaultChild as cognito.CfnUserPool;
    // Only what differs from Cognito's defaults, each entry typed, in a stable order: see buildSchema.
    const schema = buildSchema(props.standardAttributes ?? {}, props.customAttributes ?? {});
    cfnUserPool.schema = schema.length > 0 ? schema : undefined;
    applySignIn(cfnUserPool, this.settings.firstFactors);
    for (const [name, attribute] of Object.entries(props.customAttributes ?? {})) {
      if (!attribute.clientRead) {
        Validations.of(cfnUserPool).acknowledge({
          id: `CognitoChecks-UnreadableCustomAttribute[${customAttributeName(name)}]`,
          reason: `customAttributes.${name} is declared clientRead: false: only administrators and triggers read it`,
        });
      }
    }
    for (const warning of this.settings.warnings)
      Annotations.of(this).addWarningV2(warning.id, warning.message);
    cfnUserPool.tags.setTag(STAGE_TAG, this.stage);
    Tags.of(this).add(STAGE_TAG, this.stage);
    for (const [key, value] of Object.entries(props.tags ?? {})) Tags.of(this).add(key, value);
    return userPool;
  }

  /** The identity pool, its guest-access reason, and the policies of signed-in users and guests. */
  private createIdentityPool(options: IdentityPoolOptions): {
    readonly identityPool: AuthIdentityPool;
    readonly authenticatedPolicy?: iam.ManagedPolicy;
  } {
    const { enabled: _enabled, guestAccessReason: _reason, ...poolProps } = options;
    const identityPool = new AuthIdentityPool(this, 'IdentityPool', poolProps);
    identityPool._resolveGroupRoles((name) => this.groupHandles[name]?.role);
    if (options.allowGuestAccess) {
      const reason = options.guestAccessReason!;
      identityPool.cfnIdentityPool.addMetadata(GUEST_ACCESS_REASON_METADATA, reason);
      Validations.of(identityPool.cfnIdentityPool).acknowledge({ id: 'AwsSolutions-COG7', reason });
    }
    const statements = options.authenticatedPolicyStatements ?? [];
    let authenticatedPolicy: iam.ManagedPolicy | undefined;
    if (statements.length > 0) {
      authenticatedPolicy = new iam.ManagedPolicy(this, 'AuthenticatedPolicy', {
        description: 'Permissions of every signed-in user',
        statements,
      });
      identityPool.authenticatedRole.addManagedPolicy(authenticatedPolicy);
    }
    const guestStatements = options.guestPolicyStatements ?? [];
    if (identityPool.unauthenticatedRole && guestStatements.length > 0) {
      // A customer-managed policy rather than an inline one: HIPAA, NIST 800-53 and PCI DSS refuse inline policies.
      new iam.ManagedPolicy(this, 'GuestPolicy', {
        description: 'Permissions of guests of the identity pool',
        statements: guestStatements,
        roles: [identityPool.unauthenticatedRole],
      });
    }
    return { identityPool, authenticatedPolicy };
  }

  /**
   * The client configuration (Amplify outputs shape) as a JSON string, with CloudFormation tokens for the
   * ids: the value of the `ClientConfiguration` stack output. It reflects every client and group added
   * before synth.
   */
  public get clientConfigurationJson(): string {
    return Lazy.string({ produce: () => Stack.of(this).toJsonString(this.clientConfiguration) });
  }

  /**
   * The client configuration (Amplify outputs shape), typed, with CloudFormation tokens for the ids. It
   * reflects every client and group added so far. TypeScript only: the type is in
   * `cdk-cognito-auth/client-config`; other languages read `clientConfigurationJson`.
   *
   * @jsii ignore
   */
  public get clientConfiguration(): ClientConfiguration {
    return buildClientConfiguration(this, {
      userPool: this.userPool,
      settings: this.settings,
      stage: this.stage,
      clients: this.clients,
      clientDefinitions: this.clientDefinitions,
      clientOptions: this.clientOptions,
      groupDefinitions: this.groupDefinitions,
      groupRoles: this.allGroupRoles(),
      defaultClient: this.defaultClientName(),
      domain: this.domain,
      domainProps: this.props.domain,
      customAttributes: this.props.customAttributes ?? {},
      resourceServers: this.props.resourceServers ?? [],
      identityPool: this.identityPool,
      identityProviders: this.providerDefinitions,
      userImportRole: this.userImportRole,
      logDelivery: this.logDeliveryOutputs,
      clientTerms: this.termsByClient,
      supportedProviders: Object.fromEntries(
        Object.keys(this.clientDefinitions).map((name) => [name, this.supportedProviders(name)]),
      ),
    });
  }

  /**
   * Adds an app client. It signs in to the identity pool with token-based role mapping (unless it is a
   * machine client) and appears in the client configuration.
   */
  public addClient(name: string, client: AppClient): cognito.UserPoolClient {
    return locateErrors(this, () => this.addClientHere(name, client));
  }

  private addClientHere(name: string, client: AppClient): cognito.UserPoolClient {
    if (typeof name !== 'string') {
      throw new CognitoAuthError(
        'clients',
        `key ${show(name)} is not a client name; use 1 to 64 letters, digits, "-" or "_"`,
      );
    }
    if (name in this.clientDefinitions) {
      throw new CognitoAuthError(`clients.${name}`, 'is declared twice; client names must be unique');
    }
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) {
      throw new CognitoAuthError(
        `clients.${name}`,
        `name ${show(name)} is not allowed; use 1 to 64 letters, digits, "-" or "_"`,
      );
    }
    checkQuota('clients', Object.keys(this.clientDefinitions).length + 1, COGNITO_QUOTAS.appClients);
    this.resolveClientManagedLogin(name, client);
    const region = Stack.of(this).region;
    const analytics = resolvePinpointAnalytics(
      `clients.${name}`,
      client.options,
      Token.isUnresolved(region) ? undefined : region,
    );
    const options = buildClientOptions(`clients.${name}`, client, {
      customAttributes: this.props.customAttributes ?? {},
      standardAttributes: this.props.standardAttributes ?? {},
      resourceServers: this.resourceServers,
      resourceServerDefinitions: this.props.resourceServers ?? [],
      hasDomain: this.props.domain !== undefined,
      profile: this.profile,
      defaultName: `${this.node.id}-${name}`.replace(/[^\w\s+=,.@-]/g, '-').slice(0, 128),
      featurePlan: planName(this.settings.featurePlan),
      passwordless: this.settings.firstFactors.factors.length > 1,
      otpSignIn: this.settings.firstFactors.emailOtp || this.settings.firstFactors.smsOtp,
    });
    if (client.kind === AppClientKind.PASSWORD && this.profile === AuthProfile.PROD) {
      Annotations.of(this).addWarningV2(
        'cdk-cognito-auth:password-client',
        `clients.${name} allows USER_PASSWORD_AUTH in a prod stage; prefer AppClient.web (SRP) for applications`,
      );
    }
    const created = this.userPool.addClient(`Client-${name}`, options);
    this.clients[name] = created;
    this.addClientOutput(name, created);
    this.clientDefinitions[name] = client;
    this.clientOptions[name] = options;
    // Computed at synth, so that a provider added after the client is still offered by it.
    const cfnClient = created.node.defaultChild as cognito.CfnUserPoolClient;
    if (analytics) {
      cfnClient.analyticsConfiguration = analytics;
      Annotations.of(this).addWarningV2(
        'cdk-cognito-auth:pinpoint-end-of-support',
        `clients.${name}.pinpointAnalytics: Amazon Pinpoint reaches its end of support on ${PINPOINT_END_OF_SUPPORT}; plan to move the events elsewhere`,
      );
    }
    if (options.enablePropagateAdditionalUserContextData && !this.threatProtectionActive()) {
      Annotations.of(this).addWarningV2(
        'cdk-cognito-auth:propagate-without-threat-protection',
        `clients.${name}.propagateUserContextData is true but threat protection is off; Cognito uses user context data only for threat protection (Plus plan)`,
      );
    }
    this.createClientRisk(name, client, created);
    cfnClient.supportedIdentityProviders = Lazy.list({ produce: () => this.supportedProviders(name) });
    if (client.options.writeAttributes === undefined) {
      // Cognito writes the attributes a provider maps through the client the user signs in with, and fails
      // the sign-in when the client may not write one: the default write list grows with the mappings.
      // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolClientType.html#CognitoUserPools-Type-UserPoolClientType-WriteAttributes
      cfnClient.writeAttributes = Lazy.list({ produce: () => this.writeAttributesOf(name) });
    }
    for (const provider of Object.values(this.identityProviders)) created.node.addDependency(provider);
    if (this.identityPool && client.kind !== AppClientKind.MACHINE) {
      const registered = Object.entries(this.clientDefinitions).filter(
        ([, c]) => c.kind !== AppClientKind.MACHINE,
      ).length;
      checkQuota(`clients.${name}`, registered, COGNITO_QUOTAS.userPoolProvidersPerIdentityPool);
      checkQuota(`clients.${name}`, registered, COGNITO_QUOTAS.roleMappingsPerIdentityPool);
      this.identityPool.addUserPoolClient(this.userPool, created, name);
    }
    if (this.domain) this.brandClient(name, client, created);
    return created;
  }

  /** Adds a group, with its IAM role when the identity pool is enabled. */
  public addGroup(group: GroupDefinition): cognito.UserPoolGroup {
    return locateErrors(this, () => this.addGroupHere(group));
  }

  private addGroupHere(group: GroupDefinition): cognito.UserPoolGroup {
    const index = this.groupDefinitions.length;
    validateGroup(`groups[${index}]`, group, this.groupDefinitions);
    if (group.role && !this.identityPool) {
      throw new CognitoAuthError(
        `groups[${index}].role`,
        'is given but identityPool.enabled is false; group roles are assumed through the identity pool, so enable it or drop the role',
      );
    }
    const key = Token.isUnresolved(group.name) ? String(index) : group.name;
    const wantsRole = group.createRole ?? true;
    let role: iam.Role | undefined;
    if (wantsRole && this.identityPool && !group.role) {
      role = createGroupRole(this, key, group, {
        identityPool: this.identityPool,
        authenticatedPolicy: this.authenticatedPolicy,
      });
      this.groupRoles[group.name] = role;
      this.addGroupOutput(group.name, role);
    }
    const groupRole = group.role ?? role;
    if (group.role) {
      this.addGroupOutput(group.name, group.role);
      trustIdentityPool(
        this,
        `groups[${index}].role`,
        group.role,
        this.identityPool!.authenticatedPrincipal(),
        this.identityPool!.identityPoolId,
        'authenticated',
        this.identityPool!._sessionTags,
      );
    }
    const created = this.userPool.addGroup(`Group-${key}`, {
      groupName: group.name,
      description: group.description,
      precedence: group.precedence,
      role: groupRole,
    });
    this.groups[group.name] = created;
    this.groupHandles[group.name] = AuthGroup._create(
      this,
      `GroupPolicy-${key}`,
      iamDescription(`Permissions of the user-pool group ${group.name}`),
      created,
      group.name,
      group.precedence,
      groupRole,
    );
    this.groupDefinitions.push(group);
    return created;
  }

  /**
   * The group named `name`, with its role and grants: `table.grantReadData(auth.group('support'))`.
   * Throws `CognitoAuthError` when there is no such group, naming the declared groups.
   */
  public group(name: string): AuthGroup {
    const found = this.groupHandles[name];
    if (found) return found;
    const declared = Object.keys(this.groupHandles);
    throw new CognitoAuthError(
      `group(${show(name)})`,
      `is not a group of this construct; declared: ${declared.length > 0 ? declared.join(', ') : 'none (add groups with the groups prop or addGroup)'}`,
    );
  }

  /**
   * Adds a federated identity provider. Every OAuth client whose `identityProviders` is not given offers it,
   * whether the client was added before or after the provider.
   */
  public addIdentityProvider(provider: IdentityProvider): cognito.CfnUserPoolIdentityProvider {
    return locateErrors(this, () => this.addIdentityProviderHere(provider));
  }

  private addIdentityProviderHere(provider: IdentityProvider): cognito.CfnUserPoolIdentityProvider {
    const index = this.providerDefinitions.length;
    const prop = `identityProviders[${index}]`;
    if (!(provider instanceof IdentityProvider)) {
      throw new CognitoAuthError(
        prop,
        `${show(provider)} is not an identity provider; use IdentityProvider.google(...), oidc(...), saml(...) and the like`,
      );
    }
    checkQuota('identityProviders', index + 1, COGNITO_QUOTAS.identityProviders);
    if (!this.props.domain) {
      throw new CognitoAuthError(
        prop,
        `(${provider.providerType}) needs a domain: federated sign-in goes through the managed login pages; set domain: AuthDomain.cognitoPrefix(...) or AuthDomain.custom(...)`,
      );
    }
    if (!Token.isUnresolved(provider.name) && provider.name in this.identityProviders) {
      throw new CognitoAuthError(
        `${prop}.name`,
        `${show(provider.name)} is already used by another identity provider; provider names must be unique`,
      );
    }
    const created = createIdentityProvider(this, provider, {
      prop,
      userPool: this.userPool,
      standardAttributes: this.props.standardAttributes ?? {},
      customAttributes: this.props.customAttributes ?? {},
      takenIdentifiers: this.providerIdentifiers,
    });
    this.identityProviders[provider.name] = created;
    this.providerDefinitions.push(provider);
    for (const client of Object.values(this.clients)) client.node.addDependency(created);
    return created;
  }

  /** The providers a client offers: its own list, else Cognito and, for OAuth clients, every federated provider. */
  private supportedProviders(name: string): string[] {
    const definition = this.clientDefinitions[name];
    if (definition.options.identityProviders) {
      return definition.options.identityProviders.map((p) => p.name);
    }
    const options = this.clientOptions[name];
    const redirects = !options.disableOAuth && !!options.oAuth?.flows?.authorizationCodeGrant;
    const federated = redirects ? Object.keys(this.identityProviders).sort() : [];
    return [cognito.UserPoolClientIdentityProvider.COGNITO.name, ...federated];
  }

  /**
   * The write attributes of a client with the default list: that list, and every attribute a provider the
   * client offers maps (Cognito writes them at each federated sign-in through the client).
   */
  private writeAttributesOf(name: string): string[] {
    const offered = this.supportedProviders(name);
    const mapped = this.providerDefinitions
      .filter((p) => offered.includes(p.name))
      .flatMap((p) => Object.keys(p.attributeMapping));
    const defaults = this.clientOptions[name].writeAttributes?.attributes() ?? [];
    return [...new Set([...defaults, ...mapped])].sort();
  }

  /** Checks that need every client, group, provider and output: run once the tree is finished. */
  private validateFinishedTree(): string[] {
    locateErrors(this, () => {
      this.validateFederation();
      this.validatePreTokenGenerationNames();
      this.validateStackQuotas();
      if (this.identityPool) {
        checkFederationTargets('identityPool', {
          options: this.props.identityPool ?? {},
          mappings: this.identityPool._givenRoleMappings(),
          mappingKeys: this.identityPool._mappingKeys(),
          registeredClients: this.registeredClientNames(true),
          machineClients: this.registeredClientNames(false),
          groups: Object.fromEntries(Object.values(this.groupHandles).map((g) => [g.groupName, !!g.role])),
          writableAttributes: (name) => this.writeAttributesOf(name),
        });
      }
    });
    for (const warning of signInWarnings(
      this.settings.firstFactors,
      Object.fromEntries(
        Object.entries(this.clientOptions).map(([name, o]) => [name, o.authFlows?.user === true]),
      ),
      this.managedLoginVersion,
    )) {
      Annotations.of(this).addWarningV2(warning.id, warning.message);
    }
    return [];
  }

  /** Names of the clients that sign in to the identity pool (`true`) or of the machine clients (`false`). */
  private registeredClientNames(signsIn: boolean): string[] {
    return Object.entries(this.clientDefinitions)
      .filter(([, c]) => (c.kind !== AppClientKind.MACHINE) === signsIn)
      .map(([name]) => name);
  }

  /** The bundled pre token generation trigger names only attributes, groups and scopes the pool declares. */
  private validatePreTokenGenerationNames(): void {
    const options = this.props.triggers?.preTokenGeneration?._bundledOptions;
    if (!options) return;
    checkDeclaredNames(
      'triggers.preTokenGeneration',
      options,
      {
        attributes: [
          ...RESERVED_ATTRIBUTE_NAMES,
          ...Object.keys(this.props.customAttributes ?? {}).map(customAttributeName),
        ],
        groups: this.groupDefinitions.map((g) => g.name),
        scopes: [
          ...STANDARD_SCOPES,
          ...(this.props.resourceServers ?? []).flatMap((s) =>
            s.scopes.map((sc) => `${s.identifier}/${sc.name}`),
          ),
        ],
      },
      options.declaredElsewhere,
    );
  }

  /**
   * CloudFormation's template quotas, checked here so that the user gets the count and the way out at
   * synth rather than a failed deployment (aws-cdk-lib only warns about outputs, and throws its own error
   * for resources).
   */
  private validateStackQuotas(): void {
    const stack = Stack.of(this);
    const elements = stack.node.findAll().filter((c): c is CfnElement => CfnElement.isCfnElement(c));
    const resources = elements.filter((e) => CfnResource.isCfnResource(e)).length;
    const outputs = elements.filter((e) => e instanceof CfnOutput);
    checkQuota(`stack ${stack.stackName}`, resources, CLOUDFORMATION_QUOTAS.resources);
    checkQuota(`stack ${stack.stackName}`, outputs.length, CLOUDFORMATION_QUOTAS.outputs);
    const mine = new Set(this.outputs?.logicalIds ?? []);
    const own = new Set<unknown>(this.node.findAll());
    for (const other of outputs) {
      if (own.has(other)) continue;
      const id = stack.resolve(other.logicalId) as string;
      if (mine.has(id)) {
        throw new CognitoAuthError(
          'outputs.prefix',
          `gives the output id ${show(id)}, which ${other.node.path} also uses; set outputs.prefix (letters and digits) to tell them apart`,
        );
      }
    }
  }

  /** Checks, once every client and provider is known, that clients can use the providers they offer. */
  private validateFederation(): void {
    for (const [name, definition] of Object.entries(this.clientDefinitions)) {
      const offered = this.supportedProviders(name);
      (definition.options.identityProviders ?? []).forEach((provider, i) => {
        const providerName = provider.name;
        if (Token.isUnresolved(providerName) || providerName === 'COGNITO') return;
        if (!(providerName in this.identityProviders)) {
          throw new CognitoAuthError(
            `clients.${name}.identityProviders[${i}]`,
            `${show(providerName)} is not an identity provider of this pool; declared: ${['COGNITO', ...Object.keys(this.identityProviders)].join(', ')}`,
          );
        }
      });
      const explicit = definition.options.writeAttributes;
      const writable = new Set(
        explicit
          ? (this.clientOptions[name].writeAttributes?.attributes() ?? [])
          : this.writeAttributesOf(name),
      );
      const mappedHere = new Set(
        this.providerDefinitions
          .filter((p) => offered.includes(p.name))
          .flatMap((p) => Object.keys(p.attributeMapping)),
      );
      (explicit ?? []).forEach((attribute, i) => {
        if (VERIFICATION_ATTRIBUTES.includes(attribute) && !mappedHere.has(attribute)) {
          throw new CognitoAuthError(
            `clients.${name}.writeAttributes[${i}]`,
            `${show(attribute)} would let users mark their own address as verified; only administrators, Cognito and identity providers that map it may set it, so list it only when an identity provider this client offers maps ${attribute}`,
          );
        }
      });
      for (const provider of this.providerDefinitions) {
        if (!offered.includes(provider.name)) continue;
        for (const attribute of Object.keys(provider.attributeMapping)) {
          if (Token.isUnresolved(attribute) || writable.has(attribute)) continue;
          throw new CognitoAuthError(
            `clients.${name}.writeAttributes`,
            `lacks ${show(attribute)}, which the identity provider ${show(provider.name)} maps; Cognito writes mapped attributes through the client at every federated sign-in and fails it otherwise. Add it to writeAttributes, or leave ${provider.name} out of this client's identityProviders (for an attribute that carries authority, such as a tenant id, consider a pre token generation trigger instead)`,
          );
        }
      }
    }
  }

  /** The key of a client resource in the lock: its name in `clients`, else its path under this construct. */
  private clientKey(client: cognito.CfnUserPoolClient): string {
    const name = Object.keys(this.clients).find((n) => this.clients[n].node.defaultChild === client);
    return name ?? client.node.path.slice(this.node.path.length + 1);
  }

  private validateIdentityPool(
    options: IdentityPoolOptions,
    enabled: boolean,
    groups: GroupDefinition[],
  ): void {
    if (!enabled) {
      if (options.allowGuestAccess) {
        throw new CognitoAuthError(
          'identityPool.allowGuestAccess',
          'is true but identityPool.enabled is false; guest access needs the identity pool',
        );
      }
      const federation = (
        [
          'loginProviders',
          'openIdConnectProviders',
          'samlProviders',
          'developerProviderName',
          'roleMappings',
          'principalTags',
        ] as const
      ).find((key) => options[key] !== undefined);
      if (federation) {
        throw new CognitoAuthError(
          `identityPool.${federation}`,
          'is given but identityPool.enabled is false; enable the identity pool or drop it',
        );
      }
      groups.forEach((g, i) => {
        if ((g.policyStatements?.length ?? 0) > 0 || (g.managedPolicies?.length ?? 0) > 0) {
          throw new CognitoAuthError(
            `groups[${i}].policyStatements`,
            'are given but identityPool.enabled is false; group roles are assumed through the identity pool, so enable it or drop the policies',
          );
        }
      });
      return;
    }
    checkName('identityPool.identityPoolName', options.identityPoolName, IDENTITY_POOL_NAME);
    validateFederationOptions('identityPool', options);
    if (options.allowGuestAccess && !(options.guestAccessReason ?? '').trim()) {
      throw new CognitoAuthError(
        'identityPool.guestAccessReason',
        'is missing; guest access hands AWS credentials to anyone, so state why it is needed',
      );
    }
    if (!options.allowGuestAccess && options.guestRole) {
      throw new CognitoAuthError(
        'identityPool.guestRole',
        'is given but allowGuestAccess is false; turn guest access on or drop it',
      );
    }
    if (!options.allowGuestAccess && (options.guestPolicyStatements?.length ?? 0) > 0) {
      throw new CognitoAuthError(
        'identityPool.guestPolicyStatements',
        'are given but allowGuestAccess is false; turn guest access on or drop them',
      );
    }
  }

  private managedLoginVersion?: cognito.ManagedLoginVersion;
  /** The managed login version the domain will have, known before it is created. */
  private plannedLoginVersion?: cognito.ManagedLoginVersion;
  private defaultBranding: ResolvedBranding = DEFAULT_BRANDING;
  private defaultTerms?: ResolvedTerms;
  private readonly clientBranding: Record<string, ResolvedBranding> = {};
  private readonly clientTerms: Record<string, ResolvedTerms> = {};
  /** The terms each client ended up with, for the client configuration. */
  private readonly termsByClient: Record<string, ResolvedTerms> = {};

  /**
   * Branding styles and terms are pages of managed login (version 2), served on the pool's domain.
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/managed-login-brandingdesigner.html
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-managed-login.html
   */
  private checkManagedLoginPrerequisites(prop: string): void {
    if (!this.props.domain) {
      throw new CognitoAuthError(
        prop,
        'is set but there is no domain; managed login pages are served on the pool domain, so set domain: AuthDomain.cognitoPrefix(...) or AuthDomain.custom(...)',
      );
    }
    if (this.plannedLoginVersion === cognito.ManagedLoginVersion.CLASSIC_HOSTED_UI) {
      throw new CognitoAuthError(
        prop,
        'is set but the domain uses CLASSIC_HOSTED_UI; branding styles and terms are for managed login (managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN, Essentials or Plus plan)',
      );
    }
  }

  /** True for a client that signs users in through managed login: web, server or custom with callback URLs. */
  private static usesManagedLogin(client: AppClient): boolean {
    return (
      (client.kind === AppClientKind.WEB ||
        client.kind === AppClientKind.SERVER ||
        client.kind === AppClientKind.CUSTOM) &&
      (client.options.callbackUrls?.length ?? 0) > 0
    );
  }

  /** A client's own branding and terms, checked before it is created. */
  private resolveClientManagedLogin(name: string, client: AppClient): void {
    const o = client.options;
    for (const key of ['branding', 'terms'] as const) {
      if (o[key] === undefined) continue;
      const prop = `clients.${name}.${key}`;
      if (!CognitoAuth.usesManagedLogin(client)) {
        throw new CognitoAuthError(
          prop,
          `is set but the client does not use managed login (a ${client.kind} client${(o.callbackUrls?.length ?? 0) === 0 ? ' without callback URLs' : ''}); only web, server and custom clients with callback URLs do`,
        );
      }
      this.checkManagedLoginPrerequisites(prop);
    }
    if (o.branding !== undefined)
      this.clientBranding[name] = resolveBranding(`clients.${name}.branding`, o.branding);
    if (o.terms !== undefined) this.clientTerms[name] = resolveTerms(`clients.${name}.terms`, o.terms);
  }

  /**
   * Managed login needs a branding style per client that uses it (Cognito's look unless `branding` says
   * otherwise), and shows the terms documents of the client on its sign-up page.
   */
  private brandClient(name: string, client: AppClient, created: cognito.UserPoolClient): void {
    if (this.managedLoginVersion !== cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN) return;
    if (!CognitoAuth.usesManagedLogin(client)) return;
    this.brandingStyles[name] = brandClient(
      this,
      name,
      this.userPool,
      created,
      this.domain,
      this.clientBranding[name] ?? this.defaultBranding,
    );
    const terms = this.clientTerms[name] ?? this.defaultTerms;
    if (terms) {
      createTerms(this, name, this.userPool, created, terms, this.domain);
      this.termsByClient[name] = terms;
      if (!this.settings.selfSignUpEnabled) {
        Annotations.of(this).addWarningV2(
          'cdk-cognito-auth:terms-without-sign-up',
          `clients.${name} has terms documents but selfSignUpEnabled is false: managed login shows them on the sign-up page only`,
        );
      }
    }
  }

  private createOutputs(options: OutputsOptions): void {
    const prefix = outputPrefix(
      options.prefix,
      this,
      (c) => c instanceof CognitoAuth && c.outputs !== undefined,
    );
    const outputs = new StackOutputs(this, prefix, options.exportPrefix);
    this.outputs = outputs;
    const output = (name: string, value: string, description: string) =>
      outputs.add({ name, value, description });
    output('UserPoolId', this.userPool.userPoolId, 'Cognito user pool id');
    output('UserPoolArn', this.userPool.userPoolArn, 'Cognito user pool ARN');
    output('UserPoolProviderUrl', this.userPool.userPoolProviderUrl, 'Issuer URL of the pool tokens');
    // One output for every client and one for every group role, whenever they are added: outputs per item
    // would make CloudFormation's 200 outputs per stack the limit of a pool.
    outputs.addJson('ClientIds', 'App client ids by client name (JSON)', () =>
      Object.fromEntries(Object.entries(this.clients).map(([name, c]) => [name, c.userPoolClientId])),
    );
    if (this.identityPool) {
      outputs.addJson('GroupRoleArns', 'IAM role ARNs by group name (JSON)', () =>
        Object.fromEntries(Object.entries(this.allGroupRoles()).map(([name, role]) => [name, role.roleArn])),
      );
    }
    if (this.domain) {
      output('DomainBaseUrl', this.domain.baseUrl(), 'Base URL of the OAuth endpoints and managed login');
      const web = this.defaultClientName();
      const redirect = web ? this.clientDefinitions[web].options.callbackUrls?.[0] : undefined;
      if (web && redirect && !Token.isUnresolved(redirect)) {
        output(
          'SignInUrl',
          this.domain.signInUrl(this.clients[web], { redirectUri: redirect }),
          `Managed login sign-in page of client "${web}"`,
        );
      }
    }
    if (this.identityPool) {
      output('IdentityPoolId', this.identityPool.identityPoolId, 'Cognito identity pool id');
      output(
        'AuthenticatedRoleArn',
        this.identityPool.authenticatedRole.roleArn,
        'Role of signed-in identity-pool users',
      );
      if (this.identityPool.unauthenticatedRole) {
        output('UnauthenticatedRoleArn', this.identityPool.unauthenticatedRole.roleArn, 'Role of guests');
      }
    }
    if (this.userImportRole) {
      output('UserImportRoleArn', this.userImportRole.roleArn, 'Role of user import jobs (CloudWatch Logs)');
    }
    output(
      CLIENT_CONFIG_OUTPUT,
      this.clientConfigurationJson,
      'Client configuration (Amplify outputs format) as JSON',
    );
    if (options.perItem) {
      for (const [name, client] of Object.entries(this.clients)) this.addClientOutput(name, client);
      for (const [name, role] of Object.entries(this.allGroupRoles())) this.addGroupOutput(name, role);
    }
  }

  /** The per-item output of a client, when `outputs.perItem` is on. */
  private addClientOutput(name: string, client: cognito.UserPoolClient): void {
    if (!this.outputs || !this.props.outputs?.perItem) return;
    this.outputs.add({
      name: `Client${outputNamePart(name)}Id`,
      value: client.userPoolClientId,
      description: `App client "${name}"`,
    });
  }

  /** The role of every group that has one, created or the user's own, by group name. */
  private allGroupRoles(): Record<string, iam.IRole> {
    return Object.fromEntries(
      Object.values(this.groupHandles)
        .filter((g) => g.role !== undefined)
        .map((g) => [g.groupName, g.role!]),
    );
  }

  /** The per-item output of a group role, when `outputs.perItem` is on. */
  private addGroupOutput(name: string, role: iam.IRole): void {
    if (!this.outputs || !this.props.outputs?.perItem) return;
    this.outputs.add({
      name: `Group${outputNamePart(name)}RoleArn`,
      value: role.roleArn,
      description: `Role of group "${name}"`,
    });
  }

  /** The SES sender of the pool, for risk notifications. */
  private riskSender(): RiskSender {
    const cfnUserPool = this.userPool.node.defaultChild as cognito.CfnUserPool;
    const emailConfiguration = cfnUserPool.emailConfiguration as
      cognito.CfnUserPool.EmailConfigurationProperty | undefined;
    return { sourceArn: emailConfiguration?.sourceArn, replyTo: emailConfiguration?.replyToEmailAddress };
  }

  /**
   * A client's own risk configuration (`clients.<name>.threatProtection`), validated like the pool's, which
   * Cognito uses instead of the pool's for that client.
   * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetRiskConfiguration.html
   */
  private createClientRisk(name: string, client: AppClient, created: cognito.UserPoolClient): void {
    const given = (client.options as { threatProtection?: unknown }).threatProtection;
    if (given === undefined) return;
    const prop = `clients.${name}.threatProtection`;
    // Threat protection assesses the sign-ins of users (standard and custom authentication); a machine
    // client's client-credentials grant has no user.
    // https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-settings-advanced-security-threat-protection.html
    if (client.kind === AppClientKind.MACHINE) {
      throw new CognitoAuthError(
        prop,
        "is given to a machine client; threat protection assesses users' sign-ins, and the client credentials grant has no user: drop it",
      );
    }
    if (given === null || typeof given !== 'object' || Array.isArray(given)) {
      throw new CognitoAuthError(
        prop,
        `${show(given)} is not allowed; give { compromisedCredentials, adaptiveAuthentication, alwaysAllowIpRanges, alwaysBlockIpRanges }`,
      );
    }
    const warnings: Array<{ id: string; message: string }> = [];
    const risk = resolveRisk(
      client.options.threatProtection!,
      {
        prod: this.profile === AuthProfile.PROD,
        plan: planName(this.settings.featurePlan),
        standardMode: this.settings.userPoolProps.standardThreatProtectionMode,
        email: this.settings.email,
        mfaMode: this.settings.mfa.mode,
        warnings,
      },
      { prop, pool: this.settings.risk },
    );
    for (const warning of warnings) Annotations.of(this).addWarningV2(warning.id, warning.message);
    if (!risk) return;
    createRiskConfiguration(this, this.userPool, risk, this.riskSender(), {
      name,
      clientId: created.userPoolClientId,
    });
  }

  /** True when threat protection runs (audit or full function). */
  private threatProtectionActive(): boolean {
    return [
      cognito.StandardThreatProtectionMode.AUDIT_ONLY,
      cognito.StandardThreatProtectionMode.FULL_FUNCTION,
    ].includes(this.settings.userPoolProps.standardThreatProtectionMode!);
  }

  /** Rules that depend on the stack's Region: the SES Region of e-mail. */
  private validateRegionRules(): void {
    const email = this.settings.email;
    if (!email.isSes) return;
    const region = Stack.of(this).region;
    const sesRegion = email.sesRegion;
    if (Token.isUnresolved(region)) {
      if (sesRegion === undefined) {
        throw new CognitoAuthError(
          'email.sesRegion',
          'is not set and the stack has no Region (env); give the stack an env with a region, or AuthEmail.ses({ sesRegion }) with the Region of the SES identity',
        );
      }
      return;
    }
    if (sesRegion === undefined || Token.isUnresolved(sesRegion)) return;
    const problem = sesRegionProblem(region, sesRegion);
    if (problem) throw new CognitoAuthError('email.sesRegion', `${show(sesRegion)} ${problem}`);
  }

  /** Tag keys and values as Cognito and CloudFormation take them; at most 50 tags on the pool. */
  private validateTags(tags: Record<string, string>): void {
    if (tags === null || typeof tags !== 'object' || Array.isArray(tags)) {
      throw new CognitoAuthError('tags', `${show(tags)} is not allowed; give { key: 'value', ... }`);
    }
    const count = Object.keys(tags).length + 1; // and the stage tag
    if (count > MAX_TAGS_PER_USER_POOL) {
      throw new CognitoAuthError(
        'tags',
        `gives the pool ${count} tags with the stage tag; a user pool takes at most ${MAX_TAGS_PER_USER_POOL}`,
      );
    }
    for (const [key, value] of Object.entries(tags)) {
      checkName(`tags.${key}`, key, TAG_KEY);
      checkName(`tags.${key}`, value, TAG_VALUE);
    }
  }

  private defaultClientName(): string | undefined {
    const names = Object.keys(this.clientDefinitions);
    if (this.props.defaultClient) return this.props.defaultClient;
    if (names.includes('web')) return 'web';
    return names.find((n) => this.clientDefinitions[n].kind !== AppClientKind.MACHINE) ?? names[0];
  }
}
