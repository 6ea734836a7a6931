export { grantUserPoolAccess } from './grant';
export { PreSignUp } from './pre-sign-up';
export type { PreSignUpOptions } from './pre-sign-up';
export { PreTokenGeneration } from './pre-token-generation';
export type { PreTokenGenerationOptions } from './pre-token-generation';
export { TRIGGER_ARCHITECTURE, TRIGGER_RUNTIME } from './runtime';
export type { ForgeableClaimsAcknowledgement } from './forgeable-claims';
export { TRIGGER_FUNCTION_DEFAULTS } from './trigger-function';
export type { TriggerFunctionOptions } from './trigger-function';
export { addTriggers } from './user-pool-triggers';
export type { AddTriggersContext, UserPoolTriggers, UserPoolTriggersProps } from './user-pool-triggers';
export type { DeclaredElsewhere } from './declared-names';
export { PRE_SIGN_UP_CONFIG_ENV, PRE_SIGN_UP_MESSAGES } from '../../lambda-triggers/pre-sign-up/config';
export type { PreSignUpConfig, PreSignUpMessages } from '../../lambda-triggers/pre-sign-up/config';
export {
  PRE_TOKEN_GENERATION_CONFIG_ENV,
  PreTokenGenerationVersion,
  RESERVED_CLAIMS,
  SUPPRESS_ONLY_CLAIMS,
} from '../../lambda-triggers/pre-token-generation/config';
export type {
  GroupClaim,
  GroupScopes,
  PreTokenGenerationConfig,
} from '../../lambda-triggers/pre-token-generation/config';
