/**
 * User-pool attributes as Amazon Cognito names them: the standard (OpenID Connect) attributes, the
 * built-in ones, and the `custom:` prefix. Pure data and functions, shared by the constructs, the CLI and
 * local mode; no aws-cdk-lib import.
 */

/**
 * The standard attributes that a schema can declare, by the key aws-cdk-lib's `StandardAttributes` gives
 * them, with their Cognito name. `updated_at` is the only one that is not a string (a Number).
 *
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html#cognito-user-pools-standard-attributes
 */
export const STANDARD_ATTRIBUTE_NAMES = {
  address: 'address',
  birthdate: 'birthdate',
  email: 'email',
  familyName: 'family_name',
  gender: 'gender',
  givenName: 'given_name',
  locale: 'locale',
  middleName: 'middle_name',
  fullname: 'name',
  nickname: 'nickname',
  phoneNumber: 'phone_number',
  profilePicture: 'picture',
  preferredUsername: 'preferred_username',
  profilePage: 'profile',
  timezone: 'zoneinfo',
  lastUpdateTime: 'updated_at',
  website: 'website',
} as const;

/** A key of `STANDARD_ATTRIBUTE_NAMES` (aws-cdk-lib's `StandardAttributes` key). */
export type StandardAttributeKey = keyof typeof STANDARD_ATTRIBUTE_NAMES;

/**
 * The verification flags Cognito keeps beside `email` and `phone_number`. Clients may read them; only
 * administrators, Cognito and mapped identity providers write them.
 *
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html#cognito-user-pools-standard-attributes
 */
export const VERIFICATION_ATTRIBUTES: readonly string[] = ['email_verified', 'phone_number_verified'];

/** Every standard attribute by its Cognito name, with the verification flags, sorted. */
export const STANDARD_ATTRIBUTES: readonly string[] = [
  ...Object.values(STANDARD_ATTRIBUTE_NAMES),
  ...VERIFICATION_ATTRIBUTES,
].sort();

/** Cognito's data type of a standard attribute: `Number` for `updated_at`, `String` for every other. */
export function standardAttributeType(name: string): 'String' | 'Number' {
  return name === 'updated_at' ? 'Number' : 'String';
}

/**
 * Names a custom attribute may not take: the standard attributes and the built-in `sub`, `identities` and
 * `username` that every pool has.
 */
export const RESERVED_ATTRIBUTE_NAMES: readonly string[] = [
  ...STANDARD_ATTRIBUTES,
  'sub',
  'identities',
  'username',
];

/** The prefix Cognito gives custom attributes in tokens, APIs and attribute mappings. */
export const CUSTOM_PREFIX = 'custom:';

/** `custom:<name>` for a custom attribute declared as `<name>`. */
export function customAttributeName(name: string): string {
  return `${CUSTOM_PREFIX}${name}`;
}

/** True for `custom:<name>`. */
export function isCustomAttributeName(name: string): boolean {
  return name.startsWith(CUSTOM_PREFIX);
}

/** `<name>` for `custom:<name>`; other names unchanged. */
export function bareAttributeName(name: string): string {
  return isCustomAttributeName(name) ? name.slice(CUSTOM_PREFIX.length) : name;
}

/** True for a standard attribute or verification flag, by Cognito name. */
export function isStandardAttribute(name: string): boolean {
  return STANDARD_ATTRIBUTES.includes(name);
}

/**
 * The name of a custom attribute, without the prefix: 1 to 20 characters, no white space; `:` is refused
 * because Cognito uses it for the prefix. The API reference's `Name` pattern is
 * `[\p{L}\p{M}\p{S}\p{N}\p{P}]+` (length 1 to 32 including the prefix); the quotas page allows 20
 * characters for a custom attribute name. The stricter, 20, wins.
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SchemaAttributeType.html
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html#resource-quotas
 */
export const CUSTOM_ATTRIBUTE_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,20}$/u;

/**
 * Bounds of a custom attribute: at most 50 per pool, values at most 2,048 characters.
 *
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html#resource-quotas
 */
export const CUSTOM_ATTRIBUTE_LIMITS = {
  maxPerPool: 50,
  maxNameLength: 20,
  maxStringLength: 2048,
} as const;
