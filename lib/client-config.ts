/**
 * Shape of the client configuration file that `CognitoAuth` emits (stack output `ClientConfiguration`)
 * and that local mode writes to `.local/outputs.json`.
 *
 * The `version` and `auth` keys follow Amplify's `amplify_outputs.json` (schema 1.x), so that
 * `Amplify.configure(outputs)` and the Amplify UI Authenticator work against the pool unchanged.
 * Everything Amplify has no key for lives under `custom.cognito_auth`.
 *
 * This module is pure types and constants: the CLI and the constructs both import it, and it never
 * imports aws-cdk-lib.
 */

/** Schema version written to `version`. */
export const CLIENT_CONFIG_VERSION = '1.4';

/** Name of the CloudFormation output that carries the client configuration as JSON. */
export const CLIENT_CONFIG_OUTPUT = 'ClientConfiguration';

/** `auth` section, Amplify outputs schema 1.x. */
export interface AuthOutputs {
  readonly aws_region: string;
  readonly user_pool_id: string;
  /** The default (web) app client. */
  readonly user_pool_client_id: string;
  readonly identity_pool_id?: string;
  readonly authentication_flow_type?: 'USER_SRP_AUTH' | 'CUSTOM_AUTH';
  readonly password_policy?: {
    readonly min_length: number;
    readonly require_numbers: boolean;
    readonly require_lowercase: boolean;
    readonly require_uppercase: boolean;
    readonly require_symbols: boolean;
  };
  readonly oauth?: {
    readonly identity_providers: string[];
    readonly domain: string;
    readonly scopes: string[];
    readonly redirect_sign_in_uri: string[];
    readonly redirect_sign_out_uri: string[];
    readonly response_type: 'code';
  };
  /** Lower-case standard attribute names required at sign-up, e.g. `email`. */
  readonly standard_required_attributes?: string[];
  /** `email`, `phone_number` (username attributes); empty or absent for plain usernames. */
  readonly username_attributes?: string[];
  /** `email`, `phone_number`: what is verified on sign-up. */
  readonly user_verification_types?: string[];
  readonly unauthenticated_identities_enabled?: boolean;
  readonly mfa_configuration?: 'NONE' | 'OPTIONAL' | 'REQUIRED';
  /** `SMS`, `TOTP` (Amplify's names). Email MFA is listed in `custom.cognito_auth.mfa_methods`. */
  readonly mfa_methods?: string[];
  /** One entry per group: `[{ "admins": { "precedence": 0 } }]`. */
  readonly groups?: Array<Record<string, { precedence?: number }>>;
  /**
   * Choice-based sign-in of the default client (Amplify outputs schema 1.4): present when that client
   * offers USER_AUTH and the pool a first factor besides the password.
   */
  readonly passwordless?: {
    readonly email_otp_enabled?: boolean;
    readonly sms_otp_enabled?: boolean;
    readonly web_authn?: {
      readonly relying_party_id: string;
      readonly user_verification: 'required' | 'preferred';
    };
  };
}

/** One app client as listed under `custom.cognito_auth.clients`. */
export interface ClientOutputs {
  readonly client_id: string;
  /** The preset the client was made from: `web`, `server`, `machine`, `public` (scripted tests) or `custom`. */
  readonly kind: string;
  /** Cognito explicit auth flows, e.g. `ALLOW_USER_SRP_AUTH`, `ALLOW_REFRESH_TOKEN_AUTH`. */
  readonly auth_flows: string[];
  /** `code`, `client_credentials`. */
  readonly oauth_flows: string[];
  readonly scopes: string[];
  /** True for clients with a secret (server, machine); the secret itself is never written here. */
  readonly has_secret: boolean;
  /** Identity providers the client offers: `COGNITO` (the pool itself) and federated provider names. */
  readonly identity_providers?: string[];
  readonly callback_urls?: string[];
  readonly logout_urls?: string[];
  /**
   * Present when the client rotates refresh tokens: refresh with GetTokensFromRefreshToken (not
   * REFRESH_TOKEN_AUTH) and keep the new refresh token it returns.
   */
  readonly refresh_token_rotation?: { readonly grace_period_seconds: number };
  /** True when the client may send user context data (IP address, device) for threat protection. */
  readonly propagate_user_context_data?: boolean;
  /**
   * The terms documents managed login links from the client's sign-up page, by managed-login language
   * (`default`, `english`, ...), for apps that render a sign-up page of their own.
   */
  readonly terms?: {
    readonly terms_of_use: Record<string, string>;
    readonly privacy_policy: Record<string, string>;
  };
}

/** `custom.cognito_auth`: what the library knows that Amplify's schema has no key for. */
export interface CognitoAuthOutputs {
  readonly stage?: string;
  readonly user_pool_arn?: string;
  /** Cognito API endpoint to use instead of AWS's, set by local mode (e.g. `http://localhost:9229`). */
  readonly endpoint?: string;
  /** Name of the client that `auth.user_pool_client_id` points to. */
  readonly default_client?: string;
  readonly clients: Record<string, ClientOutputs>;
  readonly domain?: {
    /** Host name, e.g. `myapp-dev.auth.eu-west-1.amazoncognito.com`. */
    readonly domain: string;
    readonly base_url: string;
    readonly custom: boolean;
  };
  readonly resource_servers?: Array<{ readonly identifier: string; readonly scopes: string[] }>;
  readonly groups?: Array<{
    readonly name: string;
    readonly precedence?: number;
    readonly description?: string;
    readonly role_arn?: string;
  }>;
  readonly identity_pool?: {
    readonly id: string;
    readonly authenticated_role_arn: string;
    readonly unauthenticated_role_arn?: string;
    /** Public providers that sign in directly, by their key: `{ "accounts.google.com": "<client id>" }`. */
    readonly login_providers?: Record<string, string>;
    readonly openid_connect_provider_arns?: string[];
    readonly saml_provider_arns?: string[];
    /** The name a backend passes to `GetOpenIdTokenForDeveloperIdentity` (its `Logins` key). */
    readonly developer_provider_name?: string;
    /** Per provider (its Cognito name): tag name to claim name, or `"defaults"` for Cognito's default mapping. */
    readonly principal_tags?: Array<{
      readonly provider: string;
      readonly tags: Record<string, string> | 'defaults';
    }>;
    /** Every role mapping, the clients' token mappings included; written when `roleMappings` are given. */
    readonly role_mappings?: Array<{
      readonly provider: string;
      readonly type: 'Token' | 'Rules';
      readonly ambiguous: 'AuthenticatedRole' | 'Deny';
    }>;
  };
  /** Attribute names the pool knows beyond the standard ones, with their prefix: `custom:tenant_id`. */
  readonly custom_attributes?: string[];
  /** Role Cognito assumes to write the logs of user import jobs (`cognito-admin users import --job`). */
  readonly import_role_arn?: string;
  /**
   * Federated identity providers of the pool, with their exact Cognito names. Apps sign in with a social
   * provider through Amplify's name (`auth.oauth.identity_providers`), and with an OIDC or SAML provider
   * through `signInWithRedirect({ provider: { custom: name } })`.
   */
  readonly identity_providers?: Array<{ readonly name: string; readonly type: string }>;
  /** `SMS`, `TOTP`, `EMAIL`. */
  readonly mfa_methods?: string[];
  /** `email`, `phone_number`, `preferred_username` when they are sign-in aliases. */
  readonly sign_in_aliases?: string[];
  readonly case_sensitive?: boolean;
  readonly self_sign_up_enabled?: boolean;
  /** First factors of choice-based sign-in: `PASSWORD`, `EMAIL_OTP`, `SMS_OTP`, `WEB_AUTHN`. */
  readonly sign_in_factors?: string[];
  /** Where the pool's logs go: e-mail and SMS delivery errors, threat protection's user activity. */
  readonly log_delivery?: {
    readonly message_delivery_errors?: LogDeliveryOutput;
    readonly user_activity?: LogDeliveryOutput;
  };
  /** Passkeys, when `WEB_AUTHN` is a first factor. */
  readonly passkeys?: {
    readonly relying_party_id: string;
    readonly user_verification: 'required' | 'preferred';
    /** A user-verified passkey counts as MFA. */
    readonly satisfies_mfa: boolean;
  };
}

/** One log destination of `custom.cognito_auth.log_delivery`. */
export interface LogDeliveryOutput {
  /** `cloudwatch`, `s3` or `firehose`. */
  readonly type: string;
  readonly arn: string;
  /** For CloudWatch Logs: the log group, e.g. for `aws logs tail`. */
  readonly log_group_name?: string;
}

/** The whole client configuration file. */
export interface ClientConfiguration {
  readonly version: string;
  readonly auth: AuthOutputs;
  /** Amplify's analytics section: the default client's Amazon Pinpoint project, when it has one. */
  readonly analytics?: { readonly amazon_pinpoint: { readonly aws_region: string; readonly app_id: string } };
  readonly custom: { readonly cognito_auth: CognitoAuthOutputs; readonly [key: string]: unknown };
}
