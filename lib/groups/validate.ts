import { CognitoAuthError } from '../errors';
import { show } from '../private/show';
import { checkInteger, checkLength, checkName, checkQuota, isToken } from '../private/validate';
import { COGNITO_QUOTAS, GROUP_LIMITS, GROUP_NAME } from '../shared';
import { GroupDefinition } from './group';

/**
 * Validates one group against Cognito's rules (lib/shared/names.ts) and against the groups declared before
 * it: names and precedences are unique, and the pool's group quota holds. The one check of a group, used by
 * the `groups` prop and by `addGroup` alike.
 */
export function validateGroup(
  prop: string,
  group: GroupDefinition,
  before: readonly GroupDefinition[],
): void {
  if (group === null || typeof group !== 'object') {
    throw new CognitoAuthError(prop, `${show(group)} is not a group; give { name, precedence?, ... }`);
  }
  checkName(`${prop}.name`, group.name, GROUP_NAME);
  if (group.name === undefined)
    throw new CognitoAuthError(`${prop}.name`, 'is missing; every group needs a name');
  checkInteger(
    `${prop}.precedence`,
    group.precedence,
    GROUP_LIMITS.minPrecedence,
    GROUP_LIMITS.maxPrecedence,
  );
  checkLength(`${prop}.description`, group.description, 0, GROUP_LIMITS.maxDescription);
  checkQuota('groups', before.length + 1, COGNITO_QUOTAS.groups);
  const index = before.findIndex((g) => g.name === group.name);
  if (!isToken(group.name) && index >= 0) {
    throw new CognitoAuthError(
      `${prop}.name`,
      `${show(group.name)} is already used by groups[${index}]; group names must be unique`,
    );
  }
  validateOwnRole(prop, group);
  if (group.precedence !== undefined && !isToken(group.precedence)) {
    const same = before.find((g) => g.precedence === group.precedence);
    if (same) {
      throw new CognitoAuthError(
        `${prop}.precedence`,
        `${group.precedence} is already used by group ${show(same.name)}; precedences must be unique`,
      );
    }
  }
}

/** Validates the group list, each group against those before it. */
export function validateGroups(groups: GroupDefinition[]): void {
  if (!Array.isArray(groups)) throw new CognitoAuthError('groups', `${show(groups)} is not a list of groups`);
  groups.forEach((group, i) => validateGroup(`groups[${i}]`, group, groups.slice(0, i)));
}

/** A role of the user's own carries its own permissions, so the options that shape a created role are refused with it. */
function validateOwnRole(prop: string, group: GroupDefinition): void {
  if (group.role === undefined) return;
  if (group.role === null || typeof group.role !== 'object' || !('roleArn' in group.role)) {
    throw new CognitoAuthError(`${prop}.role`, `${show(group.role)} is not an IAM role; give an iam.IRole`);
  }
  if (group.createRole === false) {
    throw new CognitoAuthError(
      `${prop}.createRole`,
      'is false but role is given; a group with a role of your own needs no created role, so drop createRole',
    );
  }
  const shaping: Array<[string, boolean]> = [
    ['policyStatements', (group.policyStatements?.length ?? 0) > 0],
    ['managedPolicies', (group.managedPolicies?.length ?? 0) > 0],
    ['inheritAuthenticatedPermissions', group.inheritAuthenticatedPermissions === true],
  ];
  for (const [name, given] of shaping) {
    if (given) {
      throw new CognitoAuthError(
        `${prop}.${name}`,
        `${name === 'inheritAuthenticatedPermissions' ? 'is true' : 'are given'} with ${prop}.role; give your own role its permissions (or grant them with auth.group(name))`,
      );
    }
  }
}
