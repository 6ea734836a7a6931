import { CognitoAuthError, show } from '../errors';
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
