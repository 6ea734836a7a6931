import { Stack, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { CognitoAuthError } from '../errors';
import { show } from '../private/show';
import { standardAttributeName } from '../private/attributes';
import { checkName, checkQuota, checkUnique } from '../private/validate';
import {
  bareAttributeName,
  COGNITO_QUOTAS,
  customAttributeName,
  isCustomAttributeName,
  PROVIDER_IDENTIFIER,
  PROVIDER_NAME,
  RESERVED_PROVIDER_NAMES,
  STANDARD_ATTRIBUTE_NAMES,
  VERIFICATION_ATTRIBUTES,
} from '../shared';
import { CustomAttribute } from '../user-pool/attributes';
import { IdentityProvider, IdentityProviderType } from './identity-provider';

/** What creating a provider needs to know about the pool. */
export interface ProviderContext {
  /** The prop path in messages, e.g. `identityProviders[1]`. */
  readonly prop: string;
  readonly userPool: cognito.IUserPool;
  readonly standardAttributes: cognito.StandardAttributes;
  readonly customAttributes: Record<string, CustomAttribute>;
  /** Identifiers already taken by other providers of the pool, each with the prop that took it. */
  readonly takenIdentifiers: Map<string, string>;
}

/** Validates a provider against the pool's attributes and creates it. */
export function createIdentityProvider(
  scope: Construct,
  provider: IdentityProvider,
  ctx: ProviderContext,
): cognito.CfnUserPoolIdentityProvider {
  validateProvider(scope, provider, ctx);
  const secrets = Object.fromEntries(
    Object.entries(provider._secrets).map(([key, value]) => [key, value.unsafeUnwrap()]),
  );
  const id = Token.isUnresolved(provider.name) ? `IdentityProvider-${provider.providerType}` : provider.name;
  const created = new cognito.CfnUserPoolIdentityProvider(scope, `IdentityProvider-${id}`, {
    userPoolId: ctx.userPool.userPoolId,
    providerName: provider.name,
    providerType: provider.providerType,
    providerDetails: { ...provider._details, ...secrets },
    attributeMapping:
      Object.keys(provider.attributeMapping).length > 0 ? { ...provider.attributeMapping } : undefined,
    idpIdentifiers: provider.identifiers.length > 0 ? [...provider.identifiers] : undefined,
  });
  return created;
}

function validateProvider(scope: Construct, provider: IdentityProvider, ctx: ProviderContext): void {
  const { prop } = ctx;
  const custom =
    provider.providerType === IdentityProviderType.OIDC ||
    provider.providerType === IdentityProviderType.SAML;
  if (custom && !Token.isUnresolved(provider.name)) {
    const name = provider.name;
    checkName(`${prop}.name`, name, PROVIDER_NAME);
    if (RESERVED_PROVIDER_NAMES.includes(name.toLowerCase())) {
      throw new CognitoAuthError(
        `${prop}.name`,
        `${show(name)} is reserved for Cognito or a social provider; give the ${provider.providerType} provider a name of its own`,
      );
    }
  }

  // ---- details ----
  const details = provider._details;
  if (
    details.client_id !== undefined &&
    !Token.isUnresolved(details.client_id) &&
    !details.client_id.trim()
  ) {
    throw new CognitoAuthError(
      `${prop}.${provider.providerType === IdentityProviderType.APPLE ? 'servicesId' : 'clientId'}`,
      'is empty; give the id the provider issued for this user pool',
    );
  }
  for (const [key, option] of [
    ['oidc_issuer', 'issuerUrl'],
    ['MetadataURL', 'metadata'],
    ['authorize_url', 'endpoints.authorization'],
    ['token_url', 'endpoints.token'],
    ['attributes_url', 'endpoints.userInfo'],
    ['jwks_uri', 'endpoints.jwksUri'],
  ] as const) {
    const url = details[key];
    if (url === undefined || Token.isUnresolved(url)) continue;
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.protocol !== 'https:') {
      throw new CognitoAuthError(
        `${prop}.${option}`,
        `${show(url)} is not an https URL; Cognito only talks to identity providers over https`,
      );
    }
  }
  if (details.MetadataFile !== undefined && !Token.isUnresolved(details.MetadataFile)) {
    if (!/<(\w+:)?EntityDescriptor[\s>]/.test(details.MetadataFile)) {
      throw new CognitoAuthError(
        `${prop}.metadata`,
        `${show(details.MetadataFile.slice(0, 40))}... is not SAML metadata; give the XML document with its EntityDescriptor, or SamlMetadata.url(...)`,
      );
    }
  }
  checkQuota(`${prop}.identifiers`, provider.identifiers.length, COGNITO_QUOTAS.identifiersPerProvider);
  provider.identifiers.forEach((identifier, i) => {
    checkName(`${prop}.identifiers[${i}]`, identifier, PROVIDER_IDENTIFIER);
    // Cognito routes a user by identifier to exactly one provider: an identifier is unique in a pool.
    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetIdentityProviderByIdentifier.html
    checkUnique(
      `${prop}.identifiers[${i}]`,
      identifier,
      ctx.takenIdentifiers,
      'identifiers of the providers of a pool',
    );
  });

  // ---- secrets ----
  for (const [key, secret] of Object.entries(provider._secrets)) {
    const option = key === 'private_key' ? 'privateKey' : 'clientSecret';
    // Inspected through its raw value: resolving the SecretValue itself throws under the
    // `@aws-cdk/core:checkSecretUsage` feature flag (set by `cdk init`), although nothing is exposed here.
    const resolved = Stack.of(scope).resolve(secret.unsafeUnwrap());
    if (isPlainText(resolved)) {
      throw new CognitoAuthError(
        `${prop}.${option}`,
        'is plain text in the template; keep it in AWS Secrets Manager and pass SecretValue.secretsManager(...), never SecretValue.unsafePlainText',
      );
    }
    // CloudFormation resolves ssm-secure dynamic references only in the few resource properties its user
    // guide lists, and AWS::Cognito::UserPoolIdentityProvider is not one of them: the stack would fail.
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-ssm-secure-strings.html#template-parameters-dynamic-patterns-resources
    if (isSsmSecureReference(resolved)) {
      throw new CognitoAuthError(
        `${prop}.${option}`,
        `${show(secretText(resolved))} is an SSM SecureString reference, which CloudFormation cannot resolve in AWS::Cognito::UserPoolIdentityProvider; store the secret in AWS Secrets Manager and pass SecretValue.secretsManager('<secret name>', { jsonField: '${option}' })`,
      );
    }
  }

  // ---- attribute mapping ----
  const standard = new Map<string, cognito.StandardAttribute>();
  for (const [key, attribute] of Object.entries(ctx.standardAttributes)) {
    if (attribute) standard.set(standardAttributeName(key), attribute);
  }
  const standardNames = new Set<string>(Object.values(STANDARD_ATTRIBUTE_NAMES));
  for (const [attribute, source] of Object.entries(provider.attributeMapping)) {
    const at = `${prop}.attributeMapping.${attribute}`;
    if (Token.isUnresolved(attribute)) continue;
    if (!Token.isUnresolved(source) && !source.trim()) {
      throw new CognitoAuthError(
        at,
        'maps from an empty provider attribute; name the claim or attribute to read',
      );
    }
    if (isCustomAttributeName(attribute)) {
      const declared = ctx.customAttributes[bareAttributeName(attribute)];
      if (!declared) {
        throw new CognitoAuthError(
          at,
          `is not a declared custom attribute; declared: ${
            Object.keys(ctx.customAttributes).map(customAttributeName).join(', ') || 'none'
          }`,
        );
      }
      if (!declared.mutable) {
        throw new CognitoAuthError(
          at,
          `is mapped but the attribute is immutable (mutable: false); Cognito rewrites mapped attributes at every federated sign-in and would fail it, so declare it mutable or drop the mapping`,
        );
      }
      continue;
    }
    if (!standardNames.has(attribute) && !VERIFICATION_ATTRIBUTES.includes(attribute)) {
      throw new CognitoAuthError(
        at,
        `is not a user-pool attribute; map to a standard attribute (${[...standardNames].join(', ')}) or custom:<name>`,
      );
    }
    if (standard.get(attribute)?.mutable === false) {
      throw new CognitoAuthError(
        at,
        `is mapped but standardAttributes declares ${attribute} immutable (mutable: false); Cognito rewrites mapped attributes at every federated sign-in and would fail it, so declare it mutable or drop the mapping`,
      );
    }
  }
  for (const [name, attribute] of standard) {
    if (attribute.required && !(name in provider.attributeMapping)) {
      throw new CognitoAuthError(
        `${prop}.attributeMapping`,
        `${show(provider.attributeMapping)} does not map ${name}, which standardAttributes requires; the first sign-in of every ${provider.name} user would fail, so map ${name} from the provider`,
      );
    }
  }
}

/** True when a resolved secret is a literal string rather than a dynamic reference or an intrinsic. */
export function isPlainText(resolved: unknown): boolean {
  return typeof resolved === 'string' && !resolved.startsWith('{{resolve:');
}

/** True when a resolved secret is (or contains) an `ssm-secure` dynamic reference. */
export function isSsmSecureReference(resolved: unknown): boolean {
  return JSON.stringify(resolved ?? null).includes('{{resolve:ssm-secure:');
}

function secretText(resolved: unknown): string {
  return typeof resolved === 'string' ? resolved : JSON.stringify(resolved);
}
