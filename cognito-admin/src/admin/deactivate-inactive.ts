import {
  AdminDisableUserCommand,
  AdminListUserAuthEventsCommand,
  UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AdminContext } from './context';
import { AdminError, EXIT_USAGE, messageOf } from './errors';
import { describePool } from './pool-info';
import { iterateUsers } from './users';

/** What tells when a user was last active. */
export type ActivityBasis = 'auth-events' | 'last-modified';

/** Options of {@link deactivateInactive}. */
export interface DeactivateInactiveOptions {
  /** Users with no activity for this many days are disabled. */
  readonly days: number;
  /** List the users that would be disabled; change nothing. @default false */
  readonly dryRun?: boolean;
  /** The time to measure from. @default - now */
  readonly now?: Date;
  /** Users examined at once. @default 8 */
  readonly concurrency?: number;
  readonly onProgress?: (examined: number) => void;
}

/** A user found inactive. */
export interface InactiveUser {
  readonly username: string;
  /** Date of the last activity found, by the basis in use. */
  readonly lastActivity?: Date;
  /** What the date is: `last sign-in`, `created, never signed in`, `last modified`. */
  readonly evidence: string;
  /** True once disabled (false in a dry run or when disabling failed). */
  disabled: boolean;
  error?: string;
}

/** The outcome of {@link deactivateInactive}. */
export interface DeactivateInactiveResult {
  readonly basis: ActivityBasis;
  /** A plain statement of what "activity" means for this run. */
  readonly basisNote: string;
  readonly cutoff: Date;
  readonly examined: number;
  readonly inactive: InactiveUser[];
  readonly dryRun: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;

async function lastSignIn(ctx: AdminContext, username: string): Promise<Date | undefined> {
  let token: string | undefined;
  do {
    const page = await ctx.idp.send(
      new AdminListUserAuthEventsCommand({
        UserPoolId: ctx.userPoolId(),
        Username: username,
        MaxResults: 60,
        NextToken: token,
      }),
    );
    const signIn = (page.AuthEvents ?? [])
      .filter((e) => e.EventType === 'SignIn' && e.EventResponse === 'Pass' && e.CreationDate)
      .sort((a, b) => (b.CreationDate?.getTime() ?? 0) - (a.CreationDate?.getTime() ?? 0))[0];
    if (signIn?.CreationDate) return signIn.CreationDate;
    token = page.NextToken;
  } while (token);
  return undefined;
}

/**
 * Disables enabled users with no activity for `days` days.
 *
 * Where the pool has threat protection (advanced security, audit or enforced), Cognito records
 * authentication events and activity is the last successful sign-in (AdminListUserAuthEvents); a user
 * with none is judged by its creation date. Without threat protection Cognito records no sign-in time
 * anywhere: activity is then the user's last-modified date (a change to its attributes, status or
 * password), which a user who signs in without changing anything does not move. The result says which
 * basis was used.
 */
export async function deactivateInactive(
  ctx: AdminContext,
  options: DeactivateInactiveOptions,
): Promise<DeactivateInactiveResult> {
  if (!Number.isFinite(options.days) || options.days < 1) {
    throw new AdminError(`--days ${options.days} must be a whole number of days, 1 or more`, {
      exitCode: EXIT_USAGE,
    });
  }
  const pool = await describePool(ctx);
  const basis: ActivityBasis = pool.authEventsRecorded ? 'auth-events' : 'last-modified';
  const basisNote =
    basis === 'auth-events'
      ? 'activity = last successful sign-in from the authentication events that threat protection records ' +
        '(creation date for users with no sign-in event)'
      : 'this pool has no threat protection, so Cognito records no sign-in times: activity = the last-modified date ' +
        '(last change to attributes, status or password), not the last sign-in';
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - options.days * DAY_MS);
  const inactive: InactiveUser[] = [];
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const inFlight = new Set<Promise<void>>();
  let examined = 0;

  const examine = async (user: UserType) => {
    const username = user.Username ?? '';
    let lastActivity: Date | undefined;
    let evidence: string;
    if (basis === 'auth-events') {
      const signIn = await lastSignIn(ctx, username);
      lastActivity = signIn ?? user.UserCreateDate;
      evidence = signIn ? 'last sign-in' : 'created, never signed in';
    } else {
      lastActivity = user.UserLastModifiedDate ?? user.UserCreateDate;
      evidence = 'last modified';
    }
    if (lastActivity && lastActivity.getTime() >= cutoff.getTime()) return;
    const entry: InactiveUser = { username, lastActivity, evidence, disabled: false };
    inactive.push(entry);
    if (options.dryRun) return;
    try {
      await ctx.idp.send(new AdminDisableUserCommand({ UserPoolId: ctx.userPoolId(), Username: username }));
      entry.disabled = true;
    } catch (err) {
      entry.error = messageOf(err);
    }
  };

  let failure: unknown;
  for await (const user of iterateUsers(ctx, { enabled: true })) {
    if (failure) break;
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
    const task: Promise<void> = examine(user)
      .catch((err: unknown) => {
        failure ??= err;
      })
      .finally(() => {
        inFlight.delete(task);
        examined++;
        options.onProgress?.(examined);
      });
    inFlight.add(task);
  }
  await Promise.all(inFlight);
  if (failure) throw failure;
  inactive.sort((a, b) => (a.lastActivity?.getTime() ?? 0) - (b.lastActivity?.getTime() ?? 0));
  return { basis, basisNote, cutoff, examined, inactive, dryRun: options.dryRun ?? false };
}
