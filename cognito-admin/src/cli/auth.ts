/**
 * `cognito-admin auth ...`: a user's side, through an app client: sign up, confirm (and a new code),
 * sign in, who am I, forgot and change the password, sign out everywhere.
 */
import { Command } from 'commander';
import type { Session } from '../admin/tokens';
import { collect, context, pairs, printValue } from './common';
import {
  ClientFlags,
  clientOf,
  NewPasswordFlags,
  PasswordFlags,
  SessionFlags,
  withClientOptions,
  withNewPasswordOption,
  withPasswordOption,
  withSessionOptions,
} from './options';
import { promptSecret, secrets } from './prompt';
import { safeInline } from './terminal-safe';

/** The saved session, or the access token given instead. */
async function signedIn(
  options: SessionFlags,
): Promise<{ accessToken: string; session?: Session; file?: string }> {
  if (options.accessToken) return { accessToken: options.accessToken };
  const tokens = await import('../admin/tokens');
  const file = options.session ?? tokens.defaultSessionFile();
  const session = tokens.loadSession(file);
  return { accessToken: session.accessToken, session, file };
}

/** Options of `auth sign-up`. */
interface SignUpFlags extends ClientFlags, PasswordFlags {
  readonly attribute?: string[];
}

/** Options of `auth sign-in`. */
interface SignInFlags extends ClientFlags, PasswordFlags, NewPasswordFlags {
  readonly mfaCode?: string;
  readonly session?: string;
  readonly save: boolean;
}

function registerSignUp(auth: Command): void {
  withPasswordOption(
    withClientOptions(auth.command('sign-up').description('sign a user up through an app client')),
  )
    .argument('<username>')
    .option(
      '--attribute <name=value>',
      'user attribute, repeatable (e.g. --attribute email=ana@example.com)',
      collect,
    )
    .action(async (username: string, options: SignUpFlags, command: Command) => {
      const attributes = pairs('--attribute', options.attribute);
      const ctx = await context(command);
      const { signUp } = await import('../admin/auth');
      const secret = await secrets(options, { clientSecret: 'optional', password: { ask: 'Password' } });
      const result = await signUp(ctx, {
        ...clientOf(options, secret.clientSecret),
        username,
        password: secret.password!,
        attributes,
      });
      await printValue(command, result, () =>
        result.confirmed
          ? `${username} signed up and confirmed`
          : `${username} signed up; confirm with the code sent to ${result.codeSentTo ?? 'the user'}: cognito-admin auth confirm ${username} <code>`,
      );
    });

  withClientOptions(auth.command('confirm').description('confirm a sign-up with its code'))
    .argument('<username>')
    .argument('<code>')
    .action(async (username: string, code: string, options: ClientFlags, command: Command) => {
      const ctx = await context(command);
      const { confirmSignUp } = await import('../admin/auth');
      const secret = await secrets(options, { clientSecret: 'optional' });
      await confirmSignUp(ctx, { ...clientOf(options, secret.clientSecret), username, code });
      await printValue(command, { username, confirmed: true }, () => `${username} confirmed`);
    });

  withClientOptions(
    auth
      .command('resend-code')
      .description('send a new sign-up confirmation code to a user who has not confirmed'),
  )
    .argument('<username>')
    .action(async (username: string, options: ClientFlags, command: Command) => {
      const ctx = await context(command);
      const { resendConfirmationCode } = await import('../admin/user-flows');
      const secret = await secrets(options, { clientSecret: 'optional' });
      const result = await resendConfirmationCode(ctx, {
        ...clientOf(options, secret.clientSecret),
        username,
      });
      await printValue(
        command,
        { username, ...result },
        () =>
          `a new code was sent to ${result.codeSentTo ?? 'the user'}: cognito-admin auth confirm ${username} <code>`,
      );
    });
}

function registerSignIn(auth: Command): void {
  withNewPasswordOption(
    withPasswordOption(
      withClientOptions(
        auth
          .command('sign-in')
          .description(
            'sign in with USER_PASSWORD_AUTH; answers NEW_PASSWORD_REQUIRED and MFA code challenges; saves the tokens',
          ),
      ),
    ),
    'new password when the user must change a temporary one',
  )
    .argument('<username>')
    .option('--mfa-code <code>', 'code from the authenticator app (or SMS / e-mail)')
    .option('--session <file>', 'where to save the tokens (default: ~/.config/cognito-admin/session.json)')
    .option('--no-save', 'do not save the tokens')
    .action(async (username: string, options: SignInFlags, command: Command) => {
      const ctx = await context(command);
      const { signIn } = await import('../admin/auth');
      const tokens = await import('../admin/tokens');
      const secret = await secrets(options, {
        clientSecret: 'optional',
        password: { ask: 'Password' },
        newPassword: 'optional',
      });
      const result = await signIn(ctx, {
        ...clientOf(options, secret.clientSecret),
        username,
        password: secret.password!,
        newPassword: secret.newPassword,
        mfaCode: options.mfaCode,
        prompt: process.stdin.isTTY ? (question, o) => promptSecret(question, o.secret) : undefined,
      });
      let saved: string | undefined;
      if (options.save) {
        saved = options.session ?? tokens.defaultSessionFile();
        tokens.saveSession(saved, {
          clientId: result.clientId,
          username: result.username,
          idToken: result.idToken,
          accessToken: result.accessToken,
          refreshToken: result.refreshToken,
          expiresAt: result.expiresAt.toISOString(),
          region: ctx.region,
          endpoint: ctx.endpoint,
        });
      }
      await printValue(command, { ...result, session: saved }, () =>
        [
          `signed in as ${result.username}${result.challenges.length ? ` (answered ${result.challenges.join(', ')})` : ''}`,
          `tokens expire at ${result.expiresAt.toISOString()}`,
          saved ? `tokens saved to ${saved}` : 'tokens not saved (--json prints them)',
        ].join('\n'),
      );
    });

  withSessionOptions(
    auth.command('whoami').description('show the signed-in user (GetUser with the access token)'),
  ).action(async (options: SessionFlags, command: Command) => {
    const ctx = await context(command);
    const { whoAmI } = await import('../admin/auth');
    const { accessToken, session } = await signedIn(options);
    const me = await whoAmI(ctx, { accessToken, idToken: session?.idToken });
    await printValue(command, me, () =>
      [
        `username: ${me.username}`,
        `groups: ${me.groups?.join(', ') || '(none)'}`,
        `mfa: ${me.mfa.join(', ') || '(none)'}`,
        `token expires: ${me.tokenExpiresAt?.toISOString() ?? 'unknown'}`,
        'attributes:',
        ...Object.entries(me.attributes).map(([k, v]) => `  ${safeInline(k)}: ${safeInline(String(v))}`),
      ].join('\n'),
    );
  });

  withSessionOptions(
    auth
      .command('sign-out')
      .description(
        'sign the user out on every device (GlobalSignOut: the refresh tokens are revoked) and remove the saved session',
      ),
  ).action(async (options: SessionFlags, command: Command) => {
    const ctx = await context(command);
    const { globalSignOut } = await import('../admin/user-flows');
    const { accessToken, session, file } = await signedIn(options);
    await globalSignOut(ctx, { accessToken });
    if (file) {
      const fs = await import('node:fs');
      fs.rmSync(file, { force: true });
    }
    const who = session?.username ?? 'the user';
    await printValue(
      command,
      { signedOut: true, username: session?.username, sessionRemoved: file },
      () => `${who} signed out on every device${file ? `; ${file} removed` : ''}`,
    );
  });
}

/** Options of `auth confirm-forgot-password`. */
interface ConfirmForgotFlags extends ClientFlags, NewPasswordFlags {}

/** Options of `auth change-password`. */
interface ChangePasswordFlags extends SessionFlags, PasswordFlags, NewPasswordFlags {}

function registerPasswords(auth: Command): void {
  withClientOptions(
    auth
      .command('forgot-password')
      .description(
        'start the forgot-password flow: Cognito sends the user a code to set a new password with',
      ),
  )
    .argument('<username>')
    .action(async (username: string, options: ClientFlags, command: Command) => {
      const ctx = await context(command);
      const { forgotPassword } = await import('../admin/passwords');
      const secret = await secrets(options, { clientSecret: 'optional' });
      const result = await forgotPassword(ctx, { ...clientOf(options, secret.clientSecret), username });
      await printValue(command, { username, ...result }, () =>
        [
          `a code to set a new password was sent to ${result.codeSentTo ?? 'the user'}`,
          `set it with: cognito-admin auth confirm-forgot-password ${username} <code>`,
        ].join('\n'),
      );
    });

  withNewPasswordOption(
    withClientOptions(
      auth
        .command('confirm-forgot-password')
        .description('set a new password with the code of the forgot-password message'),
    ),
  )
    .argument('<username>')
    .argument('<code>')
    .action(async (username: string, code: string, options: ConfirmForgotFlags, command: Command) => {
      const ctx = await context(command);
      const { confirmForgotPassword } = await import('../admin/passwords');
      const secret = await secrets(options, {
        clientSecret: 'optional',
        newPassword: { ask: 'New password' },
      });
      await confirmForgotPassword(ctx, {
        ...clientOf(options, secret.clientSecret),
        username,
        code,
        newPassword: secret.newPassword!,
      });
      await printValue(
        command,
        { username, passwordChanged: true },
        () => `${username}: new password set; sign in with it`,
      );
    });

  withNewPasswordOption(
    withPasswordOption(
      withSessionOptions(
        auth
          .command('change-password')
          .description("change the signed-in user's password (ChangePassword with the access token)"),
      ),
      'current password',
    ),
  ).action(async (options: ChangePasswordFlags, command: Command) => {
    const ctx = await context(command);
    const { changePassword } = await import('../admin/passwords');
    const { accessToken, session } = await signedIn(options);
    const secret = await secrets(options, {
      password: { ask: 'Current password' },
      newPassword: { ask: 'New password' },
    });
    await changePassword(ctx, {
      accessToken,
      previousPassword: secret.password!,
      proposedPassword: secret.newPassword!,
    });
    await printValue(
      command,
      { username: session?.username, passwordChanged: true },
      () => `${session?.username ?? 'the user'}: password changed`,
    );
  });
}

/** Registers `auth` and its commands. */
export function registerAuth(program: Command): void {
  const auth = program
    .command('auth')
    .description(
      "a user's side: sign up, confirm, sign in (USER_PASSWORD_AUTH), who am I, forgot and change the password, sign out",
    );
  registerSignUp(auth);
  registerSignIn(auth);
  registerPasswords(auth);
}
