/**
 * Where local mode still differs from Amazon Cognito, stated plainly at startup, each with its reason.
 * The local front (`front/`) provides in front of the emulator what cognito-local lacks (SRP, refresh
 * with rotation, TOTP setup, the template's rules, V2/V3 token events, group roles, the hosted UI, the
 * identity pool API); what is listed here is what is left.
 */
import { CfnObject, isObject } from './intrinsics';
import { LOCAL_RELYING_PARTY_ID } from './outputs';
import type { StackModel } from './template';
import type { TriggerPlan } from './triggers';

/** One difference from Amazon Cognito. */
export interface EmulatorGap {
  /** Short name of the feature, e.g. `Token issuer`. */
  readonly feature: string;
  /** What happens locally, why, and what to do. */
  readonly detail: string;
}

/** The differences that apply to every stack. */
export const ALWAYS: readonly EmulatorGap[] = [
  {
    feature: 'Token issuer and key',
    detail:
      'tokens are signed with a key made on this machine (.local/front/signing-key.pem) and name the issuer http://localhost:<port>/<poolId>, where its JWKS and discovery document are served; verifiers that derive the AWS issuer from the pool id (CognitoJwtVerifier) need the local issuer. Never accept local tokens anywhere else',
  },
  {
    feature: 'Ids and ARNs',
    detail:
      "pool ids are the emulator's (local_...), and IAM roles, which do not exist locally, are named arn:aws:iam::000000000000:role/<RoleName or logical id> in tokens, outputs.json and credentials",
  },
  {
    feature: 'AWS credentials',
    detail:
      'the identity pool returns plainly fake credentials (ASIALOCAL..., the role named in the session token): there is no STS offline, so they work against no AWS service',
  },
  {
    feature: 'Hosted UI',
    detail:
      'a plain local sign-in page stands in for managed login (no branding styles or assets, no passkeys, no SMS codes; "Email me a code" where the pool allows e-mail codes and the client USER_AUTH), for every pool at https://localhost:<port> with a certificate made on this machine (.local/tls/localhost.crt): trust it once, see docs/local.md',
  },
  {
    feature: 'Custom authentication and devices',
    detail:
      'CUSTOM_AUTH (DefineAuthChallenge, CreateAuthChallenge, VerifyAuthChallengeResponse) and remembered devices are not emulated: the custom challenge triggers do not run, and remembered-device keys need device verifiers the front does not keep',
  },
  {
    feature: 'Messages',
    detail:
      'no e-mail or SMS is sent: codes and temporary passwords are written to .local/emulator.log and printed as [code] lines',
  },
  {
    feature: 'Operations not available',
    detail:
      'devices, user import jobs (cognito-admin users import --job needs AWS), user pool domains and managed login branding, identity providers, auth factors and sessions (GetUserAuthFactors), AdminSetUserMFAPreference and AdminSetUserSettings, client secret rotation, terms, replicas, tags, log delivery, risk and UI settings: neither cognito-local nor the front provides them, and they answer HTTP 500 "Unsupported" (an AWS SDK retries it, then fails)',
  },
];

/** The one-time-code and passkey first factors of a pool, as local mode serves them. */
function signInFactorGaps(properties: CfnObject): EmulatorGap[] {
  const policies = isObject(properties.Policies) ? properties.Policies : {};
  const signIn = isObject(policies.SignInPolicy) ? policies.SignInPolicy : {};
  const factors = Array.isArray(signIn.AllowedFirstAuthFactors) ? signIn.AllowedFirstAuthFactors : [];
  const gaps: EmulatorGap[] = [];
  const otp = factors.filter((f) => f === 'EMAIL_OTP' || f === 'SMS_OTP');
  if (otp.length) {
    gaps.push({
      feature: 'One-time sign-in codes',
      detail: `${otp.join(', ')}: codes are not sent but written to .local/emulator.log and printed as [code] lines (--code fixes them); their length (8 digits) and the 3 wrong answers a sign-in takes are local choices, as Cognito documents neither; a code lasts as long as the sign-in session (AuthSessionValidity)`,
    });
  }
  if (factors.includes('WEB_AUTHN')) {
    const rp =
      typeof properties.WebAuthnRelyingPartyID === 'string' ? properties.WebAuthnRelyingPartyID : undefined;
    gaps.push({
      feature: 'Passkeys',
      detail: `the relying-party id is ${LOCAL_RELYING_PARTY_ID} locally${rp ? `, not ${rp}` : ''}, as local pages run there (.local/outputs.json says so): passkeys made locally work only locally, and those made on AWS not at all; attestation is none only; the hosted UI offers no passkeys; a CREDENTIAL sent with the SELECT_CHALLENGE answer is refused (answer WEB_AUTHN, then the WEB_AUTHN challenge)`,
    });
  }
  return gaps;
}

/** Resources of the template that local mode accepts but does not apply. */
function resourceGaps(model: StackModel): EmulatorGap[] {
  const resources = Object.values(model.template.Resources ?? {});
  const has = (type: string): boolean => resources.some((r) => r.Type === type);
  const gaps: EmulatorGap[] = [];
  if (has('AWS::Cognito::LogDeliveryConfiguration')) {
    gaps.push({
      feature: 'Log delivery',
      detail:
        'LogDeliveryConfiguration is not emulated: no message-delivery errors or user activity logs go anywhere (CloudWatch Logs, S3 and Firehose do not exist offline); sign-ins are in .local/emulator.log and functions.log only',
    });
  }
  if (has('AWS::Cognito::UserPoolRiskConfigurationAttachment')) {
    gaps.push({
      feature: 'Risk configuration',
      detail:
        'the risk configuration (compromised-credentials and adaptive-authentication actions, notification e-mails, IP allow and block lists) is not applied: there is no risk engine locally',
    });
  }
  if (has('AWS::Cognito::ManagedLoginBranding')) {
    gaps.push({
      feature: 'Managed login branding',
      detail: 'branding settings and assets are not shown: the local sign-in page is plain',
    });
  }
  if (has('AWS::Cognito::Terms')) {
    gaps.push({
      feature: 'Terms',
      detail:
        'the terms of use and privacy policy links (AWS::Cognito::Terms) are not shown: the local hosted UI has no sign-up page; sign up through the API or your own page',
    });
  }
  if (
    resources.some(
      (r) => r.Type === 'AWS::Cognito::UserPoolClient' && r.Properties?.AnalyticsConfiguration !== undefined,
    )
  ) {
    gaps.push({
      feature: 'Analytics',
      detail:
        "the clients' Pinpoint analytics configuration is accepted and ignored: no analytics events are sent",
    });
  }
  return gaps;
}

/** The differences for `model`, given which triggers run locally. */
export function emulatorGaps(model: StackModel, plan: TriggerPlan): EmulatorGap[] {
  const gaps: EmulatorGap[] = [...ALWAYS];
  for (const pool of model.userPools) {
    const mfas = Array.isArray(pool.properties.EnabledMfas) ? pool.properties.EnabledMfas : [];
    const other = mfas.filter((m) => m === 'SMS_MFA' || m === 'EMAIL_OTP');
    if (other.length) {
      gaps.push({
        feature: 'MFA',
        detail: `${other.join(', ')} not available locally (no messages are sent); TOTP works, with setup`,
      });
    }
    gaps.push(...signInFactorGaps(pool.properties));
    const addOns = pool.properties.UserPoolAddOns;
    if (
      addOns &&
      typeof addOns === 'object' &&
      !Array.isArray(addOns) &&
      addOns.AdvancedSecurityMode !== undefined &&
      addOns.AdvancedSecurityMode !== 'OFF'
    ) {
      gaps.push({
        feature: 'Threat protection',
        detail: `AdvancedSecurityMode ${String(addOns.AdvancedSecurityMode)} is not emulated: no risk scores, adaptive authentication or compromised-credential checks`,
      });
    }
  }
  const providers = Object.values(model.template.Resources ?? {})
    .filter((r) => r.Type === 'AWS::Cognito::UserPoolIdentityProvider')
    .map((r) => (typeof r.Properties?.ProviderName === 'string' ? r.Properties.ProviderName : 'a provider'));
  if (providers.length) {
    gaps.push({
      feature: 'Federated sign-in',
      detail: `${providers.join(', ')}: the hosted UI cannot send users to an external identity provider offline; sign in with the pool's own users`,
    });
  }
  for (const resource of Object.values(model.template.Resources ?? {})) {
    if (resource.Type !== 'AWS::Cognito::IdentityPool') continue;
    const props = resource.Properties ?? {};
    const external = [
      ...(props.SupportedLoginProviders && typeof props.SupportedLoginProviders === 'object'
        ? Object.keys(props.SupportedLoginProviders)
        : []),
      ...(Array.isArray(props.OpenIdConnectProviderARNs) && props.OpenIdConnectProviderARNs.length
        ? ['OpenID Connect']
        : []),
      ...(Array.isArray(props.SamlProviderARNs) && props.SamlProviderARNs.length ? ['SAML'] : []),
    ];
    if (external.length) {
      gaps.push({
        feature: 'Identity pool providers',
        detail: `${external.join(', ')}: their tokens cannot be verified offline (their keys are online), so only the user pool's own tokens get credentials locally`,
      });
    }
    if (typeof props.DeveloperProviderName === 'string') {
      gaps.push({
        feature: 'Developer-authenticated identities',
        detail: `${props.DeveloperProviderName}: GetOpenIdTokenForDeveloperIdentity, LookupDeveloperIdentity, MergeDeveloperIdentities and UnlinkDeveloperIdentity work, but there is no IAM locally: any caller may call them, where AWS requires your backend's developer credentials`,
      });
    }
  }
  if (
    Object.values(model.template.Resources ?? {}).some(
      (r) => r.Type === 'AWS::Cognito::IdentityPoolPrincipalTag',
    )
  ) {
    gaps.push({
      feature: 'Principal tags',
      detail:
        'the session tags are computed from the ID token as Cognito would and named in the fake session token (tags=...), but no STS session carries them and no policy is evaluated; roles are not checked for sts:TagSession (CognitoChecks-PrincipalTagsTagSession does that at synth)',
    });
  }
  gaps.push(...resourceGaps(model));
  for (const t of plan.wired) {
    if (t.trigger === 'UserMigration') {
      gaps.push({
        feature: 'User migration',
        detail: `${t.functionName} runs on forgot password only: the front verifies sign-in passwords itself, against users that exist`,
      });
    }
    if (t.trigger === 'CustomMessage') {
      gaps.push({
        feature: 'Custom message',
        detail: `${t.functionName} sees a resent sign-up code as CustomMessage_ForgotPassword: the emulator makes that code on its forgot-password path`,
      });
    }
  }
  for (const t of plan.unwired) {
    gaps.push({ feature: `${t.trigger} trigger`, detail: `not run locally: ${t.reason}` });
  }
  return gaps;
}
