/**
 * Amazon Cognito's and CloudFormation's rules, written once with the documentation each comes from:
 * attribute names, name patterns and lengths, URL rules, e-mail rules, feature-plan gates and quotas.
 * Pure code, no aws-cdk-lib import: the constructs, the CLI and local mode all use it.
 */
export * from './attributes';
export * from './email';
export * from './logs';
export * from './names';
export * from './plans';
export * from './quotas';
export * from './risk';
export * from './sign-in';
export * from './urls';
export * from './branding';
export * from './terms';
export * from './analytics';
