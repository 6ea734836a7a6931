import { Duration } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoAuthError } from '../errors';
import { show } from '../private/show';
import { AuthProfile } from '../profile';
import {
  checkDuration,
  checkName,
  checkPlan,
  checkQuota,
  checkOneOf,
  checkRedirectUrl,
  isToken,
} from '../private/validate';
import {
  CLIENT_NAME,
  COGNITO_QUOTAS,
  DEFAULT_EXPLICIT_AUTH_FLOWS,
  PLAN_GATES,
  pinpointArnProblem,
  REDIRECT_URL_LIMITS,
  STANDARD_SCOPES,
} from '../shared';
import { clientAttributes, defaultReadAttributes, defaultWriteAttributes } from '../private/attributes';
import { CustomAttribute } from '../user-pool/attributes';
import { AppClient, AppClientKind, CustomClientOptions } from './app-client';
import { ResourceServerDefinition } from '../resource-servers/resource-server';
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
  validateRedirectUrls(prop, o);
  const hasCallbacks = (o.callbackUrls?.length ?? 0) > 0;
  const flows = oauthFlows(prop, client);
  validateFlows(prop, o, flows, hasCallbacks);

  // ---- scopes ----
  const oauthOn = !!(flows && (flows.authorizationCodeGrant || flows.clientCredentials));
  const scopeNames = o.scopes ?? (oauthOn ? ['openid', 'email', 'profile'] : []);
  if (!Array.isArray(scopeNames))
    throw new CognitoAuthError(`${prop}.scopes`, `${show(scopeNames)} is not a list of scopes`);
  checkQuota(`${prop}.scopes`, scopeNames.length, COGNITO_QUOTAS.scopesPerClient);
  const scopes = scopeNames.map((s, i) => resolveScope(`${prop}.scopes[${i}]`, s, kind, ctx));

  const tokens = tokenValidity(prop, o);
  const authFlows = authFlowsOf(kind, o, ctx);
  const plan = ctx.featurePlan ?? 'ESSENTIALS';
  if (authFlows.user === true) checkPlan(`${prop}.authFlows.user`, plan, PLAN_GATES.userAuthFlow);
  const rotation = resolveRotation(prop, o.refreshTokenRotationGracePeriod, kind, authFlows, plan);

  // ---- attributes ----
  const readNames = o.readAttributes ?? defaultReadAttributes(ctx.customAttributes);
  const writeNames =
    o.writeAttributes ?? defaultWriteAttributes(ctx.standardAttributes, ctx.customAttributes);
  const readAttributes = clientAttributes(`${prop}.readAttributes`, readNames, ctx.customAttributes);
  const writeAttributes = clientAttributes(`${prop}.writeAttributes`, writeNames, ctx.customAttributes);

  const generateSecret = o.generateSecret ?? false;
  const propagate = propagateUserContextData(prop, o, generateSecret);

  return {
    userPoolClientName: o.userPoolClientName ?? ctx.defaultName,
    generateSecret,
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
    ...tokens,
    authSessionValidity: o.authSessionValidity,
    readAttributes,
    writeAttributes,
    preventUserExistenceErrors: o.preventUserExistenceErrors ?? true,
    enableTokenRevocation: o.enableTokenRevocation ?? true,
    refreshTokenRotationGracePeriod: rotation,
    ...(propagate ? { enablePropagateAdditionalUserContextData: true } : {}),
  };
}

/**
 * `propagateUserContextData`: only a client with a secret may send user context data.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html#CognitoUserPools-CreateUserPoolClient-request-EnablePropagateAdditionalUserContextData
 */
function propagateUserContextData(prop: string, o: CustomClientOptions, generateSecret: boolean): boolean {
  const value = o.propagateUserContextData;
  if (value === undefined || value === false) return false;
  if (value !== true) {
    throw new CognitoAuthError(
      `${prop}.propagateUserContextData`,
      `${show(value)} is not allowed; use true or false`,
    );
  }
  if (!generateSecret) {
    throw new CognitoAuthError(
      `${prop}.propagateUserContextData`,
      'is true but the client has no secret (generateSecret false); Cognito accepts user context data only from confidential clients, such as AppClient.server(...)',
    );
  }
  return true;
}

/**
 * `pinpointAnalytics`: a project ARN in the pool's Region (or us-east-1), written as `ApplicationArn` with
 * `UserDataShared`; Cognito then uses its service-linked role.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cognito-userpoolclient-analyticsconfiguration.html
 */
export function resolvePinpointAnalytics(
  prop: string,
  o: CustomClientOptions,
  region: string | undefined,
): cognito.CfnUserPoolClient.AnalyticsConfigurationProperty | undefined {
  const options = o.pinpointAnalytics;
  if (options === undefined) return undefined;
  const p = `${prop}.pinpointAnalytics`;
  if (options === null || typeof options !== 'object') {
    throw new CognitoAuthError(p, `${show(options)} is not allowed; give { applicationArn, shareUserData? }`);
  }
  const arn = options.applicationArn;
  if (typeof arn !== 'string') {
    throw new CognitoAuthError(`${p}.applicationArn`, `${show(arn)} is not a Pinpoint project ARN`);
  }
  if (!isToken(arn)) {
    const problem = pinpointArnProblem(arn, region);
    if (problem) throw new CognitoAuthError(`${p}.applicationArn`, `${show(arn)} ${problem}`);
  }
  if (options.shareUserData !== undefined) {
    checkOneOf(`${p}.shareUserData`, options.shareUserData, [true, false], 'true or false');
  }
  // Written to the client's L1: aws-cdk-lib's `analytics` takes a CfnApp or a role and external id, not the
  // ARN of an existing project alone.
  return { applicationArn: arn, userDataShared: options.shareUserData ?? false };
}

/**
 * The sign-in API flows of a client: `authFlows` when given, else the preset's, plus USER_AUTH (choice-based
 * sign-in) on web and server clients when the pool offers a first factor besides the password, and on
 * password clients when it offers one-time codes.
 */
function authFlowsOf(kind: AppClientKind, o: CustomClientOptions, ctx: ClientBuildContext): cognito.AuthFlow {
  if (o.authFlows) return o.authFlows;
  const preset = PRESET_AUTH_FLOWS[kind];
  const userAuth =
    ((kind === AppClientKind.WEB || kind === AppClientKind.SERVER) && ctx.passwordless) ||
    (kind === AppClientKind.PASSWORD && ctx.otpSignIn);
  return userAuth ? { ...preset, user: true } : preset;
}

/** The sign-in API flows of each preset, unless the options give `authFlows`. */
const PRESET_AUTH_FLOWS: Record<AppClientKind, cognito.AuthFlow> = {
  [AppClientKind.WEB]: { userSrp: true },
  [AppClientKind.SERVER]: { userSrp: true },
  [AppClientKind.MACHINE]: { userSrp: false },
  [AppClientKind.PASSWORD]: { userPassword: true, userSrp: true },
  [AppClientKind.CUSTOM]: { userSrp: false },
};

/** Callback and logout URLs: lists of at most 100 URLs that Cognito accepts; the default one among them. */
function validateRedirectUrls(prop: string, o: CustomClientOptions): void {
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
}

/** The OAuth flows of a preset, refusing the redirects and scopes the preset cannot use. */
function oauthFlows(prop: string, client: AppClient): cognito.OAuthFlows | undefined {
  const o = client.options;
  const hasCallbacks = (o.callbackUrls?.length ?? 0) > 0;
  switch (client.kind) {
    case AppClientKind.WEB:
      return hasCallbacks ? { authorizationCodeGrant: true } : undefined;
    case AppClientKind.SERVER:
      if (!hasCallbacks) {
        throw new CognitoAuthError(
          `${prop}.callbackUrls`,
          'is empty; a server client signs users in with the authorization code grant, which needs at least one callback URL',
        );
      }
      return { authorizationCodeGrant: true };
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
      return { clientCredentials: true };
    case AppClientKind.PASSWORD:
      if (hasCallbacks) {
        throw new CognitoAuthError(
          `${prop}.callbackUrls`,
          'are given to a password client, which has no OAuth flow; use AppClient.web for OAuth',
        );
      }
      return undefined;
    default:
      return o.oAuthFlows;
  }
}

/** Never the implicit grant; the code grant needs a callback URL, client credentials a secret. */
function validateFlows(
  prop: string,
  o: CustomClientOptions,
  flows: cognito.OAuthFlows | undefined,
  hasCallbacks: boolean,
): void {
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
}

/** Token lifetimes after defaults, each in Cognito's range, none longer than the refresh token. */
function tokenValidity(
  prop: string,
  o: CustomClientOptions,
): Pick<cognito.UserPoolClientOptions, 'accessTokenValidity' | 'idTokenValidity' | 'refreshTokenValidity'> {
  const access = o.accessTokenValidity ?? DEFAULT_TOKEN_VALIDITY.access;
  const id = o.idTokenValidity ?? DEFAULT_TOKEN_VALIDITY.id;
  const refresh = o.refreshTokenValidity ?? DEFAULT_TOKEN_VALIDITY.refresh;
  const minutes5To1Day = 'allowed: 5 minutes to 1 day';
  checkDuration(
    `${prop}.accessTokenValidity`,
    o.accessTokenValidity,
    Duration.minutes(5),
    Duration.days(1),
    minutes5To1Day,
  );
  checkDuration(
    `${prop}.idTokenValidity`,
    o.idTokenValidity,
    Duration.minutes(5),
    Duration.days(1),
    minutes5To1Day,
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
  return { accessTokenValidity: access, idTokenValidity: id, refreshTokenValidity: refresh };
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
