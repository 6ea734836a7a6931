/**
 * Completes the trigger events the emulator sends, where they lack what Amazon Cognito puts in them, so
 * that a trigger sees locally the event it would see on AWS:
 * - `version` is `"0"` in every emulator event; Cognito sends `"1"` for these (V1) events.
 * - `region` is `"local"`; Cognito sends the pool's region.
 * - pre token generation events carry an empty `groupConfiguration`; Cognito lists the user's groups in
 *   `groupsToOverride` (ordered by precedence). The adapter asks the emulator for them.
 * Nothing else is changed. Group IAM roles do not exist locally, so `iamRolesToOverride` stays empty
 * and `preferredRole` unset.
 */

/** A group the user belongs to. */
export interface MemberGroup {
  readonly name: string;
  readonly precedence?: number;
}

/** What the adapter needs to know. */
export interface EventAdapterContext {
  /** The region Cognito would send. */
  readonly region: string;
  /** The groups of a user, by pool id and user name. */
  groupsOf(userPoolId: string, userName: string): Promise<MemberGroup[]>;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Orders groups as Cognito lists them: by precedence (lowest first, none last), then by name. */
export function byPrecedence(groups: MemberGroup[]): MemberGroup[] {
  return [...groups].sort(
    (a, b) =>
      (a.precedence ?? Number.MAX_SAFE_INTEGER) - (b.precedence ?? Number.MAX_SAFE_INTEGER) ||
      a.name.localeCompare(b.name),
  );
}

/** Returns the event completed as described above; anything that is not a trigger event is returned as is. */
export async function completeTriggerEvent(event: unknown, context: EventAdapterContext): Promise<unknown> {
  if (!isObject(event) || typeof event.triggerSource !== 'string') return event;
  const out: JsonObject = { ...event };
  if (out.version === '0') out.version = '1';
  if (out.region === 'local') out.region = context.region;
  const request = out.request;
  if (
    event.triggerSource.startsWith('TokenGeneration_') &&
    isObject(request) &&
    typeof out.userPoolId === 'string' &&
    typeof out.userName === 'string'
  ) {
    const current = isObject(request.groupConfiguration) ? request.groupConfiguration : {};
    if (!Array.isArray(current.groupsToOverride)) {
      const groups = byPrecedence(await context.groupsOf(out.userPoolId, out.userName));
      out.request = {
        ...request,
        groupConfiguration: {
          ...current,
          groupsToOverride: groups.map((g) => g.name),
          iamRolesToOverride: [],
        },
      };
    }
  }
  return out;
}
