import * as cognito from 'aws-cdk-lib/aws-cognito';
import { isToken } from '../private/validate';
import { resourceServerNameFor } from '../shared';
import { ResourceServerDefinition } from './resource-server';

/** Adds a resource server to the pool, as `ResourceServer-<identifier>`. */
export function createResourceServer(
  userPool: cognito.UserPool,
  server: ResourceServerDefinition,
): cognito.UserPoolResourceServer {
  return userPool.addResourceServer(`ResourceServer-${server.identifier}`, {
    identifier: server.identifier,
    // An identifier written as a URL (as Cognito's docs suggest) is not a valid Name: see resourceServerNameFor.
    userPoolResourceServerName:
      server.name ??
      (isToken(server.identifier) ? server.identifier : resourceServerNameFor(server.identifier)),
    scopes: server.scopes.map(
      (s) => new cognito.ResourceServerScope({ scopeName: s.name, scopeDescription: s.description }),
    ),
  });
}
