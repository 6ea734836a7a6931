/**
 * What the front knows from the template, beyond what the emulator keeps: which function serves which
 * trigger of each pool (with its event version), the IAM role of each group, resource servers, the
 * settings of app clients the emulator drops (refresh token rotation), and the identity pools with their
 * roles and role mappings. IAM roles do not exist locally; a role is named by a local ARN built from the
 * template (`arn:aws:iam::000000000000:role/<RoleName or logical id>`), so that tokens and credentials
 * say which role AWS would use.
 */
import { CfnObject, CfnValue, IntrinsicLookup, isObject, referenceOf, resolveValue } from '../intrinsics';
import type { ProvisionedPool } from '../provision';
import type { StackModel } from '../template';
import type { WiredTrigger } from '../triggers';
import type { ClientExtras, ResourceServerRecord } from './store';

/** The account id local ARNs carry. */
export const LOCAL_ACCOUNT = '000000000000';

/** A trigger of a pool that the front invokes. */
export interface PoolTrigger {
  readonly functionName: string;
  /** `V1_0`, `V2_0`, `V3_0` for pre token generation. */
  readonly version?: string;
}

/** A user pool as the front sees it. */
export interface FrontPool {
  readonly poolId: string;
  readonly logicalId: string;
  /** Trigger name → function. */
  readonly triggers: Readonly<Record<string, PoolTrigger>>;
  /** Group name → role ARN, from the template. */
  readonly groupRoles: Readonly<Record<string, string>>;
  readonly resourceServers: ResourceServerRecord[];
  /** Client id → settings the emulator drops. */
  readonly clientExtras: Readonly<Record<string, ClientExtras>>;
  /** `EnabledMfas` of the template. */
  readonly enabledMfas: string[];
  /**
   * Passkey settings of the template: `WebAuthnUserVerification` (`preferred` when unset) and the
   * relying-party id the pool names (local mode binds passkeys to `localhost` whatever it says).
   * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_WebAuthnConfigurationType.html
   */
  readonly webAuthn: {
    readonly userVerification: string;
    readonly relyingPartyId?: string;
    /** `MULTI_FACTOR_WITH_USER_VERIFICATION` when a user-verified passkey counts as MFA. */
    readonly factorConfiguration?: string;
  };
}

/** One role mapping of an identity pool. */
export interface FrontRoleMapping {
  /** `<provider name>:<client id>`. */
  readonly identityProvider: string;
  readonly type: string;
  readonly ambiguousRoleResolution?: string;
  readonly rules: Array<{ Claim: string; MatchType: string; Value: string; RoleArn: string }>;
}

/** An identity pool as the front serves it. */
export interface FrontIdentityPool {
  readonly id: string;
  readonly logicalId: string;
  readonly allowUnauthenticated: boolean;
  readonly allowClassicFlow: boolean;
  readonly providers: Array<{ providerName: string; clientId: string; serverSideTokenCheck: boolean }>;
  readonly roles: { readonly authenticated?: string; readonly unauthenticated?: string };
  readonly roleMappings: FrontRoleMapping[];
  /** `DeveloperProviderName`, when the pool has developer-authenticated identities. */
  readonly developerProviderName?: string;
  /** Principal tags per provider name: tag name → claim name, or Cognito's defaults. */
  readonly principalTags: Array<{ providerName: string; tags?: Record<string, string> }>;
}

/** Everything the front knows about the stack. */
export interface FrontStack {
  readonly region: string;
  readonly pools: FrontPool[];
  readonly identityPools: FrontIdentityPool[];
}

/** The local ARN of an IAM role of the template. */
export function localRoleArn(model: StackModel, logicalId: string): string {
  const name = model.template.Resources?.[logicalId]?.Properties?.RoleName;
  return `arn:aws:iam::${LOCAL_ACCOUNT}:role/${typeof name === 'string' ? name : logicalId}`;
}

/**
 * Extends a local lookup with what the front provides: role ARNs, the account id, identity pool ids and
 * each pool's `ProviderName` and `ProviderURL`, as the issuer of its local tokens names them.
 */
export function frontLookup(
  model: StackModel,
  base: IntrinsicLookup,
  issuer: (poolId: string) => string,
  identityPoolIds: Readonly<Record<string, string>>,
): IntrinsicLookup {
  const resources = model.template.Resources ?? {};
  return {
    ref(logicalId) {
      if (logicalId === 'AWS::AccountId') return LOCAL_ACCOUNT;
      if (identityPoolIds[logicalId]) return identityPoolIds[logicalId];
      return base.ref(logicalId);
    },
    getAtt(logicalId, attribute) {
      const type = resources[logicalId]?.Type;
      if (type === 'AWS::IAM::Role' && attribute === 'Arn') return localRoleArn(model, logicalId);
      if (
        type === 'AWS::Cognito::UserPool' &&
        (attribute === 'ProviderName' || attribute === 'ProviderURL')
      ) {
        const poolId = base.ref(logicalId);
        if (!poolId) return undefined;
        const url = issuer(poolId);
        return attribute === 'ProviderURL' ? url : url.replace(/^\w+:\/\//, '');
      }
      if (type === 'AWS::Cognito::IdentityPool' && attribute === 'Id') return identityPoolIds[logicalId];
      return base.getAtt(logicalId, attribute);
    },
  };
}

function resolved(value: CfnValue | undefined, lookup: IntrinsicLookup): CfnValue | undefined {
  if (value === undefined) return undefined;
  const r = resolveValue(value, lookup);
  return r.missing.length ? undefined : r.value;
}

function str(value: CfnValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Builds the front's view of the stack. */
export function frontStack(
  model: StackModel,
  pools: readonly ProvisionedPool[],
  wired: readonly WiredTrigger[],
  lookup: IntrinsicLookup,
  identityPoolIds: Readonly<Record<string, string>>,
): FrontStack {
  const resources = model.template.Resources ?? {};
  const frontPools: FrontPool[] = [];
  for (const poolModel of model.userPools) {
    const provisioned = pools.find((p) => p.logicalId === poolModel.logicalId);
    if (!provisioned) continue;
    const triggers: Record<string, PoolTrigger> = {};
    for (const t of wired.filter((w) => w.userPool === poolModel.logicalId)) {
      triggers[t.trigger] = { functionName: t.functionName, ...(t.version ? { version: t.version } : {}) };
    }
    const groupRoles: Record<string, string> = {};
    for (const g of poolModel.groups) {
      const name = str(g.properties.GroupName);
      const role = str(resolved(g.properties.RoleArn, lookup));
      if (name && role) groupRoles[name] = role;
    }
    const resourceServers: ResourceServerRecord[] = [];
    for (const s of poolModel.resourceServers) {
      const p = resolved(s.properties as CfnValue, lookup);
      if (!isObject(p) || typeof p.Identifier !== 'string') continue;
      resourceServers.push({
        Identifier: p.Identifier,
        Name: str(p.Name) ?? p.Identifier,
        Scopes: (Array.isArray(p.Scopes) ? p.Scopes : []).filter(isObject).map((sc) => ({
          ScopeName: String(sc.ScopeName),
          ScopeDescription: String(sc.ScopeDescription ?? ''),
        })),
      });
    }
    const clientExtras: Record<string, ClientExtras> = {};
    for (const c of poolModel.clients) {
      const id = provisioned.clients.find((pc) => pc.logicalId === c.logicalId)?.clientId;
      const rotation = resolved(c.properties.RefreshTokenRotation, lookup);
      const session = c.properties.AuthSessionValidity;
      if (id && (isObject(rotation) || typeof session === 'number')) {
        clientExtras[id] = {
          ...(isObject(rotation)
            ? { RefreshTokenRotation: rotation as ClientExtras['RefreshTokenRotation'] }
            : {}),
          ...(typeof session === 'number' ? { AuthSessionValidity: session } : {}),
        };
      }
    }
    frontPools.push({
      poolId: provisioned.id,
      logicalId: poolModel.logicalId,
      triggers,
      groupRoles,
      resourceServers,
      clientExtras,
      enabledMfas: (Array.isArray(poolModel.properties.EnabledMfas)
        ? poolModel.properties.EnabledMfas
        : []
      ).filter((m): m is string => typeof m === 'string'),
      webAuthn: {
        userVerification: str(poolModel.properties.WebAuthnUserVerification) ?? 'preferred',
        ...(str(poolModel.properties.WebAuthnRelyingPartyID)
          ? { relyingPartyId: str(poolModel.properties.WebAuthnRelyingPartyID) }
          : {}),
        ...(str(poolModel.properties.WebAuthnFactorConfiguration)
          ? { factorConfiguration: str(poolModel.properties.WebAuthnFactorConfiguration) }
          : {}),
      },
    });
  }

  const identityPools: FrontIdentityPool[] = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::Cognito::IdentityPool' || !identityPoolIds[logicalId]) continue;
    const p = (resolved(resource.Properties as CfnValue, lookup) ?? {}) as CfnObject;
    const attachment = Object.values(resources).find(
      (r) =>
        r.Type === 'AWS::Cognito::IdentityPoolRoleAttachment' &&
        referenceOf(r.Properties?.IdentityPoolId ?? null)?.logicalId === logicalId,
    );
    const a = (attachment ? resolved(attachment.Properties as CfnValue, lookup) : undefined) as
      CfnObject | undefined;
    const roles = isObject(a?.Roles) ? a.Roles : {};
    const mappings = isObject(a?.RoleMappings) ? a.RoleMappings : {};
    const principalTags = Object.values(resources)
      .filter(
        (r) =>
          r.Type === 'AWS::Cognito::IdentityPoolPrincipalTag' &&
          referenceOf(r.Properties?.IdentityPoolId ?? null)?.logicalId === logicalId,
      )
      .map((r) => (resolved(r.Properties as CfnValue, lookup) ?? {}) as CfnObject)
      .filter((t) => typeof t.IdentityProviderName === 'string')
      .map((t) => ({
        providerName: String(t.IdentityProviderName),
        ...(t.UseDefaults !== true && isObject(t.PrincipalTags)
          ? {
              tags: Object.fromEntries(
                Object.entries(t.PrincipalTags).filter(
                  (e): e is [string, string] => typeof e[1] === 'string',
                ),
              ),
            }
          : {}),
      }));
    identityPools.push({
      id: identityPoolIds[logicalId],
      logicalId,
      ...(typeof p.DeveloperProviderName === 'string'
        ? { developerProviderName: p.DeveloperProviderName }
        : {}),
      principalTags,
      allowUnauthenticated: p.AllowUnauthenticatedIdentities === true,
      allowClassicFlow: p.AllowClassicFlow === true,
      providers: (Array.isArray(p.CognitoIdentityProviders) ? p.CognitoIdentityProviders : [])
        .filter(isObject)
        .map((cp) => ({
          providerName: String(cp.ProviderName ?? ''),
          clientId: String(cp.ClientId ?? ''),
          serverSideTokenCheck: cp.ServerSideTokenCheck === true,
        })),
      roles: { authenticated: str(roles.authenticated), unauthenticated: str(roles.unauthenticated) },
      roleMappings: Object.values(mappings)
        .filter(isObject)
        .map((m) => ({
          identityProvider: String(m.IdentityProvider ?? ''),
          type: String(m.Type ?? 'Token'),
          ...(typeof m.AmbiguousRoleResolution === 'string'
            ? { ambiguousRoleResolution: m.AmbiguousRoleResolution }
            : {}),
          rules: (isObject(m.RulesConfiguration) && Array.isArray(m.RulesConfiguration.Rules)
            ? m.RulesConfiguration.Rules
            : []
          )
            .filter(isObject)
            .map((r) => ({
              Claim: String(r.Claim),
              MatchType: String(r.MatchType),
              Value: String(r.Value),
              RoleArn: String(r.RoleArn),
            })),
        })),
    });
  }
  return { region: model.region, pools: frontPools, identityPools };
}
