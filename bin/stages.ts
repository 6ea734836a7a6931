/**
 * Stage configuration of the reference app, one entry per stage (`-c stage=dev|prod`).
 * Edit these values for your own deployment, or override single values with context:
 * `-c domainPrefix=...`, `-c callbackUrl=...`, `-c logoutUrl=...`, `-c sesFromEmail=...`, `-c region=...`.
 */
export interface StageConfig {
  /** The library profile. */
  readonly profile: 'dev' | 'prod';
  /**
   * AWS Region of the stage. It wins over the shell's Region (`AWS_REGION`, `AWS_DEFAULT_REGION`,
   * `CDK_DEFAULT_REGION`), and a shell set to another Region is an error, so that personal data never lands
   * in whichever Region the shell happens to use. `-c region=...` chooses another Region deliberately.
   */
  readonly region: string;
  /**
   * The immutable-settings lock file of the stage, relative to the app folder. A committed lock describes
   * pools that exist: commit it for stages that the team deploys from one place (prod); a stage each
   * developer deploys to an account of their own (dev) keeps its lock out of the repository (.gitignore).
   */
  readonly lock: { readonly file: string; readonly committed: boolean };
  /** Prefix of the Cognito domain (`<prefix>.auth.<region>.amazoncognito.com`), unique per region. */
  readonly domainPrefix: string;
  /** OAuth redirect after sign-in of the web client. */
  readonly callbackUrls: string[];
  /** OAuth redirect after sign-out of the web client. */
  readonly logoutUrls: string[];
  /** Verified SES sender; required in prod. */
  readonly sesFromEmail?: string;
  /** E-mail domains whose users are confirmed automatically at sign-up. */
  readonly autoConfirmDomains?: string[];
  /**
   * Also mark the e-mail address of those users verified, without a code. Only for domains whose
   * mailboxes you control: see `autoVerifyEmail` of the pre sign-up trigger.
   */
  readonly autoVerifyEmail?: boolean;
  /** E-mail domains allowed to sign up (empty: any domain not denied). */
  readonly allowedDomains?: string[];
  /** E-mail domains refused at sign-up, e.g. disposable-address providers. */
  readonly deniedDomains?: string[];
  /** Add a public client that allows USER_PASSWORD_AUTH, for scripted tests. */
  readonly passwordClient: boolean;
  /**
   * Name of the backend that signs users in to the identity pool as developer-authenticated identities.
   * It cannot be changed once deployed.
   */
  readonly developerProviderName?: string;
  /** Terms of use and privacy policy linked from the managed-login sign-up page, by language. */
  readonly terms?: {
    readonly termsOfUse: Record<string, string>;
    readonly privacyPolicy: Record<string, string>;
  };
  /**
   * A branding style for managed login: the branding editor's settings (JSON, relative to bin/) and a
   * form logo (SVG). Without one, managed login has Cognito's look.
   */
  readonly branding?: { readonly settingsFile: string; readonly formLogo?: string };
  /** Send user-activity logs (threat protection's sign-in events) to a KMS-encrypted S3 bucket. */
  readonly activityLogsBucket?: boolean;
  /** Add a server-side web client (`portal`) that sends users' context data to threat protection. */
  readonly portalCallbackUrls?: string[];
  /**
   * Federated sign-in. Secrets stay in Secrets Manager: create them before deploying
   * (`aws secretsmanager create-secret --name <name> --secret-string '{"clientSecret":"..."}'`).
   */
  readonly federation?: {
    /** Google: the OAuth client id, and the Secrets Manager secret holding `clientSecret`. */
    readonly google?: { readonly clientId: string; readonly clientSecretName: string };
    /** A SAML provider (the workforce directory): its name in the pool and its metadata URL. */
    readonly saml?: { readonly name: string; readonly metadataUrl: string };
  };
}

export const STAGES: Record<string, StageConfig> = {
  dev: {
    profile: 'dev',
    region: 'eu-west-1',
    lock: { file: 'cognito-auth.dev.lock.json', committed: false },
    domainPrefix: 'cca-reference-dev',
    callbackUrls: ['http://localhost:3000/callback'],
    logoutUrls: ['http://localhost:3000/'],
    autoConfirmDomains: ['dev.cca-reference.net'],
    // The project's own test domain: its mailboxes are ours, so scripted tests skip the e-mail code.
    autoVerifyEmail: true,
    deniedDomains: ['mailinator.com', 'blocked.cca-reference.net'],
    passwordClient: true,
    developerProviderName: 'login.cca-reference.dev',
    terms: {
      termsOfUse: {
        default: 'https://cca-reference.net/terms',
        french: 'https://cca-reference.net/fr/conditions',
      },
      privacyPolicy: { default: 'https://cca-reference.net/privacy' },
    },
    branding: { settingsFile: 'branding/dev.json', formLogo: 'branding/logo.svg' },
  },
  prod: {
    profile: 'prod',
    region: 'eu-west-1',
    lock: { file: 'cognito-auth.lock.json', committed: true },
    domainPrefix: 'cca-reference',
    callbackUrls: ['https://app.cca-reference.net/callback'],
    logoutUrls: ['https://app.cca-reference.net/'],
    sesFromEmail: 'no-reply@cca-reference.net',
    deniedDomains: ['mailinator.com', 'guerrillamail.com', 'yopmail.com'],
    passwordClient: false,
    terms: {
      termsOfUse: { default: 'https://cca-reference.net/terms' },
      privacyPolicy: { default: 'https://cca-reference.net/privacy' },
    },
    activityLogsBucket: true,
    portalCallbackUrls: ['https://portal.cca-reference.net/callback'],
    federation: {
      google: {
        clientId: '418190612345-cca8reference0prod.apps.googleusercontent.com',
        clientSecretName: 'cca-reference/prod/google',
      },
      saml: { name: 'Workforce', metadataUrl: 'https://login.cca-reference.net/saml/metadata.xml' },
    },
  },
};
