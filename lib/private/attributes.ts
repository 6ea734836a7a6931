import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoAuthError, show } from '../errors';
import {
  bareAttributeName,
  CUSTOM_ATTRIBUTE_LIMITS,
  CUSTOM_ATTRIBUTE_NAME,
  customAttributeName,
  isCustomAttributeName,
  RESERVED_ATTRIBUTE_NAMES,
  STANDARD_ATTRIBUTE_NAMES,
  StandardAttributeKey,
  STANDARD_ATTRIBUTES,
} from '../shared/attributes';
import { COGNITO_QUOTAS, quotaProblem } from '../shared/quotas';
import { CustomAttribute, CustomAttributeType } from '../user-pool/attributes';
import { checkInteger, isToken } from './validate';

/** aws-cdk-lib's `StandardAttributesMask` key of each Cognito name, the verification flags included. */
const MASK_KEY_BY_NAME: Readonly<Record<string, keyof cognito.StandardAttributesMask>> = {
  ...Object.fromEntries(Object.entries(STANDARD_ATTRIBUTE_NAMES).map(([key, name]) => [name, key])),
  email_verified: 'emailVerified',
  phone_number_verified: 'phoneNumberVerified',
};

/** The Cognito name of a key of `cognito.StandardAttributes`. */
export function standardAttributeName(key: string): string {
  return STANDARD_ATTRIBUTE_NAMES[key as StandardAttributeKey] ?? key;
}

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
  const tooMany = quotaProblem(names.length, COGNITO_QUOTAS.customAttributes);
  if (tooMany) throw new CognitoAuthError('customAttributes', tooMany);
  for (const name of names) {
    const prop = `customAttributes.${name}`;
    if (isCustomAttributeName(name)) {
      throw new CognitoAuthError(
        prop,
        `name ${show(name)} includes the "custom:" prefix; declare it without the prefix (Cognito adds it)`,
      );
    }
    if (!CUSTOM_ATTRIBUTE_NAME.test(name) || name.includes(':')) {
      throw new CognitoAuthError(
        prop,
        `name ${show(name)} is not allowed; use 1 to ${CUSTOM_ATTRIBUTE_LIMITS.maxNameLength} letters, digits or punctuation other than ":", with no spaces`,
      );
    }
    if (RESERVED_ATTRIBUTE_NAMES.includes(name)) {
      throw new CognitoAuthError(
        prop,
        `name ${show(name)} is the name of a standard or built-in attribute; declare it under standardAttributes, or give the custom attribute another name`,
      );
    }
    const attribute = attributes[name];
    if (!(attribute instanceof CustomAttribute)) {
      throw new CognitoAuthError(
        prop,
        `${show(attribute)} is not a CustomAttribute; use CustomAttribute.string(), number(), boolean() or dateTime()`,
      );
    }
    const max = CUSTOM_ATTRIBUTE_LIMITS.maxStringLength;
    if (attribute.type === CustomAttributeType.STRING) {
      checkInteger(`${prop}.minLength`, attribute.min, 0, max);
      checkInteger(`${prop}.maxLength`, attribute.max, 1, max);
      checkBounds(prop, 'minLength', 'maxLength', attribute);
    }
    if (attribute.type === CustomAttributeType.NUMBER) {
      for (const [key, value] of [
        ['min', attribute.min],
        ['max', attribute.max],
      ] as const) {
        if (value !== undefined && !isToken(value) && !Number.isSafeInteger(value)) {
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
  if (!Array.isArray(names)) {
    throw new CognitoAuthError(prop, `${show(names)} is not a list of attribute names`);
  }
  const mask: { -readonly [K in keyof cognito.StandardAttributesMask]?: boolean } = {};
  const custom: string[] = [];
  names.forEach((name, i) => {
    if (isToken(name)) {
      throw new CognitoAuthError(`${prop}[${i}]`, 'is a token; attribute names must be known at synth');
    }
    if (typeof name !== 'string') {
      throw new CognitoAuthError(`${prop}[${i}]`, `${show(name)} is not an attribute name`);
    }
    if (isCustomAttributeName(name)) {
      const bare = bareAttributeName(name);
      if (!(bare in customAttributes)) {
        throw new CognitoAuthError(
          `${prop}[${i}]`,
          `${show(name)} is not a declared custom attribute; declared: ${
            Object.keys(customAttributes).map(customAttributeName).join(', ') || 'none'
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
        `${show(name)} is not a Cognito attribute; use a standard attribute (${STANDARD_ATTRIBUTES.join(', ')}) or custom:<name>`,
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
    ...STANDARD_ATTRIBUTES,
    ...Object.entries(customAttributes)
      .filter(([, a]) => a.clientRead)
      .map(([n]) => customAttributeName(n)),
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
      .map(([k]) => standardAttributeName(k)),
  );
  return [
    ...Object.values(STANDARD_ATTRIBUTE_NAMES).filter((n) => !immutable.has(n)),
    ...Object.entries(customAttributes)
      .filter(([, a]) => a.clientWrite)
      .map(([n]) => customAttributeName(n)),
  ];
}
