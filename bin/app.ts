#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import {
  AwsSolutionsChecks,
  HIPAASecurityChecks,
  NIST80053R5Checks,
  PCIDSS321Checks,
  ServerlessChecks,
} from 'cdk-nag';
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
    throw new Error(
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
  const stack = new ReferenceStack(app, `CognitoAuth-${stageName}`, {
    stageName,
    config,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: config.region },
    description: `cdk-cognito-auth reference app (${stageName})`,
    terminationProtection: config.profile === 'prod',
  });
  return { app, stack, config };
}

/** Variables through which a shell (or the CDK CLI, from the shell's profile) names a Region. */
export const REGION_VARIABLES = ['AWS_REGION', 'AWS_DEFAULT_REGION', 'CDK_DEFAULT_REGION'] as const;

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
    if (value && value !== declared) {
      throw new Error(
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

if (require.main === module) {
  buildApp().app.synth();
}
