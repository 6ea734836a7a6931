import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AdminError } from './errors';

/** Tokens of a signed-in user, as `auth sign-in` saves them for `auth whoami` and `identity credentials`. */
export interface Session {
  readonly clientId: string;
  readonly username: string;
  readonly idToken: string;
  readonly accessToken: string;
  readonly refreshToken?: string;
  /** ISO time the ID and access tokens expire. */
  readonly expiresAt: string;
  readonly region: string;
  readonly endpoint?: string;
}

/** Default session file: `$XDG_CONFIG_HOME/cognito-admin/session.json` (else `~/.config/...`). */
export function defaultSessionFile(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(base, 'cognito-admin', 'session.json');
}

/** Saves a session readable by its owner only. */
export function saveSession(file: string, session: Session): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, JSON.stringify(session, null, 2), { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

/** Reads a saved session. */
export function loadSession(file: string): Session {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Session;
  } catch (err) {
    const reason =
      (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : (err as Error).message;
    throw new AdminError(
      `no session: ${file} ${reason}; run cognito-admin auth sign-in first, or pass the token`,
    );
  }
}

/** Decodes a JWT's payload without verifying it (for display; Cognito verifies tokens on use). */
export function decodeJwt(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (!part) throw new AdminError('the token is not a JWT');
  try {
    const payload: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (typeof payload !== 'object' || payload === null) throw new Error('payload is not an object');
    return payload as Record<string, unknown>;
  } catch (err) {
    throw new AdminError(`the token's payload cannot be read: ${(err as Error).message}`);
  }
}
