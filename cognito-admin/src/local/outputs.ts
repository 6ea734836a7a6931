/**
 * Writes the client configuration of the local stack (`.local/outputs.json`), in the same shape as the
 * deployed stack's `ClientConfiguration` output: the template's output, resolved with the local ids.
 * What does not exist locally (identity pool, domain, group roles) is left out rather than invented,
 * and `custom.cognito_auth.endpoint` names the emulator.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLIENT_CONFIG_VERSION, ClientConfiguration, ClientOutputs } from '../../../lib/client-config';
import { IntrinsicLookup, resolveString } from './intrinsics';
import type { ProvisionedPool } from './provision';
import type { StackModel } from './template';

/** File name of the client configuration, inside the local directory. */
export const OUTPUTS_FILE = 'outputs.json';

/** The outcome of `localClientConfiguration`. */
export interface LocalOutputs {
  readonly configuration: ClientConfiguration;
  /** Paths of the values that were left out, e.g. `auth.identity_pool_id`. */
  readonly omitted: string[];
}

/** Stands for a reference without a local value while the output is resolved. */
const MARK = '<no local value>';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function isJsonObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Removes every value that holds an unresolved reference; returns their paths. */
function prune(value: Json, at: string, omitted: string[]): Json | undefined {
  if (typeof value === 'string') {
    if (!value.includes(MARK)) return value;
    omitted.push(at);
    return undefined;
  }
  if (Array.isArray(value)) {
    const out: Json[] = [];
    value.forEach((item, i) => {
      const kept = prune(item, `${at}[${i}]`, omitted);
      if (kept !== undefined) out.push(kept);
    });
    return out;
  }
  if (isJsonObject(value)) {
    const out: { [key: string]: Json } = {};
    for (const [key, item] of Object.entries(value)) {
      const kept = prune(item, at ? `${at}.${key}` : key, omitted);
      if (kept !== undefined) out[key] = kept;
    }
    return out;
  }
  return value;
}

function drop(object: { [key: string]: Json } | undefined, key: string, at: string, omitted: string[]): void {
  if (object && key in object) {
    delete object[key];
    omitted.push(at);
  }
}

/** The WebAuthn relying-party id of local mode: pages are served from localhost. */
export const LOCAL_RELYING_PARTY_ID = 'localhost';

/**
 * The client configuration for the local stack.
 * @param lookup resolves the template's references to local values
 * @param endpoint the local endpoint
 * @param hostedUiDomain the local hosted UI's domain (`localhost:<port>`); without it the `oauth`
 *   section is left out
 */
export function localClientConfiguration(
  model: StackModel,
  pools: ProvisionedPool[],
  lookup: IntrinsicLookup,
  endpoint: string,
  hostedUiDomain?: string,
): LocalOutputs {
  const omitted: string[] = [];
  if (model.clientConfiguration === undefined)
    return { configuration: fallback(model, pools, endpoint), omitted };
  const marking: IntrinsicLookup = {
    ref: (id) => lookup.ref(id) ?? MARK,
    getAtt: (id, attribute) => lookup.getAtt(id, attribute) ?? MARK,
  };
  const text = resolveString(model.clientConfiguration, marking).value;
  if (text === undefined) return { configuration: fallback(model, pools, endpoint), omitted };
  let parsed: Json;
  try {
    parsed = JSON.parse(text) as Json;
  } catch {
    return { configuration: fallback(model, pools, endpoint), omitted };
  }
  if (!isJsonObject(parsed)) return { configuration: fallback(model, pools, endpoint), omitted };

  // The domain is the local hosted UI's; identity pools are kept when the lookup gives them local ids.
  const auth = isJsonObject(parsed.auth) ? parsed.auth : undefined;
  const custom = isJsonObject(parsed.custom) ? parsed.custom : undefined;
  const own = custom && isJsonObject(custom.cognito_auth) ? custom.cognito_auth : undefined;
  if (hostedUiDomain) {
    if (auth && isJsonObject(auth.oauth)) auth.oauth.domain = hostedUiDomain;
    if (own && isJsonObject(own.domain)) {
      own.domain = { domain: hostedUiDomain, base_url: `https://${hostedUiDomain}`, custom: false };
    }
  } else {
    drop(auth, 'oauth', 'auth.oauth', omitted);
    drop(own, 'domain', 'custom.cognito_auth.domain', omitted);
  }

  // Passkeys made locally are bound to the local host, whatever relying-party id the pool has.
  if (auth && isJsonObject(auth.passwordless) && isJsonObject(auth.passwordless.web_authn)) {
    auth.passwordless.web_authn.relying_party_id = LOCAL_RELYING_PARTY_ID;
  }
  if (own && isJsonObject(own.passkeys)) own.passkeys.relying_party_id = LOCAL_RELYING_PARTY_ID;

  const pruned = prune(parsed, '', omitted) as { [key: string]: Json };
  const configuration = pruned as unknown as ClientConfiguration;
  return {
    configuration: {
      ...configuration,
      custom: {
        ...configuration.custom,
        cognito_auth: { ...configuration.custom.cognito_auth, endpoint },
      },
    },
    omitted,
  };
}

/** A minimal configuration for a stack without a `ClientConfiguration` output. */
function fallback(model: StackModel, pools: ProvisionedPool[], endpoint: string): ClientConfiguration {
  const pool = pools[0];
  if (!pool) throw new Error(`stack ${model.stackName} has no user pool`);
  const clients: Record<string, ClientOutputs> = {};
  for (const c of pool.clients) {
    clients[c.clientName] = {
      client_id: c.clientId,
      kind: 'custom',
      auth_flows: c.explicitAuthFlows,
      oauth_flows: [],
      scopes: [],
      has_secret: c.hasSecret,
    };
  }
  const main = pool.clients.find((c) => !c.hasSecret) ?? pool.clients[0];
  return {
    version: CLIENT_CONFIG_VERSION,
    auth: {
      aws_region: model.region,
      user_pool_id: pool.id,
      user_pool_client_id: main?.clientId ?? '',
      groups: pool.groups.map((g) => ({
        [g.name]: g.precedence !== undefined ? { precedence: g.precedence } : {},
      })),
    },
    custom: {
      cognito_auth: {
        endpoint,
        ...(pool.arn ? { user_pool_arn: pool.arn } : {}),
        ...(main ? { default_client: main.clientName } : {}),
        clients,
        groups: pool.groups,
      },
    },
  };
}

/** Writes the configuration to `<dir>/outputs.json`; returns the file's path. */
export function writeOutputs(dir: string, configuration: ClientConfiguration): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, OUTPUTS_FILE);
  fs.writeFileSync(file, `${JSON.stringify(configuration, null, 2)}\n`);
  return file;
}
