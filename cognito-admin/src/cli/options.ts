/**
 * Option sets that several commands take, each written once with the type of the flags it adds.
 */
import { Command } from 'commander';

/** `--client`, `--client-id`, `--client-secret`, `--client-secret-stdin`: the app client of a user-side call. */
export interface ClientFlags {
  readonly client?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly clientSecretStdin?: boolean;
}

/** Adds the app-client options to a command. */
export function withClientOptions(command: Command): Command {
  return command
    .option(
      '--client <name-or-id>',
      'app client: a name of the configuration (web, scripts, ...) or a client id',
    )
    .option('--client-id <id>', 'app client id (same as --client)')
    .option(
      '--client-secret <secret>',
      'secret of a client that has one (SECRET_HASH is computed from it); prefer --client-secret-stdin or COGNITO_ADMIN_CLIENT_SECRET',
    )
    .option('--client-secret-stdin', 'read the client secret from standard input');
}

/** The client selection of the operations: the client from the flags, its secret as read (see `secrets`). */
export function clientOf(
  flags: ClientFlags,
  clientSecret: string | undefined,
): { client?: string; clientSecret?: string } {
  return { client: flags.client ?? flags.clientId, clientSecret };
}

/** `--access-token`, `--session`: whose tokens a signed-in user's call uses. */
export interface SessionFlags {
  readonly accessToken?: string;
  readonly session?: string;
}

/** Adds the session options (the saved tokens of `auth sign-in`, or a token given) to a command. */
export function withSessionOptions(command: Command): Command {
  return command
    .option('--access-token <token>', 'access token (default: the saved session)')
    .option('--session <file>', 'session file (default: ~/.config/cognito-admin/session.json)');
}

/** `--password`, `--password-stdin`. */
export interface PasswordFlags {
  readonly password?: string;
  readonly passwordStdin?: boolean;
}

/** `--new-password`, `--new-password-stdin`. */
export interface NewPasswordFlags {
  readonly newPassword?: string;
  readonly newPasswordStdin?: boolean;
}

/** Adds `--password` and `--password-stdin` to a command. */
export function withPasswordOption(command: Command, what = 'password'): Command {
  return command
    .option(
      '--password <password>',
      `${what} (default: COGNITO_ADMIN_PASSWORD, else asked on the terminal); prefer --password-stdin`,
    )
    .option('--password-stdin', `read the ${what} from standard input`);
}

/** Adds `--new-password` and `--new-password-stdin` to a command. */
export function withNewPasswordOption(command: Command, what = 'new password'): Command {
  return command
    .option(
      '--new-password <password>',
      `${what} (default: COGNITO_ADMIN_NEW_PASSWORD, else asked on the terminal); prefer --new-password-stdin`,
    )
    .option('--new-password-stdin', `read the ${what} from standard input`);
}
