export * from './cognito-checks';
export type { CognitoRule, RuleContext } from './rule';
