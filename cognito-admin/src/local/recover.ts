/**
 * Finds a pool of an earlier run again when the local state does not name it (the state file was lost,
 * is corrupt, or names a pool the emulator no longer has): by the pool's name, which local mode gives
 * every pool it creates, and its clients by their names. A pool that holds users is never silently
 * replaced by an empty one: when the name is ambiguous, local mode stops and says how to recover.
 */
import {
  CognitoIdentityProviderClient,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  UserPoolDescriptionType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { PoolState } from './state';

/** Raised when the emulator holds several pools that could be this stack's. */
export class AmbiguousPoolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AmbiguousPoolError';
  }
}

async function poolsNamed(
  cognito: CognitoIdentityProviderClient,
  name: string,
): Promise<UserPoolDescriptionType[]> {
  const out: UserPoolDescriptionType[] = [];
  let token: string | undefined;
  do {
    const page = await cognito.send(new ListUserPoolsCommand({ MaxResults: 60, NextToken: token }));
    out.push(...(page.UserPools ?? []).filter((p) => p.Name === name));
    token = page.NextToken;
  } while (token);
  return out;
}

/**
 * The state of the existing pool called `name`, with the ids of its clients matched by client name
 * (`clientNames`: logical id → client name); undefined when there is no such pool.
 * @param where the data directory, for the message when several pools have the name
 */
export async function findPoolByName(
  cognito: CognitoIdentityProviderClient,
  name: string,
  clientNames: Readonly<Record<string, string>>,
  where: string,
): Promise<PoolState | undefined> {
  const found = await poolsNamed(cognito, name);
  if (found.length === 0) return undefined;
  if (found.length > 1) {
    throw new AmbiguousPoolError(
      `the local state does not name this stack's user pool, and the emulator's data in ${where} holds ${found.length} pools named ${name} ` +
        `(${found.map((p) => p.Id).join(', ')}); local mode will not guess which one holds your users. ` +
        'Restore state.json from a backup, or start with --reset to begin with an empty pool (every local user is deleted).',
    );
  }
  const id = found[0].Id!;
  const clients =
    (await cognito.send(new ListUserPoolClientsCommand({ UserPoolId: id, MaxResults: 60 })))
      .UserPoolClients ?? [];
  const ids: Record<string, string> = {};
  for (const [logicalId, clientName] of Object.entries(clientNames)) {
    const matches = clients.filter((c) => c.ClientName === clientName);
    if (matches.length === 1 && matches[0].ClientId) ids[logicalId] = matches[0].ClientId;
  }
  return { id, clients: ids, groups: [] };
}
