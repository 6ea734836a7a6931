import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CUSTOM_ATTRIBUTE_LIMITS } from '../shared/attributes';

/** Cognito's limit on custom attributes per user pool (see lib/shared/attributes.ts). */
export const MAX_CUSTOM_ATTRIBUTES: number = CUSTOM_ATTRIBUTE_LIMITS.maxPerPool;

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
