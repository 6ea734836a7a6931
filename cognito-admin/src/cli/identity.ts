/** `cognito-admin identity ...`: AWS credentials from the identity pool for a signed-in user. */
import { Command } from 'commander';
import { context, json, note, out, printValue } from './common';
import { safeInline } from './terminal-safe';

/** Options of `identity credentials`. */
interface CredentialsFlags {
  readonly idToken?: string;
  readonly session?: string;
  readonly identityPoolId?: string;
  readonly roleArn?: string;
  readonly export?: boolean;
}

async function credentials(options: CredentialsFlags, command: Command): Promise<void> {
  const ctx = await context(command);
  const { getIdentityCredentials } = await import('../admin/identity');
  const tokens = await import('../admin/tokens');
  const idToken =
    options.idToken ?? tokens.loadSession(options.session ?? tokens.defaultSessionFile()).idToken;
  const creds = await getIdentityCredentials(ctx, {
    idToken,
    identityPoolId: options.identityPoolId,
    roleArn: options.roleArn,
  });
  if (options.export && !json(command)) {
    out(
      [
        `export AWS_ACCESS_KEY_ID=${creds.accessKeyId}`,
        `export AWS_SECRET_ACCESS_KEY=${creds.secretAccessKey}`,
        `export AWS_SESSION_TOKEN=${creds.sessionToken}`,
      ].join('\n'),
    );
    note(
      `role: ${creds.roleArn ?? 'unknown'} (${creds.roleSource}); expires ${creds.expiration?.toISOString() ?? 'unknown'}`,
    );
    if (creds.principalTags) {
      note(
        `principal tags: ${
          Object.entries(creds.principalTags)
            .map(([k, v]) => `${safeInline(k)}=${safeInline(v)}`)
            .join(', ') || 'none'
        }`,
      );
    }
    return;
  }
  await printValue(command, creds, () =>
    [
      `identity: ${creds.identityId}`,
      `access key id: ${creds.accessKeyId}`,
      `expires: ${creds.expiration?.toISOString() ?? 'unknown'}`,
      `role: ${creds.roleArn ?? 'unknown'}`,
      `  (${creds.roleSource})`,
      ...(creds.principalTags
        ? [
            `principal tags: ${
              Object.entries(creds.principalTags)
                .map(([k, v]) => `${safeInline(k)}=${safeInline(v)}`)
                .join(', ') || 'none'
            }`,
          ]
        : []),
      'secret and session token: use --export or --json',
    ].join('\n'),
  );
}

/** Registers `identity` and its commands. */
export function registerIdentity(program: Command): void {
  const identity = program
    .command('identity')
    .description('identity pool: AWS credentials for a signed-in user');
  identity
    .command('credentials')
    .description('exchange an ID token for temporary AWS credentials (GetId, GetCredentialsForIdentity)')
    .option('--id-token <token>', 'ID token (default: the saved session)')
    .option('--session <file>', 'session file (default: ~/.config/cognito-admin/session.json)')
    .option('--identity-pool-id <id>', 'identity pool id (default: from --config)')
    .option('--role-arn <arn>', 'role to ask for, when the token allows several (CustomRoleArn)')
    .option('--export', 'print shell export lines with the credentials')
    .action(credentials);
}
