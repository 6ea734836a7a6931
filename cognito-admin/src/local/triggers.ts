/**
 * Which of the template's Cognito triggers the emulator can call, and which function serves each.
 * cognito-local calls PreSignUp (on SignUp), PreTokenGeneration (V1 events), PostConfirmation,
 * PostAuthentication, CustomMessage and UserMigration, through the Lambda Invoke API, for every pool.
 */
import type { FunctionModel, StackModel } from './template';

/** Triggers the emulator invokes. */
export const EMULATED_TRIGGERS: readonly string[] = [
  'PreSignUp',
  'PreTokenGeneration',
  'PostConfirmation',
  'PostAuthentication',
  'CustomMessage',
  'UserMigration',
];

/**
 * Triggers the local front invokes itself, for each pool, with the events Cognito sends (see
 * `front/triggers.ts`); the emulator is not wired to them.
 */
export const FRONT_TRIGGERS: readonly string[] = [
  'PreTokenGeneration',
  'PreAuthentication',
  'PostAuthentication',
];

/** A trigger that runs locally, and the local function behind it. */
export interface WiredTrigger {
  readonly trigger: string;
  /** Logical id of the user pool that declares it. */
  readonly userPool: string;
  /** The function's logical id, which is also the name the local Lambda endpoint serves it under. */
  readonly functionName: string;
  /** `LambdaVersion`, e.g. `V2_0`, when the template sets one. */
  readonly version?: string;
}

/** A trigger of the template that does not run locally, and why. */
export interface UnwiredTrigger {
  readonly trigger: string;
  readonly userPool: string;
  readonly reason: string;
}

/** The outcome of `planTriggers`. */
export interface TriggerPlan {
  readonly wired: WiredTrigger[];
  readonly unwired: UnwiredTrigger[];
  /** The functions the local Lambda endpoint must serve. */
  readonly functions: FunctionModel[];
}

/** True for a runtime the local endpoint can run (Node.js). */
export function isNodeRuntime(runtime: string | undefined): boolean {
  return runtime === undefined || /^nodejs/.test(runtime);
}

/** Decides which triggers run locally. */
export function planTriggers(model: StackModel): TriggerPlan {
  const wired: WiredTrigger[] = [];
  const unwired: UnwiredTrigger[] = [];
  const functions = new Map<string, FunctionModel>();
  for (const pool of model.userPools) {
    for (const t of pool.triggers) {
      const skip = (reason: string): void => {
        unwired.push({ trigger: t.trigger, userPool: pool.logicalId, reason });
      };
      if (!EMULATED_TRIGGERS.includes(t.trigger) && !FRONT_TRIGGERS.includes(t.trigger)) {
        skip(`the emulator does not call ${t.trigger} triggers`);
        continue;
      }
      const fn = t.functionId ? model.functions[t.functionId] : undefined;
      if (!fn) {
        skip(`its function (${t.reference}) is not defined in this stack`);
        continue;
      }
      if (!isNodeRuntime(fn.runtime)) {
        skip(`function ${fn.logicalId} uses ${fn.runtime}; local mode runs Node.js functions only`);
        continue;
      }
      if (fn.codeProblem) {
        skip(`function ${fn.logicalId} cannot run locally: ${fn.codeProblem}`);
        continue;
      }
      const taken = wired.find((w) => w.trigger === t.trigger);
      if (taken && !FRONT_TRIGGERS.includes(t.trigger)) {
        skip(
          `the emulator has one ${t.trigger} trigger for all pools, and ${taken.functionName} of ${taken.userPool} already has it`,
        );
        continue;
      }
      wired.push({
        trigger: t.trigger,
        userPool: pool.logicalId,
        functionName: fn.logicalId,
        ...(t.version ? { version: t.version } : {}),
      });
      functions.set(fn.logicalId, fn);
    }
  }
  return { wired, unwired, functions: [...functions.values()] };
}
