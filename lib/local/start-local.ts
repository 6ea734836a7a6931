/**
 * Local mode: synthesizes a stage of the reference app (or reads an existing cloud assembly), starts
 * the Lambda endpoint with the template's trigger functions and the Cognito emulator wired to it,
 * provisions the user pools, clients and groups, and writes the client configuration.
 *
 * Files in `dir` (default `.local/`): `cdk.out/` (the assembly), `.cognito/` (emulator data),
 * `state.json` (local ids), `outputs.json` (client configuration), `emulator.log`, `functions.log`.
 */
import {
  AdminListGroupsForUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ClientConfiguration } from '../client-config';
import { followCodes, DeliveredCode } from './code-log';
import { EmulatorConfig, freePort, isPortInUse, RunningEmulator, startEmulator } from './emulator';
import { completeTriggerEvent, MemberGroup } from './event-adapter';
import { resolveString } from './intrinsics';
import { InvocationRecord, RunningLambdaEndpoint, startLambdaEndpoint } from './lambda-endpoint';
import type { LocalFunctionDefinition } from './function-process';
import { localLookup, LocalIds } from './local-values';
import { emulatorGaps, EmulatorGap } from './gaps';
import { localClientConfiguration, writeOutputs } from './outputs';
import { provision, ProvisionedPool } from './provision';
import { readState, STATE_FILE, writeState } from './state';
import { NagFinding, synthesizeStage } from './synth';
import { readStack, StackModel } from './template';
import { FRONT_TRIGGERS, planTriggers, WiredTrigger } from './triggers';
import { FRONT_DIR, RunningFront, startFront } from './front/start-front';
import { frontLookup, frontStack } from './front/stack';

/** The emulator's default port, which SDKs and tools pointed at cognito-local expect. */
export const DEFAULT_PORT = 9229;

/** Options of `startLocal`. */
export interface StartLocalOptions {
  /** The reference app's stage to synthesize. @default 'dev' */
  readonly stage?: string;
  /** Use this cloud assembly instead of synthesizing the reference app. @default - synthesize */
  readonly assemblyDir?: string;
  /** The stack to run from the assembly. @default - the assembly's only stack */
  readonly stackName?: string;
  /** Directory of the local data. @default '<cwd>/.local' */
  readonly dir?: string;
  /** The emulator's port; 0 for any free port. @default 9229 */
  readonly port?: number;
  /** The Lambda endpoint's port. @default - a free port */
  readonly lambdaPort?: number;
  /** Start from empty emulator data. @default false */
  readonly reset?: boolean;
  /** Fixes every confirmation code the emulator sends (its `CODE` variable). @default - random codes */
  readonly code?: string;
  /**
   * Do not pass function output to `onLog`; it still goes to `functions.log`.
   * @default false
   */
  readonly quiet?: boolean;
  /** Receives function output lines (prefixed with the function name) unless `quiet`. @default - console.log */
  readonly onLog?: (line: string) => void;
  /** Receives the codes the emulator would have sent. @default - none */
  readonly onCode?: (code: DeliveredCode) => void;
}

/** A function served by the Lambda endpoint. */
export interface LocalFunctionInfo {
  readonly name: string;
  readonly codeDir: string;
  readonly handler: string;
  /** Environment variables the template sets, as resolved locally. */
  readonly environment: Readonly<Record<string, string>>;
  /** Template variables that have no local value and are left unset. */
  readonly unresolved: string[];
}

/** What `startLocal` started. */
export interface LocalStack {
  readonly stage?: string;
  readonly stackName: string;
  readonly region: string;
  readonly dir: string;
  /**
   * The endpoint for the AWS SDKs, the CLI and Amplify, e.g. `http://localhost:9229`: the local front,
   * which answers itself or passes on to the emulator behind it.
   */
  readonly endpoint: string;
  /** The hosted UI's base URL, `https://localhost:<port>` (same port, HTTPS). */
  readonly hostedUi: string;
  /** The localhost certificate the hosted UI speaks HTTPS with. */
  readonly certFile: string;
  /** The local ids of the template's identity pools, by logical id. */
  readonly identityPools: Readonly<Record<string, string>>;
  /** The Lambda Invoke endpoint. */
  readonly lambdaEndpoint: string;
  /** Token issuer of a pool: `<endpoint>/<poolId>`; its JWKS is at `<issuer>/.well-known/jwks.json`. */
  issuer(poolId: string): string;
  readonly model: StackModel;
  readonly pools: ProvisionedPool[];
  readonly triggers: WiredTrigger[];
  readonly functions: LocalFunctionInfo[];
  /** The client configuration written to `outputsFile`. */
  readonly outputs: ClientConfiguration;
  readonly outputsFile: string;
  readonly stateFile: string;
  readonly emulatorLog: string;
  readonly functionsLog: string;
  /** Differences from Amazon Cognito that apply to this stack. */
  readonly gaps: EmulatorGap[];
  /** Other things to know: values left out, settings that need `--reset`, functions that failed to load. */
  readonly notes: string[];
  /** cdk-nag warnings of the synthesis. */
  readonly nagWarnings: NagFinding[];
  /** Invocations so far. */
  readonly invocations: InvocationRecord[];
  /** Milliseconds per step. */
  readonly timings: Readonly<Record<'synth' | 'emulator' | 'provision' | 'functions' | 'total', number>>;
  /** Stops the emulator and the functions. The data stays in `dir`. */
  stop(): Promise<void>;
}

/** Error raised when local mode cannot start. */
export class LocalModeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalModeError';
  }
}

/** Entries of `dir` that `reset` removes. */
const RESET_ENTRIES = ['.cognito', STATE_FILE, 'outputs.json', 'emulator.log', 'functions.log', FRONT_DIR];

/** Lambda runtime variables every function sees, as in Lambda. */
function runtimeEnvironment(
  fn: { logicalId: string; memoryMb: number; runtime?: string },
  codeDir: string,
  region: string,
  emulatorEndpoint: string,
): Record<string, string> {
  const projectModules = path.resolve(__dirname, '..', '..', 'node_modules');
  return {
    ...(process.env.PATH ? { PATH: process.env.PATH } : {}),
    ...(process.env.SYSTEMROOT ? { SYSTEMROOT: process.env.SYSTEMROOT } : {}),
    TZ: ':UTC',
    LANG: 'en_US.UTF-8',
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_LAMBDA_FUNCTION_NAME: fn.logicalId,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.logicalId}`,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime ?? 'nodejs'}`,
    LAMBDA_TASK_ROOT: codeDir,
    // The runtime provides the AWS SDK; locally the project's copy stands in for it.
    NODE_PATH: projectModules,
    // A function that calls Cognito reaches the emulator, never AWS.
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: emulatorEndpoint,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/** A Cognito client for the emulator. */
export function emulatorClient(endpoint: string, region: string): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

/** Starts local mode; see the module comment. */
export async function startLocal(options: StartLocalOptions = {}): Promise<LocalStack> {
  const started = Date.now();
  const dir = path.resolve(options.dir ?? path.join(process.cwd(), '.local'));
  const port = options.port ?? DEFAULT_PORT;
  if (port !== 0 && (await isPortInUse(port))) {
    throw new LocalModeError(
      `port ${port} is already in use (another cognito-local or local mode?); stop it or choose another port with --port`,
    );
  }
  if (options.lambdaPort !== undefined && (await isPortInUse(options.lambdaPort))) {
    throw new LocalModeError(
      `port ${options.lambdaPort} is already in use; choose another port with --lambda-port`,
    );
  }
  fs.mkdirSync(dir, { recursive: true });
  if (options.reset) {
    for (const entry of RESET_ENTRIES) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
  }

  // ---- the template ----
  let assemblyDir = options.assemblyDir;
  let nagWarnings: NagFinding[] = [];
  let synthMs = 0;
  if (!assemblyDir) {
    const synth = await synthesizeStage({ stage: options.stage ?? 'dev', outdir: path.join(dir, 'cdk.out') });
    assemblyDir = synth.assemblyDir;
    nagWarnings = synth.warnings;
    synthMs = synth.durationMs;
  }
  const model = readStack(assemblyDir, options.stackName);
  const errors = model.annotations.filter((a) => a.level === 'error');
  if (errors.length) {
    throw new LocalModeError(
      `${model.stackName} has synthesis errors:\n${errors.map((a) => `  ${a.path}: ${a.message}`).join('\n')}`,
    );
  }
  const plan = planTriggers(model);
  const notes: string[] = [];

  // ---- the front on the public port (bound first: every URL names the port really used) ----
  const emulatorStarted = Date.now();
  const front: RunningFront = await startFront({
    dir,
    port,
    onError: (e) =>
      (options.onLog ?? console.error)(`[front] ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
  });
  const endpoint = front.endpoint;

  // ---- emulator behind it, wired to the Lambda endpoint's future address ----
  const lambdaPort = options.lambdaPort ?? (await freePort());
  const lambdaEndpoint = `http://127.0.0.1:${lambdaPort}`;
  const emulatorPort = await freePort();
  const emulatorEndpoint = `http://127.0.0.1:${emulatorPort}`;
  const config: EmulatorConfig = {
    LambdaClient: {
      endpoint: lambdaEndpoint,
      region: model.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    },
    // Invoked by trigger name, so that trigger errors read as Cognito's: "PreSignUp failed with error ...".
    // The front invokes pre token generation and the authentication triggers itself, per pool.
    TriggerFunctions: Object.fromEntries(
      plan.wired.filter((t) => !FRONT_TRIGGERS.includes(t.trigger)).map((t) => [t.trigger, t.trigger]),
    ),
    // Pools get exactly the username attributes of the template (the emulator's default is email).
    UserPoolDefaults: { UsernameAttributes: [] },
    TokenConfig: { IssuerDomain: endpoint },
  };
  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator({
      dataDir: dir,
      port: emulatorPort,
      code: options.code,
      config,
      logFile: path.join(dir, 'emulator.log'),
    });
  } catch (e) {
    await front.stop();
    throw e;
  }
  const emulatorMs = Date.now() - emulatorStarted;

  let lambda: RunningLambdaEndpoint | undefined;
  let stopCodes: (() => void) | undefined;
  let functionsLog: fs.WriteStream | undefined;
  const cognito = emulatorClient(emulatorEndpoint, model.region);
  const stopAll = async (): Promise<void> => {
    stopCodes?.();
    await Promise.all([lambda?.stop(), emulator.stop(), front.stop()]);
    await new Promise<void>((resolve) => (functionsLog ? functionsLog.end(() => resolve()) : resolve()));
    cognito.destroy();
  };

  try {
    // ---- pools, clients, groups ----
    const provisionStarted = Date.now();
    const state = options.reset ? undefined : readState(dir);
    const result = await provision({ cognito, model, previous: state?.stacks[model.stackName] });
    writeState(dir, { version: 1, stacks: { ...state?.stacks, [model.stackName]: result.state } });
    notes.push(...result.notes);
    const provisionMs = Date.now() - provisionStarted;

    // ---- functions ----
    const functionsStarted = Date.now();
    const ids: LocalIds = {
      ...result.ids,
      functions: Object.fromEntries(plan.functions.map((f) => [f.logicalId, f.logicalId])),
    };
    const lookup = localLookup(model, ids);
    const functions: LocalFunctionInfo[] = [];
    const definitions: LocalFunctionDefinition[] = [];
    const inlineRoot = path.join(dir, 'inline-functions');
    for (const fn of plan.functions) {
      let codeDir = fn.codeDir;
      if (!codeDir && fn.inlineCode !== undefined) {
        codeDir = path.join(inlineRoot, fn.logicalId);
        fs.mkdirSync(codeDir, { recursive: true });
        fs.writeFileSync(path.join(codeDir, 'index.js'), fn.inlineCode);
      }
      if (!codeDir) continue;
      const environment: Record<string, string> = {};
      const unresolved: string[] = [];
      for (const [name, value] of Object.entries(fn.environment)) {
        const r = resolveString(value, lookup);
        if (r.value === undefined) unresolved.push(`${name} (${r.missing.join(', ')})`);
        else environment[name] = r.value;
      }
      if (unresolved.length) {
        notes.push(
          `${fn.logicalId}: environment ${unresolved.join('; ')} has no local value and is left unset`,
        );
      }
      const handler = fn.handler ?? 'index.handler';
      functions.push({ name: fn.logicalId, codeDir, handler, environment, unresolved });
      definitions.push({
        name: fn.logicalId,
        codeDir,
        handler,
        timeoutSeconds: fn.timeoutSeconds,
        environment: { ...environment, ...runtimeEnvironment(fn, codeDir, model.region, endpoint) },
      });
    }
    const functionsLogFile = path.join(dir, 'functions.log');
    functionsLog = fs.createWriteStream(functionsLogFile, { flags: 'a' });
    const log = options.onLog ?? ((line: string) => console.log(line));
    const invocations: InvocationRecord[] = [];
    const groupsOf = async (userPoolId: string, userName: string): Promise<MemberGroup[]> => {
      const out = await cognito.send(
        new AdminListGroupsForUserCommand({ UserPoolId: userPoolId, Username: userName }),
      );
      return (out.Groups ?? []).map((g) => ({ name: g.GroupName ?? '', precedence: g.Precedence }));
    };
    lambda = await startLambdaEndpoint({
      functions: definitions,
      port: lambdaPort,
      aliases: Object.fromEntries(plan.wired.map((t) => [t.trigger, t.functionName])),
      onOutput: (name, line) => {
        const text = `[${name}] ${line}`;
        functionsLog?.write(`${new Date().toISOString()} ${text}\n`);
        if (!options.quiet) log(text);
      },
      onInvoke: (record) => {
        invocations.push(record);
        if (invocations.length > 1000) invocations.shift();
      },
      transformEvent: (_name, event) => completeTriggerEvent(event, { region: model.region, groupsOf }),
    });
    for (const [name, error] of Object.entries(lambda.initErrors)) {
      notes.push(
        `${name}: failed to load (${error.errorType}: ${error.errorMessage}); its trigger will fail`,
      );
    }
    const functionsMs = Date.now() - functionsStarted;

    // ---- the front answers from here on ----
    const identityPools = Object.fromEntries(
      model.identityPools.map((id) => [id, front.identityPoolId(model.stackName, id, model.region)]),
    );
    const served = frontLookup(model, lookup, front.issuer, identityPools);
    front.configure({
      emulatorEndpoint,
      stack: frontStack(model, result.pools, plan.wired, served, identityPools),
      invoker: lambda,
    });

    // ---- client configuration ----
    const local = localClientConfiguration(model, result.pools, served, endpoint, front.domain);
    const outputsFile = writeOutputs(dir, local.configuration);
    if (local.omitted.length) {
      notes.push(`outputs.json: left out ${local.omitted.join(', ')} (they do not exist locally)`);
    }
    if (options.onCode) stopCodes = followCodes(emulator.logFile, options.onCode);

    const running = lambda;
    let stopping: Promise<void> | undefined;
    return {
      stage: options.assemblyDir ? undefined : (options.stage ?? 'dev'),
      stackName: model.stackName,
      region: model.region,
      dir,
      endpoint,
      hostedUi: front.hostedUiBase,
      certFile: front.certFile,
      identityPools,
      lambdaEndpoint: running.endpoint,
      issuer: front.issuer,
      model,
      pools: result.pools,
      triggers: plan.wired,
      functions,
      outputs: local.configuration,
      outputsFile,
      stateFile: path.join(dir, STATE_FILE),
      emulatorLog: emulator.logFile,
      functionsLog: functionsLogFile,
      gaps: emulatorGaps(model, plan),
      notes,
      nagWarnings,
      invocations,
      timings: {
        synth: synthMs,
        emulator: emulatorMs,
        provision: provisionMs,
        functions: functionsMs,
        total: Date.now() - started,
      },
      stop() {
        stopping ??= stopAll();
        return stopping;
      },
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
