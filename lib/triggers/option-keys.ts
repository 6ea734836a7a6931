import { CognitoAuthError } from '../errors';

/** Option names of `TriggerFunctionOptions`, which every bundled trigger accepts beside its configuration. */
export const TRIGGER_FUNCTION_OPTION_KEYS: readonly string[] = [
  'memorySize',
  'timeout',
  'logRetention',
  'logRemovalPolicy',
  'logEncryptionKey',
];

/** Levenshtein distance, for "did you mean" suggestions. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** The known name closest to `key`, when it is close enough to be a likely typo. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = distance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/**
 * Refuses an option key of a bundled trigger that is neither a configuration option nor a function
 * option. TypeScript catches a misspelled key only in an object literal; options built in a variable, or
 * passed from another language, would otherwise lose the option silently (`allowDomains` for
 * `allowedDomains` would allow every sign-up).
 *
 * @param prop the prop path of the trigger, e.g. `triggers.preSignUp`
 * @param options the options given to `bundled(...)`
 * @param configKeys the configuration option names of the trigger
 */
export function refuseUnknownOptions(prop: string, options: object, configKeys: readonly string[]): void {
  const known = [...configKeys, ...TRIGGER_FUNCTION_OPTION_KEYS];
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const near = closestKey(key, known);
    throw new CognitoAuthError(
      `${prop}.${key}`,
      `is not an option of this trigger${near ? ` (did you mean ${near}?)` : ''}; allowed: ${known.join(', ')}`,
    );
  }
}
