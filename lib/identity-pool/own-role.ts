import { Annotations, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

const FEDERATED = 'cognito-identity.amazonaws.com';

/**
 * Makes a role of the user's own assumable through an identity pool. For a role of this app (`iam.Role`),
 * the trust statement of the pool (`aud` = the pool, `amr` = the kind of identity, `sts:TagSession` with
 * principal tags) is added to its trust policy unless an equal one is there already; an imported role's
 * trust cannot be read, so a warning says what it needs.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html
 */
export function trustIdentityPool(
  scope: IConstruct,
  prop: string,
  role: iam.IRole,
  principal: iam.IPrincipal,
  identityPoolId: string,
  amr: string,
  sessionTags: boolean,
): void {
  if (!(role instanceof iam.Role) || !role.assumeRolePolicy) {
    Annotations.of(scope).addWarningV2(
      'cdk-cognito-auth:own-role-trust',
      `${prop} is an imported role whose trust cannot be checked; it must allow sts:AssumeRoleWithWebIdentity${sessionTags ? ' and sts:TagSession' : ''} for ${FEDERATED} with cognito-identity.amazonaws.com:aud = this identity pool and amr "${amr}"`,
    );
    return;
  }
  if (trusts(role, identityPoolId, amr, sessionTags)) return;
  (principal as iam.IAssumeRolePrincipal).addToAssumeRolePolicy(role.assumeRolePolicy);
}

/** Whether the role's trust policy holds the pool's statement already (as `authenticatedPrincipal()` writes it). */
function trusts(role: iam.Role, identityPoolId: string, amr: string, sessionTags: boolean): boolean {
  const stack = Stack.of(role);
  const document = stack.resolve(role.assumeRolePolicy!.toJSON()) as { Statement?: unknown[] } | undefined;
  const pool = JSON.stringify(stack.resolve(identityPoolId));
  return (document?.Statement ?? []).some((raw) => {
    const statement = raw as {
      Effect?: string;
      Action?: string | string[];
      Principal?: { Federated?: string | string[] };
      Condition?: Record<string, Record<string, unknown>>;
    };
    const actions = ([] as string[]).concat(statement.Action ?? []);
    const federated = ([] as string[]).concat(statement.Principal?.Federated ?? []);
    return (
      statement.Effect === 'Allow' &&
      federated.includes(FEDERATED) &&
      actions.includes('sts:AssumeRoleWithWebIdentity') &&
      (!sessionTags || actions.includes('sts:TagSession')) &&
      JSON.stringify(statement.Condition?.StringEquals?.[`${FEDERATED}:aud`]) === pool &&
      JSON.stringify(statement.Condition?.['ForAnyValue:StringLike']?.[`${FEDERATED}:amr`]) ===
        JSON.stringify(amr)
    );
  });
}
