#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import {
  AwsSolutionsChecks,
  HIPAASecurityChecks,
  NIST80053R5Checks,
  PCIDSS321Checks,
  ServerlessChecks,
} from 'cdk-nag';
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
    region: ctx('region') ?? process.env.CDK_DEFAULT_REGION ?? base.region,
    domainPrefix: ctx('domainPrefix') ?? base.domainPrefix,
    callbackUrls: ctx('callbackUrl') ? [ctx('callbackUrl')!] : base.callbackUrls,
    logoutUrls: ctx('logoutUrl') ? [ctx('logoutUrl')!] : base.logoutUrls,
    sesFromEmail: ctx('sesFromEmail') ?? base.sesFromEmail,
  };
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

if (require.main === module) {
  buildApp().app.synth();
}
