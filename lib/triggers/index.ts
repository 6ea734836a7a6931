export * from './grant';
export * from './pre-sign-up';
export * from './pre-token-generation';
export * from './runtime';
export * from './trigger-function';
export * from './user-pool-triggers';
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
