import type * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoAuthError } from '../errors';
import { show } from '../private/show';

/**
 * How users sign in and sign up. Cognito cannot change the aliases, the username attributes or the case
 * sensitivity once the pool exists: the immutable-settings lock guards them.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html#user-pool-settings-aliases
 */
export interface SignInProps {
  /**
   * How users sign in. `username: true` makes the others aliases; without `username`, email and phone
   * are username attributes (the user signs in with them, and the username is a generated id).
   * Cannot change after the pool exists.
   * @default { email: true }
   */
  readonly signInAliases?: cognito.SignInAliases;
  /** Whether user names and aliases are case-sensitive. Cannot change later. @default false */
  readonly signInCaseSensitive?: boolean;
  /** Attributes Cognito verifies (by sending a code) on sign-up. @default - email and/or phone when they are sign-in options */
  readonly autoVerify?: cognito.AutoVerifiedAttrs;
  /**
   * Keep the original value of an attribute while a change to it is unverified, so an unverified address
   * never becomes a sign-in or recovery address.
   * @default - the auto-verified attributes
   */
  readonly keepOriginal?: cognito.KeepOriginalAttrs;
  /** Allow users to sign themselves up. When off, administrators invite users. @default false */
  readonly selfSignUpEnabled?: boolean;
}

/** The sign-in settings after defaults. */
export interface ResolvedSignIn {
  readonly signInAliases: cognito.SignInAliases;
  readonly autoVerify: cognito.AutoVerifiedAttrs;
  readonly keepOriginal: cognito.KeepOriginalAttrs;
  readonly caseSensitive: boolean;
  readonly selfSignUpEnabled: boolean;
}

/** Applies the defaults to the sign-in props and validates them. */
export function resolveSignIn(props: SignInProps): ResolvedSignIn {
  const signInAliases = props.signInAliases ?? { email: true };
  if (signInAliases === null || typeof signInAliases !== 'object') {
    throw new CognitoAuthError(
      'signInAliases',
      `${show(signInAliases)} is not allowed; use { email: true } and the like`,
    );
  }
  if (!signInAliases.username && !signInAliases.email && !signInAliases.phone) {
    throw new CognitoAuthError(
      'signInAliases',
      `${show(signInAliases)} allows no way to sign in; enable at least one of username, email or phone`,
    );
  }
  if (signInAliases.preferredUsername && !signInAliases.username) {
    throw new CognitoAuthError(
      'signInAliases.preferredUsername',
      'is true but username is not; a preferred username is an alias of a username, so enable username too',
    );
  }
  const autoVerify = props.autoVerify ?? { email: !!signInAliases.email, phone: !!signInAliases.phone };
  const keepOriginal = props.keepOriginal ?? { email: !!autoVerify.email, phone: !!autoVerify.phone };
  if ((keepOriginal.email && !autoVerify.email) || (keepOriginal.phone && !autoVerify.phone)) {
    throw new CognitoAuthError(
      'keepOriginal',
      `${show(keepOriginal)} keeps an attribute that is not auto-verified (autoVerify ${show(autoVerify)}); keepOriginal only applies to auto-verified attributes`,
    );
  }
  return {
    signInAliases,
    autoVerify,
    keepOriginal,
    caseSensitive: props.signInCaseSensitive ?? false,
    selfSignUpEnabled: props.selfSignUpEnabled ?? false,
  };
}
