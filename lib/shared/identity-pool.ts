/**
 * Identity-pool rules of Amazon Cognito and CloudFormation: login-provider keys, the developer provider
 * name, role-mapping limits and principal-tag limits, each with the page it comes from.
 */
import type { NameRule } from './names';

/**
 * Keys of `SupportedLoginProviders` for the public providers an identity pool trusts directly.
 * Twitter (`api.twitter.com`) is left out on purpose: its value holds the consumer secret, which would
 * then sit in the template.
 * @see https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_CreateIdentityPool.html#CognitoIdentity-CreateIdentityPool-request-SupportedLoginProviders
 */
export const LOGIN_PROVIDER_KEYS = {
  google: 'accounts.google.com',
  facebook: 'graph.facebook.com',
  apple: 'appleid.apple.com',
  amazon: 'www.amazon.com',
} as const;

/** The key Twitter sign-in uses in `SupportedLoginProviders` (`<consumer key>;<consumer secret>`). */
export const TWITTER_PROVIDER_KEY = 'api.twitter.com';

/**
 * A login provider's app or client id (the value of `SupportedLoginProviders`): 1 to 128 characters.
 * @see https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_CreateIdentityPool.html#CognitoIdentity-CreateIdentityPool-request-SupportedLoginProviders
 */
export const LOGIN_PROVIDER_ID: NameRule = {
  what: 'login provider id',
  minLength: 1,
  maxLength: 128,
  pattern: /^[\w.;_/-]+$/,
  allowed: '1 to 128 letters, digits or . _ - /',
};

/**
 * A Google OAuth client id ends in `.apps.googleusercontent.com` (Google's format; Cognito checks the
 * token's `aud` against it, so another value can never sign anyone in).
 * @see https://developers.google.com/identity/protocols/oauth2/openid-connect
 */
export const GOOGLE_CLIENT_ID_SUFFIX = '.apps.googleusercontent.com';

/**
 * `DeveloperProviderName`: letters, digits, `.`, `_` and `-`; 1 to 100 characters in CloudFormation (the
 * API allows 128: the stricter CloudFormation bound is enforced). It cannot change once set.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-identitypool.html#cfn-cognito-identitypool-developerprovidername
 * @see https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_CreateIdentityPool.html#CognitoIdentity-CreateIdentityPool-request-DeveloperProviderName
 */
export const DEVELOPER_PROVIDER_NAME: NameRule = {
  what: 'developer provider name',
  minLength: 1,
  maxLength: 100,
  pattern: /^[\w.-]+$/,
  allowed: '1 to 100 letters, digits, ".", "_" or "-"',
};

/**
 * Role mappings: at most 10 providers per identity pool (`COGNITO_QUOTAS.roleMappingsPerIdentityPool`),
 * keys 1 to 128 characters; rules-based mappings hold 1 to 25 rules, evaluated in order, the first match
 * wins; a rule's claim is 1 to 64 letters, marks, symbols, digits or punctuation, its value 1 to 128
 * characters.
 * @see https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_SetIdentityPoolRoles.html
 * @see https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_RulesConfigurationType.html
 * @see https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_MappingRule.html
 */
export const ROLE_MAPPING_LIMITS = {
  minRules: 1,
  maxRules: 25,
  maxKey: 128,
} as const;

/** A mapping rule's `Claim` (see `ROLE_MAPPING_LIMITS`). */
export const MAPPING_RULE_CLAIM: NameRule = {
  what: 'claim name',
  minLength: 1,
  maxLength: 64,
  pattern: /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u,
  allowed: '1 to 64 letters, digits, symbols or punctuation, no spaces',
};

/** A mapping rule's `Value` (see `ROLE_MAPPING_LIMITS`). */
export const MAPPING_RULE_VALUE: NameRule = {
  what: 'claim value',
  minLength: 1,
  maxLength: 128,
  pattern: /^[\s\S]+$/,
  allowed: '1 to 128 characters',
};

/**
 * Principal tags (attributes for access control): the roles must trust `sts:TagSession` beside
 * `sts:AssumeRoleWithWebIdentity`; a tag key has at most 128 characters and may not start with `aws:`
 * (STS session tags), a claim name at most 256; a session takes at most 50 tags.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/using-afac-with-cognito-identity-pools.html
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_know
 */
export const PRINCIPAL_TAG_LIMITS = {
  maxTags: 50,
  maxClaim: 256,
} as const;

/** A principal (session) tag key (see `PRINCIPAL_TAG_LIMITS`). */
export const PRINCIPAL_TAG_KEY: NameRule = {
  what: 'session tag key',
  minLength: 1,
  maxLength: 128,
  pattern: /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/iu,
  allowed: '1 to 128 letters, digits, spaces or _ . : / = + - @, not starting with "aws:"',
};

/** Values of `RoleMapping.AmbiguousRoleResolution`. @see https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_RoleMapping.html */
export const AMBIGUOUS_ROLE_RESOLUTIONS: readonly string[] = ['AuthenticatedRole', 'Deny'];

/** Values of `MappingRule.MatchType`. @see https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_MappingRule.html */
export const MAPPING_MATCH_TYPES: readonly string[] = ['Equals', 'Contains', 'StartsWith', 'NotEqual'];
