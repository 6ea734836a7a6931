export { PreSignUp } from './pre-sign-up';
export type { PreSignUpOptions } from './pre-sign-up';
export { PreTokenGeneration } from './pre-token-generation';
export type { PreTokenGenerationOptions } from './pre-token-generation';
export type { ForgeableClaimsAcknowledgement } from './forgeable-claims';
export type { TriggerFunctionOptions } from './trigger-function';
export { Triggers } from './triggers';
export type { AddTriggersContext, UserPoolTriggers, UserPoolTriggersProps } from './user-pool-triggers';
export type { DeclaredElsewhere } from './declared-names';
export type { PreSignUpConfig, PreSignUpMessages } from '../../lambda-triggers/pre-sign-up/config';
export { PreTokenGenerationVersion } from '../../lambda-triggers/pre-token-generation/config';
export type {
  GroupClaim,
  GroupScopes,
  PreTokenGenerationConfig,
} from '../../lambda-triggers/pre-token-generation/config';
