import type { AttributeType } from '@aws-sdk/client-cognito-identity-provider';
import { AdminError, EXIT_USAGE } from './errors';
import type { PoolInfo } from './pool-info';
import { isCustomAttributeName } from '../../../lib/shared/attributes';

/** Column that names the user, as in Cognito's own import CSV. */
export const USERNAME_COLUMN = 'cognito:username';
/** Column of Cognito's import CSV that switches SMS MFA on for the user. */
export const MFA_COLUMN = 'cognito:mfa_enabled';
/** Optional column: the groups to add the user to, separated by `;`. */
export const GROUPS_COLUMN = 'groups';

export { STANDARD_ATTRIBUTES } from '../../../lib/shared/attributes';

const EMAIL = /^[^\s@"(),:;<>[\]\\]+@[^\s@"(),:;<>[\]\\]+\.[^\s@"(),:;<>[\]\\]+$/;
const E164 = /^\+[1-9]\d{1,14}$/;
const USERNAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;
const MAX_USERNAME = 128;
const MAX_VALUE = 2048;

type ColumnKind = 'username' | 'groups' | 'mfa' | 'attribute' | 'unknown';

interface Column {
  readonly index: number;
  readonly name: string;
  readonly kind: ColumnKind;
}

/** How the columns of a CSV file map to a user pool; made once per file from its header. */
export interface HeaderPlan {
  readonly columns: readonly Column[];
  readonly width: number;
  /** Column that gives the username: `cognito:username`, or `email` / `phone_number` in pools that sign in with them. */
  readonly usernameFrom: string;
  /** Problems with the header that make some rows invalid (reported on every such row too). */
  readonly warnings: readonly string[];
  readonly pool: PoolInfo;
  /** Attributes the pool requires (but `sub`). */
  readonly required: readonly string[];
  /** Attributes that must be unique in the pool: sign-in aliases and username attributes. */
  readonly unique: readonly string[];
}

/** One valid row, ready for the API. */
export interface UserRow {
  /** Ordinal of the data row (1 for the first row after the header). */
  readonly ordinal: number;
  /** Line of the file where the row starts (the header is line 1). */
  readonly line: number;
  readonly username: string;
  readonly attributes: AttributeType[];
  readonly groups: string[];
  /** `cognito:mfa_enabled` was true. */
  readonly mfaEnabled: boolean;
  /** Values that must be unique in the pool, as `label=value`: the username and sign-in aliases. */
  readonly keys: string[];
}

/** A row that cannot be imported, and why. */
export interface RowProblem {
  readonly ordinal: number;
  readonly line: number;
  readonly username?: string;
  readonly reasons: string[];
}

/** Result of validating one row. */
export type RowCheck =
  { readonly ok: true; readonly user: UserRow } | { readonly ok: false; readonly problem: RowProblem };

/** Import mode, for the checks that differ between the API import and Cognito's import job. */
export type ImportMode = 'api' | 'job';

/**
 * Reads the header of an import CSV against the pool. Throws for a header that no row could be imported
 * with (repeated column, a `sub` column, no column to take the username from).
 */
export function planHeader(header: readonly string[], pool: PoolInfo): HeaderPlan {
  const seen = new Set<string>();
  const columns: Column[] = [];
  const warnings: string[] = [];
  header.forEach((raw, index) => {
    const name = raw.trim();
    if (name === '') {
      throw new AdminError(`CSV header: column ${index + 1} has no name`, { exitCode: EXIT_USAGE });
    }
    if (seen.has(name))
      throw new AdminError(`CSV header: column "${name}" appears twice`, { exitCode: EXIT_USAGE });
    seen.add(name);
    if (name === 'sub') {
      throw new AdminError('CSV header: "sub" cannot be imported; Cognito assigns it', {
        exitCode: EXIT_USAGE,
      });
    }
    let kind: ColumnKind;
    if (name === USERNAME_COLUMN) kind = 'username';
    else if (name === GROUPS_COLUMN) kind = 'groups';
    else if (name === MFA_COLUMN) kind = 'mfa';
    else if (pool.attributes.has(name)) kind = 'attribute';
    else {
      kind = 'unknown';
      warnings.push(
        `column "${name}" is not an attribute of user pool ${pool.userPoolId}; rows with a value in it are rejected`,
      );
    }
    columns.push({ index, name, kind });
  });
  let usernameFrom = USERNAME_COLUMN;
  if (!seen.has(USERNAME_COLUMN)) {
    const from = pool.usernameAttributes.find((a) => seen.has(a));
    if (!from) {
      const options = [USERNAME_COLUMN, ...pool.usernameAttributes].map((c) => `"${c}"`).join(' or ');
      throw new AdminError(`CSV header: a ${options} column is needed to name the users`, {
        exitCode: EXIT_USAGE,
      });
    }
    usernameFrom = from;
  }
  const required = [...pool.attributes.values()]
    .filter((a) => a.Required && a.Name && a.Name !== 'sub')
    .map((a) => a.Name ?? '');
  const unique = [...new Set([...pool.aliasAttributes, ...pool.usernameAttributes])];
  return { columns, width: header.length, usernameFrom, warnings, pool, required, unique };
}

function checkAttribute(name: string, value: string, plan: HeaderPlan): string | undefined {
  if (value.length > MAX_VALUE) return `${name} is longer than ${MAX_VALUE} characters`;
  if (name === 'email' && !EMAIL.test(value)) return `email "${value}" is not an e-mail address`;
  if (name === 'phone_number' && !E164.test(value)) {
    return `phone_number "${value}" is not in E.164 format (+, country code and number, up to 15 digits)`;
  }
  if ((name === 'email_verified' || name === 'phone_number_verified') && !/^(true|false)$/i.test(value)) {
    return `${name} "${value}" is not true or false`;
  }
  if (name === 'birthdate' && !/^\d{4}-\d{2}-\d{2}$/.test(value))
    return `birthdate "${value}" is not YYYY-MM-DD`;
  if (name === 'updated_at' && !/^\d+$/.test(value))
    return `updated_at "${value}" is not a number of seconds`;
  const schema = plan.pool.attributes.get(name);
  if (!schema) return undefined;
  if (schema.AttributeDataType === 'Number') {
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number)) return `${name} "${value}" is not a number`;
    const min = schema.NumberAttributeConstraints?.MinValue;
    const max = schema.NumberAttributeConstraints?.MaxValue;
    if (min !== undefined && min !== '' && number < Number(min))
      return `${name} ${value} is below the minimum ${min}`;
    if (max !== undefined && max !== '' && number > Number(max))
      return `${name} ${value} is above the maximum ${max}`;
  } else if (schema.AttributeDataType === 'Boolean' && !/^(true|false)$/i.test(value)) {
    return `${name} "${value}" is not true or false`;
  } else if (schema.AttributeDataType === 'String' && isCustomAttributeName(name)) {
    const min = schema.StringAttributeConstraints?.MinLength;
    const max = schema.StringAttributeConstraints?.MaxLength;
    if (min !== undefined && value.length < Number(min)) return `${name} is shorter than ${min} characters`;
    if (max !== undefined && value.length > Number(max)) return `${name} is longer than ${max} characters`;
  }
  return undefined;
}

function normalize(name: string, value: string): string {
  return name === 'email_verified' || name === 'phone_number_verified' ? value.toLowerCase() : value;
}

/**
 * Validates one data row. `fields` are the row's values in header order; `ordinal` counts data rows
 * from 1; `line` is where the row starts in the file.
 */
export function checkRow(
  plan: HeaderPlan,
  fields: readonly string[],
  ordinal: number,
  line: number,
  mode: ImportMode = 'api',
): RowCheck {
  const reasons: string[] = [];
  if (fields.length !== plan.width) {
    reasons.push(`has ${fields.length} fields; the header has ${plan.width}`);
  }
  const attributes: AttributeType[] = [];
  const values = new Map<string, string>();
  let groups: string[] = [];
  let mfaEnabled = false;
  for (const column of plan.columns) {
    const value = (fields[column.index] ?? '').trim();
    values.set(column.name, value);
    if (value === '') continue;
    switch (column.kind) {
      case 'username':
        break;
      case 'groups': {
        groups = [
          ...new Set(
            value
              .split(';')
              .map((g) => g.trim())
              .filter(Boolean),
          ),
        ];
        for (const group of groups) {
          if (!plan.pool.groups.has(group)) reasons.push(`group "${group}" does not exist in the pool`);
        }
        break;
      }
      case 'mfa':
        if (!/^(true|false)$/i.test(value)) reasons.push(`${MFA_COLUMN} "${value}" is not true or false`);
        else mfaEnabled = value.toLowerCase() === 'true';
        if (mfaEnabled && mode === 'api') {
          reasons.push(
            `${MFA_COLUMN} true is applied only by --job imports; set the user's MFA after importing`,
          );
        }
        break;
      case 'unknown':
        reasons.push(`${column.name} is not an attribute of user pool ${plan.pool.userPoolId}`);
        break;
      case 'attribute': {
        const problem = checkAttribute(column.name, value, plan);
        if (problem) reasons.push(problem);
        else attributes.push({ Name: column.name, Value: normalize(column.name, value) });
        break;
      }
    }
  }
  const username = values.get(plan.usernameFrom) ?? '';
  if (username === '') {
    reasons.push(`${plan.usernameFrom} is empty`);
  } else if (username.length > MAX_USERNAME) {
    reasons.push(`${plan.usernameFrom} is longer than ${MAX_USERNAME} characters`);
  } else if (!USERNAME.test(username)) {
    reasons.push(`${plan.usernameFrom} "${username}" contains spaces or control characters`);
  } else if (plan.usernameFrom === USERNAME_COLUMN && plan.pool.usernameAttributes.length > 0) {
    const asEmail = plan.pool.usernameAttributes.includes('email') && EMAIL.test(username);
    const asPhone = plan.pool.usernameAttributes.includes('phone_number') && E164.test(username);
    if (!asEmail && !asPhone) {
      reasons.push(
        `${USERNAME_COLUMN} "${username}" must be ${plan.pool.usernameAttributes.join(' or ')}: the pool signs in with them`,
      );
    }
  }
  for (const [name, schema] of plan.pool.attributes) {
    if (schema.Required && name !== 'sub' && !values.get(name))
      reasons.push(`${name} is required by the pool`);
  }
  if (reasons.length > 0) {
    return { ok: false, problem: { ordinal, line, username: username || undefined, reasons } };
  }
  const caseFold = (v: string) => (plan.pool.caseSensitive ? v : v.toLowerCase());
  const keys = [`username=${caseFold(username)}`];
  for (const alias of plan.unique) {
    const value = values.get(alias);
    if (!value) continue;
    const folded =
      alias === 'email' ? value.toLowerCase() : alias === 'preferred_username' ? caseFold(value) : value;
    if (plan.pool.usernameAttributes.includes(alias) && caseFold(username) === folded) continue;
    keys.push(`${alias}=${folded}`);
  }
  return { ok: true, user: { ordinal, line, username, attributes, groups, mfaEnabled, keys } };
}

/** Renders a key of {@link UserRow.keys} for a message: `email "a@b.c"`. */
export function describeKey(key: string): string {
  const at = key.indexOf('=');
  const label = key.slice(0, at);
  return `${label === 'username' ? 'user name' : label} "${key.slice(at + 1)}"`;
}

/**
 * Validates one record of the file: a row that is not valid CSV (`malformed`) is invalid with that reason;
 * any other goes through {@link checkRow}.
 */
export function checkRecord(
  plan: HeaderPlan,
  record: {
    readonly fields: readonly string[];
    readonly ordinal: number;
    readonly line: number;
    readonly malformed?: string;
  },
  mode: ImportMode = 'api',
): RowCheck {
  if (record.malformed !== undefined) {
    return {
      ok: false,
      problem: { ordinal: record.ordinal, line: record.line, reasons: [record.malformed] },
    };
  }
  return checkRow(plan, record.fields, record.ordinal, record.line, mode);
}
