import type { IConstruct } from 'constructs';
import { CognitoAuthError } from '../errors';

/**
 * Runs `fn` and rethrows a `CognitoAuthError` it throws with the path of `scope`, so that the message
 * says which construct got the bad prop.
 */
export function locateErrors<T>(scope: IConstruct, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof CognitoAuthError) throw e.locate(scope);
    throw e;
  }
}
