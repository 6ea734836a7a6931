import { SecretValue } from 'aws-cdk-lib';

/** The kind of a federated identity provider, as Cognito names its `ProviderType`. */
export enum IdentityProviderType {
  GOOGLE = 'Google',
  FACEBOOK = 'Facebook',
  APPLE = 'SignInWithApple',
  AMAZON = 'LoginWithAmazon',
  OIDC = 'OIDC',
  SAML = 'SAML',
}

/** Options every identity provider takes. */
export interface IdentityProviderOptions {
  /**
   * User-pool attributes filled from the provider at every sign-in: Cognito attribute name (`email`,
   * `given_name`, `custom:tenant_id`) → the provider's attribute (a claim, a Graph field, a SAML attribute
   * name). Every mapped attribute must be mutable (Cognito rewrites it at each sign-in), and every app client
   * that offers the provider must be allowed to write it.
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-specifying-attribute-mapping.html
   * @default - social and OIDC providers: `{ email: 'email' }`; SAML: none
   */
  readonly attributeMapping?: Record<string, string>;
}

/** Options of the OAuth social providers (Google, Facebook, Login with Amazon). */
export interface SocialProviderOptions extends IdentityProviderOptions {
  /** The client (app) id the provider issued. */
  readonly clientId: string;
  /**
   * The client secret, from AWS Secrets Manager: `SecretValue.secretsManager('name', { jsonField: 'clientSecret' })`.
   * The template holds a dynamic reference, never the secret. `SecretValue.unsafePlainText` is refused, and so
   * is `SecretValue.ssmSecure(...)`: CloudFormation cannot resolve SSM SecureString references on identity providers.
   */
  readonly clientSecret: SecretValue;
  /** OAuth scopes requested from the provider. @default - per provider: the scopes that give the e-mail address and profile */
  readonly scopes?: string[];
}

/** Options of Facebook. */
export interface FacebookProviderOptions extends SocialProviderOptions {
  /** Graph API version, e.g. `v19.0`. @default - Cognito's default version */
  readonly apiVersion?: string;
}

/** Options of Sign in with Apple. */
export interface AppleProviderOptions extends IdentityProviderOptions {
  /** The Services ID (client id) registered with Apple. */
  readonly servicesId: string;
  /** The Apple developer team id. */
  readonly teamId: string;
  /** The id of the private key. */
  readonly keyId: string;
  /** The private key (`.p8` content), from AWS Secrets Manager. `unsafePlainText` and `ssmSecure` are refused. */
  readonly privateKey: SecretValue;
  /** Scopes: `email`, `name`. @default ['email', 'name'] */
  readonly scopes?: string[];
}

/** How Cognito sends the request for user attributes to an OIDC provider. */
export enum OidcAttributeRequestMethod {
  GET = 'GET',
  POST = 'POST',
}

/** Endpoints of an OIDC provider that does not publish a discovery document. */
export interface OidcEndpoints {
  /** Authorization endpoint. */
  readonly authorization: string;
  /** Token endpoint. */
  readonly token: string;
  /** User info endpoint. */
  readonly userInfo: string;
  /** JSON web key set. */
  readonly jwksUri: string;
}

/** Options of an OpenID Connect provider. */
export interface OidcProviderOptions extends IdentityProviderOptions {
  /**
   * Provider name shown to users and used by apps (`signInWithRedirect({ provider: { custom: name } })`):
   * 3 to 32 characters, no spaces or underscores at the ends. Create-only.
   */
  readonly name: string;
  /** The client id the provider issued. */
  readonly clientId: string;
  /** The client secret, from AWS Secrets Manager. `unsafePlainText` and `ssmSecure` are refused. */
  readonly clientSecret: SecretValue;
  /** Issuer URL (https); Cognito reads `<issuer>/.well-known/openid-configuration` unless `endpoints` is given. */
  readonly issuerUrl: string;
  /** Scopes requested. @default ['openid', 'email', 'profile'] */
  readonly scopes?: string[];
  /** How user attributes are requested. @default OidcAttributeRequestMethod.GET */
  readonly attributeRequestMethod?: OidcAttributeRequestMethod;
  /** Endpoints, when the issuer publishes no discovery document. @default - discovered from the issuer */
  readonly endpoints?: OidcEndpoints;
  /** E-mail domains or other identifiers that route a user to this provider. @default - none */
  readonly identifiers?: string[];
}

/** Where Cognito reads the metadata of a SAML provider. */
export class SamlMetadata {
  /** The provider's metadata URL (https); Cognito refreshes it, so certificate rotation needs no deploy. */
  public static url(url: string): SamlMetadata {
    return new SamlMetadata('MetadataURL', url);
  }

  /** The metadata document itself (XML). */
  public static file(xml: string): SamlMetadata {
    return new SamlMetadata('MetadataFile', xml);
  }

  private constructor(
    /** `MetadataURL` or `MetadataFile`. */
    public readonly key: 'MetadataURL' | 'MetadataFile',
    /** The URL or the XML. */
    public readonly value: string,
  ) {}
}

/** Options of a SAML 2.0 provider. */
export interface SamlProviderOptions extends IdentityProviderOptions {
  /** Provider name: 3 to 32 characters, no spaces or underscores at the ends. Create-only. */
  readonly name: string;
  /** The provider's metadata. */
  readonly metadata: SamlMetadata;
  /** E-mail domains or other identifiers that route a user to this provider. @default - none */
  readonly identifiers?: string[];
  /** Sign users out of the provider too when they sign out of the pool. @default false */
  readonly signOut?: boolean;
  /** Accept sign-ins started at the provider (IdP-initiated). @default false */
  readonly idpInitiated?: boolean;
  /** Sign the authentication requests Cognito sends (rsa-sha256). @default true */
  readonly signRequests?: boolean;
  /** Ask the provider to encrypt its assertions. @default false */
  readonly encryptedResponses?: boolean;
}

/** What one provider declares, before it is attached to a pool. */
interface ProviderSpec {
  readonly type: IdentityProviderType;
  readonly name: string;
  readonly details: Record<string, string>;
  readonly secrets: Record<string, SecretValue>;
  readonly attributeMapping: Record<string, string>;
  readonly identifiers: string[];
}

/** Names Amplify's client configuration uses for the social providers. */
const AMPLIFY_NAMES: Readonly<Record<string, string>> = {
  [IdentityProviderType.GOOGLE]: 'GOOGLE',
  [IdentityProviderType.FACEBOOK]: 'FACEBOOK',
  [IdentityProviderType.APPLE]: 'SIGN_IN_WITH_APPLE',
  [IdentityProviderType.AMAZON]: 'LOGIN_WITH_AMAZON',
};

/**
 * A federated identity provider of the user pool: Google, Facebook, Sign in with Apple, Login with Amazon,
 * an OpenID Connect or a SAML 2.0 provider. Secrets are `SecretValue`s: the template carries a dynamic
 * reference to AWS Secrets Manager, never the secret itself (CloudFormation cannot resolve SSM SecureString
 * references on identity providers).
 *
 * ```ts
 * identityProviders: [
 *   IdentityProvider.google({
 *     clientId: '1234.apps.googleusercontent.com',
 *     clientSecret: SecretValue.secretsManager('auth/google', { jsonField: 'clientSecret' }),
 *     attributeMapping: { email: 'email', given_name: 'given_name' },
 *   }),
 *   IdentityProvider.saml({ name: 'Corp', metadata: SamlMetadata.url('https://idp.corp.example/metadata') }),
 * ]
 * ```
 */
export class IdentityProvider {
  /** Google. */
  public static google(options: SocialProviderOptions): IdentityProvider {
    return new IdentityProvider({
      type: IdentityProviderType.GOOGLE,
      name: IdentityProviderType.GOOGLE,
      details: {
        client_id: options.clientId,
        authorize_scopes: (options.scopes ?? ['openid', 'email', 'profile']).join(' '),
      },
      secrets: { client_secret: options.clientSecret },
      attributeMapping: options.attributeMapping ?? { email: 'email' },
      identifiers: [],
    });
  }

  /** Facebook. */
  public static facebook(options: FacebookProviderOptions): IdentityProvider {
    return new IdentityProvider({
      type: IdentityProviderType.FACEBOOK,
      name: IdentityProviderType.FACEBOOK,
      details: {
        client_id: options.clientId,
        authorize_scopes: (options.scopes ?? ['public_profile', 'email']).join(','),
        ...(options.apiVersion ? { api_version: options.apiVersion } : {}),
      },
      secrets: { client_secret: options.clientSecret },
      attributeMapping: options.attributeMapping ?? { email: 'email' },
      identifiers: [],
    });
  }

  /** Sign in with Apple. */
  public static apple(options: AppleProviderOptions): IdentityProvider {
    return new IdentityProvider({
      type: IdentityProviderType.APPLE,
      name: IdentityProviderType.APPLE,
      details: {
        client_id: options.servicesId,
        team_id: options.teamId,
        key_id: options.keyId,
        authorize_scopes: (options.scopes ?? ['email', 'name']).join(' '),
      },
      secrets: { private_key: options.privateKey },
      attributeMapping: options.attributeMapping ?? { email: 'email' },
      identifiers: [],
    });
  }

  /** Login with Amazon. */
  public static amazon(options: SocialProviderOptions): IdentityProvider {
    return new IdentityProvider({
      type: IdentityProviderType.AMAZON,
      name: IdentityProviderType.AMAZON,
      details: {
        client_id: options.clientId,
        authorize_scopes: (options.scopes ?? ['profile']).join(' '),
      },
      secrets: { client_secret: options.clientSecret },
      attributeMapping: options.attributeMapping ?? { email: 'email' },
      identifiers: [],
    });
  }

  /** An OpenID Connect provider (Okta, Entra ID, Auth0, Keycloak...). */
  public static oidc(options: OidcProviderOptions): IdentityProvider {
    return new IdentityProvider({
      type: IdentityProviderType.OIDC,
      name: options.name,
      details: {
        client_id: options.clientId,
        oidc_issuer: options.issuerUrl,
        authorize_scopes: (options.scopes ?? ['openid', 'email', 'profile']).join(' '),
        attributes_request_method: options.attributeRequestMethod ?? OidcAttributeRequestMethod.GET,
        ...(options.endpoints
          ? {
              authorize_url: options.endpoints.authorization,
              token_url: options.endpoints.token,
              attributes_url: options.endpoints.userInfo,
              jwks_uri: options.endpoints.jwksUri,
            }
          : {}),
      },
      secrets: { client_secret: options.clientSecret },
      attributeMapping: options.attributeMapping ?? { email: 'email' },
      identifiers: options.identifiers ?? [],
    });
  }

  /** A SAML 2.0 provider (AD FS, Entra ID, Okta...). */
  public static saml(options: SamlProviderOptions): IdentityProvider {
    return new IdentityProvider({
      type: IdentityProviderType.SAML,
      name: options.name,
      details: {
        [options.metadata.key]: options.metadata.value,
        IDPSignout: String(options.signOut ?? false),
        IDPInit: String(options.idpInitiated ?? false),
        EncryptedResponses: String(options.encryptedResponses ?? false),
        ...((options.signRequests ?? true) ? { RequestSigningAlgorithm: 'rsa-sha256' } : {}),
      },
      secrets: {},
      attributeMapping: options.attributeMapping ?? {},
      identifiers: options.identifiers ?? [],
    });
  }

  /** The provider type. */
  public readonly type: IdentityProviderType;
  /** The provider name in the pool (`Google`, `SignInWithApple`, or the given name of an OIDC or SAML provider). */
  public readonly name: string;
  /** Cognito attribute → provider attribute. */
  public readonly attributeMapping: Readonly<Record<string, string>>;
  /** Identifiers that route users to the provider. */
  public readonly identifiers: readonly string[];

  private readonly spec: ProviderSpec;

  private constructor(spec: ProviderSpec) {
    this.spec = spec;
    this.type = spec.type;
    this.name = spec.name;
    this.attributeMapping = spec.attributeMapping;
    this.identifiers = spec.identifiers;
  }

  /**
   * The name Amplify's client configuration (`auth.oauth.identity_providers`) uses: `GOOGLE`, `FACEBOOK`,
   * `SIGN_IN_WITH_APPLE`, `LOGIN_WITH_AMAZON`, or the provider name of an OIDC or SAML provider.
   */
  public get amplifyName(): string {
    return AMPLIFY_NAMES[this.type] ?? this.name;
  }

  /** Provider details that are not secret. @internal */
  public get _details(): Readonly<Record<string, string>> {
    return this.spec.details;
  }

  /** Provider details that are secret, by Cognito's key (`client_secret`, `private_key`). @internal */
  public get _secrets(): Readonly<Record<string, SecretValue>> {
    return this.spec.secrets;
  }
}
