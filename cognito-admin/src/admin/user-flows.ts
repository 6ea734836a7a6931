/** The rest of a user's side: a new confirmation code, and signing out everywhere. */
import {
  GlobalSignOutCommand,
  ResendConfirmationCodeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { callWithClient, ClientSelection, resolveClient, secretHashMember } from './auth';
import type { AdminContext } from './context';
import { AdminError, asSdkError, errorName } from './errors';
import { CodeDelivery, describeDelivery } from './passwords';

/** Options of {@link resendConfirmationCode}. */
export interface ResendConfirmationCodeOptions extends ClientSelection {
  readonly username: string;
}

/** Sends a new sign-up confirmation code to a user who has not confirmed yet (ResendConfirmationCode). */
export async function resendConfirmationCode(
  ctx: AdminContext,
  options: ResendConfirmationCodeOptions,
): Promise<CodeDelivery> {
  const client = resolveClient(ctx, options);
  const out = await callWithClient(client, () =>
    ctx.idp.send(
      new ResendConfirmationCodeCommand({
        ClientId: client.clientId,
        Username: options.username,
        ...secretHashMember(client, options.username),
      }),
    ),
  );
  return { codeSentTo: describeDelivery(out.CodeDeliveryDetails) };
}

/**
 * Signs the user out of every device (GlobalSignOut with the access token): Cognito revokes the user's
 * refresh tokens, and its access and ID tokens stop being accepted by Cognito's own APIs.
 */
export async function globalSignOut(
  ctx: AdminContext,
  options: { readonly accessToken: string },
): Promise<void> {
  try {
    await ctx.idp.send(new GlobalSignOutCommand({ AccessToken: options.accessToken }));
  } catch (err) {
    if (errorName(err) === 'NotAuthorizedException') {
      throw new AdminError(
        `the access token is not accepted (${asSdkError(err).message}); the user is signed out already, or the token expired`,
        { cause: err },
      );
    }
    throw err;
  }
}
