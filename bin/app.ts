#!/usr/bin/env node
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import {
  AwsSolutionsChecks,
  HIPAASecurityChecks,
  NIST80053R5Checks,
  PCIDSS321Checks,
  ServerlessChecks,
} from 'cdk-nag';
import { CognitoAuth } from '../lib/cognito-auth';
import { CognitoAuthError } from '../lib/errors';
import { LOCK_CONTEXT } from '../lib/guard/lock-options';
import { CognitoChecks } from '../lib/nag';
import { ReferenceStack } from './reference-stack';
import { STAGES, StageConfig } from './stages';

/** Options of `buildApp`, for tests and scripts. */
export interface BuildAppOptions {
  /** Stage to synthesize. @default - context `stage`, else `dev` */
  readonly stage?: string;
  /** Cloud assembly directory. @default - the CLI's (cdk.out) */
  readonly outdir?: string;
  /** Extra context, e.g. `{ domainPrefix: 'my-app' }`. */
  readonly context?: Record<string, string>;
  /** Register the cdk-nag packs. @default true */
  readonly checks?: boolean;
}

/**
 * Builds the reference app: one stack for the chosen stage, checked by cdk-nag's AwsSolutions and our
 * CognitoChecks in every stage, and in prod also by Serverless, HIPAA Security, NIST 800-53 R5 and
 * PCI DSS 3.2.1.
 */
export function buildApp(options: BuildAppOptions = {}): {
  app: App;
  stack: ReferenceStack;
  config: StageConfig;
} {
  const app = new App({ outdir: options.outdir, context: options.context });
  const stageName = options.stage ?? (app.node.tryGetContext('stage') as string | undefined) ?? 'dev';
  const base = STAGES[stageName];
  if (!base) {
    throw new StageError(
      `Unknown stage "${stageName}"; use -c stage=${Object.keys(STAGES).join('|')} (stages are defined in bin/stages.ts)`,
    );
  }
  const ctx = (key: string): string | undefined => app.node.tryGetContext(key) as string | undefined;
  const config: StageConfig = {
    ...base,
    region: stageRegion(stageName, base.region, ctx('region')),
    domainPrefix: ctx('domainPrefix') ?? base.domainPrefix,
    callbackUrls: ctx('callbackUrl') ? [ctx('callbackUrl')!] : base.callbackUrls,
    logoutUrls: ctx('logoutUrl') ? [ctx('logoutUrl')!] : base.logoutUrls,
    sesFromEmail: ctx('sesFromEmail') ?? base.sesFromEmail,
  };
  useStageLock(app, config);
  if (options.checks ?? true) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new CognitoChecks(app));
    if (base.profile === 'prod') {
      Validations.of(app).addPlugins(
        new ServerlessChecks(app),
        new HIPAASecurityChecks(app),
        new NIST80053R5Checks(app),
        new PCIDSS321Checks(app),
      );
    }
  }
  let stack: ReferenceStack;
  try {
    stack = new ReferenceStack(app, `CognitoAuth-${stageName}`, {
      stageName,
      config,
      env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: config.region },
      description: `cdk-cognito-auth reference app (${stageName})`,
      terminationProtection: config.profile === 'prod',
    });
  } catch (err) {
    throw withConstructPath(app, err);
  }
  return { app, stack, config };
}

/** A stage or Region of the reference app that cannot be used: the message says what to do. */
export class StageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StageError';
  }
}

/**
 * A CognitoAuthError thrown while a CognitoAuth was being built, with the path of that construct
 * (`constructPath`): the one in the tree whose constructor did not finish (it has no user pool yet).
 */
function withConstructPath(app: App, err: unknown): unknown {
  if (!(err instanceof CognitoAuthError)) return err;
  const unfinished = app.node
    .findAll()
    .filter((c): c is CognitoAuth => c instanceof CognitoAuth && c.userPool === undefined);
  const where = unfinished[unfinished.length - 1];
  // `locate` names the construct once: an error the construct already located keeps its path.
  return where ? err.locate(where) : err;
}

/** Variables through which a shell (or the CDK CLI, from the shell's profile) names a Region. */
export const REGION_VARIABLES = ['AWS_REGION', 'AWS_DEFAULT_REGION', 'CDK_DEFAULT_REGION'] as const;

/** The Region the CDK CLI passes as CDK_DEFAULT_REGION when nothing names one. */
const CLI_FALLBACK_REGION = 'us-east-1';

/**
 * The Region of the shell's AWS profile in the shared config files (`AWS_CONFIG_FILE`, else
 * `~/.aws/config`; `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`), if any.
 * @see https://docs.aws.amazon.com/sdkref/latest/guide/file-format.html
 */
function profileRegion(): string | undefined {
  const profile = process.env.AWS_PROFILE || process.env.AWS_DEFAULT_PROFILE || 'default';
  const home = os.homedir();
  const files: Array<[string, string]> = [
    [
      process.env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config'),
      profile === 'default' ? 'default' : `profile ${profile}`,
    ],
    [process.env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials'), profile],
  ];
  for (const [file, section] of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    let inSection = false;
    for (const line of text.split(/\r?\n/)) {
      const header = /^\s*\[\s*(.+?)\s*\]\s*$/.exec(line);
      if (header) inSection = header[1] === section;
      const region = inSection ? /^\s*region\s*=\s*(\S+)/.exec(line) : null;
      if (region) return region[1];
    }
  }
  return undefined;
}

/**
 * True when CDK_DEFAULT_REGION holds the CDK CLI's fallback, not a Region of the shell: the CLI takes the
 * Region from AWS_REGION, AMAZON_REGION, AWS_DEFAULT_REGION, AMAZON_DEFAULT_REGION, the profile in the
 * shared config files, or EC2 instance metadata, and else passes us-east-1 (the AWS CLI's rule). On a
 * machine with no AWS configuration at all (a fresh clone, CI before credentials), that us-east-1 was
 * chosen by nobody. (Instance metadata is not consulted here: on EC2 the instance's Region is a choice
 * of where to run, and the error below then asks to confirm it.)
 */
function isCliFallbackRegion(value: string): boolean {
  const shell = ['AWS_REGION', 'AMAZON_REGION', 'AWS_DEFAULT_REGION', 'AMAZON_DEFAULT_REGION'].some(
    (name) => !!process.env[name],
  );
  return value === CLI_FALLBACK_REGION && !shell && profileRegion() === undefined;
}

/**
 * The Region of a stage: `-c region=...` when given (a deliberate choice on the command line), else the
 * Region the stage declares. Under the CDK CLI (which deploys), without `-c region`, a shell set to another
 * Region is an error rather than a silent second pool in that Region; an app synthesized in-process (tests,
 * local mode) deploys nothing and ignores the shell.
 */
export function stageRegion(stageName: string, declared: string, chosen: string | undefined): string {
  if (chosen !== undefined) return chosen;
  if (process.env.CDK_CLI_VERSION === undefined) return declared;
  for (const name of REGION_VARIABLES) {
    const value = process.env[name];
    if (name === 'CDK_DEFAULT_REGION' && value && isCliFallbackRegion(value)) continue;
    if (value && value !== declared) {
      throw new StageError(
        `Stage "${stageName}" declares Region ${declared} (bin/stages.ts), but ${name} is ${value}. ` +
          `The stage deploys to ${declared} whatever the shell says; to avoid a surprise, make them agree: ` +
          `set ${name}=${declared} (or use a profile of that Region), or confirm the Region on the command line ` +
          `with -c region=${declared}; -c region=<another Region> deploys the stage elsewhere on purpose.`,
      );
    }
  }
  return declared;
}

/**
 * Points the lock at the stage's own file under the CDK CLI (unless context already names one). A stage
 * whose lock is not committed has no lock in a fresh CI workspace: there it is written, not verified.
 */
function useStageLock(app: App, config: StageConfig): void {
  if (process.env.CDK_CLI_VERSION === undefined) return;
  if (app.node.tryGetContext(LOCK_CONTEXT.file) === undefined) {
    app.node.setContext(LOCK_CONTEXT.file, config.lock.file);
  }
  const ci = !!process.env.CI && !['false', '0'].includes(process.env.CI.toLowerCase());
  if (ci && !config.lock.committed && app.node.tryGetContext(LOCK_CONTEXT.mode) === undefined) {
    app.node.setContext(LOCK_CONTEXT.mode, 'write');
  }
}

/**
 * Runs the app as the CDK CLI does (`cdk synth`, `cdk deploy`). A bad prop or setting is the user's to fix,
 * not a crash: its message alone goes to stderr (with the construct it was found in), without a stack
 * trace, and the process exits 1; anything else is thrown as it is.
 */
export function main(build: () => { app: App } = buildApp): void {
  try {
    build().app.synth();
  } catch (err) {
    if (!(err instanceof CognitoAuthError || err instanceof StageError)) throw err;
    const at = (err as { constructPath?: string }).constructPath;
    // The path goes first; the message's own ` (at <path>)` suffix would say it twice.
    const message =
      at && err.message.endsWith(` (at ${at})`) ? err.message.slice(0, -` (at ${at})`.length) : err.message;
    process.stderr.write(`${err.name}: ${at ? `${at}: ` : ''}${message}\n`);
    // Exit now: under the CLI the App synthesizes itself when the process is about to end (autoSynth), and
    // would write the half-built stack as if the synth had worked.
    process.exit(1);
  }
}

if (require.main === module) main();
