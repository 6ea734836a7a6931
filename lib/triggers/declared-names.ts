import { Token } from 'aws-cdk-lib';
import { CognitoAuthError, show } from '../errors';
import type { PreTokenGenerationConfig } from '../../lambda-triggers/pre-token-generation/config';

/** Names a pool declares, against which the bundled pre token generation trigger's configuration is checked. */
export interface DeclaredNames {
  /** Attribute names, e.g. `email`, `custom:tenant_id`. */
  readonly attributes: readonly string[];
  /** Group names. */
  readonly groups: readonly string[];
  /** Scopes, e.g. `openid`, `orders-api/read`. */
  readonly scopes: readonly string[];
}

/**
 * Names the pool does not declare but that exist elsewhere: groups created outside this stack (by the CLI,
 * another stack), attributes of another source, scopes of a resource server of another stack.
 */
export interface DeclaredElsewhere {
  /** Group names created outside this construct. @default - none */
  readonly groups?: string[];
  /** Attribute names (`custom:...`) declared outside this construct. @default - none */
  readonly attributes?: string[];
  /** Scopes (`<identifier>/<scope>`) declared outside this construct. @default - none */
  readonly scopes?: string[];
}

/**
 * Refuses attributes, groups and scopes in a pre token generation configuration that the pool does not
 * declare and that `elsewhere` does not name: a claim from an attribute that does not exist is never set,
 * and a group that does not exist never matches, so a typo silently gives tokens without the claim.
 */
export function checkDeclaredNames(
  prop: string,
  config: PreTokenGenerationConfig,
  declared: DeclaredNames,
  elsewhere: DeclaredElsewhere = {},
): void {
  const known = (list: readonly string[], extra?: string[]) => new Set([...list, ...(extra ?? [])]);
  const attributes = known(declared.attributes, elsewhere.attributes);
  const groups = known(declared.groups, elsewhere.groups);
  const scopes = known(declared.scopes, elsewhere.scopes);
  const refuse = (at: string, name: string, what: string, set: Set<string>, hint: string) => {
    if (Token.isUnresolved(name) || set.has(name)) return;
    throw new CognitoAuthError(
      at,
      `${show(name)} is not ${what} of this pool; declared: ${[...set].sort().join(', ') || 'none'}. Fix the name, declare it, or name it in ${prop}.declaredElsewhere.${hint} when it is made outside this construct`,
    );
  };
  for (const attribute of Object.keys(config.claimsFromAttributes ?? {})) {
    refuse(`${prop}.claimsFromAttributes.${attribute}`, attribute, 'an attribute', attributes, 'attributes');
  }
  (config.groupClaims ?? []).forEach((claim, i) => {
    for (const group of Object.keys(claim?.valuesByGroup ?? {})) {
      refuse(`${prop}.groupClaims[${i}].valuesByGroup.${group}`, group, 'a group', groups, 'groups');
    }
  });
  for (const [group, spec] of Object.entries(config.scopesByGroup ?? {})) {
    refuse(`${prop}.scopesByGroup.${group}`, group, 'a group', groups, 'groups');
    for (const key of ['add', 'suppress'] as const) {
      (spec?.[key] ?? []).forEach((scope, i) => {
        refuse(`${prop}.scopesByGroup.${group}.${key}[${i}]`, scope, 'a scope', scopes, 'scopes');
      });
    }
  }
}
