import type { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { ClientConfiguration } from '../../../lib/client-config';
import { loadClientConfiguration } from './config-file';
import { checkConfigEndpoint } from './endpoint-trust';
import { AdminError, EXIT_USAGE } from './errors';
import { Pacer, PacerOptions } from './pacer';
import { categoryOf } from './quotas';

/** Credentials the operations use when they talk to a local emulator and no others are configured. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/** Where and how the operations reach Cognito. */
export interface AdminContextOptions {
  /** User pool id. @default - `auth.user_pool_id` of the configuration */
  readonly userPoolId?: string;
  /** A client configuration, or the path of a client configuration or `cdk deploy --outputs-file` file. */
  readonly config?: string | ClientConfiguration;
  /** Stack whose outputs to read when `config` is an outputs file with several stacks. */
  readonly stack?: string;
  /**
   * AWS Region.
   * @default - the configuration's region, else the pool id's prefix, else AWS_REGION / AWS_DEFAULT_REGION
   */
  readonly region?: string;
  /** Named profile of the shared AWS config files. */
  readonly profile?: string;
  /** Cognito API endpoint, e.g. a local emulator. @default - the configuration's `endpoint`, else AWS */
  readonly endpoint?: string;
  /** Explicit credentials. @default - the SDK's default chain; dummy credentials for an endpoint when none are set */
  readonly credentials?: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  };
  /** A pacer to share, or options for a new one. */
  readonly pacer?: Pacer | PacerOptions;
  /** Environment to read AWS_* variables from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Accept an endpoint from the configuration file that is neither AWS nor this machine for a pool whose
   * id looks like a real one (see `checkConfigEndpoint`).
   * @default false
   */
  readonly trustConfigEndpoint?: boolean;
}

/** Everything an operation needs: the resolved pool, Region, endpoint, clients and pacer. */
export interface AdminContext {
  readonly region: string;
  readonly endpoint?: string;
  readonly config?: ClientConfiguration;
  readonly pacer: Pacer;
  /** User-pool API client; every call through it is paced and retried by `pacer`. */
  readonly idp: CognitoIdentityProviderClient;
  /** The user pool id, or an error that says how to give one. */
  userPoolId(): string;
  /** Identity-pool API client (created on first use). */
  identity(): CognitoIdentityClient;
}

const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** The Region encoded in a user pool id (`eu-west-1_AbC123` → `eu-west-1`), if it looks like one. */
export function regionOfPoolId(userPoolId: string | undefined): string | undefined {
  const prefix = userPoolId?.split('_')[0];
  return prefix && REGION_PATTERN.test(prefix) ? prefix : undefined;
}

/**
 * Adds the pacer to a client's middleware stack, outermost, so that every command the client sends is
 * paced by its quota category and retried (the SDK's own retries are switched off with `maxAttempts: 1`).
 */
export function attachPacer(client: CognitoIdentityProviderClient, pacer: Pacer): void {
  client.middlewareStack.add(
    (next, context) => async (args) => pacer.run(categoryOf(context.commandName ?? ''), () => next(args)),
    { step: 'initialize', priority: 'high', name: 'cognitoAdminPacer' },
  );
}

/** Resolves options (flags, configuration file, environment) into a ready context. */
export function createAdminContext(options: AdminContextOptions = {}): AdminContext {
  const env = options.env ?? process.env;
  const config =
    typeof options.config === 'string'
      ? loadClientConfiguration(options.config, options.stack)
      : options.config;
  const poolId = options.userPoolId ?? config?.auth.user_pool_id;
  const configEndpoint = config?.custom?.cognito_auth?.endpoint;
  const endpoint = options.endpoint ?? configEndpoint;
  if (options.endpoint === undefined && configEndpoint !== undefined) {
    const source = typeof options.config === 'string' ? options.config : 'the client configuration';
    checkConfigEndpoint(poolId, configEndpoint, source, options.trustConfigEndpoint === true);
  }
  const region =
    options.region ??
    config?.auth.aws_region ??
    regionOfPoolId(poolId) ??
    env.AWS_REGION ??
    env.AWS_DEFAULT_REGION ??
    (endpoint ? 'us-east-1' : undefined);
  if (!region) {
    throw new AdminError('no AWS Region: pass --region, --config, or set AWS_REGION', {
      exitCode: EXIT_USAGE,
    });
  }
  const profile = options.profile;
  const useLocalCredentials =
    !options.credentials && endpoint !== undefined && !env.AWS_ACCESS_KEY_ID && !profile && !env.AWS_PROFILE;
  const credentials = options.credentials ?? (useLocalCredentials ? LOCAL_CREDENTIALS : undefined);
  const pacer = options.pacer instanceof Pacer ? options.pacer : new Pacer(options.pacer);
  const clientConfig = {
    region,
    ...(endpoint ? { endpoint } : {}),
    ...(credentials ? { credentials } : {}),
    ...(profile ? { profile } : {}),
    maxAttempts: 1,
  };
  const idp = new CognitoIdentityProviderClient(clientConfig);
  attachPacer(idp, pacer);
  let identity: CognitoIdentityClient | undefined;
  return {
    region,
    endpoint,
    config,
    pacer,
    idp,
    userPoolId() {
      if (!poolId) {
        throw new AdminError('no user pool: pass --user-pool-id or --config <client configuration file>', {
          exitCode: EXIT_USAGE,
        });
      }
      return poolId;
    },
    identity() {
      if (!identity) {
        // Loaded on first use: most commands never need the identity-pool client.
        type Sdk = typeof import('@aws-sdk/client-cognito-identity');
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const sdk: Sdk = require('@aws-sdk/client-cognito-identity');
        identity = new sdk.CognitoIdentityClient({ ...clientConfig, maxAttempts: 1 });
      }
      return identity;
    },
  };
}
