import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoAuthError, show } from '../errors';
import { CustomAttribute, CustomAttributeType, MAX_CUSTOM_ATTRIBUTES } from '../user-pool/attributes';
import { checkInteger, isToken } from './validate';

/** Cognito name (e.g. `family_name`) of each key of `cognito.StandardAttributes`. */
export const STANDARD_ATTRIBUTE_NAMES: Readonly<Record<keyof cognito.StandardAttributes, string>> = {
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
};

const MASK_KEY_BY_NAME: Readonly<Record<string, keyof cognito.StandardAttributesMask>> = {
  ...Object.fromEntries(Object.entries(STANDARD_ATTRIBUTE_NAMES).map(([key, name]) => [name, key])),
  email_verified: 'emailVerified',
  phone_number_verified: 'phoneNumberVerified',
};

/** Every standard attribute name a client can be given read access to. */
export const READABLE_STANDARD_ATTRIBUTES = Object.keys(MASK_KEY_BY_NAME);

const CUSTOM_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,20}$/u;

/** Throws when a lower bound exceeds the upper one; tokens skip the check. */
function checkBounds(prop: string, minName: string, maxName: string, attribute: CustomAttribute): void {
  const { min, max } = attribute;
  if (min === undefined || max === undefined || isToken(min) || isToken(max) || min <= max) return;
  throw new CognitoAuthError(
    `${prop}.${minName}`,
    `${min} is greater than ${maxName} ${max}; ${minName} must not exceed ${maxName}`,
  );
}

/** Validates the custom attribute declarations. */
export function validateCustomAttributes(attributes: Record<string, CustomAttribute>): void {
  const names = Object.keys(attributes);
  if (names.length > MAX_CUSTOM_ATTRIBUTES) {
    throw new CognitoAuthError(
      'customAttributes',
      `declares ${names.length} attributes; a user pool can have at most ${MAX_CUSTOM_ATTRIBUTES} custom attributes`,
    );
  }
  for (const name of names) {
    const prop = `customAttributes.${name}`;
    if (name.startsWith('custom:')) {
      throw new CognitoAuthError(
        prop,
        `name ${show(name)} includes the "custom:" prefix; declare it without the prefix (Cognito adds it)`,
      );
    }
    if (!CUSTOM_NAME.test(name) || name.includes(':')) {
      throw new CognitoAuthError(
        prop,
        `name ${show(name)} is not allowed; use 1 to 20 letters, digits or punctuation other than ":", with no spaces`,
      );
    }
    const attribute = attributes[name];
    if (attribute.type === CustomAttributeType.STRING) {
      checkInteger(`${prop}.minLength`, attribute.min, 0, 2048);
      checkInteger(`${prop}.maxLength`, attribute.max, 1, 2048);
      checkBounds(prop, 'minLength', 'maxLength', attribute);
    }
    if (attribute.type === CustomAttributeType.NUMBER) {
      for (const [key, value] of [
        ['min', attribute.min],
        ['max', attribute.max],
      ] as const) {
        if (value !== undefined && !isToken(value) && !Number.isInteger(value)) {
          throw new CognitoAuthError(
            `${prop}.${key}`,
            `${show(value)} is not allowed; Cognito number attributes take integer bounds`,
          );
        }
      }
      checkBounds(prop, 'min', 'max', attribute);
    }
  }
}

/** Turns a list of Cognito attribute names into CDK `ClientAttributes`, checking each name. */
export function clientAttributes(
  prop: string,
  names: string[],
  customAttributes: Record<string, CustomAttribute>,
): cognito.ClientAttributes {
  const mask: { -readonly [K in keyof cognito.StandardAttributesMask]?: boolean } = {};
  const custom: string[] = [];
  names.forEach((name, i) => {
    if (isToken(name)) {
      throw new CognitoAuthError(`${prop}[${i}]`, 'is a token; attribute names must be known at synth');
    }
    if (name.startsWith('custom:')) {
      const bare = name.slice('custom:'.length);
      if (!(bare in customAttributes)) {
        throw new CognitoAuthError(
          `${prop}[${i}]`,
          `${show(name)} is not a declared custom attribute; declared: ${
            Object.keys(customAttributes)
              .map((n) => `custom:${n}`)
              .join(', ') || 'none'
          }`,
        );
      }
      custom.push(bare);
      return;
    }
    const key = MASK_KEY_BY_NAME[name];
    if (!key) {
      throw new CognitoAuthError(
        `${prop}[${i}]`,
        `${show(name)} is not a Cognito attribute; use a standard attribute (${READABLE_STANDARD_ATTRIBUTES.join(', ')}) or custom:<name>`,
      );
    }
    mask[key] = true;
  });
  let attrs = new cognito.ClientAttributes().withStandardAttributes(mask);
  if (custom.length > 0) attrs = attrs.withCustomAttributes(...custom);
  return attrs;
}

/** Attributes app clients may read by default: every standard attribute and readable custom ones. */
export function defaultReadAttributes(customAttributes: Record<string, CustomAttribute>): string[] {
  return [
    ...READABLE_STANDARD_ATTRIBUTES,
    ...Object.entries(customAttributes)
      .filter(([, a]) => a.clientRead)
      .map(([n]) => `custom:${n}`),
  ];
}

/**
 * Attributes app clients may write by default: standard attributes except the `*_verified` flags and
 * those declared immutable, and custom attributes declared `clientWrite`.
 */
export function defaultWriteAttributes(
  standard: cognito.StandardAttributes,
  customAttributes: Record<string, CustomAttribute>,
): string[] {
  const immutable = new Set(
    Object.entries(standard)
      .filter(
        ([, a]) =>
          a &&
          (a as cognito.StandardAttribute).mutable === false &&
          !(a as cognito.StandardAttribute).required,
      )
      .map(([k]) => STANDARD_ATTRIBUTE_NAMES[k as keyof cognito.StandardAttributes]),
  );
  return [
    ...Object.values(STANDARD_ATTRIBUTE_NAMES).filter((n) => !immutable.has(n)),
    ...Object.entries(customAttributes)
      .filter(([, a]) => a.clientWrite)
      .map(([n]) => `custom:${n}`),
  ];
}
