import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoAuthError, show } from '../errors';
import { checkInteger, isToken } from '../private/validate';

/** Cognito's limit on custom attributes per user pool. */
export const MAX_CUSTOM_ATTRIBUTES = 50;

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

/** Options common to every custom attribute. */
export interface CustomAttributeOptions {
  /**
   * Whether the value can change after the user is created. Cognito cannot change this later.
   * @default true
   */
  readonly mutable?: boolean;
  /**
   * Whether app clients can read the attribute (it is then in ID tokens and GetUser).
   * @default true
   */
  readonly clientRead?: boolean;
  /**
   * Whether app clients (and so users themselves, through UpdateUserAttributes) can write it.
   * Leave it off for attributes that carry authority, such as a tenant id or a role.
   * @default false
   */
  readonly clientWrite?: boolean;
}

/** Options of a string custom attribute. */
export interface StringAttributeOptions extends CustomAttributeOptions {
  /** Minimum length. @default 0 */
  readonly minLength?: number;
  /** Maximum length (at most 2048). @default 2048 */
  readonly maxLength?: number;
}

/** Options of a number custom attribute. */
export interface NumberAttributeOptions extends CustomAttributeOptions {
  /** Smallest value. @default - no minimum */
  readonly min?: number;
  /** Largest value. @default - no maximum */
  readonly max?: number;
}

/** The data type of a custom attribute. */
export enum CustomAttributeType {
  STRING = 'String',
  NUMBER = 'Number',
  BOOLEAN = 'Boolean',
  DATE_TIME = 'DateTime',
}

/**
 * A custom user-pool attribute (`custom:<name>`), with who may read and write it.
 *
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html#user-pool-settings-custom-attributes
 */
export class CustomAttribute {
  /** A string attribute. */
  public static string(options: StringAttributeOptions = {}): CustomAttribute {
    return new CustomAttribute(CustomAttributeType.STRING, options, options.minLength, options.maxLength);
  }

  /** A number attribute (Cognito stores it as a string of digits). */
  public static number(options: NumberAttributeOptions = {}): CustomAttribute {
    return new CustomAttribute(CustomAttributeType.NUMBER, options, options.min, options.max);
  }

  /** A boolean attribute. */
  public static boolean(options: CustomAttributeOptions = {}): CustomAttribute {
    return new CustomAttribute(CustomAttributeType.BOOLEAN, options);
  }

  /** A date-time attribute (ISO 8601 string). */
  public static dateTime(options: CustomAttributeOptions = {}): CustomAttribute {
    return new CustomAttribute(CustomAttributeType.DATE_TIME, options);
  }

  /** Whether the value can change after the user is created. */
  public readonly mutable: boolean;
  /** Whether app clients can read it. */
  public readonly clientRead: boolean;
  /** Whether app clients can write it. */
  public readonly clientWrite: boolean;

  private constructor(
    /** The data type. */
    public readonly type: CustomAttributeType,
    options: CustomAttributeOptions,
    /** Minimum length (string) or value (number). */
    public readonly min?: number,
    /** Maximum length (string) or value (number). */
    public readonly max?: number,
  ) {
    this.mutable = options.mutable ?? true;
    this.clientRead = options.clientRead ?? true;
    this.clientWrite = options.clientWrite ?? false;
  }

  /** @internal */
  public _toCdk(): cognito.ICustomAttribute {
    switch (this.type) {
      case CustomAttributeType.STRING:
        return new cognito.StringAttribute({ mutable: this.mutable, minLen: this.min, maxLen: this.max });
      case CustomAttributeType.NUMBER:
        return new cognito.NumberAttribute({ mutable: this.mutable, min: this.min, max: this.max });
      case CustomAttributeType.BOOLEAN:
        return new cognito.BooleanAttribute({ mutable: this.mutable });
      default:
        return new cognito.DateTimeAttribute({ mutable: this.mutable });
    }
  }
}

const CUSTOM_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,20}$/u;

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
      if (
        attribute.min !== undefined &&
        attribute.max !== undefined &&
        !isToken(attribute.min) &&
        !isToken(attribute.max)
      ) {
        if (attribute.min > attribute.max) {
          throw new CognitoAuthError(
            `${prop}.minLength`,
            `${attribute.min} is greater than maxLength ${attribute.max}; minLength must not exceed maxLength`,
          );
        }
      }
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
      if (
        attribute.min !== undefined &&
        attribute.max !== undefined &&
        !isToken(attribute.min) &&
        !isToken(attribute.max)
      ) {
        if (attribute.min > attribute.max) {
          throw new CognitoAuthError(
            `${prop}.min`,
            `${attribute.min} is greater than max ${attribute.max}; min must not exceed max`,
          );
        }
      }
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
