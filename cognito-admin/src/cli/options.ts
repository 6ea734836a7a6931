/**
 * Option sets that several commands take, each written once with the type of the flags it adds.
 */
import { Command } from 'commander';

/** `--client`, `--client-id`, `--client-secret`: the app client of a user-side call. */
export interface ClientFlags {
  readonly client?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
}

/** Adds the app-client options to a command. */
export function withClientOptions(command: Command): Command {
  return command
    .option(
      '--client <name-or-id>',
      'app client: a name of the configuration (web, scripts, ...) or a client id',
    )
    .option('--client-id <id>', 'app client id (same as --client)')
    .option('--client-secret <secret>', 'secret of a client that has one (SECRET_HASH is computed from it)');
}

/** The client selection of the operations from the flags (and COGNITO_ADMIN_CLIENT_SECRET). */
export function clientOf(flags: ClientFlags): { client?: string; clientSecret?: string } {
  return {
    client: flags.client ?? flags.clientId,
    clientSecret: flags.clientSecret ?? process.env.COGNITO_ADMIN_CLIENT_SECRET,
  };
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

/** Adds `--password` to a command. */
export function withPasswordOption(command: Command, what = 'password'): Command {
  return command.option(
    '--password <password>',
    `${what} (default: COGNITO_ADMIN_PASSWORD, else asked on the terminal)`,
  );
}

/** Adds `--new-password` to a command. */
export function withNewPasswordOption(command: Command, what = 'new password'): Command {
  return command.option(
    '--new-password <password>',
    `${what} (default: COGNITO_ADMIN_NEW_PASSWORD, else asked on the terminal)`,
  );
}
