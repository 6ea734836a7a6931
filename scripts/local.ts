/**
 * `npm run local`: the reference app's stack on the local Cognito emulator, with the bundled triggers
 * running for real. Synthesizes the stage (cdk-nag must pass), starts the emulator and the Lambda
 * endpoint, provisions the pool, clients and groups, writes `.local/outputs.json`, and prints what runs,
 * where the emulator differs from AWS, and how to try it. Ctrl-C stops everything; data stays in
 * `.local/` for the next run, `--reset` starts clean.
 *
 * Usage: npm run local -- [--stage dev] [--port 9229] [--lambda-port <n>] [--reset] [--code <code>] [--quiet]
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { EmulatorError } from '../lib/local/emulator';
import { formatFindings, SynthError } from '../lib/local/synth';
import { TemplateError } from '../lib/local/template';
import { DEFAULT_PORT, LocalModeError, LocalStack, startLocal } from '../lib/local/start-local';
import { bundleTriggers } from './bundle-triggers';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const USAGE = `Usage: npm run local -- [options]

  --stage <name>       stage of the reference app (bin/stages.ts)          default dev
  --port <n>           port of the Cognito endpoint and hosted UI (0: any)  default ${DEFAULT_PORT}
  --lambda-port <n>    port of the local Lambda endpoint                     default a free port
  --reset              start from empty data (deletes the local pool and its users)
  --code <code>        use this code for every confirmation code instead of random ones
  --quiet              do not print the functions' logs (they still go to .local/functions.log)
  --help               this text`;

function port(name: string, value: string | undefined, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new LocalModeError(
      `--${name} ${value} is not a port; use a number from 1 to 65535, or 0 for any free port`,
    );
  }
  return n;
}

function rel(file: string): string {
  const r = path.relative(process.cwd(), file);
  return r.startsWith('..') ? file : r;
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
  add(
    'Cognito endpoint',
    `${local.endpoint}   (user pool and identity pool APIs; cognito-local behind it, data in ${rel(path.join(local.dir, '.cognito'))})`,
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
  const admin = `npx tsx bin/cognito-admin.ts --config ${rel(local.outputsFile)}`;
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
      `  ${admin} auth sign-in ana@example.org --client ${scripts?.[0] ?? clientId} --password 'Passw0rd!'`,
      `  (cognito-admin is "npx cognito-admin ... --endpoint ${local.endpoint}" when installed from npm)`,
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

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      stage: { type: 'string', default: 'dev' },
      port: { type: 'string' },
      'lambda-port': { type: 'string' },
      reset: { type: 'boolean', default: false },
      code: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const started = Date.now();
  console.log(`Bundling triggers and synthesizing stage ${values.stage} (cdk-nag AwsSolutions)...`);
  await bundleTriggers();
  const local = await startLocal({
    stage: values.stage,
    port: port('port', values.port, DEFAULT_PORT),
    lambdaPort: port('lambda-port', values['lambda-port']),
    reset: values.reset,
    code: values.code,
    quiet: values.quiet,
    onCode: (c) => console.log(`[code] ${c.destination}: ${c.code}`),
  });
  console.log(
    `\n${describeLocal({ ...local, timings: { ...local.timings, total: Date.now() - started } })}\n`,
  );

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the emulator and the functions...`);
    local.stop().then(
      () => {
        console.log(`Stopped. Data kept in ${rel(local.dir)}/.`);
        process.exit(0);
      },
      (e: unknown) => {
        console.error(e instanceof Error ? e.message : e);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) {
  main().catch((e: unknown) => {
    const known = [SynthError, LocalModeError, EmulatorError, TemplateError].some(
      (type) => e instanceof type,
    );
    if (known && e instanceof Error) console.error(`\nnpm run local: ${e.message}`);
    else console.error(e);
    process.exit(1);
  });
}
