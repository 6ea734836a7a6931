import { CognitoAuthError } from '../errors';
import { show } from '../private/show';
import { checkLength, checkName, checkQuota, isToken } from '../private/validate';
import { COGNITO_QUOTAS } from '../shared';
import {
  DEVELOPER_PROVIDER_NAME,
  GOOGLE_CLIENT_ID_SUFFIX,
  LOGIN_PROVIDER_ID,
  LOGIN_PROVIDER_KEYS,
  PRINCIPAL_TAG_KEY,
  PRINCIPAL_TAG_LIMITS,
  MAPPING_MATCH_TYPES,
  MAPPING_RULE_CLAIM,
  MAPPING_RULE_VALUE,
  ROLE_MAPPING_LIMITS,
} from '../shared/identity-pool';
import {
  AmbiguousRoleResolution,
  IdentityPoolProvider,
  IdentityPoolRoleMapping,
  MappedRole,
} from './role-mapping';
import { IdentityPoolFederationOptions } from './federation-options';
import { PrincipalTags } from './principal-tags';

/**
 * Checks a mapping on its own: provider, ambiguous resolution, 1 to 25 rules, each claim, value and match
 * type. Checks that need the finished construct (groups, clients, providers) are in `checkMappingTargets`.
 */
export function validateRoleMapping(prop: string, mapping: IdentityPoolRoleMapping): void {
  if (!(mapping instanceof IdentityPoolRoleMapping)) {
    throw new CognitoAuthError(
      prop,
      `${show(mapping)} is not a role mapping; use IdentityPoolRoleMapping.token(...) or IdentityPoolRoleMapping.rules(...)`,
    );
  }
  if (!(mapping._provider instanceof IdentityPoolProvider)) {
    throw new CognitoAuthError(
      `${prop}.provider`,
      `${show(mapping._provider)} is not a provider; use IdentityPoolProvider.userPoolClient(...), google() and the like`,
    );
  }
  if (mapping._provider._kind === 'userPool') {
    throw new CognitoAuthError(
      `${prop}.provider`,
      'userPool() cannot be mapped: Cognito maps user-pool users per client; use IdentityPoolProvider.userPoolClient(name)',
    );
  }
  if (!Object.values(AmbiguousRoleResolution).includes(mapping._ambiguous)) {
    throw new CognitoAuthError(
      `${prop}.ambiguous`,
      `${show(mapping._ambiguous)} is not allowed; use AmbiguousRoleResolution.AUTHENTICATED_ROLE or DENY`,
    );
  }
  const rules = mapping._rules;
  if (rules === undefined) return;
  if (!Array.isArray(rules))
    throw new CognitoAuthError(`${prop}.rules`, `${show(rules)} is not a list of rules`);
  // https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_RulesConfigurationType.html (1 to 25 rules)
  if (rules.length < ROLE_MAPPING_LIMITS.minRules || rules.length > ROLE_MAPPING_LIMITS.maxRules) {
    throw new CognitoAuthError(
      prop,
      `(${mapping._display()}) has ${rules.length} rules; a rules mapping takes ${ROLE_MAPPING_LIMITS.minRules} to ${ROLE_MAPPING_LIMITS.maxRules}`,
    );
  }
  rules.forEach((rule, i) => {
    const at = `${prop}.rules[${i}]`;
    if (rule === null || typeof rule !== 'object') {
      throw new CognitoAuthError(at, `${show(rule)} is not a rule; give { claim, value, role }`);
    }
    // https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_MappingRule.html
    if (rule.claim === undefined) throw new CognitoAuthError(`${at}.claim`, 'is missing');
    if (rule.value === undefined) throw new CognitoAuthError(`${at}.value`, 'is missing');
    checkName(`${at}.claim`, rule.claim, MAPPING_RULE_CLAIM);
    checkName(`${at}.value`, rule.value, MAPPING_RULE_VALUE);
    if (
      rule.matchType !== undefined &&
      !isToken(rule.matchType) &&
      !MAPPING_MATCH_TYPES.includes(rule.matchType)
    ) {
      throw new CognitoAuthError(
        `${at}.matchType`,
        `${show(rule.matchType)} is not allowed; use RoleMappingMatchType.EQUALS, CONTAINS, STARTS_WITH or NOTEQUAL`,
      );
    }
    if (!(rule.role instanceof MappedRole)) {
      throw new CognitoAuthError(
        `${at}.role`,
        `${show(rule.role)} is not a mapped role; use MappedRole.role(role) or MappedRole.group(name)`,
      );
    }
  });
}

/**
 * Checks the identity pool's providers, developer name and principal tags on their own; role mappings go
 * through `validateRoleMapping` as they are added.
 */
export function validateFederationOptions(prefix: string, options: IdentityPoolFederationOptions): void {
  const login = options.loginProviders ?? {};
  if (login === null || typeof login !== 'object') {
    throw new CognitoAuthError(
      `${prefix}.loginProviders`,
      `${show(login)} is not allowed; give { google?, facebook?, apple?, amazon? }`,
    );
  }
  for (const [name, appId] of Object.entries(login)) {
    const prop = `${prefix}.loginProviders.${name}`;
    if (!(name in LOGIN_PROVIDER_KEYS)) {
      throw new CognitoAuthError(
        prop,
        `is not a provider an identity pool signs in with directly here; use ${Object.keys(LOGIN_PROVIDER_KEYS).join(', ')} (Twitter is left out: its secret would sit in the template)`,
      );
    }
    if (appId === undefined) continue;
    // https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_CreateIdentityPool.html (SupportedLoginProviders values 1 to 128)
    checkName(prop, appId, LOGIN_PROVIDER_ID);
    if (name === 'google' && !isToken(appId) && !String(appId).endsWith(GOOGLE_CLIENT_ID_SUFFIX)) {
      throw new CognitoAuthError(
        prop,
        `${show(appId)} is not a Google OAuth client id (<id>${GOOGLE_CLIENT_ID_SUFFIX}); Cognito compares it with the aud of Google's tokens`,
      );
    }
  }
  checkName(`${prefix}.developerProviderName`, options.developerProviderName, DEVELOPER_PROVIDER_NAME);
  for (const [list, what] of [
    [options.openIdConnectProviders, 'openIdConnectProviders'],
    [options.samlProviders, 'samlProviders'],
  ] as const) {
    if (list !== undefined && !Array.isArray(list)) {
      throw new CognitoAuthError(`${prefix}.${what}`, `${show(list)} is not a list of IAM providers`);
    }
  }
  if (options.roleMappings !== undefined && !Array.isArray(options.roleMappings)) {
    throw new CognitoAuthError(
      `${prefix}.roleMappings`,
      `${show(options.roleMappings)} is not a list of role mappings`,
    );
  }
  validatePrincipalTags(`${prefix}.principalTags`, options.principalTags);
}

/** Principal tags: tag keys as STS takes them, claim names 1 to 256, at most 50 tags, providers once each. */
function validatePrincipalTags(prop: string, tags: PrincipalTags | undefined): void {
  if (tags === undefined) return;
  if (!(tags instanceof PrincipalTags)) {
    throw new CognitoAuthError(
      prop,
      `${show(tags)} is not allowed; use PrincipalTags.fromClaims(...) or PrincipalTags.defaults()`,
    );
  }
  const seen = new Map<string, number>();
  tags._providers.forEach((provider, i) => {
    if (!(provider instanceof IdentityPoolProvider)) {
      throw new CognitoAuthError(
        `${prop}.providers[${i}]`,
        `${show(provider)} is not an IdentityPoolProvider`,
      );
    }
    if (provider._kind === 'userPoolClient') {
      throw new CognitoAuthError(
        `${prop}.providers[${i}]`,
        `${provider._display} is a client; Cognito sets principal tags per user pool, so use IdentityPoolProvider.userPool()`,
      );
    }
    const first = seen.get(provider._key());
    if (first !== undefined) {
      throw new CognitoAuthError(
        `${prop}.providers[${i}]`,
        `${provider._display} repeats providers[${first}]`,
      );
    }
    seen.set(provider._key(), i);
  });
  if (tags._tags === undefined) return;
  const entries = Object.entries(tags._tags);
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_know (at most 50 session tags)
  if (entries.length === 0 || entries.length > PRINCIPAL_TAG_LIMITS.maxTags) {
    throw new CognitoAuthError(
      prop,
      `has ${entries.length} tags; give 1 to ${PRINCIPAL_TAG_LIMITS.maxTags} (or PrincipalTags.defaults())`,
    );
  }
  for (const [tag, claim] of entries) {
    checkName(`${prop} key ${show(tag)}`, tag, PRINCIPAL_TAG_KEY);
    // https://docs.aws.amazon.com/cognito/latest/developerguide/using-afac-with-cognito-identity-pools.html (claim up to 256 characters)
    checkLength(`${prop}.${tag}`, claim, 1, PRINCIPAL_TAG_LIMITS.maxClaim);
  }
}

/** Everything the finished construct knows that mappings and principal tags may name. */
export interface FederationContext {
  readonly options: IdentityPoolFederationOptions;
  readonly mappings: IdentityPoolRoleMapping[];
  /** The keys of every provider with a role mapping. */
  readonly mappingKeys: string[];
  /** Clients registered with the identity pool (non-machine). */
  readonly registeredClients: string[];
  /** Machine clients (never registered). */
  readonly machineClients: string[];
  /** Group names, each with whether it has a role. */
  readonly groups: Record<string, boolean>;
  /** The attributes users can write through a client (sign-up and UpdateUserAttributes). */
  writableAttributes(clientName: string): string[];
}

/**
 * Checks, once every client and group is known, that mappings and principal tags name providers, clients
 * and groups that exist, and that the pool maps at most 10 providers.
 */
export function checkFederationTargets(prefix: string, context: FederationContext): void {
  const named = (provider: IdentityPoolProvider, prop: string) => checkProvider(prop, provider, context);
  context.mappings.forEach((mapping, i) => {
    const prop = `${prefix}.roleMappings[${i}]`;
    named(mapping._provider, prop);
    (mapping._rules ?? []).forEach((rule, r) => {
      const group = rule.role._groupName;
      if (group === undefined || isToken(group)) return;
      const declared = Object.keys(context.groups);
      if (!(group in context.groups)) {
        throw new CognitoAuthError(
          `${prop}.rules[${r}].role`,
          `${rule.role._display()}: no such group; declared: ${declared.join(', ') || 'none'}`,
        );
      }
      if (!context.groups[group]) {
        throw new CognitoAuthError(
          `${prop}.rules[${r}].role`,
          `${rule.role._display()}: the group has no role (createRole false); give it one or map MappedRole.role(role)`,
        );
      }
    });
  });
  (context.options.principalTags?._providers ?? []).forEach((provider, i) =>
    named(provider, `${prefix}.principalTags.providers[${i}]`),
  );
  checkUserWritableClaims(prefix, context);
  // https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_SetIdentityPoolRoles.html (RoleMappings: at most 10)
  checkQuota(`${prefix}.roleMappings`, context.mappingKeys.length, {
    ...COGNITO_QUOTAS.roleMappingsPerIdentityPool,
    what: `identity providers with a role mapping (${context.mappingKeys.join(', ')})`,
  });
}

function checkProvider(prop: string, provider: IdentityPoolProvider, context: FederationContext): void {
  const { options } = context;
  switch (provider._kind) {
    case 'userPoolClient':
      if (context.machineClients.includes(provider._name)) {
        throw new CognitoAuthError(
          prop,
          `names ${provider._display}, a machine client, which does not sign in to the identity pool`,
        );
      }
      if (!context.registeredClients.includes(provider._name)) {
        throw new CognitoAuthError(
          prop,
          `names ${provider._display}, which is not a client; declared: ${context.registeredClients.join(', ') || 'none'}`,
        );
      }
      return;
    case 'userPool':
      if (context.registeredClients.length === 0) {
        throw new CognitoAuthError(prop, 'names userPool(), but no client signs in to the identity pool');
      }
      return;
    case 'login':
      if (
        (options.loginProviders as Record<string, string | undefined> | undefined)?.[provider._name] ===
        undefined
      ) {
        throw new CognitoAuthError(
          prop,
          `names ${provider._display} but identityPool.loginProviders.${provider._name} is not set`,
        );
      }
      return;
    case 'oidc':
      if (!(options.openIdConnectProviders ?? []).includes(provider._oidc!)) {
        throw new CognitoAuthError(
          prop,
          `names ${provider._display}, which is not in identityPool.openIdConnectProviders`,
        );
      }
      return;
    case 'saml':
      if (!(options.samlProviders ?? []).includes(provider._saml!)) {
        throw new CognitoAuthError(
          prop,
          `names ${provider._display}, which is not in identityPool.samlProviders`,
        );
      }
      return;
  }
}

/**
 * A claim that picks a role (a mapping rule) or a session tag (ABAC) must not come from an attribute the
 * users set themselves: a user could otherwise give themselves another tenant's data or a group's role.
 * User-pool tokens carry the user's attributes as claims (`custom:tenant_id`), and a client's write
 * attributes are what users may set at sign-up and with UpdateUserAttributes.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolClientType.html#CognitoUserPools-Type-UserPoolClientType-WriteAttributes
 */
function checkUserWritableClaims(prefix: string, context: FederationContext): void {
  const uses: Array<[string, string, string[]]> = [];
  context.mappings.forEach((mapping, i) => {
    if (mapping._provider._kind !== 'userPoolClient') return;
    (mapping._rules ?? []).forEach((rule, r) =>
      uses.push([`${prefix}.roleMappings[${i}].rules[${r}].claim`, rule.claim, [mapping._provider._name]]),
    );
  });
  const tags = context.options.principalTags;
  if (tags?._tags && tags._providers.some((p) => p._kind === 'userPool')) {
    for (const [tag, claim] of Object.entries(tags._tags)) {
      uses.push([`${prefix}.principalTags.${tag}`, claim, context.registeredClients]);
    }
  }
  for (const [prop, claim, clients] of uses) {
    if (isToken(claim)) continue;
    const writers = clients.filter((c) => context.writableAttributes(c).includes(claim));
    if (writers.length > 0) {
      throw new CognitoAuthError(
        prop,
        `${show(claim)} is an attribute users can write themselves through ${writers.map((c) => `clients.${c}`).join(', ')} (writeAttributes), so any user could choose their role or tag; let only administrators or a trigger set it (leave it out of writeAttributes, or clientWrite: false)`,
      );
    }
  }
}
