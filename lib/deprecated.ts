/**
 * TypeScript-only aliases of names that were renamed so that every jsii language has them (jsii drops
 * exported functions and constants). Each one is the same value as its replacement, and goes in the next
 * major version.
 */
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { PreSignUpMessages } from '../lambda-triggers/pre-sign-up/config';
import { CognitoAuth } from './cognito-auth';
import { PreSignUp } from './triggers/pre-sign-up';
import { PreTokenGeneration } from './triggers/pre-token-generation';
import { Triggers } from './triggers/triggers';
import type {
  AddTriggersContext,
  UserPoolTriggers,
  UserPoolTriggersProps,
} from './triggers/user-pool-triggers';
import { CustomAttribute } from './user-pool/attributes';

export { DEFAULT_LOCK_FILE, LOCK_CONTEXT } from './guard/lock-options';

/** @deprecated use `Triggers.add()` */
export function addTriggers(
  scope: Construct,
  userPool: cognito.UserPool,
  props: UserPoolTriggersProps,
  context: AddTriggersContext,
): UserPoolTriggers {
  return Triggers.add(scope, userPool, props, context);
}

/** @deprecated use `Triggers.grantUserPoolAccess()` */
export function grantUserPoolAccess(
  fn: lambda.IFunction,
  userPool: cognito.IUserPool,
  actions: string[],
): iam.Policy {
  return Triggers.grantUserPoolAccess(fn, userPool, actions);
}

/** @deprecated use `Triggers.RUNTIME` */
export const TRIGGER_RUNTIME: lambda.Runtime = Triggers.RUNTIME;

/** @deprecated use `Triggers.ARCHITECTURE` */
export const TRIGGER_ARCHITECTURE: lambda.Architecture = Triggers.ARCHITECTURE;

/** @deprecated use `PreSignUp.CONFIG_ENV` */
export const PRE_SIGN_UP_CONFIG_ENV: string = PreSignUp.CONFIG_ENV;

/** @deprecated use `PreSignUp.DEFAULT_MESSAGES` */
export const PRE_SIGN_UP_MESSAGES: Required<PreSignUpMessages> =
  PreSignUp.DEFAULT_MESSAGES as Required<PreSignUpMessages>;

/** @deprecated use `PreTokenGeneration.CONFIG_ENV` */
export const PRE_TOKEN_GENERATION_CONFIG_ENV: string = PreTokenGeneration.CONFIG_ENV;

/** @deprecated use `PreTokenGeneration.RESERVED_CLAIMS` */
export const RESERVED_CLAIMS: readonly string[] = PreTokenGeneration.RESERVED_CLAIMS;

/** @deprecated use `PreTokenGeneration.SUPPRESS_ONLY_CLAIMS` */
export const SUPPRESS_ONLY_CLAIMS: readonly string[] = PreTokenGeneration.SUPPRESS_ONLY_CLAIMS;

/** @deprecated use `CustomAttribute.MAX_PER_POOL` */
export const MAX_CUSTOM_ATTRIBUTES: number = CustomAttribute.MAX_PER_POOL;

/** @deprecated use `CognitoAuth.STAGE_TAG` */
export const STAGE_TAG: string = CognitoAuth.STAGE_TAG;

/** @deprecated use `CognitoAuth.GUEST_ACCESS_REASON_METADATA` */
export const GUEST_ACCESS_REASON_METADATA: string = CognitoAuth.GUEST_ACCESS_REASON_METADATA;

/** @deprecated use `CognitoAuth.CLIENT_CONFIG_OUTPUT`, or import it from `cdk-cognito-auth/client-config` */
export const CLIENT_CONFIG_OUTPUT: string = CognitoAuth.CLIENT_CONFIG_OUTPUT;
