import * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * The one Node.js runtime of every bundled trigger. `scripts/bundle-triggers.ts` compiles the handlers for
 * this version, so changing it here changes both the functions and their bundles.
 */
export const TRIGGER_RUNTIME: lambda.Runtime = lambda.Runtime.NODEJS_24_X;

/** The processor architecture of every bundled trigger. */
export const TRIGGER_ARCHITECTURE: lambda.Architecture = lambda.Architecture.ARM_64;

/** The esbuild target for a Node.js Lambda runtime, e.g. `node24` for `nodejs24.x`. */
export function esbuildTarget(runtime: lambda.Runtime = TRIGGER_RUNTIME): string {
  const match = /^nodejs(\d+)\.x$/.exec(runtime.name);
  if (!match) throw new Error(`${runtime.name} is not a Node.js runtime; expected a name such as nodejs24.x`);
  return `node${match[1]}`;
}
