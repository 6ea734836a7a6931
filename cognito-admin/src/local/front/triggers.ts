/**
 * Invokes a pool's Lambda triggers the way Cognito does, for the triggers the front owns (pre token
 * generation V1/V2/V3, pre and post authentication, pre sign-up on AdminCreateUser): the event Cognito
 * sends, the function's answer, and a refusal or failure as `UserLambdaValidationException`
 * (`<Trigger> failed with error <message>.`).
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html
 */
import type { InvocationResult } from '../function-process';
import { CognitoError } from './errors';
import type { FrontPool } from './stack';

/** Something that invokes a local function by name (the local Lambda endpoint). */
export interface FunctionInvoker {
  invoke(functionName: string, event: unknown): Promise<InvocationResult>;
}

/** The fields every trigger event has. */
export function triggerEvent(
  version: string,
  triggerSource: string,
  region: string,
  poolId: string,
  userName: string | undefined,
  clientId: string | undefined,
  request: Record<string, unknown>,
  response: Record<string, unknown>,
): Record<string, unknown> {
  return {
    version,
    triggerSource,
    region,
    userPoolId: poolId,
    ...(userName !== undefined ? { userName } : {}),
    callerContext: {
      awsSdkVersion: 'aws-sdk-unknown-unknown',
      clientId: clientId ?? 'CLIENT_ID_NOT_APPLICABLE',
    },
    request,
    response,
  };
}

/**
 * Runs `trigger` of `pool` with `event`; returns the event the function answered, or undefined when the
 * pool has no such trigger.
 */
export async function runTrigger(
  invoker: FunctionInvoker | undefined,
  pool: FrontPool | undefined,
  trigger: string,
  event: Record<string, unknown>,
): Promise<Record<string, unknown> | undefined> {
  const fn = pool?.triggers[trigger];
  if (!fn || !invoker) return undefined;
  let result: InvocationResult;
  try {
    result = await invoker.invoke(fn.functionName, event);
  } catch (e) {
    throw new CognitoError(
      'UnexpectedLambdaException',
      `${trigger} invocation failed: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  if (!result.ok) {
    throw new CognitoError(
      'UserLambdaValidationException',
      `${trigger} failed with error ${result.error.errorMessage}.`,
    );
  }
  const payload = result.payload;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new CognitoError('InvalidLambdaResponseException', `Invalid ${trigger} Lambda response`);
  }
  return payload as Record<string, unknown>;
}
