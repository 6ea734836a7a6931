/**
 * Password flows: the user's own (forgot password and its confirmation, change password with an access
 * token) and the administrator's (reset a user's password, set one, permanent or temporary).
 */
import {
  AdminResetUserPasswordCommand,
  AdminSetUserPasswordCommand,
  ChangePasswordCommand,
  CodeDeliveryDetailsType,
  ConfirmForgotPasswordCommand,
  ForgotPasswordCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { callWithClient, ClientSelection, resolveClient, secretHashMember } from './auth';
import type { AdminContext } from './context';
import { AdminError, asSdkError, errorName } from './errors';

/** Where Cognito sent a code. */
export interface CodeDelivery {
  /** Medium and masked destination, e.g. `EMAIL a***@e***`; undefined when Cognito does not say. */
  readonly codeSentTo?: string;
}

/** `EMAIL a***@e***` from Cognito's delivery details. */
export function describeDelivery(details: CodeDeliveryDetailsType | undefined): string | undefined {
  return details ? `${details.DeliveryMedium} ${details.Destination}` : undefined;
}

/** Turns the errors of a code-confirming call into what to do next. */
export function explainCodeError(err: unknown, again: string): unknown {
  const name = errorName(err);
  if (name === 'CodeMismatchException') {
    return new AdminError(`the code is not the one Cognito sent; check it, or ${again}`, { cause: err });
  }
  if (name === 'ExpiredCodeException') {
    return new AdminError(`the code has expired; ${again}`, { cause: err });
  }
  return err;
}

/** Options of {@link forgotPassword}. */
export interface ForgotPasswordOptions extends ClientSelection {
  readonly username: string;
}

/**
 * Starts the forgot-password flow (ForgotPassword): Cognito sends the user a code, which
 * {@link confirmForgotPassword} takes with the new password. A pool that prevents user-existence errors
 * answers the same for a user that does not exist.
 */
export async function forgotPassword(
  ctx: AdminContext,
  options: ForgotPasswordOptions,
): Promise<CodeDelivery> {
  const client = resolveClient(ctx, options);
  const out = await callWithClient(client, () =>
    ctx.idp.send(
      new ForgotPasswordCommand({
        ClientId: client.clientId,
        Username: options.username,
        ...secretHashMember(client, options.username),
      }),
    ),
  );
  return { codeSentTo: describeDelivery(out.CodeDeliveryDetails) };
}

/** Options of {@link confirmForgotPassword}. */
export interface ConfirmForgotPasswordOptions extends ClientSelection {
  readonly username: string;
  /** The code of the forgot-password message. */
  readonly code: string;
  readonly newPassword: string;
}

/** Sets a new password with the code of the forgot-password message (ConfirmForgotPassword). */
export async function confirmForgotPassword(
  ctx: AdminContext,
  options: ConfirmForgotPasswordOptions,
): Promise<void> {
  const client = resolveClient(ctx, options);
  try {
    await callWithClient(client, () =>
      ctx.idp.send(
        new ConfirmForgotPasswordCommand({
          ClientId: client.clientId,
          Username: options.username,
          ConfirmationCode: options.code,
          Password: options.newPassword,
          ...secretHashMember(client, options.username),
        }),
      ),
    );
  } catch (err) {
    throw explainCodeError(err, 'ask for a new one with cognito-admin auth forgot-password');
  }
}

/** Options of {@link changePassword}. */
export interface ChangePasswordOptions {
  /** The signed-in user's access token. */
  readonly accessToken: string;
  readonly previousPassword: string;
  readonly proposedPassword: string;
}

/** Changes the signed-in user's password (ChangePassword with the access token). */
export async function changePassword(ctx: AdminContext, options: ChangePasswordOptions): Promise<void> {
  try {
    await ctx.idp.send(
      new ChangePasswordCommand({
        AccessToken: options.accessToken,
        PreviousPassword: options.previousPassword,
        ProposedPassword: options.proposedPassword,
      }),
    );
  } catch (err) {
    if (errorName(err) === 'NotAuthorizedException') {
      throw new AdminError(
        `Cognito refused the change (${asSdkError(err).message}): the current password is wrong, or the access token is no longer valid (sign in again)`,
        { cause: err },
      );
    }
    throw err;
  }
}

/**
 * Resets a user's password as an administrator (AdminResetUserPassword): the password stops working,
 * Cognito sends the user a code (to a verified e-mail or phone), and the user sets a new password with
 * the forgot-password confirmation.
 */
export async function adminResetPassword(ctx: AdminContext, username: string): Promise<void> {
  await ctx.idp.send(new AdminResetUserPasswordCommand({ UserPoolId: ctx.userPoolId(), Username: username }));
}

/** Options of {@link adminSetPassword}. */
export interface AdminSetPasswordOptions {
  readonly password: string;
  /**
   * A permanent password (the user is CONFIRMED and signs in with it), or a temporary one that must be
   * changed at the next sign-in (FORCE_CHANGE_PASSWORD).
   * @default false
   */
  readonly permanent?: boolean;
}

/** Sets a user's password as an administrator (AdminSetUserPassword), permanent or temporary. */
export async function adminSetPassword(
  ctx: AdminContext,
  username: string,
  options: AdminSetPasswordOptions,
): Promise<void> {
  await ctx.idp.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: ctx.userPoolId(),
      Username: username,
      Password: options.password,
      Permanent: options.permanent ?? false,
    }),
  );
}
