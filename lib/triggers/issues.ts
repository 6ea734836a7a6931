import { CognitoAuthError } from '../errors';
import type { ConfigIssue } from '../../lambda-triggers/shared/config';

/**
 * Throws the first configuration issue as a `CognitoAuthError` whose prop is `prop` followed by the
 * issue's path, e.g. `triggers.preSignUp.allowedDomains[1]`.
 */
export function throwFirstIssue(prop: string, issues: readonly ConfigIssue[]): void {
  const first = issues[0];
  if (!first) return;
  const path = first.path === '' ? prop : `${prop}${first.path.startsWith('[') ? '' : '.'}${first.path}`;
  const more =
    issues.length > 1
      ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''}: ${issues
          .slice(1)
          .map((i) => i.path)
          .join(', ')})`
      : '';
  throw new CognitoAuthError(path, first.message + more);
}
