/**
 * `cognito-admin local`: a CDK app's Cognito stack on the local emulator, with its trigger code running
 * for real. Run in the folder of a CDK app that uses `CognitoAuth`: synthesizes the app of `cdk.json`
 * (or `--app`, or reads `--assembly`), stops on validation errors as `cdk synth` does, starts the local
 * Cognito endpoint (the front, with the hosted UI and the identity pool API) with the emulator behind it
 * and the Lambda endpoint, provisions the pool, clients and groups, writes `.local/outputs.json`, and
 * prints what runs, what still differs from AWS, and how to try it. Ctrl-C stops everything;
 * the data stays in `.local/` for the next run, `--reset` starts clean.
 *
 * Nothing of local mode (nor the AWS SDK) is loaded until the command runs.
 */
import * as path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import type { LocalStack } from '../local/start-local';
import { formatFindings } from '../local/synth';
import { collect, EXIT_INTERRUPTED, EXIT_USAGE, note, pairs, usageError } from './common';
import { safeTerminal } from './terminal-safe';

/** The default public port (cognito-local's), which SDKs and tools pointed at a local Cognito expect. */
const DEFAULT_PORT = 9229;

function port(flag: string): (value: string) => number {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > 65535) {
      throw new InvalidArgumentError(
        `${flag} ${value} is not a port; use a number from 1 to 65535 (0: any free port)`,
      );
    }
    return n;
  };
}

function rel(file: string): string {
  const r = path.relative(process.cwd(), file);
  if (r === '') return '.';
  return r.startsWith('..') || path.isAbsolute(r) ? file : r;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** What runs, what differs from AWS, and how to try it. */
export function describeLocal(local: LocalStack): string {
  const lines: string[] = [];
  const add = (label: string, value: string): void => {
    lines.push(`  ${label.padEnd(18)} ${value}`);
  };
  const pool = local.pools[0];
  const config = local.outputs.custom.cognito_auth;
  const clientName = (id: string): string =>
    Object.entries(config.clients ?? {}).find(([, c]) => c.client_id === id)?.[0] ?? id;

  lines.push(
    `Local mode: ${local.stackName} (${local.stage ? `stage ${local.stage}, ` : ''}region ${local.region})`,
    '',
    'Running',
  );
  add('Cognito endpoint', `${local.endpoint}   (user pool and identity pool APIs)`);
  add(
    'Cognito emulator',
    `${local.emulatorEndpoint}   (cognito-local, behind the endpoint; data in ${rel(path.join(local.dir, '.cognito'))})`,
  );
  add('Hosted UI', `${local.hostedUi}/oauth2/authorize   (HTTPS; certificate ${rel(local.certFile)})`);
  for (const [logicalId, id] of Object.entries(local.identityPools))
    add('Identity pool', `${id}   (${logicalId})`);
  add('Lambda endpoint', `${local.lambdaEndpoint}   (POST /2015-03-31/functions/{name}/invocations)`);
  for (const p of local.pools) {
    add('User pool', `${p.id}   ${p.created ? 'created' : 'reused from the last run, with its users'}`);
    add('Token issuer', `${local.issuer(p.id)}   (JWKS: ${local.issuer(p.id)}/.well-known/jwks.json)`);
    p.clients.forEach((c, i) => {
      const what = [
        c.hasSecret ? 'with secret' : 'public',
        c.explicitAuthFlows.map((f) => f.replace(/^ALLOW_/, '')).join(', ') || 'OAuth only',
      ].join('; ');
      add(i === 0 ? 'App clients' : '', `${clientName(c.clientId).padEnd(10)} ${c.clientId}   ${what}`);
    });
    add(
      'Groups',
      p.groups
        .map((g) => (g.precedence !== undefined ? `${g.name} (precedence ${g.precedence})` : g.name))
        .join(', ') || 'none',
    );
  }
  if (local.triggers.length === 0) add('Triggers', 'none');
  local.triggers.forEach((t, i) => {
    const fn = local.functions.find((f) => f.name === t.functionName);
    const where = fn ? `${rel(fn.codeDir)} ${fn.handler}` : '';
    add(
      i === 0 ? 'Triggers' : '',
      `${t.trigger.padEnd(18)} → ${t.functionName}${t.version ? ` (${t.version})` : ''}`,
    );
    if (where) add('', `${''.padEnd(18)}   ${where}`);
  });
  add(
    'Client config',
    `${rel(local.outputsFile)}   (Amplify outputs shape; custom.cognito_auth.endpoint set)`,
  );
  add(
    'Logs',
    `${rel(local.emulatorLog)} (emulator, confirmation codes), ${rel(local.functionsLog)} (functions)`,
  );

  lines.push('', 'Still not like Amazon Cognito (each with its reason)');
  for (const gap of local.gaps) lines.push(`  - ${gap.feature}: ${gap.detail}`);
  if (local.notes.length || local.nagWarnings.length) {
    lines.push('', 'Notes');
    for (const note of local.notes) lines.push(`  - ${note}`);
    if (local.nagWarnings.length) {
      lines.push(`  - cdk-nag warnings (acknowledge or fix them):\n${formatFindings(local.nagWarnings)}`);
    }
  }

  const scripts = Object.entries(config.clients ?? {}).find(([, c]) =>
    c.auth_flows.includes('ALLOW_USER_PASSWORD_AUTH'),
  );
  const cli = `aws cognito-idp --endpoint-url ${local.endpoint}`;
  const admin = `npx cognito-admin --config ${rel(local.outputsFile)}`;
  if (pool) {
    const clientId = scripts?.[1].client_id ?? pool.clients[0]?.clientId ?? '<client-id>';
    const group = pool.groups[0]?.name ?? '<group>';
    lines.push(
      '',
      'Try it (any AWS SDK or CLI works against the endpoint; the credentials are not checked)',
      `  export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=${local.region} AWS_DEFAULT_REGION=${local.region}`,
      `  ${cli} sign-up --client-id ${clientId} --username ana@example.org --password 'Passw0rd!' --user-attributes Name=email,Value=ana@example.org`,
      `  ${cli} confirm-sign-up --client-id ${clientId} --username ana@example.org --confirmation-code <code printed below>`,
      `  ${cli} initiate-auth --client-id ${clientId} --auth-flow USER_PASSWORD_AUTH --auth-parameters USERNAME=ana@example.org,PASSWORD='Passw0rd!'`,
      `  ${cli} admin-add-user-to-group --user-pool-id ${pool.id} --username ana@example.org --group-name ${group}`,
      `  ${admin} users list`,
      `  printf %s 'Passw0rd!' | ${admin} auth sign-in ana@example.org --client ${scripts?.[0] ?? clientId} --password-stdin`,
      `  Amplify JS: Amplify.configure(outputs.json) with Auth.Cognito.userPoolEndpoint and identityPoolEndpoint = ${local.endpoint} (docs/local.md)`,
    );
  }
  const t = local.timings;
  lines.push(
    '',
    `Ready in ${seconds(t.total)} (synth ${seconds(t.synth)}, emulator ${seconds(t.emulator)}, provisioning ${seconds(t.provision)}, functions ${seconds(t.functions)}).`,
    `Ctrl-C stops everything. Data stays in ${rel(local.dir)}/ for the next run; --reset starts clean.`,
  );
  return lines.join('\n');
}

/** Options of `local`. */
export interface LocalFlags {
  readonly app?: string;
  readonly assembly?: string;
  readonly stack?: string;
  readonly context?: string[];
  readonly stage?: string;
  readonly port: number;
  readonly lambdaPort?: number;
  readonly dir?: string;
  readonly reset?: boolean;
  readonly code?: string;
  readonly quiet?: boolean;
}

/** Exit code of a local mode that cannot start (a failed synthesis, a refused stack). */
const EXIT_FAILED = 1;

function exitCodeOf(e: Error): number {
  // What the user must change on the command line or in the app's dependencies: a usage error.
  return ['EmulatorMissingError', 'LocalBusyError'].includes(e.name) ? EXIT_USAGE : EXIT_FAILED;
}

/** Brings the app up, prints what runs, and keeps it running until Ctrl-C, SIGTERM or the end of its parent. */
async function runLocal(flags: LocalFlags, command: Command): Promise<void> {
  // The program's own --stack (for outputs files) is the same flag: it holds the value when given.
  const options: LocalFlags = { ...flags, stack: command.optsWithGlobals<LocalFlags>().stack };
  const context = { ...pairs('-c', options.context) };
  if (options.stage !== undefined) {
    if (context.stage !== undefined && context.stage !== options.stage) {
      throw usageError(`--stage ${options.stage} and -c stage=${context.stage} disagree; give one of them`);
    }
    context.stage = options.stage;
  }
  const started = Date.now();
  const { startLocal } = await import('../local/start-local');
  const { watchAncestors } = await import('../local/process-tree');

  // Ctrl-C, kill, a closed terminal, or the end of the process that started this one (npm killed with
  // -9): stop the endpoint, the emulator and the functions, and free the ports. The emulator and the functions also
  // stop by themselves if this process dies without a word. Listened to from the start, so that a stop
  // asked for while the app synthesizes is not lost.
  let running: LocalStack | undefined;
  let pending: string | undefined;
  let stopping = false;
  const say = (text: string): void => {
    try {
      console.log(text);
    } catch {
      // the terminal may be gone
    }
  };
  const stop = (why: string): void => {
    if (!running) {
      if (pending !== undefined) process.exit(EXIT_INTERRUPTED);
      pending = why;
      say(`\n${why}: stopping once local mode is up (again to quit at once)...`);
      return;
    }
    if (stopping) return;
    stopping = true;
    say(`\n${why}: stopping the Cognito endpoint, the emulator and the functions...`);
    const local = running;
    local.stop().then(
      () => {
        say(`Stopped. Data kept in ${rel(local.dir)}/.`);
        process.exit(0);
      },
      (e: unknown) => {
        note(e instanceof Error ? e.message : String(e));
        process.exit(1);
      },
    );
  };
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGHUP', () => stop('SIGHUP (terminal closed)'));
  watchAncestors((pid) => stop(`the process that started local mode (pid ${pid}) is gone`));

  try {
    running = await startLocal({
      app: options.app,
      assemblyDir: options.assembly,
      stackName: options.stack,
      context,
      dir: options.dir,
      port: options.port,
      lambdaPort: options.lambdaPort,
      reset: options.reset === true,
      code: options.code,
      quiet: options.quiet === true,
      onStatus: (step) => note(`${step}...`),
      // Function output and code destinations carry user data: escaped as every other terminal line.
      onLog: (line) => say(safeTerminal(line)),
      onCode: (c) => say(safeTerminal(`[code] ${c.destination}: ${c.code}`)),
    });
  } catch (e) {
    // A defect (a TypeError and the like) goes to main, which prints its stack; anything else is a message.
    if (
      !(e instanceof Error) ||
      ['TypeError', 'ReferenceError', 'RangeError', 'SyntaxError'].includes(e.name)
    )
      throw e;
    note(`\ncognito-admin local: ${e.message}`);
    // Nothing runs any more: the process ends with the code, whatever listens above.
    process.exit(exitCodeOf(e));
  }
  say(`\n${describeLocal({ ...running, timings: { ...running.timings, total: Date.now() - started } })}\n`);
  if (pending !== undefined) stop(pending);
}

/** Registers `local`. */
export function registerLocal(program: Command): void {
  program
    .command('local')
    .description(
      'run the CDK app of this folder locally: synthesize it (cdk.json), find the stack with a CognitoAuth, and bring it up ' +
        'with its trigger functions on a local Cognito endpoint (cognito-local behind it, a hosted UI, the identity pool API); ' +
        'writes .local/outputs.json; Ctrl-C stops it',
    )
    .option('--app <command>', 'command that runs the CDK app (default: "app" of cdk.json)')
    .option('--assembly <dir>', 'read this cloud assembly (e.g. cdk.out) instead of synthesizing')
    .option('--stack <name>', 'the stack to run (default: the only stack with a CognitoAuth)')
    .option('-c, --context <key=value>', 'context for the app, repeatable, as cdk synth -c gives it', collect)
    .option('--stage <name>', 'shorthand for -c stage=<name> (the reference app: dev or prod)')
    .option(
      '--port <n>',
      'port of the Cognito endpoint and the hosted UI; 0 for any free port',
      port('--port'),
      DEFAULT_PORT,
    )
    .option(
      '--lambda-port <n>',
      'port of the local Lambda endpoint (default: a free port)',
      port('--lambda-port'),
    )
    .option('--dir <dir>', 'folder of the local data (default: .local)')
    .option('--reset', 'start from empty data: a new pool (every local user is deleted)')
    .option(
      '--code <code>',
      'every confirmation and one-time sign-in code is this one instead of a random one',
    )
    .option('--quiet', "do not print the functions' logs (they still go to .local/functions.log)")
    .action(runLocal);
}
