import type {
  PreSignUpTriggerEvent,
  PreTokenGenerationTriggerEvent,
  PreTokenGenerationV2TriggerEvent,
} from 'aws-lambda';

type StringMap = Record<string, string>;

/** Event factories for the trigger handlers, shaped as Amazon Cognito sends them. */

export type PreSignUpSource = PreSignUpTriggerEvent['triggerSource'];

export function preSignUpEvent(
  triggerSource: PreSignUpSource,
  userAttributes: StringMap,
  userName = 'jane.doe',
): PreSignUpTriggerEvent {
  return {
    version: '1',
    region: 'eu-west-1',
    userPoolId: 'eu-west-1_AbCdEfGhI',
    triggerSource,
    userName,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: '1example23456789' },
    request: { userAttributes, validationData: {}, clientMetadata: {} },
    response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
  } as PreSignUpTriggerEvent;
}

export const selfSignUp = (userAttributes: StringMap): PreSignUpTriggerEvent =>
  preSignUpEvent('PreSignUp_SignUp', userAttributes);
export const adminCreateUser = (userAttributes: StringMap): PreSignUpTriggerEvent =>
  preSignUpEvent('PreSignUp_AdminCreateUser', userAttributes);
export const externalProvider = (userAttributes: StringMap): PreSignUpTriggerEvent =>
  preSignUpEvent('PreSignUp_ExternalProvider', userAttributes, 'google_1234567890');

export type TokenSource = PreTokenGenerationTriggerEvent['triggerSource'];

/** A version 1 pre token generation event (ID token only). */
export function tokenEventV1(
  userAttributes: StringMap,
  groups: string[] = [],
  triggerSource: TokenSource = 'TokenGeneration_Authentication',
): PreTokenGenerationTriggerEvent {
  return {
    version: '1',
    region: 'eu-west-1',
    userPoolId: 'eu-west-1_AbCdEfGhI',
    triggerSource,
    userName: 'jane.doe',
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: '1example23456789' },
    request: {
      userAttributes,
      groupConfiguration: { groupsToOverride: groups, iamRolesToOverride: [], preferredRole: undefined },
    },
    response: { claimsOverrideDetails: null },
  } as unknown as PreTokenGenerationTriggerEvent;
}

/** A version 2 (or 3) pre token generation event (ID and access tokens). */
export function tokenEventV2(
  userAttributes: StringMap,
  groups: string[] = [],
  scopes: string[] = ['aws.cognito.signin.user.admin'],
  version: '2' | '3' = '2',
  triggerSource: string = 'TokenGeneration_Authentication',
): PreTokenGenerationV2TriggerEvent {
  return {
    version,
    region: 'eu-west-1',
    userPoolId: 'eu-west-1_AbCdEfGhI',
    triggerSource,
    userName: 'jane.doe',
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: '1example23456789' },
    request: {
      userAttributes,
      scopes,
      groupConfiguration: { groupsToOverride: groups, iamRolesToOverride: [], preferredRole: undefined },
    },
    response: { claimsAndScopeOverrideDetails: null },
  } as unknown as PreTokenGenerationV2TriggerEvent;
}

/** Captures everything the handlers write to the console, and keeps it out of the test output. */
export function captureLogs(): { lines: () => string[]; restore: () => void } {
  const lines: string[] = [];
  const spies = (['log', 'info', 'warn', 'error'] as const).map((level) =>
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    }),
  );
  return { lines: () => lines, restore: () => spies.forEach((s) => s.mockRestore()) };
}

/** Loads a handler module afresh with the given environment (the handlers read it at module load). */
export function loadWithEnv<T extends object>(
  modulePath: string,
  env: Record<string, string | undefined>,
): T {
  const saved = { ...process.env };
  let mod: T | undefined;
  try {
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    jest.isolateModules(() => {
      mod = jest.requireActual<T>(modulePath);
    });
  } finally {
    process.env = saved;
  }
  return mod as T;
}
