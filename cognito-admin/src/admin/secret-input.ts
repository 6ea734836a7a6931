import { AdminError, EXIT_USAGE } from './errors';

/** Where a secret (a password, a client secret) can come from, most explicit first. */
export interface SecretSources {
  /** Name of the flag that carries the secret itself, e.g. `--password`. */
  readonly flag: string;
  /** The flag's value, if given. On the command line a secret is seen by `ps` and kept in shell history. */
  readonly flagValue?: string;
  /** Read it from standard input (`--password-stdin`, as `docker login --password-stdin`). */
  readonly fromStdin?: boolean;
  /** Name of the environment variable that may hold it, e.g. `COGNITO_ADMIN_PASSWORD`. */
  readonly envVar: string;
  /** Asks for it on the terminal, without echo; undefined when there is no terminal. */
  readonly prompt?: () => Promise<string>;
  /** When no source has it: a required secret is refused, an optional one is undefined. @default true */
  readonly required?: boolean;
}

/** What reading a secret needs from the process. */
export interface SecretIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdin: AsyncIterable<Buffer | string>;
  /** Prints a warning to standard error. */
  readonly warn: (message: string) => void;
}

/** Reads all of standard input; the final line break (LF or CRLF) is not part of the secret. */
async function readAll(stdin: AsyncIterable<Buffer | string>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/**
 * Reads a secret from, in order: standard input when asked for, the flag (with a warning, since command
 * lines are visible to other users and kept in shell history), the environment variable, the terminal
 * prompt. Standard input and the flag together are refused, and so is an empty secret from standard input.
 */
export async function readSecret(sources: SecretSources, io: SecretIo): Promise<string | undefined> {
  const stdinFlag = `${sources.flag}-stdin`;
  if (sources.fromStdin) {
    if (sources.flagValue !== undefined) {
      throw new AdminError(`${sources.flag} and ${stdinFlag} are both given; use one`, {
        exitCode: EXIT_USAGE,
      });
    }
    const value = await readAll(io.stdin);
    if (value === '') {
      throw new AdminError(
        `${stdinFlag}: standard input is empty; pipe the secret in, e.g. printf %s "$SECRET" | ...`,
        {
          exitCode: EXIT_USAGE,
        },
      );
    }
    return value;
  }
  if (sources.flagValue !== undefined) {
    io.warn(
      `warning: ${sources.flag} on the command line can be read by other users of this machine and is kept in shell history; prefer ${stdinFlag}, ${sources.envVar} or the prompt`,
    );
    return sources.flagValue;
  }
  const fromEnv = io.env[sources.envVar];
  if (fromEnv) return fromEnv;
  if (sources.prompt) return sources.prompt();
  if (sources.required === false) return undefined;
  throw new AdminError(
    `${sources.flag.replace(/^--/, '')} needed: give it on standard input (${stdinFlag}), in ${sources.envVar}, or run in a terminal to be asked`,
    { exitCode: EXIT_USAGE },
  );
}

/** Refuses two secrets on standard input in one command: there is only one standard input. */
export function oneStdinSecret(flags: Readonly<Record<string, boolean | undefined>>): void {
  const given = Object.entries(flags)
    .filter(([, on]) => on)
    .map(([name]) => name);
  if (given.length > 1) {
    throw new AdminError(
      `${given.join(' and ')} both read standard input; give one of the secrets another way`,
      {
        exitCode: EXIT_USAGE,
      },
    );
  }
}

/** The secret options of a command, as the CLI parses them. */
export interface AuthSecretOptions {
  readonly password?: string;
  readonly passwordStdin?: boolean;
  readonly newPassword?: string;
  readonly newPasswordStdin?: boolean;
  readonly clientSecret?: string;
  readonly clientSecretStdin?: boolean;
}

/**
 * How a command needs one secret: `'optional'` when it is used if some source has it, or the question to
 * ask on a terminal when the command cannot go on without it.
 */
export type SecretNeed = 'optional' | { readonly ask: string };

/** The secrets a command takes; one left out is not read at all. */
export interface AuthSecretNeeds {
  /** The password (`--password`, `--password-stdin`, `COGNITO_ADMIN_PASSWORD`). */
  readonly password?: SecretNeed;
  /** A new password (`--new-password`, `--new-password-stdin`, `COGNITO_ADMIN_NEW_PASSWORD`). */
  readonly newPassword?: SecretNeed;
  /** An app client's secret (`--client-secret`, `--client-secret-stdin`, `COGNITO_ADMIN_CLIENT_SECRET`). */
  readonly clientSecret?: SecretNeed;
}

/** The secrets read; those not needed, or optional and given nowhere, are undefined. */
export interface AuthSecrets {
  readonly password?: string;
  readonly newPassword?: string;
  readonly clientSecret?: string;
}

const SECRETS = [
  ['password', '--password', 'COGNITO_ADMIN_PASSWORD'],
  ['newPassword', '--new-password', 'COGNITO_ADMIN_NEW_PASSWORD'],
  ['clientSecret', '--client-secret', 'COGNITO_ADMIN_CLIENT_SECRET'],
] as const;

/**
 * The secrets of a command (a password, a new password, an app client's secret), each from standard
 * input, the flag (with a warning), the environment or, when `needs` gives a question and there is a
 * terminal (`io.prompt`), the prompt. At most one of them may come from standard input.
 */
export async function readAuthSecrets(
  options: AuthSecretOptions,
  needs: AuthSecretNeeds,
  io: SecretIo & { readonly prompt?: (question: string) => Promise<string> },
): Promise<AuthSecrets> {
  oneStdinSecret({
    '--password-stdin': options.passwordStdin,
    '--new-password-stdin': options.newPasswordStdin,
    '--client-secret-stdin': options.clientSecretStdin,
  });
  const read: Record<string, string | undefined> = {};
  for (const [key, flag, envVar] of SECRETS) {
    const need = needs[key];
    if (need === undefined) continue;
    const ask = need === 'optional' ? undefined : need.ask;
    const prompt = io.prompt;
    read[key] = await readSecret(
      {
        flag,
        flagValue: options[key],
        fromStdin: options[`${key}Stdin`],
        envVar,
        prompt: ask !== undefined && prompt ? () => prompt(ask) : undefined,
        required: ask !== undefined,
      },
      io,
    );
  }
  return read;
}
