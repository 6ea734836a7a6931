import { Stack, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { CognitoAuthError, show } from '../errors';
import { STANDARD_ATTRIBUTE_NAMES } from '../private/attributes';
import { CustomAttribute } from '../user-pool/attributes';
import { IdentityProvider, IdentityProviderType } from './identity-provider';

/** What creating a provider needs to know about the pool. */
export interface ProviderContext {
  /** The prop path in messages, e.g. `identityProviders[1]`. */
  readonly prop: string;
  readonly userPool: cognito.IUserPool;
  readonly standardAttributes: cognito.StandardAttributes;
  readonly customAttributes: Record<string, CustomAttribute>;
}

/** Provider names Cognito keeps for itself and for the social providers. */
const RESERVED_NAMES = ['cognito', 'google', 'facebook', 'signinwithapple', 'loginwithamazon'];
const PROVIDER_NAME = /^[^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}][^_\p{Z}]+$/u;
const IDENTIFIER = /^[\w\s+=.@-]{1,40}$/;
/** Attributes Cognito lets a provider fill besides the declarable standard ones. */
const MAPPABLE_BUILT_INS = ['email_verified', 'phone_number_verified'];

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
  const id = Token.isUnresolved(provider.name) ? `IdentityProvider-${provider.type}` : provider.name;
  const created = new cognito.CfnUserPoolIdentityProvider(scope, `IdentityProvider-${id}`, {
    userPoolId: ctx.userPool.userPoolId,
    providerName: provider.name,
    providerType: provider.type,
    providerDetails: { ...provider._details, ...secrets },
    attributeMapping:
      Object.keys(provider.attributeMapping).length > 0 ? { ...provider.attributeMapping } : undefined,
    idpIdentifiers: provider.identifiers.length > 0 ? [...provider.identifiers] : undefined,
  });
  return created;
}

function validateProvider(scope: Construct, provider: IdentityProvider, ctx: ProviderContext): void {
  const { prop } = ctx;
  const custom = provider.type === IdentityProviderType.OIDC || provider.type === IdentityProviderType.SAML;
  if (custom && !Token.isUnresolved(provider.name)) {
    const name = provider.name;
    if (name.length > 32 || !PROVIDER_NAME.test(name)) {
      throw new CognitoAuthError(
        `${prop}.name`,
        `${show(name)} is not allowed; use 3 to 32 letters, digits or punctuation, not starting or ending with a space or "_"`,
      );
    }
    if (RESERVED_NAMES.includes(name.toLowerCase())) {
      throw new CognitoAuthError(
        `${prop}.name`,
        `${show(name)} is reserved for Cognito or a social provider; give the ${provider.type} provider a name of its own`,
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
      `${prop}.${provider.type === IdentityProviderType.APPLE ? 'servicesId' : 'clientId'}`,
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
  if (provider.identifiers.length > 50) {
    throw new CognitoAuthError(
      `${prop}.identifiers`,
      `has ${provider.identifiers.length} entries; a provider takes at most 50`,
    );
  }
  provider.identifiers.forEach((identifier, i) => {
    if (!Token.isUnresolved(identifier) && !IDENTIFIER.test(identifier)) {
      throw new CognitoAuthError(
        `${prop}.identifiers[${i}]`,
        `${show(identifier)} is not allowed; use 1 to 40 letters, digits, spaces or + = . @ -`,
      );
    }
  });

  // ---- secrets ----
  for (const [key, secret] of Object.entries(provider._secrets)) {
    const option = key === 'private_key' ? 'privateKey' : 'clientSecret';
    if (isPlainText(Stack.of(scope).resolve(secret))) {
      throw new CognitoAuthError(
        `${prop}.${option}`,
        'is plain text in the template; keep it in a secret store and pass SecretValue.secretsManager(...) or SecretValue.ssmSecure(...), never SecretValue.unsafePlainText',
      );
    }
  }

  // ---- attribute mapping ----
  const standard = new Map<string, cognito.StandardAttribute>();
  for (const [key, attribute] of Object.entries(ctx.standardAttributes)) {
    if (attribute) standard.set(STANDARD_ATTRIBUTE_NAMES[key as keyof cognito.StandardAttributes], attribute);
  }
  const standardNames = new Set(Object.values(STANDARD_ATTRIBUTE_NAMES));
  for (const [attribute, source] of Object.entries(provider.attributeMapping)) {
    const at = `${prop}.attributeMapping.${attribute}`;
    if (Token.isUnresolved(attribute)) continue;
    if (!Token.isUnresolved(source) && !source.trim()) {
      throw new CognitoAuthError(
        at,
        'maps from an empty provider attribute; name the claim or attribute to read',
      );
    }
    if (attribute.startsWith('custom:')) {
      const declared = ctx.customAttributes[attribute.slice('custom:'.length)];
      if (!declared) {
        throw new CognitoAuthError(
          at,
          `is not a declared custom attribute; declared: ${
            Object.keys(ctx.customAttributes)
              .map((n) => `custom:${n}`)
              .join(', ') || 'none'
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
    if (!standardNames.has(attribute) && !MAPPABLE_BUILT_INS.includes(attribute)) {
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
