import { Fn, Stack, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import {
  AuthOutputs,
  CLIENT_CONFIG_VERSION,
  ClientConfiguration,
  ClientOutputs,
  CognitoAuthOutputs,
} from '../client-config';
import { AppClient } from '../clients/app-client';
import { clientOutputs } from '../clients/build';
import { ResourceServerDefinition } from '../resource-servers/resource-server';
import { AuthDomain } from '../domain/auth-domain';
import { domainHost } from '../domain/create';
import type { IdentityProvider } from '../federation/identity-provider';
import { GroupDefinition } from '../groups/group';
import type { AuthIdentityPool } from '../identity-pool/auth-identity-pool';
import { standardAttributeName } from '../private/attributes';
import { customAttributeName } from '../shared/attributes';
import { CustomAttribute } from '../user-pool/attributes';
import { ResolvedUserPoolSettings } from '../user-pool/settings';
import { passwordlessOutputs, signInFactorOutputs } from './sign-in-outputs';

/** `custom.cognito_auth.log_delivery`, for operators (`aws logs tail`) and tools. */
function logDeliveryOutputs(
  delivery: NonNullable<ClientConfigurationInputs['logDelivery']>,
): Pick<CognitoAuthOutputs, 'log_delivery'> {
  const out = (key: string) => {
    const d = delivery[key];
    return d
      ? { type: d.type, arn: d.arn, ...(d.logGroupName ? { log_group_name: d.logGroupName } : {}) }
      : undefined;
  };
  const messages = out('userNotification');
  const activity = out('userAuthEvents');
  if (!messages && !activity) return {};
  return {
    log_delivery: {
      ...(messages ? { message_delivery_errors: messages } : {}),
      ...(activity ? { user_activity: activity } : {}),
    },
  };
}

/** Everything the client configuration is made from. */
export interface ClientConfigurationInputs {
  /** The terms documents of each client that has them, by CloudFormation link key (`cognito:default`). */
  readonly clientTerms?: Record<string, Record<'termsOfUse' | 'privacyPolicy', Record<string, string>>>;
  readonly userPool: cognito.UserPool;
  readonly settings: ResolvedUserPoolSettings;
  readonly stage: string;
  readonly clients: Record<string, cognito.UserPoolClient>;
  readonly clientDefinitions: Record<string, AppClient>;
  readonly clientOptions: Record<string, cognito.UserPoolClientOptions>;
  readonly groupDefinitions: GroupDefinition[];
  readonly groupRoles: Record<string, iam.IRole>;
  readonly defaultClient?: string;
  readonly domain?: cognito.UserPoolDomain;
  readonly domainProps?: AuthDomain;
  readonly customAttributes: Record<string, CustomAttribute>;
  readonly resourceServers: ResourceServerDefinition[];
  readonly identityPool?: AuthIdentityPool;
  /** The federated identity providers of the pool. */
  readonly identityProviders: IdentityProvider[];
  /** The role of user import jobs. */
  readonly userImportRole?: iam.Role;
  /** Where the pool's logs go, by event source. */
  readonly logDelivery?: Partial<
    Record<string, { readonly type: string; readonly arn: string; readonly logGroupName?: string }>
  >;
  /** The provider names (`COGNITO`, `Google`, ...) each client offers, by client name. */
  readonly supportedProviders: Record<string, string[]>;
}

const MFA_CONFIGURATION: Record<string, 'NONE' | 'OPTIONAL' | 'REQUIRED'> = {
  [cognito.Mfa.OFF]: 'NONE',
  [cognito.Mfa.OPTIONAL]: 'OPTIONAL',
  [cognito.Mfa.REQUIRED]: 'REQUIRED',
};

/**
 * Builds the client configuration: Amplify outputs (schema 1.x) `auth` section plus
 * `custom.cognito_auth`. Values that CloudFormation decides (ids, ARNs) are tokens.
 */
export function buildClientConfiguration(
  scope: Construct,
  inputs: ClientConfigurationInputs,
): ClientConfiguration {
  const stack = Stack.of(scope);
  const s = inputs.settings;
  const aliases = s.signInAliases;

  const clients: Record<string, ClientOutputs> = {};
  for (const [name, client] of Object.entries(inputs.clients)) {
    const definition = inputs.clientDefinitions[name];
    const options = inputs.clientOptions[name];
    const out = clientOutputs(options);
    clients[name] = {
      client_id: client.userPoolClientId,
      kind: definition.kind,
      auth_flows: out.authFlows,
      oauth_flows: out.oauthFlows,
      scopes: out.scopes,
      has_secret: options.generateSecret ?? false,
      identity_providers: inputs.supportedProviders[name] ?? ['COGNITO'],
      ...(definition.options.callbackUrls ? { callback_urls: definition.options.callbackUrls } : {}),
      ...(definition.options.logoutUrls ? { logout_urls: definition.options.logoutUrls } : {}),
      ...(options.refreshTokenRotationGracePeriod
        ? {
            refresh_token_rotation: {
              grace_period_seconds: options.refreshTokenRotationGracePeriod.toSeconds(),
            },
          }
        : {}),
      ...(options.enablePropagateAdditionalUserContextData ? { propagate_user_context_data: true } : {}),
      ...(inputs.clientTerms?.[name] ? { terms: termsOutputs(inputs.clientTerms[name]) } : {}),
    };
  }
  const defaultName = inputs.defaultClient;
  const defaultClient = defaultName ? clients[defaultName] : undefined;
  const defaultDefinition = defaultName ? inputs.clientDefinitions[defaultName] : undefined;

  const host = inputs.domain && inputs.domainProps ? domainHost(stack, inputs.domainProps) : undefined;
  const usesCodeFlow = !!defaultClient && defaultClient.oauth_flows.includes('code');

  const usernameAttributes = aliases.username
    ? ['username']
    : [aliases.email && 'email', aliases.phone && 'phone_number'].filter(
        (x): x is string => typeof x === 'string',
      );
  const required = Object.entries(s.userPoolProps.standardAttributes ?? {})
    .filter(([, a]) => a?.required)
    .map(([key]) => standardAttributeName(key));

  const mfaMethods = [s.mfa.factors.sms && 'SMS', s.mfa.factors.totp && 'TOTP'].filter(
    (x): x is string => typeof x === 'string',
  );

  const auth: AuthOutputs = {
    aws_region: stack.region,
    user_pool_id: inputs.userPool.userPoolId,
    user_pool_client_id: defaultClient?.client_id ?? '',
    ...(inputs.identityPool ? { identity_pool_id: inputs.identityPool.identityPoolId } : {}),
    authentication_flow_type: 'USER_SRP_AUTH',
    password_policy: {
      min_length: s.passwordPolicy.minLength,
      require_numbers: s.passwordPolicy.requireDigits,
      require_lowercase: s.passwordPolicy.requireLowercase,
      require_uppercase: s.passwordPolicy.requireUppercase,
      require_symbols: s.passwordPolicy.requireSymbols,
    },
    ...(host && usesCodeFlow && defaultDefinition
      ? {
          oauth: {
            identity_providers: (defaultName ? (inputs.supportedProviders[defaultName] ?? []) : [])
              .map((n) => inputs.identityProviders.find((p) => p.name === n)?.amplifyName)
              .filter((n): n is string => n !== undefined),
            domain: host,
            scopes: defaultClient!.scopes,
            redirect_sign_in_uri: defaultDefinition.options.callbackUrls ?? [],
            redirect_sign_out_uri: defaultDefinition.options.logoutUrls ?? [],
            response_type: 'code' as const,
          },
        }
      : {}),
    standard_required_attributes: required,
    username_attributes: usernameAttributes,
    user_verification_types: [s.autoVerify.email && 'email', s.autoVerify.phone && 'phone_number'].filter(
      (x): x is string => typeof x === 'string',
    ),
    unauthenticated_identities_enabled: !!inputs.identityPool?.unauthenticatedRole,
    mfa_configuration: MFA_CONFIGURATION[s.mfa.mode],
    mfa_methods: s.mfa.mode === cognito.Mfa.OFF ? [] : mfaMethods,
    groups: inputs.groupDefinitions.map((g) => ({
      [g.name]: g.precedence !== undefined ? { precedence: g.precedence } : {},
    })),
    ...passwordlessOutputs(s.firstFactors, !!defaultClient?.auth_flows.includes('ALLOW_USER_AUTH')),
  };

  const custom: CognitoAuthOutputs = {
    stage: inputs.stage,
    user_pool_arn: inputs.userPool.userPoolArn,
    ...(defaultName ? { default_client: defaultName } : {}),
    clients,
    ...(inputs.domain && host
      ? {
          domain: {
            domain: host,
            base_url: inputs.domain.baseUrl(),
            custom: !!inputs.domainProps?.customDomain,
          },
        }
      : {}),
    resource_servers: inputs.resourceServers.map((r) => ({
      identifier: r.identifier,
      scopes: r.scopes.map((sc) => `${r.identifier}/${sc.name}`),
    })),
    groups: inputs.groupDefinitions.map((g) => ({
      name: g.name,
      ...(g.precedence !== undefined ? { precedence: g.precedence } : {}),
      ...(g.description ? { description: g.description } : {}),
      ...(inputs.groupRoles[g.name] ? { role_arn: inputs.groupRoles[g.name].roleArn } : {}),
    })),
    ...(inputs.identityPool
      ? {
          identity_pool: {
            id: inputs.identityPool.identityPoolId,
            authenticated_role_arn: inputs.identityPool.authenticatedRole.roleArn,
            ...(inputs.identityPool.unauthenticatedRole
              ? { unauthenticated_role_arn: inputs.identityPool.unauthenticatedRole.roleArn }
              : {}),
            ...inputs.identityPool._federationConfiguration(),
          },
        }
      : {}),
    custom_attributes: Object.keys(inputs.customAttributes).map(customAttributeName),
    ...(inputs.userImportRole ? { import_role_arn: inputs.userImportRole.roleArn } : {}),
    identity_providers: inputs.identityProviders.map((p) => ({ name: p.name, type: p.providerType })),
    mfa_methods:
      s.mfa.mode === cognito.Mfa.OFF ? [] : [...mfaMethods, ...(s.mfa.factors.email ? ['EMAIL'] : [])],
    sign_in_aliases: [
      aliases.email && 'email',
      aliases.phone && 'phone_number',
      aliases.preferredUsername && 'preferred_username',
    ].filter((x): x is string => typeof x === 'string'),
    case_sensitive: s.caseSensitive,
    self_sign_up_enabled: s.selfSignUpEnabled,
    ...signInFactorOutputs(s.firstFactors),
    ...logDeliveryOutputs(inputs.logDelivery ?? {}),
  };
  const analytics = defaultDefinition?.options.pinpointAnalytics;
  return {
    version: CLIENT_CONFIG_VERSION,
    auth,
    ...(analytics ? { analytics: { amazon_pinpoint: pinpointOutputs(analytics.applicationArn) } } : {}),
    custom: { cognito_auth: custom },
  };
}

/** Links by language (`default`, `french`), from CloudFormation's `cognito:<language>` keys. */
function termsOutputs(terms: Record<'termsOfUse' | 'privacyPolicy', Record<string, string>>): {
  terms_of_use: Record<string, string>;
  privacy_policy: Record<string, string>;
} {
  const strip = (links: Record<string, string>) =>
    Object.fromEntries(Object.entries(links).map(([k, v]) => [k.replace(/^cognito:/, ''), v]));
  return { terms_of_use: strip(terms.termsOfUse), privacy_policy: strip(terms.privacyPolicy) };
}

/**
 * Amplify's `analytics.amazon_pinpoint` from a project ARN `arn:aws:mobiletargeting:<region>:<account>:apps/<id>`
 * (split by CloudFormation when the ARN is a token).
 */
function pinpointOutputs(arn: string): { aws_region: string; app_id: string } {
  if (Token.isUnresolved(arn)) {
    return { aws_region: Fn.select(3, Fn.split(':', arn)), app_id: Fn.select(1, Fn.split('apps/', arn)) };
  }
  const parts = arn.split(':');
  return { aws_region: parts[3], app_id: arn.slice(arn.indexOf('apps/') + 5) };
}
