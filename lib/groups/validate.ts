import { Token } from 'aws-cdk-lib';
import { CognitoAuthError, show } from '../errors';
import { checkInteger, checkLength } from '../private/validate';
import { GroupDefinition } from './group';

const GROUP_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;

/** Validates one group definition. */
export function validateGroup(prop: string, group: GroupDefinition): void {
  if (!Token.isUnresolved(group.name)) {
    if (typeof group.name !== 'string' || !GROUP_NAME.test(group.name)) {
      throw new CognitoAuthError(
        `${prop}.name`,
        `${show(group.name)} is not allowed; use 1 to 128 characters with no spaces or other whitespace`,
      );
    }
  }
  checkInteger(`${prop}.precedence`, group.precedence, 0, 2147483647);
  checkLength(`${prop}.description`, group.description, 0, 2048);
}

/** Validates the group list: each group, unique names, unique precedences. */
export function validateGroups(groups: GroupDefinition[]): void {
  const names = new Map<string, number>();
  const precedences = new Map<number, string>();
  groups.forEach((group, i) => {
    validateGroup(`groups[${i}]`, group);
    if (names.has(group.name)) {
      throw new CognitoAuthError(
        `groups[${i}].name`,
        `${show(group.name)} is already used by groups[${names.get(group.name)}]; group names must be unique`,
      );
    }
    names.set(group.name, i);
    if (group.precedence !== undefined && !Token.isUnresolved(group.precedence)) {
      const other = precedences.get(group.precedence);
      if (other !== undefined) {
        throw new CognitoAuthError(
          `groups[${i}].precedence`,
          `${group.precedence} is already used by group ${show(other)}; precedences must be unique`,
        );
      }
      precedences.set(group.precedence, group.name);
    }
  });
}
