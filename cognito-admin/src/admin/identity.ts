import { GetCredentialsForIdentityCommand, GetIdCommand } from '@aws-sdk/client-cognito-identity';
import { AdminContext, regionOfPoolId } from './context';
import { AdminError, errorName, EXIT_USAGE, messageOf } from './errors';
import { decodeJwt } from './tokens';

/** Options of {@link getIdentityCredentials}. */
export interface IdentityCredentialsOptions {
  /** ID token of a signed-in user. */
  readonly idToken: string;
  /** @default - the configuration's identity pool */
  readonly identityPoolId?: string;
  /**
   * Role to ask for (CustomRoleArn): one of the roles the token allows (`cognito:roles`), when the
   * identity pool takes roles from the token.
   */
  readonly roleArn?: string;
}

/** Temporary AWS credentials of a user, and the role they are for. */
export interface IdentityCredentials {
  readonly identityId: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration?: Date;
  /** The role, when it can be known: GetCredentialsForIdentity does not return it. */
  readonly roleArn?: string;
  /** Where `roleArn` comes from. */
  readonly roleSource: string;
  /**
   * The session tags (principal tags for attribute-based access control), when the credentials name
   * them: local mode's do (`tags=` in the session token); AWS's do not return them.
   */
  readonly principalTags?: Readonly<Record<string, string>>;
}

/** The session tags a local-mode session token names (`...;tags=<URL-encoded query string>`), if any. */
export function sessionTagsOf(sessionToken: string): Record<string, string> | undefined {
  if (!sessionToken.startsWith('local-mode-fake-session;')) return undefined;
  const part = sessionToken.split(';').find((p) => p.startsWith('tags='));
  if (!part) return {};
  return Object.fromEntries(new URLSearchParams(decodeURIComponent(part.slice('tags='.length))));
}

/**
 * Exchanges a user-pool ID token for temporary AWS credentials through the identity pool (enhanced flow:
 * GetId, then GetCredentialsForIdentity with the token as the `cognito-idp.<region>.amazonaws.com/<pool>`
 * login).
 */
export async function getIdentityCredentials(
  ctx: AdminContext,
  options: IdentityCredentialsOptions,
): Promise<IdentityCredentials> {
  const claims = decodeJwt(options.idToken);
  const config = ctx.config;
  const identityPoolId =
    options.identityPoolId ??
    config?.auth.identity_pool_id ??
    config?.custom?.cognito_auth?.identity_pool?.id;
  if (!identityPoolId) {
    throw new AdminError(
      'no identity pool: pass --identity-pool-id, or --config with a client configuration that has one',
      {
        exitCode: EXIT_USAGE,
      },
    );
  }
  const issuer = typeof claims.iss === 'string' ? claims.iss : undefined;
  const poolFromIssuer = issuer?.split('/').pop();
  const userPoolId = config?.auth.user_pool_id ?? poolFromIssuer;
  if (!userPoolId) throw new AdminError('the ID token has no issuer and no --config names the user pool');
  const provider = `cognito-idp.${regionOfPoolId(userPoolId) ?? ctx.region}.amazonaws.com/${userPoolId}`;
  const Logins = { [provider]: options.idToken };
  const identity = ctx.identity();
  let identityId: string | undefined;
  let out;
  try {
    identityId = (
      await ctx.pacer.run('IdentityPool', () =>
        identity.send(new GetIdCommand({ IdentityPoolId: identityPoolId, Logins })),
      )
    ).IdentityId;
    if (!identityId) throw new AdminError('GetId returned no identity id');
    const id = identityId;
    out = await ctx.pacer.run('IdentityPool', () =>
      identity.send(
        new GetCredentialsForIdentityCommand({ IdentityId: id, Logins, CustomRoleArn: options.roleArn }),
      ),
    );
  } catch (err) {
    if (err instanceof AdminError) throw err;
    const name = errorName(err);
    if (name === 'NotAuthorizedException' || name === 'InvalidParameterException') {
      throw new AdminError(
        `the identity pool ${identityPoolId} refused the token for ${provider}: ${messageOf(err)}`,
        { cause: err },
      );
    }
    throw err;
  }
  const credentials = out.Credentials;
  if (!credentials?.AccessKeyId || !credentials.SecretKey || !credentials.SessionToken) {
    throw new AdminError('GetCredentialsForIdentity returned no credentials');
  }
  const preferred = claims['cognito:preferred_role'];
  let roleArn: string | undefined;
  let roleSource: string;
  if (options.roleArn) {
    roleArn = options.roleArn;
    roleSource = 'requested with --role-arn (CustomRoleArn)';
  } else if (typeof preferred === 'string') {
    roleArn = preferred;
    roleSource =
      "the ID token's cognito:preferred_role (the group role), which the identity pool uses when its role mapping takes roles from the token";
  } else {
    roleArn = config?.custom?.cognito_auth?.identity_pool?.authenticated_role_arn;
    roleSource = roleArn
      ? "the identity pool's authenticated role from the client configuration (the token names no group role)"
      : 'unknown: GetCredentialsForIdentity does not return the role and the token names no group role';
  }
  return {
    identityId: out.IdentityId ?? identityId,
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretKey,
    sessionToken: credentials.SessionToken,
    expiration: credentials.Expiration,
    roleArn,
    roleSource,
    ...(sessionTagsOf(credentials.SessionToken)
      ? { principalTags: sessionTagsOf(credentials.SessionToken) }
      : {}),
  };
}
