/**
 * cognito-admin: user management for Amazon Cognito user pools (CSV import, users, groups, a user's
 * flows, identity-pool credentials) on the AWS SDK, against AWS or a local emulator (`--endpoint`); and
 * `cognito-admin local`, a CDK app's Cognito stack on the local emulator.
 *
 * Start-up is kept short: only commander and the command modules (which load nothing else) are loaded to
 * parse the command line; the SDK and the operations are loaded by the command that needs them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, CommanderError } from 'commander';
import { registerAuth } from './auth';
import { EXIT_USAGE, note } from './common';
import { registerGroups } from './groups';
import { registerIdentity } from './identity';
import { registerLocal } from './local';
import { repairNpmArgv } from './npm-flags';
import { registerUsers } from './users';

/** The version of this package (its package.json, found from the source or the compiled file). */
export function version(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!fs.existsSync(file)) continue;
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'cognito-admin' && pkg.version) return pkg.version;
  }
  return '0.0.0';
}

/** The program with every command group. */
export function buildProgram(): Command {
  const program = new Command('cognito-admin')
    .description(
      'Manage the users of an Amazon Cognito user pool: CSV import, users, groups, sign-up and sign-in, identity-pool credentials;\n' +
        'and run a CDK app that uses CognitoAuth locally (cognito-admin local).\n' +
        'Point it at a pool with --user-pool-id or --config (a client configuration or a cdk outputs file).',
    )
    .version(version())
    .option('--user-pool-id <id>', 'user pool id (default: from --config)')
    .option(
      '--config <file>',
      'client configuration file (.local/outputs.json) or a `cdk deploy --outputs-file` file',
    )
    .option('--stack <name>', 'stack to read when the outputs file has several')
    .option('--region <region>', 'AWS Region (default: from --config, the pool id, or AWS_REGION)')
    .option('--profile <name>', 'AWS profile of the shared config files')
    .option('--endpoint <url>', 'Cognito endpoint, e.g. a local emulator (http://localhost:9229)')
    .option(
      '--trust-config-endpoint',
      "accept a --config file's endpoint that is neither AWS nor this machine for a real-looking pool",
    )
    .option('--json', 'print results as JSON')
    .option(
      '--rate <rates>',
      'requests per second by quota category, e.g. UserCreation=50,UserUpdate=25,UserList=30 (0 = no limit)',
    )
    .option('--max-attempts <n>', 'attempts per call on throttling and transient errors (default 8)');

  registerUsers(program);
  registerGroups(program);
  registerAuth(program);
  registerIdentity(program);
  registerLocal(program);

  // Every command: errors exit through main (no process.exit in commander), with the usage after them.
  const configure = (c: Command): void => {
    c.exitOverride().showHelpAfterError().showSuggestionAfterError();
    c.commands.forEach(configure);
  };
  configure(program);
  return program;
}

function isSdkError(err: unknown): boolean {
  return (
    err instanceof Error && ('$metadata' in err || '$fault' in err || err.name === 'CredentialsProviderError')
  );
}

/** Runs the command line; sets `process.exitCode` (0, 1, 2 usage, 130 interrupted). */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  const repaired = repairNpmArgv(argv, process.env);
  for (const line of repaired.notes) note(`cognito-admin: ${line}`);
  if (repaired.error) {
    note(`cognito-admin: ${repaired.error}`);
    process.exitCode = EXIT_USAGE;
    return;
  }
  try {
    await program.parseAsync(repaired.argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      if (['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(err.code)) {
        process.exitCode = 0;
        return;
      }
      if (err.code.startsWith('cognito-admin.')) note(`cognito-admin: ${err.message}`);
      process.exitCode = err.exitCode === 1 ? EXIT_USAGE : err.exitCode;
      return;
    }
    const errors = await import('../admin/errors');
    if (err instanceof errors.AdminError) {
      note(`cognito-admin: ${err.message}`);
      process.exitCode = err.exitCode;
    } else if (isSdkError(err) || (err instanceof Error && 'code' in err && 'syscall' in err)) {
      note(`cognito-admin: ${errors.messageOf(err)}`);
      process.exitCode = 1;
    } else {
      note(`cognito-admin: unexpected error`);
      note(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exitCode = 1;
    }
  }
}
