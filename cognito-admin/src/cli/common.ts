/**
 * What every command group shares: the global options, the context they resolve to, printing, exit
 * codes and argument parsers. Only commander and types are loaded here; the SDK and the operations are
 * loaded by the command that needs them, so that `--help` starts in about the time of a bare `node`.
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import type { AdminContext } from '../admin/context';
import { safeTerminal } from './terminal-safe';

/** Options every command takes (the program's own). */
export interface GlobalOptions {
  readonly userPoolId?: string;
  readonly config?: string;
  readonly stack?: string;
  readonly region?: string;
  readonly profile?: string;
  readonly endpoint?: string;
  readonly trustConfigEndpoint?: boolean;
  readonly json?: boolean;
  readonly rate?: string;
  readonly maxAttempts?: string;
}

/** Exit code for a usage error (an unknown command or option, a missing value). */
export const EXIT_USAGE = 2;
/** Exit code after Ctrl-C, as shells report SIGINT. */
export const EXIT_INTERRUPTED = 130;

/** Writes a result line to stdout; control characters and escape sequences from user data are escaped. */
export function out(text: string): void {
  const safe = safeTerminal(text);
  process.stdout.write(safe.endsWith('\n') ? safe : `${safe}\n`);
}

/** Writes a message to stderr (results stay alone on stdout), escaped as `out` does. */
export function note(text: string): void {
  process.stderr.write(`${safeTerminal(text)}\n`);
}

/** A usage error: printed as `cognito-admin: <message>`, exit code 2. */
export function usageError(message: string): CommanderError {
  return new CommanderError(EXIT_USAGE, 'cognito-admin.invalidArgument', message);
}

/** The program's options, seen from any command. */
export function globals(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

/** True when results are to be printed as JSON (`--json`). */
export function json(command: Command): boolean {
  return globals(command).json === true;
}

/** Parser of a whole-number option with a lower bound. */
export function integer(name: string, min: number): (value: string) => number {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new InvalidArgumentError(`${name} must be a whole number >= ${min}`);
    return n;
  };
}

/** Parser of a repeatable option: every value, in order. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `name=value` pairs (repeatable `--attribute`, `-c`) as a record; a pair without `=` is a usage error. */
export function pairs(flag: string, values: readonly string[] | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const pair of values ?? []) {
    const at = pair.indexOf('=');
    if (at < 1) throw usageError(`${flag} ${pair} is not name=value`);
    record[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return record;
}

function maxAttempts(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw usageError(`--max-attempts ${value} must be a whole number >= 1`);
  return n;
}

/** Resolves the global options into the operations' context (loads the SDK). */
export async function context(command: Command): Promise<AdminContext> {
  const g = globals(command);
  const [{ createAdminContext }, { parseRates }] = await Promise.all([
    import('../admin/context'),
    import('../admin/quotas'),
  ]);
  let retries = 0;
  return createAdminContext({
    userPoolId: g.userPoolId,
    config: g.config,
    stack: g.stack,
    region: g.region,
    profile: g.profile,
    endpoint: g.endpoint,
    trustConfigEndpoint: g.trustConfigEndpoint,
    pacer: {
      rates: g.rate ? parseRates(g.rate) : undefined,
      maxAttempts: g.maxAttempts ? maxAttempts(g.maxAttempts) : undefined,
      onRetry: (event) => {
        retries++;
        if (retries === 1 || retries % 50 === 0) {
          note(`retrying ${event.category} calls after ${event.error} (${retries} retries so far)`);
        }
      },
    },
  });
}

/** Prints `value` as JSON with `--json`, else the human text. */
export async function printValue(command: Command, value: unknown, human: () => string): Promise<void> {
  if (json(command)) {
    const { formatJson } = await import('./output');
    out(formatJson(value));
  } else {
    out(human());
  }
}
