/**
 * Names and identifiers Amazon Cognito and CloudFormation constrain, each with its length, pattern and the
 * documentation it comes from. One rule per kind of name; the constructs check props against them with one
 * helper, the CLI checks flags against the same rules.
 */

/** A constrained name: its length bounds, the pattern every character must match, and what to tell the user. */
export interface NameRule {
  /** What the name is, for messages: `group name`. */
  readonly what: string;
  readonly minLength: number;
  readonly maxLength: number;
  /** The whole value must match (anchored). */
  readonly pattern: RegExp;
  /** What is allowed, in words, for messages. */
  readonly allowed: string;
}

/** A problem with `value` under `rule` (`has 300 characters; ...`), or undefined when it is allowed. */
export function nameProblem(value: string, rule: NameRule): string | undefined {
  const length = [...value].length;
  if (length < rule.minLength || length > rule.maxLength) {
    return `is not allowed; use ${rule.allowed} (a ${rule.what} has ${rule.minLength} to ${rule.maxLength} characters, this one ${length})`;
  }
  if (!rule.pattern.test(value)) return `is not allowed; use ${rule.allowed} (${rule.what})`;
  return undefined;
}

const WORDS = '[\\w\\s+=,.@-]';
const wordsRule = (what: string, maxLength: number): NameRule => ({
  what,
  minLength: 1,
  maxLength,
  pattern: new RegExp(`^${WORDS}+$`),
  allowed: `1 to ${maxLength} letters, digits, spaces or + = , . @ _ -`,
});

/**
 * User pool name (`PoolName`): 1 to 128 characters of `[\w\s+=,.@-]`.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPool.html#CognitoUserPools-CreateUserPool-request-PoolName
 */
export const USER_POOL_NAME = wordsRule('user pool name', 128);

/**
 * App client name (`ClientName`): 1 to 128 characters of `[\w\s+=,.@-]`.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-ClientName
 */
export const CLIENT_NAME = wordsRule('app client name', 128);

/**
 * Resource server display name (`Name`): 1 to 256 characters of `[\w\s+=,.@-]`. A URL identifier such as
 * `https://api.example.org/orders` is a valid identifier but not a valid name (`:` and `/`): see
 * `resourceServerNameFor`.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ResourceServerType.html
 */
export const RESOURCE_SERVER_NAME = wordsRule('resource server name', 256);

/**
 * Identity pool name: 1 to 128 characters of `[\w\s+=,.@-]`.
 * @see https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_CreateIdentityPool.html#CognitoIdentity-CreateIdentityPool-request-IdentityPoolName
 */
export const IDENTITY_POOL_NAME = wordsRule('identity pool name', 128);

/**
 * Resource server identifier: 1 to 256 printable ASCII characters other than `"` and `\`; an API name
 * (`orders-api`) or a URL (`https://api.example.org`).
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ResourceServerType.html
 */
export const RESOURCE_SERVER_IDENTIFIER: NameRule = {
  what: 'resource server identifier',
  minLength: 1,
  maxLength: 256,
  pattern: /^[\x21\x23-\x5B\x5D-\x7E]+$/,
  allowed:
    'printable characters without spaces, quotes or backslashes, e.g. orders-api or https://api.example.org',
};

/**
 * Scope name of a resource server: 1 to 256 printable ASCII characters other than `"`, `/` and `\`.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ResourceServerScopeType.html
 */
export const SCOPE_NAME: NameRule = {
  what: 'scope name',
  minLength: 1,
  maxLength: 256,
  pattern: /^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]+$/,
  allowed: 'printable characters without spaces, quotes, slashes or backslashes, e.g. orders.read',
};

/**
 * Scope description: 1 to 256 characters.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ResourceServerScopeType.html
 */
export const SCOPE_DESCRIPTION: NameRule = {
  what: 'scope description',
  minLength: 1,
  maxLength: 256,
  pattern: /^[\s\S]+$/,
  allowed: '1 to 256 characters',
};

/**
 * Group name: 1 to 128 letters, marks, symbols, digits or punctuation (no white space).
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateGroup.html#CognitoUserPools-CreateGroup-request-GroupName
 */
export const GROUP_NAME: NameRule = {
  what: 'group name',
  minLength: 1,
  maxLength: 128,
  pattern: /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u,
  allowed: '1 to 128 letters, digits, symbols or punctuation, no spaces or other white space',
};

/**
 * Group precedence: a non-negative integer up to 2^31-1; lower wins. Group description: up to 2,048 characters.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateGroup.html
 */
export const GROUP_LIMITS = { minPrecedence: 0, maxPrecedence: 2147483647, maxDescription: 2048 } as const;

/** A problem with a group precedence, or undefined when it is allowed. */
export function precedenceProblem(value: number): string | undefined {
  if (!Number.isInteger(value) || value < GROUP_LIMITS.minPrecedence || value > GROUP_LIMITS.maxPrecedence) {
    return `is not allowed; use an integer from ${GROUP_LIMITS.minPrecedence} to ${GROUP_LIMITS.maxPrecedence} (lower wins)`;
  }
  return undefined;
}

/**
 * Name of an OIDC or SAML identity provider: 1 to 32 characters, not starting or ending with white space
 * or `_` (API reference pattern `[^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}][^_\p{Z}]+`, so at least 3 characters).
 * The quotas page allows 40 characters; the API reference's 32 is stricter and wins.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateIdentityProvider.html#CognitoUserPools-CreateIdentityProvider-request-ProviderName
 */
export const PROVIDER_NAME: NameRule = {
  what: 'identity provider name',
  minLength: 3,
  maxLength: 32,
  pattern: /^[^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}][^_\p{Z}]+$/u,
  allowed: '3 to 32 letters, digits or punctuation, not starting or ending with a space or "_"',
};

/**
 * Provider names Cognito keeps for itself and the social providers; an OIDC or SAML provider cannot take one
 * (compared case-insensitively).
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateIdentityProvider.html
 */
export const RESERVED_PROVIDER_NAMES: readonly string[] = [
  'cognito',
  'google',
  'facebook',
  'signinwithapple',
  'loginwithamazon',
];

/**
 * An identifier (e.g. an e-mail domain) that routes users to a provider: 1 to 40 characters of
 * `[\w\s+=.@-]`; at most 50 per provider, and unique across the providers of a pool.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateIdentityProvider.html#CognitoUserPools-CreateIdentityProvider-request-IdpIdentifiers
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetIdentityProviderByIdentifier.html (an identifier names one provider)
 */
export const PROVIDER_IDENTIFIER: NameRule = {
  what: 'identity provider identifier',
  minLength: 1,
  maxLength: 40,
  pattern: /^[\w\s+=.@-]+$/,
  allowed: '1 to 40 letters, digits, spaces or + = . @ _ -',
};

/**
 * Prefix of a Cognito domain: lower-case letters, digits and hyphens, 1 to 63 characters, not starting or
 * ending with a hyphen, and without the reserved words `aws`, `amazon` or `cognito`.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolDomain.html#CognitoUserPools-CreateUserPoolDomain-request-Domain
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-assign-domain-prefix.html
 */
export const DOMAIN_PREFIX: NameRule = {
  what: 'domain prefix',
  minLength: 1,
  maxLength: 63,
  pattern: /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/,
  allowed: '1 to 63 lower-case letters, digits and hyphens, not starting or ending with a hyphen',
};

/** Words Cognito refuses inside a prefix domain. */
export const RESERVED_DOMAIN_WORDS: readonly string[] = ['aws', 'amazon', 'cognito'];

/**
 * A custom domain: a fully qualified lower-case host name of at most 253 characters (63 per label).
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolDomain.html#CognitoUserPools-CreateUserPoolDomain-request-Domain
 */
export const CUSTOM_DOMAIN: NameRule = {
  what: 'custom domain name',
  minLength: 4,
  maxLength: 253,
  pattern: /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
  allowed: 'a fully qualified lower-case domain name such as auth.example.org',
};

/**
 * Name of an Amazon SES configuration set: 1 to 64 ASCII letters, digits, `_` and `-`.
 * @see https://docs.aws.amazon.com/ses/latest/APIReference/API_ConfigurationSet.html
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_EmailConfigurationType.html#CognitoUserPools-Type-EmailConfigurationType-ConfigurationSet
 */
export const CONFIGURATION_SET_NAME: NameRule = {
  what: 'SES configuration set name',
  minLength: 1,
  maxLength: 64,
  pattern: /^[a-zA-Z0-9_-]+$/,
  allowed: '1 to 64 ASCII letters, digits, "_" or "-"',
};

/**
 * Tag key: 1 to 128 Unicode letters, digits, white space and `_ . : / = + - @`, not starting with the
 * reserved `aws:` prefix. Tag value: 0 to 256 of the same characters. A user pool takes at most 50 tags.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPool.html#CognitoUserPools-CreateUserPool-request-UserPoolTags
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_Tag.html ("Tags owned by AWS have the reserved prefix: aws:")
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_TagResource.html (at most 50 tags)
 */
export const TAG_KEY: NameRule = {
  what: 'tag key',
  minLength: 1,
  maxLength: 128,
  pattern: /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/iu,
  allowed: '1 to 128 letters, digits, spaces or _ . : / = + - @, not starting with "aws:"',
};

/** Tag value rule (see `TAG_KEY`). */
export const TAG_VALUE: NameRule = {
  what: 'tag value',
  minLength: 0,
  maxLength: 256,
  pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u,
  allowed: '0 to 256 letters, digits, spaces or _ . : / = + - @',
};

/** Tags per user pool. */
export const MAX_TAGS_PER_USER_POOL = 50;

/**
 * A valid resource server `Name` made from an identifier: characters outside `[\w\s+=,.@-]` become `-`
 * (`https://api.example.org/orders` gives `https---api.example.org-orders`), cut to 256 characters.
 */
export function resourceServerNameFor(identifier: string): string {
  const name = identifier.replace(/[^\w\s+=,.@-]/g, '-').slice(0, RESOURCE_SERVER_NAME.maxLength);
  return name.length > 0 ? name : 'resource-server';
}

/**
 * OAuth scopes every user pool knows. `aws.cognito.signin.user.admin` authorizes a user's own user-pool API
 * calls; the others are OpenID Connect scopes.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-define-resource-servers.html#cognito-user-pools-define-resource-servers-about-scopes
 */
export const STANDARD_SCOPES: readonly string[] = [
  'openid',
  'email',
  'phone',
  'profile',
  'aws.cognito.signin.user.admin',
];
