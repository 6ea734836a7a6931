import * as fs from 'node:fs';
import { CLIENT_CONFIG_OUTPUT, ClientConfiguration, ClientOutputs } from '../../../lib/client-config';
import { AdminError, EXIT_USAGE } from './errors';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isClientConfiguration(value: unknown): value is ClientConfiguration {
  if (!isRecord(value) || !isRecord(value.auth)) return false;
  return typeof value.auth.user_pool_id === 'string' && typeof value.auth.aws_region === 'string';
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new AdminError(`${where} is not valid JSON: ${(err as Error).message}`, { exitCode: EXIT_USAGE });
  }
}

/** The client configuration carried by one stack's outputs, or `undefined`. */
function fromStackOutputs(outputs: Record<string, unknown>): ClientConfiguration | undefined {
  const candidates: ClientConfiguration[] = [];
  const keys = Object.keys(outputs).sort((a, b) =>
    a === CLIENT_CONFIG_OUTPUT ? -1 : b === CLIENT_CONFIG_OUTPUT ? 1 : a.localeCompare(b),
  );
  for (const key of keys) {
    const value = outputs[key];
    if (typeof value !== 'string' || !key.includes(CLIENT_CONFIG_OUTPUT)) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      continue;
    }
    if (isClientConfiguration(parsed)) candidates.push(parsed);
  }
  return candidates[0];
}

/**
 * Reads a client configuration: either the file itself (`.local/outputs.json`, or a file written from
 * the `ClientConfiguration` stack output), or the file that `cdk deploy --outputs-file` writes
 * (`{ "<StackName>": { "ClientConfiguration": "<json>" } }`). When that file holds several stacks with a
 * client configuration, `stack` chooses one.
 */
export function loadClientConfiguration(file: string, stack?: string): ClientConfiguration {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new AdminError(`--config ${file} cannot be read: ${(err as NodeJS.ErrnoException).code ?? err}`, {
      exitCode: EXIT_USAGE,
    });
  }
  const value = parseJson(text, `--config ${file}`);
  if (isClientConfiguration(value)) return value;
  if (!isRecord(value)) {
    throw new AdminError(`--config ${file} is neither a client configuration nor a cdk outputs file`, {
      exitCode: EXIT_USAGE,
    });
  }
  const found = new Map<string, ClientConfiguration>();
  for (const [name, outputs] of Object.entries(value)) {
    if (!isRecord(outputs)) continue;
    const config = fromStackOutputs(outputs);
    if (config) found.set(name, config);
  }
  if (stack !== undefined) {
    const config = found.get(stack);
    if (!config) {
      const known = [...found.keys()];
      throw new AdminError(
        `--stack ${stack} has no ${CLIENT_CONFIG_OUTPUT} output in ${file}; ` +
          (known.length ? `stacks with one: ${known.join(', ')}` : 'no stack in the file has one'),
        { exitCode: EXIT_USAGE },
      );
    }
    return config;
  }
  if (found.size === 1) return [...found.values()][0];
  if (found.size === 0) {
    throw new AdminError(
      `--config ${file} is neither a client configuration nor a cdk outputs file with a ${CLIENT_CONFIG_OUTPUT} output`,
      { exitCode: EXIT_USAGE },
    );
  }
  throw new AdminError(
    `--config ${file} holds several stacks (${[...found.keys()].join(', ')}); choose one with --stack`,
    {
      exitCode: EXIT_USAGE,
    },
  );
}

/** A client of the configuration with its name. */
export interface NamedClient extends ClientOutputs {
  readonly name: string;
}

/**
 * Finds an app client by name (`web`, `public`, ...) or id in the configuration. Without a name, the
 * configuration's default client.
 */
export function findClient(config: ClientConfiguration, nameOrId?: string): NamedClient | undefined {
  const clients = config.custom?.cognito_auth?.clients ?? {};
  if (nameOrId === undefined) {
    const defaultName = config.custom?.cognito_auth?.default_client;
    if (defaultName && clients[defaultName]) return { name: defaultName, ...clients[defaultName] };
    const byId = Object.entries(clients).find(([, c]) => c.client_id === config.auth.user_pool_client_id);
    return byId ? { name: byId[0], ...byId[1] } : undefined;
  }
  if (clients[nameOrId]) return { name: nameOrId, ...clients[nameOrId] };
  const byId = Object.entries(clients).find(([, c]) => c.client_id === nameOrId);
  return byId ? { name: byId[0], ...byId[1] } : undefined;
}
