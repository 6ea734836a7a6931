/**
 * New passwords: the pool's policy, and with `PasswordHistorySize` the user's earlier passwords, which
 * the front remembers (salted hashes) for every password set through it.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/managing-users-passwords.html#user-pool-settings-password-history
 */
import type { FrontContext } from './context';
import type { StoredPool } from './directory';
import { CognitoError } from './errors';
import { checkPasswordPolicy, hashPassword, inHistory, passwordHistorySize } from './rules';

/** Refuses a new password the policy or the history does not allow. */
export async function checkNewPassword(
  front: FrontContext,
  pool: StoredPool,
  username: string | undefined,
  password: unknown,
): Promise<void> {
  checkPasswordPolicy(pool, typeof password === 'string' ? password : undefined);
  const size = passwordHistorySize(pool);
  if (
    size > 0 &&
    username &&
    inHistory(password as string, front.store.passwordHistory(pool.Id, username).slice(-size))
  ) {
    throw new CognitoError(
      'PasswordHistoryPolicyViolationException',
      'The password was used before; choose one you have not used recently.',
    );
  }
}

/** Remembers a password that was set, when the pool keeps a history. */
export function recordPassword(
  front: FrontContext,
  pool: StoredPool,
  username: string,
  password: string,
): void {
  const size = passwordHistorySize(pool);
  if (size <= 0) return;
  const history = [...front.store.passwordHistory(pool.Id, username), hashPassword(password)].slice(-size);
  front.store.setPasswordHistory(pool.Id, username, history);
}
