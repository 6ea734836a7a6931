/**
 * Where the local emulator (cognito-local 5.3.0) falls short of Amazon Cognito, stated plainly at
 * startup. Local mode does not paper over these: a feature that is missing locally stays missing, so
 * that nothing works locally that would work differently on AWS.
 */
import type { StackModel } from './template';
import type { TriggerPlan } from './triggers';

/** One difference from Amazon Cognito. */
export interface EmulatorGap {
  /** Short name of the feature, e.g. `SRP sign-in`. */
  readonly feature: string;
  /** What happens locally, and what to do instead. */
  readonly detail: string;
}

/** The differences that apply to every stack. */
export const ALWAYS: readonly EmulatorGap[] = [
  {
    feature: 'SRP sign-in',
    detail:
      'USER_SRP_AUTH is not supported (Amplify signs in with SRP by default): sign in with USER_PASSWORD_AUTH through a client that allows it',
  },
  {
    feature: 'Explicit auth flows',
    detail:
      'not enforced: every client accepts USER_PASSWORD_AUTH locally, whatever its ExplicitAuthFlows say',
  },
  {
    feature: 'Attribute permissions',
    detail:
      "clients' ReadAttributes and WriteAttributes are not enforced: a client may write attributes AWS would refuse, and ID tokens carry every custom attribute",
  },
  {
    feature: 'Password policy',
    detail: 'not enforced on SignUp: a password AWS would refuse is accepted locally',
  },
  {
    feature: 'AdminDisableUser',
    detail:
      'marks the user disabled but does not block sign-in or refresh locally; on AWS a disabled user cannot sign in',
  },
  {
    feature: 'Access tokens',
    detail:
      'carry only the aws.cognito.signin.user.admin scope; pre token generation changes reach the ID token only (the emulator sends V1 events): no V2 access-token claims or scopes',
  },
  {
    feature: 'PreAuthentication and custom auth',
    detail:
      'PreAuthentication, DefineAuthChallenge, CreateAuthChallenge and VerifyAuthChallengeResponse triggers are never invoked',
  },
  {
    feature: 'Unsupported operations',
    detail:
      'ResendConfirmationCode, GlobalSignOut, AdminResetUserPassword and CreateUserPoolDomain answer HTTP 500 "Unsupported"',
  },
  {
    feature: 'Error codes',
    detail:
      'a wrong password gives InvalidPasswordException (AWS: NotAuthorizedException); confirming a sign-up does not set email_verified',
  },
  {
    feature: 'Token signing',
    detail:
      "tokens are signed with cognito-local's published key (kid CognitoLocal): never accept them outside local mode",
  },
];

/** The differences for `model`, given which triggers run locally. */
export function emulatorGaps(model: StackModel, plan: TriggerPlan): EmulatorGap[] {
  const gaps: EmulatorGap[] = [...ALWAYS];
  for (const pool of model.userPools) {
    for (const domain of pool.domains) {
      const name = typeof domain.properties.Domain === 'string' ? domain.properties.Domain : domain.logicalId;
      gaps.push({
        feature: 'Domain and managed login',
        detail: `domain ${name} is not created (no CreateUserPoolDomain): no managed login or hosted UI pages; outputs.json has no oauth section`,
      });
    }
    const servers = pool.resourceServers.map((s) =>
      typeof s.properties.Identifier === 'string' ? s.properties.Identifier : s.logicalId,
    );
    if (servers.length) {
      gaps.push({
        feature: 'Resource servers',
        detail: `${servers.join(', ')} not created: custom scopes never appear in tokens, and client_credentials (machine clients) is not supported`,
      });
    }
    const mfas = Array.isArray(pool.properties.EnabledMfas) ? pool.properties.EnabledMfas : [];
    const other = mfas.filter((m) => m === 'SMS_MFA' || m === 'EMAIL_OTP');
    if (other.length) {
      gaps.push({ feature: 'MFA', detail: `${other.join(', ')} not available locally; TOTP works` });
    }
    if (pool.groups.some((g) => g.properties.RoleArn !== undefined)) {
      gaps.push({
        feature: 'Group roles',
        detail:
          'groups are created without their IAM roles: tokens carry no cognito:roles or cognito:preferred_role',
      });
    }
  }
  for (const id of model.identityPools) {
    gaps.push({
      feature: 'Identity pool',
      detail: `${id} is not available (no Cognito Identity API): no AWS credentials for signed-in users; outputs.json has no identity pool`,
    });
  }
  for (const t of plan.wired) {
    if (t.trigger === 'PreSignUp') {
      gaps.push({
        feature: 'Pre sign-up',
        detail: `${t.functionName} runs on SignUp only: the emulator does not call it for AdminCreateUser, so its rules do not apply to users an administrator creates`,
      });
    }
    if (t.trigger === 'PreTokenGeneration' && t.version && t.version !== 'V1_0') {
      gaps.push({
        feature: 'Pre token generation',
        detail: `${t.functionName} is configured for ${t.version}, but the emulator sends V1 events: its ID-token claims apply (list values as space-separated strings, as in V1), its access-token claims and scopes do not`,
      });
    }
  }
  for (const t of plan.unwired) {
    gaps.push({ feature: `${t.trigger} trigger`, detail: `not run locally: ${t.reason}` });
  }
  return gaps;
}
