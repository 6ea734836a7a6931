import type { UserType } from '@aws-sdk/client-cognito-identity-provider';
import { AdminError, EXIT_USAGE } from './errors';

/** Attributes ListUsers can filter on. */
export const FILTERABLE = [
  'username',
  'email',
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
  'cognito:user_status',
  'status',
  'sub',
] as const;

/** User statuses of Cognito. */
export const USER_STATUSES = [
  'UNCONFIRMED',
  'CONFIRMED',
  'ARCHIVED',
  'COMPROMISED',
  'UNKNOWN',
  'RESET_REQUIRED',
  'FORCE_CHANGE_PASSWORD',
  'EXTERNAL_PROVIDER',
] as const;

/** A parsed ListUsers filter: `attribute = "value"` (exact) or `attribute ^= "value"` (prefix). */
export interface UserFilter {
  readonly attribute: (typeof FILTERABLE)[number];
  readonly operator: '=' | '^=';
  readonly value: string;
  /** The filter as Cognito takes it. */
  readonly expression: string;
}

const FILTER = /^\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/;

/** Parses Cognito's ListUsers filter syntax, or explains what is wrong with it. */
export function parseUserFilter(expression: string): UserFilter {
  const match = FILTER.exec(expression);
  if (!match) {
    throw new AdminError(
      `--filter '${expression}' is not Cognito filter syntax: attribute = "value" or attribute ^= "value" (prefix)`,
      { exitCode: EXIT_USAGE },
    );
  }
  const attribute = FILTERABLE.find((a) => a === match[1]);
  if (!attribute) {
    throw new AdminError(
      `--filter attribute "${match[1]}" cannot be filtered on; use one of ${FILTERABLE.join(', ')}`,
      {
        exitCode: EXIT_USAGE,
      },
    );
  }
  const value = match[3].replace(/\\(.)/g, '$1');
  return {
    attribute,
    operator: match[2] as '=' | '^=',
    value,
    expression: `${attribute} ${match[2]} "${match[3]}"`,
  };
}

function valueOf(user: UserType, attribute: UserFilter['attribute']): string | undefined {
  switch (attribute) {
    case 'username':
      return user.Username;
    case 'cognito:user_status':
      return user.UserStatus;
    case 'status':
      return user.Enabled === false ? 'Disabled' : 'Enabled';
    default:
      return user.Attributes?.find((a) => a.Name === attribute)?.Value;
  }
}

/** Applies a filter to a user as Cognito does (user status case-insensitive, other values case-sensitive). */
export function matchesFilter(user: UserType, filter: UserFilter): boolean {
  let actual = valueOf(user, filter.attribute);
  if (actual === undefined) return false;
  let expected = filter.value;
  if (filter.attribute === 'cognito:user_status') {
    actual = actual.toUpperCase();
    expected = expected.toUpperCase();
  }
  return filter.operator === '=' ? actual === expected : actual.startsWith(expected);
}
