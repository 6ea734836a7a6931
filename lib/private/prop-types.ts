import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoAuthError } from '../errors';
import { show } from './show';

/**
 * The shape of a value: checked before any rule, so that a value of the wrong type (from JavaScript, or a
 * jsii language) gets a CognitoAuthError naming the prop rather than a TypeError from deep inside
 * aws-cdk-lib. Tokens pass.
 */
export type Shape =
  | 'boolean'
  | 'string'
  | 'number'
  | 'duration'
  | 'object'
  | 'string[]'
  | 'array'
  | { readonly oneOf: readonly unknown[]; readonly names: string }
  | { readonly fields: Readonly<Record<string, Shape>> };

const DESCRIBE: Record<string, string> = {
  boolean: 'true or false',
  string: 'a string',
  number: 'a number',
  duration: 'a Duration (Duration.minutes(5) and the like)',
  object: 'an object',
  'string[]': 'a list of strings',
  array: 'a list',
};

/** Throws unless `value` (when given) has `shape`. */
export function checkShape(prop: string, value: unknown, shape: Shape): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (typeof shape === 'string') {
    const ok =
      shape === 'boolean'
        ? typeof value === 'boolean'
        : shape === 'string'
          ? typeof value === 'string'
          : shape === 'number'
            ? typeof value === 'number' && !Number.isNaN(value)
            : shape === 'duration'
              ? value instanceof Duration
              : shape === 'object'
                ? value !== null && typeof value === 'object' && !Array.isArray(value)
                : shape === 'string[]'
                  ? Array.isArray(value) && value.every((v) => typeof v === 'string')
                  : Array.isArray(value);
    if (!ok) throw new CognitoAuthError(prop, `${show(value)} is not allowed; use ${DESCRIBE[shape]}`);
    return;
  }
  if ('oneOf' in shape) {
    if (!shape.oneOf.includes(value))
      throw new CognitoAuthError(prop, `${show(value)} is not allowed; use ${shape.names}`);
    return;
  }
  checkShape(prop, value, 'object');
  for (const [key, inner] of Object.entries(shape.fields)) {
    checkShape(`${prop}.${key}`, (value as Record<string, unknown>)[key], inner);
  }
}

const flags = (...keys: string[]): Shape => ({ fields: Object.fromEntries(keys.map((k) => [k, 'boolean'])) });
const standardAttribute: Shape = { fields: { required: 'boolean', mutable: 'boolean' } };

/** The shape of every prop of `CognitoAuthProps` whose type aws-cdk-lib would otherwise trip over. */
export const PROP_SHAPES: Readonly<Record<string, Shape>> = {
  stage: 'string',
  userPoolName: 'string',
  signInAliases: flags('username', 'email', 'phone', 'preferredUsername'),
  signInCaseSensitive: 'boolean',
  autoVerify: flags('email', 'phone'),
  keepOriginal: flags('email', 'phone'),
  selfSignUpEnabled: 'boolean',
  signInFactors: flags('emailOtp', 'smsOtp', 'passkey'),
  passkeys: {
    fields: {
      relyingPartyId: 'string',
      userVerification: {
        oneOf: Object.values(cognito.PasskeyUserVerification),
        names: 'PasskeyUserVerification.REQUIRED or PREFERRED',
      },
      satisfiesMfa: 'boolean',
    },
  },
  signInCodeMessages: { fields: { emailSubject: 'string', emailBody: 'string', smsMessage: 'string' } },
  standardAttributes: {
    fields: Object.fromEntries(
      [
        'address',
        'birthdate',
        'email',
        'familyName',
        'gender',
        'givenName',
        'locale',
        'middleName',
        'fullname',
        'nickname',
        'phoneNumber',
        'profilePicture',
        'preferredUsername',
        'profilePage',
        'timezone',
        'lastUpdateTime',
        'website',
      ].map((k) => [k, standardAttribute]),
    ),
  },
  customAttributes: 'object',
  passwordPolicy: {
    fields: {
      minLength: 'number',
      requireLowercase: 'boolean',
      requireUppercase: 'boolean',
      requireDigits: 'boolean',
      requireSymbols: 'boolean',
      tempPasswordValidity: 'duration',
      passwordHistorySize: 'number',
    },
  },
  mfa: {
    fields: {
      mode: { oneOf: Object.values(cognito.Mfa), names: 'Mfa.OFF, Mfa.OPTIONAL or Mfa.REQUIRED' },
      totp: 'boolean',
      sms: 'boolean',
      email: 'boolean',
      smsMessage: 'string',
    },
  },
  accountRecovery: {
    oneOf: Object.values(cognito.AccountRecovery).filter((v) => typeof v === 'number'),
    names: 'a member of AccountRecovery',
  },
  featurePlan: { oneOf: Object.values(cognito.FeaturePlan), names: 'FeaturePlan.LITE, ESSENTIALS or PLUS' },
  threatProtection: {
    fields: {
      standard: {
        oneOf: Object.values(cognito.StandardThreatProtectionMode),
        names: 'a StandardThreatProtectionMode',
      },
      custom: {
        oneOf: Object.values(cognito.CustomThreatProtectionMode),
        names: 'a CustomThreatProtectionMode',
      },
      compromisedCredentials: 'object',
      adaptiveAuthentication: 'object',
      alwaysAllowIpRanges: 'string[]',
      alwaysBlockIpRanges: 'string[]',
    },
  },
  deviceTracking: { fields: { skipMfaOnRememberedDevices: 'boolean' } },
  deletionProtection: 'boolean',
  removalPolicy: { oneOf: Object.values(RemovalPolicy), names: 'a RemovalPolicy' },
  sms: { fields: { externalId: 'string', snsRegion: 'string' } },
  userVerification: {
    fields: {
      emailSubject: 'string',
      emailBody: 'string',
      smsMessage: 'string',
      emailStyle: {
        oneOf: Object.values(cognito.VerificationEmailStyle),
        names: 'VerificationEmailStyle.CODE or LINK',
      },
    },
  },
  userInvitation: { fields: { emailSubject: 'string', emailBody: 'string', smsMessage: 'string' } },
  clients: 'object',
  defaultClient: 'string',
  resourceServers: 'array',
  managedLoginVersion: { oneOf: Object.values(cognito.ManagedLoginVersion), names: 'a ManagedLoginVersion' },
  identityProviders: 'array',
  groups: 'array',
  identityPool: {
    fields: {
      enabled: 'boolean',
      identityPoolName: 'string',
      allowGuestAccess: 'boolean',
      guestAccessReason: 'string',
      authenticatedPolicyStatements: 'array',
      guestPolicyStatements: 'array',
      loginProviders: {
        fields: { google: 'string', facebook: 'string', apple: 'string', amazon: 'string' },
      },
      openIdConnectProviders: 'array',
      samlProviders: 'array',
      developerProviderName: 'string',
      roleMappings: 'array',
      principalTags: 'object',
      authenticatedRole: 'object',
      guestRole: 'object',
    },
  },
  triggers: 'object',
  userImportRole: 'boolean',
  tags: 'object',
  outputs: { fields: { enabled: 'boolean', prefix: 'string', exportPrefix: 'string', perItem: 'boolean' } },
  lock: 'object',
  immutableSettingsLock: 'object',
};

/** Checks the type of every prop before anything else. */
export function checkPropShapes(props: Record<string, unknown>): void {
  for (const [key, shape] of Object.entries(PROP_SHAPES)) checkShape(key, props[key], shape);
}
