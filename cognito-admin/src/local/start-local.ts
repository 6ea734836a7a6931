/**
 * Local mode: synthesizes a CDK app (or reads an existing cloud assembly), finds the stack that holds a
 * `CognitoAuth`, starts the local front on the public port (the Cognito endpoint and the hosted UI), the
 * Lambda endpoint with the template's trigger functions and the Cognito emulator behind the front on an
 * internal port, wired to the Lambda endpoint; provisions the user pools, clients and groups, and writes
 * the client configuration. It never loads aws-cdk-lib: the app runs in its own process, and everything
 * after that reads the assembly.
 *
 * Files in `dir` (default `.local/`): `cdk.out/` (the assembly), `.cognito/` (emulator data),
 * `front/` (the front's state and signing key), `tls/` (the hosted UI's localhost certificate),
 * `state.json` (local ids), `outputs.json` (client configuration), `emulator.log`, `functions.log`,
 * `local.lock` (the process that runs local mode on this folder).
 */
import {
  AdminListGroupsForUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ClientConfiguration } from '../../../lib/client-config';
import { STAGE_TAG } from '../../../lib/metadata';
import { followCodes, DeliveredCode } from './code-log';
import { chooseStack } from './assembly';
import {
  EmulatorConfig,
  isPortInUse,
  resolveEmulatorPackage,
  RunningEmulator,
  startEmulator,
} from './emulator';
import { completeTriggerEvent, MemberGroup } from './event-adapter';
import { resolveString } from './intrinsics';
import { acquireLock, InstanceLock } from './instance-lock';
import {
  InvocationRecord,
  LambdaPortError,
  LambdaServer,
  listenLambdaEndpoint,
  RunningLambdaEndpoint,
} from './lambda-endpoint';
import type { LocalFunctionDefinition } from './function-process';
import { localLookup, LocalIds } from './local-values';
import { emulatorGaps, EmulatorGap } from './gaps';
import { localClientConfiguration, writeOutputs } from './outputs';
import { provision, ProvisionedPool } from './provision';
import { portInUseMessage } from './port-holder';
import { readStateFile, STATE_FILE, writeState } from './state';
import { NagFinding, synthesizeApp } from './synth';
import { readStack, StackModel } from './template';
import { FRONT_TRIGGERS, planTriggers, TriggerPlan, WiredTrigger } from './triggers';
import { FRONT_DIR, RunningFront, startFront } from './front/start-front';
import { frontLookup, frontStack } from './front/stack';

/** The default public port: cognito-local's, which SDKs and tools pointed at a local Cognito expect. */
export const DEFAULT_PORT = 9229;

/** Options of `startLocal`. */
export interface StartLocalOptions {
  /** The CDK app's folder (where `cdk.json` is). @default - the working directory */
  readonly appDir?: string;
  /** The command that runs the app. @default - `app` of `cdk.json` */
  readonly app?: string;
  /** Context for the app, as `cdk synth -c key=value` gives it, e.g. `{ stage: 'dev' }`. @default - none */
  readonly context?: Readonly<Record<string, string>>;
  /** Use this cloud assembly instead of synthesizing the app. @default - synthesize */
  readonly assemblyDir?: string;
  /** The stack to run. @default - the only stack that holds a `CognitoAuth` */
  readonly stackName?: string;
  /** Directory of the local data. @default '<cwd>/.local' */
  readonly dir?: string;
  /** The public port (the Cognito endpoint and the hosted UI); 0 for any free port. @default 9229 */
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
  /** Receives what local mode is doing, step by step (`synthesizing ...`). @default - none */
  readonly onStatus?: (message: string) => void;
  /** Receives every line the app writes while it synthesizes. @default - kept for an error message only */
  readonly onSynthOutput?: (line: string) => void;
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
  /** The stage `CognitoAuth` gave the pool (its `cognito-auth:stage` tag), when it did. */
  readonly stage?: string;
  readonly stackName: string;
  readonly region: string;
  readonly dir: string;
  /**
   * The endpoint for the AWS SDKs, the CLI and Amplify, e.g. `http://localhost:9229`: the local front,
   * which answers itself or passes on to the emulator behind it.
   */
  readonly endpoint: string;
  /** The emulator's own endpoint behind the front, on an internal port (for diagnostics). */
  readonly emulatorEndpoint: string;
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
  /** Stops the front, the emulator and the functions. The data stays in `dir`. */
  stop(): Promise<void>;
}

/** Error raised when local mode cannot start. */
export class LocalModeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalModeError';
  }
}

/** Error raised when local mode cannot start because a port or the data folder is taken. */
export class LocalBusyError extends LocalModeError {
  constructor(message: string) {
    super(message);
    this.name = 'LocalBusyError';
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
  appDir: string,
): Record<string, string> {
  // The Lambda runtime provides the AWS SDK; locally the app's copy, else this package's, stands in for it.
  const sdk = path.dirname(require.resolve('@aws-sdk/client-cognito-identity-provider/package.json'));
  const projectModules = [path.join(appDir, 'node_modules'), path.resolve(sdk, '..', '..')]
    .filter((d, i, all) => all.indexOf(d) === i)
    .join(path.delimiter);
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

async function refuseBusyPort(port: number, what: string, flag: string): Promise<void> {
  if (port !== 0 && (await isPortInUse(port))) {
    throw new LocalBusyError(`${portInUseMessage(port, what)}; stop it or choose another port with ${flag}`);
  }
}

/** Starts local mode; see the module comment. */
export async function startLocal(options: StartLocalOptions = {}): Promise<LocalStack> {
  const started = Date.now();
  const appDir = path.resolve(options.appDir ?? process.cwd());
  const dir = path.resolve(options.dir ?? path.join(appDir, '.local'));
  const port = options.port ?? DEFAULT_PORT;
  const status = options.onStatus ?? (() => undefined);
  // Without the emulator nothing can run: say which package to add before anything else.
  resolveEmulatorPackage([appDir, process.cwd()]);
  // A quick look first, to fail before a long synthesis; the ports are bound (and so checked for good) below.
  await refuseBusyPort(port, 'port', '--port');
  if (options.lambdaPort !== undefined)
    await refuseBusyPort(options.lambdaPort, 'Lambda port', '--lambda-port');
  let lock: InstanceLock;
  try {
    lock = acquireLock(dir);
  } catch (e) {
    throw e instanceof Error && e.name === 'LockedError' ? new LocalBusyError(e.message) : e;
  }
  let front: RunningFront | undefined;
  let lambdaServer: LambdaServer | undefined;
  let emulator: RunningEmulator | undefined;
  try {
    if (options.reset) {
      for (const entry of RESET_ENTRIES) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
    }

    // ---- the template ----
    let assemblyDir = options.assemblyDir ? path.resolve(appDir, options.assemblyDir) : undefined;
    let nagWarnings: NagFinding[] = [];
    let synthMs = 0;
    if (!assemblyDir) {
      status('synthesizing the app');
      const synth = await synthesizeApp({
        appDir,
        app: options.app,
        context: options.context,
        outdir: path.join(dir, 'cdk.out'),
        onOutput: options.onSynthOutput,
      });
      assemblyDir = synth.assemblyDir;
      nagWarnings = synth.warnings;
      synthMs = synth.durationMs;
    }
    const chosen = chooseStack(assemblyDir, options.stackName);
    const model = readStack(chosen.assemblyDir, chosen.id);
    const errors = model.annotations.filter((a) => a.level === 'error');
    if (errors.length) {
      throw new LocalModeError(
        `${model.stackName} has synthesis errors:\n${errors.map((a) => `  ${a.path}: ${a.message}`).join('\n')}`,
      );
    }
    const plan = planTriggers(model);
    const notes: string[] = [];

    // ---- the front on the public port, bound first: every URL names the port really used ----
    const emulatorStarted = Date.now();
    status('starting the Cognito endpoint');
    front = await startFront({
      dir,
      port,
      onError: (e) =>
        (options.onLog ?? console.error)(
          `[front] ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
        ),
    }).catch((e: unknown) => {
      throw (e as NodeJS.ErrnoException).code === 'EADDRINUSE'
        ? new LocalBusyError(`${portInUseMessage(port)}; stop it or choose another port with --port`)
        : e;
    });
    const endpoint = front.endpoint;
    lock.update({ endpoint });

    // ---- the Lambda endpoint's port, then the emulator behind the front, wired to it ----
    lambdaServer = await listenLambdaEndpoint({ port: options.lambdaPort }).catch((e: unknown) => {
      throw e instanceof LambdaPortError ? new LocalBusyError(e.message) : e;
    });
    const config: EmulatorConfig = {
      LambdaClient: {
        endpoint: lambdaServer.endpoint,
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
    status('starting the emulator');
    // On an internal port that the emulator's process binds itself (0) and reports: nothing can take it
    // in between, and the process exits when local mode is gone.
    emulator = await startEmulator({
      dataDir: dir,
      port: 0,
      code: options.code,
      config,
      logFile: path.join(dir, 'emulator.log'),
      resolveFrom: [appDir, process.cwd()],
    });
    const emulatorMs = Date.now() - emulatorStarted;
    const running = await bringUp({
      options,
      appDir,
      dir,
      model,
      plan,
      notes,
      emulator,
      lambdaServer,
      front,
    });
    let stopping: Promise<void> | undefined;
    const stopAll = running.stop;
    return {
      ...running.stack,
      stage: model.userPools.map((p) => stageOf(p.properties)).find((s) => s !== undefined),
      nagWarnings,
      timings: {
        synth: synthMs,
        emulator: emulatorMs,
        provision: running.provisionMs,
        functions: running.functionsMs,
        total: Date.now() - started,
      },
      stop() {
        stopping ??= stopAll().finally(() => lock.release());
        return stopping;
      },
    };
  } catch (e) {
    await Promise.all([lambdaServer?.stop(), emulator?.stop(), front?.stop()]);
    lock.release();
    throw e;
  }
}

/** The stage `CognitoAuth` tagged a pool with. */
function stageOf(properties: Readonly<Record<string, unknown>>): string | undefined {
  const tags = properties.UserPoolTags;
  const stage =
    typeof tags === 'object' && tags !== null ? (tags as Record<string, unknown>)[STAGE_TAG] : undefined;
  return typeof stage === 'string' ? stage : undefined;
}

interface BringUp {
  readonly options: StartLocalOptions;
  readonly appDir: string;
  readonly dir: string;
  readonly model: StackModel;
  readonly plan: TriggerPlan;
  readonly notes: string[];
  readonly emulator: RunningEmulator;
  readonly lambdaServer: LambdaServer;
  /** The front on the public port; its endpoint is the one every client uses. */
  readonly front: RunningFront;
}

type RunningParts = Omit<LocalStack, 'stage' | 'nagWarnings' | 'timings' | 'stop'>;

/** Provisions the pools, loads the functions and writes the client configuration. */
async function bringUp(up: BringUp): Promise<{
  stack: RunningParts;
  provisionMs: number;
  functionsMs: number;
  stop(): Promise<void>;
}> {
  const { options, dir, model, plan, notes, emulator, lambdaServer, front } = up;
  const endpoint = front.endpoint;
  let lambda: RunningLambdaEndpoint | undefined;
  let stopCodes: (() => void) | undefined;
  let functionsLog: fs.WriteStream | undefined;
  // Provisioning and the group lookup of trigger events talk to the emulator itself.
  const cognito = emulatorClient(emulator.endpoint, model.region);
  const stop = async (): Promise<void> => {
    stopCodes?.();
    await Promise.all([lambda ? lambda.stop() : lambdaServer.stop(), emulator.stop(), front.stop()]);
    await new Promise<void>((resolve) => (functionsLog ? functionsLog.end(() => resolve()) : resolve()));
    cognito.destroy();
  };

  try {
    // ---- pools, clients, groups ----
    options.onStatus?.('provisioning');
    const provisionStarted = Date.now();
    const read = options.reset ? {} : readStateFile(dir);
    if (read.problem) {
      // Kept for a look; the pools are found again by name below.
      const backup = path.join(dir, `${STATE_FILE}.unreadable-${Date.now()}`);
      fs.renameSync(path.join(dir, STATE_FILE), backup);
      notes.push(`${read.problem}; moved it to ${path.basename(backup)} and looked the pools up by name`);
    }
    const state = read.state;
    const result = await provision({
      cognito,
      model,
      previous: state?.stacks[model.stackName],
      where: path.join(dir, '.cognito'),
    });
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
        environment: {
          ...environment,
          ...runtimeEnvironment(fn, codeDir, model.region, endpoint, up.appDir),
        },
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
    options.onStatus?.('loading the functions');
    lambda = await lambdaServer.serve({
      functions: definitions,
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
      emulatorEndpoint: emulator.endpoint,
      stack: frontStack(model, result.pools, plan.wired, served, identityPools),
      invoker: lambda,
      messages: { logFile: emulator.logFile, ...(options.code ? { code: options.code } : {}) },
    });

    // ---- client configuration ----
    const local = localClientConfiguration(model, result.pools, served, endpoint, front.domain);
    const outputsFile = writeOutputs(dir, local.configuration);
    if (local.omitted.length) {
      notes.push(`outputs.json: left out ${local.omitted.join(', ')} (they do not exist locally)`);
    }
    if (options.onCode) stopCodes = followCodes(emulator.logFile, options.onCode);

    return {
      stack: {
        stackName: model.stackName,
        region: model.region,
        dir,
        endpoint,
        emulatorEndpoint: emulator.endpoint,
        hostedUi: front.hostedUiBase,
        certFile: front.certFile,
        identityPools,
        lambdaEndpoint: lambda.endpoint,
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
        invocations,
      },
      provisionMs,
      functionsMs,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
