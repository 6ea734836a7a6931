import { CognitoAuthError } from '../errors';
import { show } from '../private/show';
import { checkName, checkQuota, isToken } from '../private/validate';
import {
  COGNITO_QUOTAS,
  RESOURCE_SERVER_IDENTIFIER,
  RESOURCE_SERVER_NAME,
  SCOPE_DESCRIPTION,
  SCOPE_NAME,
} from '../shared';
import { ResourceServerDefinition } from './resource-server';

/** Validates resource-server declarations. */
export function validateResourceServers(servers: ResourceServerDefinition[]): void {
  if (!Array.isArray(servers)) {
    throw new CognitoAuthError('resourceServers', `${show(servers)} is not a list of resource servers`);
  }
  checkQuota('resourceServers', servers.length, COGNITO_QUOTAS.resourceServers);
  const seen = new Set<string>();
  servers.forEach((server, i) => {
    const prop = `resourceServers[${i}]`;
    if (server === null || typeof server !== 'object') {
      throw new CognitoAuthError(
        prop,
        `${show(server)} is not a resource server; give { identifier, scopes }`,
      );
    }
    checkName(`${prop}.name`, server.name, RESOURCE_SERVER_NAME);
    if (isToken(server.identifier)) return;
    checkName(`${prop}.identifier`, server.identifier, RESOURCE_SERVER_IDENTIFIER);
    if (seen.has(server.identifier)) {
      throw new CognitoAuthError(
        `${prop}.identifier`,
        `${show(server.identifier)} is declared twice; identifiers must be unique`,
      );
    }
    seen.add(server.identifier);
    if (!Array.isArray(server.scopes) || server.scopes.length === 0) {
      throw new CognitoAuthError(`${prop}.scopes`, 'is empty; a resource server defines at least one scope');
    }
    checkQuota(`${prop}.scopes`, server.scopes.length, COGNITO_QUOTAS.scopesPerResourceServer);
    const names = new Set<string>();
    server.scopes.forEach((scope, j) => {
      checkName(`${prop}.scopes[${j}].name`, scope?.name, SCOPE_NAME);
      if (names.has(scope.name)) {
        throw new CognitoAuthError(
          `${prop}.scopes[${j}].name`,
          `${show(scope.name)} is declared twice in ${show(server.identifier)}`,
        );
      }
      names.add(scope.name);
      if (scope.description === undefined) {
        throw new CognitoAuthError(
          `${prop}.scopes[${j}].description`,
          'is missing; say what the scope allows in 1 to 256 characters',
        );
      }
      checkName(`${prop}.scopes[${j}].description`, scope.description, SCOPE_DESCRIPTION);
    });
  });
}
