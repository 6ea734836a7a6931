import { AdminError, EXIT_USAGE } from './errors';

/**
 * Amazon Cognito groups user-pool API operations into quota categories; each category has one request
 * rate (requests per second) per account and Region, shared by every caller.
 *
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html
 */
export type QuotaCategory =
  | 'UserCreation'
  | 'UserUpdate'
  | 'UserRead'
  | 'UserList'
  | 'UserAuthentication'
  | 'UserAccountRecovery'
  | 'UserPoolRead'
  | 'UserPoolResourceRead'
  | 'UserPoolResourceUpdate'
  | 'IdentityPool'
  | 'Other';

/** Requests per second by category, as Cognito's default quotas. `Other` is not paced. */
export const DEFAULT_RATES: Readonly<Record<QuotaCategory, number>> = {
  UserCreation: 50,
  UserUpdate: 25,
  UserRead: 120,
  UserList: 30,
  UserAuthentication: 120,
  UserAccountRecovery: 30,
  UserPoolRead: 15,
  UserPoolResourceRead: 20,
  UserPoolResourceUpdate: 15,
  IdentityPool: 25,
  Other: Infinity,
};

const CATEGORY_OF: Readonly<Record<string, QuotaCategory>> = {
  AdminCreateUser: 'UserCreation',
  SignUp: 'UserCreation',
  ConfirmSignUp: 'UserCreation',

  AdminAddUserToGroup: 'UserUpdate',
  AdminRemoveUserFromGroup: 'UserUpdate',
  AdminUpdateUserAttributes: 'UserUpdate',
  AdminDeleteUserAttributes: 'UserUpdate',
  AdminDisableUser: 'UserUpdate',
  AdminEnableUser: 'UserUpdate',
  AdminDeleteUser: 'UserUpdate',
  AdminConfirmSignUp: 'UserUpdate',
  AdminSetUserPassword: 'UserUpdate',
  AdminResetUserPassword: 'UserUpdate',
  ChangePassword: 'UserUpdate',
  GlobalSignOut: 'UserUpdate',
  AdminSetUserMFAPreference: 'UserUpdate',
  AdminUserGlobalSignOut: 'UserUpdate',

  AdminGetUser: 'UserRead',
  AdminListGroupsForUser: 'UserRead',
  AdminListUserAuthEvents: 'UserRead',
  GetUser: 'UserRead',

  ListUsers: 'UserList',
  ListUsersInGroup: 'UserList',

  InitiateAuth: 'UserAuthentication',
  AdminInitiateAuth: 'UserAuthentication',
  RespondToAuthChallenge: 'UserAuthentication',
  AdminRespondToAuthChallenge: 'UserAuthentication',

  ForgotPassword: 'UserAccountRecovery',
  ConfirmForgotPassword: 'UserAccountRecovery',
  ResendConfirmationCode: 'UserAccountRecovery',

  DescribeUserPool: 'UserPoolRead',
  DescribeUserPoolClient: 'UserPoolRead',
  ListUserPoolClients: 'UserPoolRead',
  GetCSVHeader: 'UserPoolRead',

  ListGroups: 'UserPoolResourceRead',
  GetGroup: 'UserPoolResourceRead',
  DescribeUserImportJob: 'UserPoolResourceRead',

  CreateGroup: 'UserPoolResourceUpdate',
  UpdateGroup: 'UserPoolResourceUpdate',
  DeleteGroup: 'UserPoolResourceUpdate',
  CreateUserImportJob: 'UserPoolResourceUpdate',
  StartUserImportJob: 'UserPoolResourceUpdate',

  GetId: 'IdentityPool',
  GetCredentialsForIdentity: 'IdentityPool',
};

/** The quota category of an operation (`AdminCreateUser` or `AdminCreateUserCommand`). */
export function categoryOf(operation: string): QuotaCategory {
  return CATEGORY_OF[operation.replace(/Command$/, '')] ?? 'Other';
}

const ALIASES: Readonly<Record<string, QuotaCategory>> = {
  creation: 'UserCreation',
  create: 'UserCreation',
  update: 'UserUpdate',
  read: 'UserRead',
  list: 'UserList',
  auth: 'UserAuthentication',
};

/**
 * Parses `UserCreation=50,UserUpdate=25` (category names case-insensitive; short names `creation`,
 * `update`, `read`, `list`, `auth` accepted; `0` or `unlimited` switches pacing off for a category).
 */
export function parseRates(text: string): Partial<Record<QuotaCategory, number>> {
  const rates: Partial<Record<QuotaCategory, number>> = {};
  const known = Object.keys(DEFAULT_RATES) as QuotaCategory[];
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^([A-Za-z-]+)\s*=\s*(\S+)$/.exec(part);
    if (!match) {
      throw new AdminError(`--rate "${part}" is not of the form Category=requestsPerSecond`, {
        exitCode: EXIT_USAGE,
      });
    }
    const name = match[1].replace(/-/g, '').toLowerCase();
    const category = ALIASES[name] ?? known.find((k) => k.toLowerCase() === name);
    if (!category) {
      throw new AdminError(
        `--rate category "${match[1]}" is unknown; use one of ${known.filter((k) => k !== 'Other').join(', ')}`,
        { exitCode: EXIT_USAGE },
      );
    }
    const value = match[2] === 'unlimited' ? 0 : Number(match[2]);
    if (!Number.isFinite(value) || value < 0) {
      throw new AdminError(`--rate ${category} "${match[2]}" is not a non-negative number`, {
        exitCode: EXIT_USAGE,
      });
    }
    rates[category] = value === 0 ? Infinity : value;
  }
  return rates;
}
