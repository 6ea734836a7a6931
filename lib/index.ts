// The public API of cdk-cognito-auth. Everything exported here is in the jsii assembly (and so in every
// language), except what `./deprecated` re-exports: TypeScript-only aliases of renamed names. The
// Amplify-shaped client configuration types are TypeScript-only too, in `cdk-cognito-auth/client-config`.
export * from './cognito-auth';
export * from './errors';
export * from './profile';
export * from './user-pool/attributes';
export * from './user-pool/email';
export type { UserPoolSettingsProps } from './user-pool/settings';
export type { PoolProps } from './user-pool/pool';
export type { PasskeyOptions, SignInCodeMessages, SignInFactors, SignInProps } from './user-pool/sign-in';
export type { PasswordPolicyOptions, PasswordProps } from './user-pool/password';
export type { MfaOptions, MfaProps } from './user-pool/mfa';
export type { RecoveryProps } from './user-pool/recovery';
export type { MessagesProps } from './user-pool/messages';
export {
  CompromisedCredentialsAction,
  CompromisedCredentialsEvent,
  RiskAction,
} from './user-pool/threat-protection';
export type {
  AdaptiveAuthenticationOptions,
  ClientThreatProtectionOptions,
  CompromisedCredentialsOptions,
  RiskNotificationEmail,
  RiskNotifications,
  RiskResponse,
  ThreatProtectionOptions,
  ThreatProtectionProps,
} from './user-pool/threat-protection';
export type { SmsOptions, SmsProps } from './user-pool/sms';
export { DeviceRemembering } from './user-pool/devices';
export type { DeviceProps, DeviceTrackingOptions } from './user-pool/devices';
export type { OutputsOptions } from './outputs/options';
export * from './clients/app-client';
export * from './resource-servers/resource-server';
export * from './domain/auth-domain';
export * from './groups/auth-group';
export * from './groups/group';
export * from './identity-pool/auth-identity-pool';
export * from './identity-pool/federation-options';
export * from './identity-pool/principal-tags';
export * from './identity-pool/role-mapping';
export * from './triggers';
export * from './federation';
export * from './guard';
export * from './user-import/user-import-role';
export * from './logging/log-destination';
export {
  BrandingAsset,
  BrandingAssetCategory,
  BrandingColorMode,
  LoginBranding,
} from './managed-login/branding';
export type { CustomBrandingOptions } from './managed-login/branding';
export type { TermsDocuments } from './managed-login/terms';
export * from './deprecated';
