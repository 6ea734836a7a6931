import { Duration } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoAuthError, show } from '../errors';
import { AuthProfile } from '../profile';
import {
  checkDuration,
  checkName,
  checkPlan,
  checkQuota,
  checkRedirectUrl,
  isToken,
} from '../private/validate';
import {
  CLIENT_NAME,
  COGNITO_QUOTAS,
  DEFAULT_EXPLICIT_AUTH_FLOWS,
  PLAN_GATES,
  REDIRECT_URL_LIMITS,
  RESOURCE_SERVER_IDENTIFIER,
  RESOURCE_SERVER_NAME,
  SCOPE_DESCRIPTION,
  SCOPE_NAME,
  STANDARD_SCOPES,
} from '../shared';
import { clientAttributes, defaultReadAttributes, defaultWriteAttributes } from '../private/attributes';
import { CustomAttribute } from '../user-pool/attributes';
import { AppClient, AppClientKind } from './app-client';
import { ResourceServerDefinition } from './resource-server';
import { resolveRotation } from './rotation';

/** Default token lifetimes. */
export const DEFAULT_TOKEN_VALIDITY = {
  access: Duration.hours(1),
  id: Duration.hours(1),
  refresh: Duration.days(30),
};

/** What building a client needs to know about the rest of the construct. */
export interface ClientBuildContext {
  readonly customAttributes: Record<string, CustomAttribute>;
  readonly standardAttributes: cognito.StandardAttributes;
  readonly resourceServers: Record<string, cognito.UserPoolResourceServer>;
  readonly resourceServerDefinitions: ResourceServerDefinition[];
  readonly hasDomain: boolean;
  readonly profile: AuthProfile;
  readonly defaultName: string;
  /** The pool's feature plan (CloudFormation name). @default 'ESSENTIALS' */
  readonly featurePlan?: string;
  /** The pool offers a first factor besides the password (web and server clients then offer USER_AUTH). */
  readonly passwordless?: boolean;
  /** The pool offers e-mail or SMS one-time codes as first factors (password clients then offer USER_AUTH). */
  readonly otpSignIn?: boolean;
}

/** Validates resource-server declarations. */
export function validateResourceServers(servers: ResourceServerDefinition[]): void {
  if (!Array.isArray(servers)) {
    throw new CognitoAuthError('resourceServers', `${show(servers)} is not a list of resource servers`);
  }
  checkQuota('resourceServers', servers.length, COGNITO_QUOTAS.resourceServers);
  const seen = new Set<string>();
  servers.forEach((server, i) => {
    const prop = `resourceServers[${i}]`;
    if (server === null || typeof server !== 'object') {
      throw new CognitoAuthError(
        prop,
        `${show(server)} is not a resource server; give { identifier, scopes }`,
      );
    }
    checkName(`${prop}.name`, server.name, RESOURCE_SERVER_NAME);
    if (isToken(server.identifier)) return;
    checkName(`${prop}.identifier`, server.identifier, RESOURCE_SERVER_IDENTIFIER);
    if (seen.has(server.identifier)) {
      throw new CognitoAuthError(
        `${prop}.identifier`,
        `${show(server.identifier)} is declared twice; identifiers must be unique`,
      );
    }
    seen.add(server.identifier);
    if (!Array.isArray(server.scopes) || server.scopes.length === 0) {
      throw new CognitoAuthError(`${prop}.scopes`, 'is empty; a resource server defines at least one scope');
    }
    checkQuota(`${prop}.scopes`, server.scopes.length, COGNITO_QUOTAS.scopesPerResourceServer);
    const names = new Set<string>();
    server.scopes.forEach((scope, j) => {
      checkName(`${prop}.scopes[${j}].name`, scope?.name, SCOPE_NAME);
      if (names.has(scope.name)) {
        throw new CognitoAuthError(
          `${prop}.scopes[${j}].name`,
          `${show(scope.name)} is declared twice in ${show(server.identifier)}`,
        );
      }
      names.add(scope.name);
      if (scope.description === undefined) {
        throw new CognitoAuthError(
          `${prop}.scopes[${j}].description`,
          'is missing; say what the scope allows in 1 to 256 characters',
        );
      }
      checkName(`${prop}.scopes[${j}].description`, scope.description, SCOPE_DESCRIPTION);
    });
  });
}

function resolveScope(
  prop: string,
  scope: string,
  kind: AppClientKind,
  ctx: ClientBuildContext,
): cognito.OAuthScope {
  if (isToken(scope)) return cognito.OAuthScope.custom(scope);
  const customScopes = ctx.resourceServerDefinitions.flatMap((s) =>
    s.scopes.map((sc) => `${s.identifier}/${sc.name}`),
  );
  if (STANDARD_SCOPES.includes(scope)) {
    if (kind === AppClientKind.MACHINE) {
      throw new CognitoAuthError(
        prop,
        `${show(scope)} is a user scope; the client credentials grant only issues resource-server scopes (declared: ${customScopes.join(', ') || 'none'})`,
      );
    }
    return cognito.OAuthScope.custom(scope);
  }
  const slash = scope.lastIndexOf('/');
  const identifier = slash > 0 ? scope.slice(0, slash) : '';
  const name = slash > 0 ? scope.slice(slash + 1) : '';
  const definition = ctx.resourceServerDefinitions.find((s) => s.identifier === identifier);
  const scopeDefinition = definition?.scopes.find((s) => s.name === name);
  const server = ctx.resourceServers[identifier];
  if (!definition || !scopeDefinition || !server) {
    throw new CognitoAuthError(
      prop,
      `${show(scope)} is not a known scope; use ${STANDARD_SCOPES.join(', ')} or a declared resource-server scope (${customScopes.join(', ') || 'none declared'})`,
    );
  }
  return cognito.OAuthScope.resourceServer(
    server,
    new cognito.ResourceServerScope({
      scopeName: scopeDefinition.name,
      scopeDescription: scopeDefinition.description,
    }),
  );
}

/** Turns a client preset and its overrides into aws-cdk-lib client options, validating every option. */
export function buildClientOptions(
  prop: string,
  client: AppClient,
  ctx: ClientBuildContext,
): cognito.UserPoolClientOptions {
  if (!(client instanceof AppClient)) {
    throw new CognitoAuthError(
      prop,
      `${show(client)} is not an app client; use AppClient.web(), server(), machine(), password() or custom()`,
    );
  }
  const o = client.options;
  const kind = client.kind;
  checkName(`${prop}.userPoolClientName`, o.userPoolClientName, CLIENT_NAME);
  if (!Object.values(AppClientKind).includes(kind)) {
    throw new CognitoAuthError(
      prop,
      `kind ${show(kind)} is not a client preset; use AppClient.web, server, machine, password or custom`,
    );
  }

  // ---- redirect URLs ----
  for (const key of ['callbackUrls', 'logoutUrls'] as const) {
    const urls = o[key];
    if (urls === undefined) continue;
    if (!Array.isArray(urls))
      throw new CognitoAuthError(`${prop}.${key}`, `${show(urls)} is not a list of URLs`);
    if (urls.length > REDIRECT_URL_LIMITS.maxUrls) {
      throw new CognitoAuthError(
        `${prop}.${key}`,
        `has ${urls.length} URLs; an app client takes at most ${REDIRECT_URL_LIMITS.maxUrls}`,
      );
    }
  }
  (o.callbackUrls ?? []).forEach((url, i) => checkRedirectUrl(`${prop}.callbackUrls[${i}]`, url));
  (o.logoutUrls ?? []).forEach((url, i) => checkRedirectUrl(`${prop}.logoutUrls[${i}]`, url));
  if (
    o.defaultRedirectUri !== undefined &&
    !isToken(o.defaultRedirectUri) &&
    !(o.callbackUrls ?? []).includes(o.defaultRedirectUri)
  ) {
    throw new CognitoAuthError(
      `${prop}.defaultRedirectUri`,
      `${show(o.defaultRedirectUri)} is not one of callbackUrls (${(o.callbackUrls ?? []).join(', ') || 'none'}); it must be`,
    );
  }
  const hasCallbacks = (o.callbackUrls?.length ?? 0) > 0;

  // ---- OAuth flows per preset ----
  let flows: cognito.OAuthFlows | undefined;
  switch (kind) {
    case AppClientKind.WEB:
      flows = hasCallbacks ? { authorizationCodeGrant: true } : undefined;
      break;
    case AppClientKind.SERVER:
      if (!hasCallbacks) {
        throw new CognitoAuthError(
          `${prop}.callbackUrls`,
          'is empty; a server client signs users in with the authorization code grant, which needs at least one callback URL',
        );
      }
      flows = { authorizationCodeGrant: true };
      break;
    case AppClientKind.MACHINE:
      if (hasCallbacks || (o.logoutUrls?.length ?? 0) > 0) {
        throw new CognitoAuthError(
          `${prop}.callbackUrls`,
          'are given to a machine client; the client credentials grant has no redirects',
        );
      }
      if (!o.scopes || o.scopes.length === 0) {
        throw new CognitoAuthError(
          `${prop}.scopes`,
          'is empty; a machine client needs at least one resource-server scope',
        );
      }
      flows = { clientCredentials: true };
      break;
    case AppClientKind.PASSWORD:
      if (hasCallbacks) {
        throw new CognitoAuthError(
          `${prop}.callbackUrls`,
          'are given to a password client, which has no OAuth flow; use AppClient.web for OAuth',
        );
      }
      flows = undefined;
      break;
    default:
      flows = o.oAuthFlows;
  }
  if (flows?.implicitCodeGrant) {
    throw new CognitoAuthError(
      `${prop}.oAuthFlows.implicitCodeGrant`,
      'is true; the implicit grant exposes tokens in URLs and is never allowed, use authorizationCodeGrant with PKCE',
    );
  }
  if (flows?.authorizationCodeGrant && !hasCallbacks) {
    throw new CognitoAuthError(
      `${prop}.callbackUrls`,
      'is empty but the authorization code grant is on; give at least one callback URL',
    );
  }
  if (flows?.clientCredentials && !o.generateSecret) {
    throw new CognitoAuthError(
      `${prop}.generateSecret`,
      'is false but the client credentials grant needs a client secret',
    );
  }

  // ---- scopes ----
  const oauthOn = !!(flows && (flows.authorizationCodeGrant || flows.clientCredentials));
  const scopeNames = o.scopes ?? (oauthOn ? ['openid', 'email', 'profile'] : []);
  if (!Array.isArray(scopeNames))
    throw new CognitoAuthError(`${prop}.scopes`, `${show(scopeNames)} is not a list of scopes`);
  checkQuota(`${prop}.scopes`, scopeNames.length, COGNITO_QUOTAS.scopesPerClient);
  const scopes = scopeNames.map((s, i) => resolveScope(`${prop}.scopes[${i}]`, s, kind, ctx));

  // ---- tokens ----
  const access = o.accessTokenValidity ?? DEFAULT_TOKEN_VALIDITY.access;
  const id = o.idTokenValidity ?? DEFAULT_TOKEN_VALIDITY.id;
  const refresh = o.refreshTokenValidity ?? DEFAULT_TOKEN_VALIDITY.refresh;
  checkDuration(
    `${prop}.accessTokenValidity`,
    o.accessTokenValidity,
    Duration.minutes(5),
    Duration.days(1),
    'allowed: 5 minutes to 1 day',
  );
  checkDuration(
    `${prop}.idTokenValidity`,
    o.idTokenValidity,
    Duration.minutes(5),
    Duration.days(1),
    'allowed: 5 minutes to 1 day',
  );
  checkDuration(
    `${prop}.refreshTokenValidity`,
    o.refreshTokenValidity,
    Duration.hours(1),
    Duration.days(3650),
    'allowed: 1 hour to 10 years (3650 days)',
  );
  checkDuration(
    `${prop}.authSessionValidity`,
    o.authSessionValidity,
    Duration.minutes(3),
    Duration.minutes(15),
    'allowed: 3 to 15 minutes',
  );
  if (!refresh.isUnresolved()) {
    for (const [name, value] of [
      ['accessTokenValidity', access],
      ['idTokenValidity', id],
    ] as const) {
      if (!value.isUnresolved() && value.toMilliseconds() > refresh.toMilliseconds()) {
        throw new CognitoAuthError(
          `${prop}.${name}`,
          `${value.toHumanString()} is longer than refreshTokenValidity ${refresh.toHumanString()}; it must not exceed it`,
        );
      }
    }
  }

  // ---- auth flows ----
  let authFlows: cognito.AuthFlow;
  switch (kind) {
    case AppClientKind.MACHINE:
      authFlows = o.authFlows ?? { userSrp: false };
      break;
    case AppClientKind.PASSWORD:
      authFlows = o.authFlows ?? {
        userPassword: true,
        userSrp: true,
        ...(ctx.otpSignIn ? { user: true } : {}),
      };
      break;
    case AppClientKind.CUSTOM:
      authFlows = o.authFlows ?? { userSrp: false };
      break;
    default:
      authFlows = o.authFlows ?? { userSrp: true, ...(ctx.passwordless ? { user: true } : {}) };
  }
  const plan = ctx.featurePlan ?? 'ESSENTIALS';
  if (authFlows.user === true) checkPlan(`${prop}.authFlows.user`, plan, PLAN_GATES.userAuthFlow);
  const rotation = resolveRotation(prop, o.refreshTokenRotationGracePeriod, kind, authFlows, plan);

  // ---- attributes ----
  const readNames = o.readAttributes ?? defaultReadAttributes(ctx.customAttributes);
  const writeNames =
    o.writeAttributes ?? defaultWriteAttributes(ctx.standardAttributes, ctx.customAttributes);
  const readAttributes = clientAttributes(`${prop}.readAttributes`, readNames, ctx.customAttributes);
  const writeAttributes = clientAttributes(`${prop}.writeAttributes`, writeNames, ctx.customAttributes);

  return {
    userPoolClientName: o.userPoolClientName ?? ctx.defaultName,
    generateSecret: o.generateSecret ?? false,
    authFlows,
    disableOAuth: !flows || (!flows.authorizationCodeGrant && !flows.clientCredentials),
    oAuth: flows
      ? {
          flows,
          callbackUrls: hasCallbacks ? o.callbackUrls : undefined,
          logoutUrls: o.logoutUrls,
          defaultRedirectUri: o.defaultRedirectUri,
          scopes,
        }
      : undefined,
    supportedIdentityProviders: o.identityProviders ?? [cognito.UserPoolClientIdentityProvider.COGNITO],
    accessTokenValidity: access,
    idTokenValidity: id,
    refreshTokenValidity: refresh,
    authSessionValidity: o.authSessionValidity,
    readAttributes,
    writeAttributes,
    preventUserExistenceErrors: o.preventUserExistenceErrors ?? true,
    enableTokenRevocation: o.enableTokenRevocation ?? true,
    refreshTokenRotationGracePeriod: rotation,
  };
}

/** The auth flows, OAuth flows and scopes a client ends up with, for the client configuration. */
export function clientOutputs(options: cognito.UserPoolClientOptions): {
  authFlows: string[];
  oauthFlows: string[];
  scopes: string[];
} {
  // As aws-cdk-lib writes ExplicitAuthFlows: none given means Cognito's defaults, and a rotating client
  // has no ALLOW_REFRESH_TOKEN_AUTH.
  const f = options.authFlows ?? {};
  const authFlows =
    Object.keys(f).length === 0
      ? [...DEFAULT_EXPLICIT_AUTH_FLOWS]
      : [
          f.userPassword && 'ALLOW_USER_PASSWORD_AUTH',
          f.adminUserPassword && 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
          f.custom && 'ALLOW_CUSTOM_AUTH',
          f.userSrp && 'ALLOW_USER_SRP_AUTH',
          f.user && 'ALLOW_USER_AUTH',
          !options.refreshTokenRotationGracePeriod && 'ALLOW_REFRESH_TOKEN_AUTH',
        ].filter((x): x is string => typeof x === 'string');
  const oauth = options.disableOAuth ? undefined : options.oAuth;
  const oauthFlows = [
    oauth?.flows?.authorizationCodeGrant && 'code',
    oauth?.flows?.clientCredentials && 'client_credentials',
  ].filter((x): x is string => typeof x === 'string');
  return { authFlows, oauthFlows, scopes: (oauth?.scopes ?? []).map((s) => s.scopeName) };
}
