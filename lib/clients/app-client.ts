import { Duration } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { LoginBranding } from '../managed-login/branding';
import type { TermsDocuments } from '../managed-login/terms';
import type { ClientThreatProtectionOptions } from '../user-pool/threat-protection';

/** The preset an app client was made from. */
export enum AppClientKind {
  /** Browser or mobile app: no secret, SRP, authorization code grant with PKCE. */
  WEB = 'web',
  /** Server-side web app: confidential (secret), authorization code grant. */
  SERVER = 'server',
  /** Machine-to-machine: confidential, client credentials grant with resource-server scopes only. */
  MACHINE = 'machine',
  /** Public client that signs in with USER_PASSWORD_AUTH, for CLIs and scripted tests. No OAuth. */
  PASSWORD = 'password',
  /** Fully described by its options. */
  CUSTOM = 'custom',
}

/** Options shared by every app client, machine-to-machine ones included. */
export interface ClientSharedOptions {
  /** Name shown in the console. @default - `<construct id>-<client key>` */
  readonly userPoolClientName?: string;
  /** Redirect URL used when a request names none; must be one of `callbackUrls`. @default - none */
  readonly defaultRedirectUri?: string;
  /**
   * Identity providers this client offers, e.g. `[UserPoolClientIdentityProvider.custom('Workforce')]` for
   * federated sign-in only. Names are checked at synth against the pool's `identityProviders`.
   * @default - Cognito (the user pool itself) and, for a client with the authorization code grant, every
   * identity provider of the pool, whenever it was added
   */
  readonly identityProviders?: cognito.UserPoolClientIdentityProvider[];
  /** Sign-in API flows. @default - per preset */
  readonly authFlows?: cognito.AuthFlow;
  /** Lifetime of access tokens, 5 minutes to 1 day. @default Duration.hours(1) */
  readonly accessTokenValidity?: Duration;
  /** Lifetime of ID tokens, 5 minutes to 1 day. @default Duration.hours(1) */
  readonly idTokenValidity?: Duration;
  /** Lifetime of refresh tokens, 1 hour to 10 years, not shorter than the other tokens. @default Duration.days(30) */
  readonly refreshTokenValidity?: Duration;
  /** Lifetime of the session token of a sign-in in progress, 3 to 15 minutes. @default Duration.minutes(3) */
  readonly authSessionValidity?: Duration;
  /**
   * Attributes the client may read, by Cognito name (`email`, `custom:tenant_id`).
   * @default - every standard attribute and every custom attribute not declared `clientRead: false`
   */
  readonly readAttributes?: string[];
  /**
   * Attributes the client may write, by Cognito name.
   * @default - mutable standard attributes except the `*_verified` flags, and custom attributes declared `clientWrite: true`
   */
  readonly writeAttributes?: string[];
  /**
   * Answer sign-in and recovery of unknown users exactly like those of known ones, so that nobody can
   * probe which accounts exist.
   * @default true
   */
  readonly preventUserExistenceErrors?: boolean;
  /** Allow refresh tokens to be revoked (RevokeToken, sign-out). @default true */
  readonly enableTokenRevocation?: boolean;
  /** Generate a client secret. Create-only. @default - per preset: true for server and machine */
  readonly generateSecret?: boolean;
  /**
   * Rotate refresh tokens: every refresh returns a new refresh token, and the old one stops working after
   * this grace period (0 to 60 whole seconds). The client then offers no ALLOW_REFRESH_TOKEN_AUTH: apps
   * refresh with GetTokensFromRefreshToken (Amplify JS v6 does). Needs the Essentials or Plus plan.
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-refresh-token.html
   * @default - no rotation
   */
  readonly refreshTokenRotationGracePeriod?: Duration;
}

/** Options of a web, server, password or custom client. */
export interface AppClientOptions extends ClientSharedOptions {
  /**
   * OAuth redirect URLs after sign-in. https, loopback http or a reverse-DNS app scheme; no wildcards,
   * fragments or placeholders.
   * @default - none; without callback URLs a web client has no OAuth flow
   */
  readonly callbackUrls?: string[];
  /** OAuth redirect URLs after sign-out. Same rules as `callbackUrls`. @default - none */
  readonly logoutUrls?: string[];
  /**
   * OAuth scopes: `openid`, `email`, `phone`, `profile`, `aws.cognito.signin.user.admin`, or
   * `<resource server identifier>/<scope>`.
   * @default - web and server: openid, email, profile; machine: required
   */
  readonly scopes?: string[];
  /**
   * The look of managed login for this client, instead of the construct's `branding`. Needs a domain with
   * the newer managed login and callback URLs.
   * @default - the construct's `branding`
   */
  readonly branding?: LoginBranding;
  /**
   * Terms of use and privacy policy linked from this client's managed-login sign-up page, instead of the
   * construct's `terms`.
   * @default - the construct's `terms`
   */
  readonly terms?: TermsDocuments;
  /**
   * Let the app send its users' IP addresses and device data (`UserContextData`) to threat protection on
   * server-side sign-in. Only clients with a secret may; it has an effect with threat protection on.
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-viewing-threat-protection-app.html
   * @default false
   */
  readonly propagateUserContextData?: boolean;
  /**
   * A risk configuration of this client's own (compromised credentials, adaptive authentication, IP
   * ranges), written as `RiskConfiguration-<client>` with this client's id. Cognito then uses it instead of
   * the pool's for sign-ins through this client; what is left out is copied from the pool's
   * `threatProtection`. Needs the Plus plan, threat protection on, and `AuthEmail.ses` for notifications.
   * Not for machine clients: threat protection assesses users' sign-ins.
   * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetRiskConfiguration.html
   * @default - the pool's risk configuration
   */
  readonly threatProtection?: ClientThreatProtectionOptions;
  /**
   * Send sign-in and sign-up events to an Amazon Pinpoint project. Amazon Pinpoint reaches its end of
   * support on 30 October 2026.
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cognito-userpoolclient-analyticsconfiguration.html
   * @default - no analytics
   */
  readonly pinpointAnalytics?: PinpointAnalyticsOptions;
}

/** An Amazon Pinpoint project an app client sends analytics events to. */
export interface PinpointAnalyticsOptions {
  /**
   * ARN of the Pinpoint project, `arn:aws:mobiletargeting:<region>:<account>:apps/<id>`, in the stack's
   * Region, or in us-east-1 where Pinpoint is not offered.
   */
  readonly applicationArn: string;
  /** Include the users' attributes in the events. @default false */
  readonly shareUserData?: boolean;
}

/** Options of a machine-to-machine client. */
export interface MachineClientOptions extends ClientSharedOptions {
  /** Resource-server scopes the client may obtain, `<identifier>/<scope>`. At least one. */
  readonly scopes: string[];
}

/** Options of a client described entirely by its options. */
export interface CustomClientOptions extends AppClientOptions {
  /** OAuth flows; the implicit grant is refused. @default - none */
  readonly oAuthFlows?: cognito.OAuthFlows;
}

/**
 * An app client, from a preset. Every option of every preset can be overridden.
 *
 * ```ts
 * clients: {
 *   web: AppClient.web({ callbackUrls: ['https://app.example.org/callback'] }),
 *   jobs: AppClient.machine({ scopes: ['orders-api/read'] }),
 * }
 * ```
 */
export class AppClient {
  /**
   * A public client for a browser or mobile app: no secret, SRP sign-in and refresh, and, when callback
   * URLs are given, the authorization code grant (use PKCE, as Amplify does). Never the implicit grant.
   */
  public static web(options: AppClientOptions = {}): AppClient {
    return new AppClient(AppClientKind.WEB, { generateSecret: false, ...options });
  }

  /**
   * A confidential client for a server-side web app: a secret, SRP and refresh, the authorization code
   * grant. Callback URLs are required.
   */
  public static server(options: AppClientOptions = {}): AppClient {
    return new AppClient(AppClientKind.SERVER, { generateSecret: true, ...options });
  }

  /** A confidential machine-to-machine client: client credentials grant with resource-server scopes. */
  public static machine(options: MachineClientOptions): AppClient {
    return new AppClient(AppClientKind.MACHINE, { generateSecret: true, ...options });
  }

  /**
   * A public client that may sign in with USER_PASSWORD_AUTH (the password goes to Cognito over TLS
   * instead of SRP), for command-line tools and scripted tests. No OAuth. Prefer `web` for apps.
   */
  public static password(options: AppClientOptions = {}): AppClient {
    return new AppClient(AppClientKind.PASSWORD, { generateSecret: false, ...options });
  }

  /** A client described entirely by its options: no flow is on unless the options turn it on. */
  public static custom(options: CustomClientOptions): AppClient {
    return new AppClient(AppClientKind.CUSTOM, options);
  }

  private constructor(
    /** The preset. */
    public readonly kind: AppClientKind,
    /** The options as given, with the preset's secret setting. */
    public readonly options: CustomClientOptions,
  ) {}
}
