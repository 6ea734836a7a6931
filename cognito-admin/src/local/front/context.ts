/**
 * What every part of the front shares: the emulator behind it, its data, the front's own state and
 * signing key, the stack's view, and the sign-in sessions between the requests of one sign-in.
 */
import * as crypto from 'node:crypto';
import type { FrontMessage } from '../code-log';
import type { Directory, StoredClient, StoredPool } from './directory';
import type { EmulatorApi } from './emulator-api';
import { CognitoError, notAuthorized, resourceNotFound } from './errors';
import type { SigningKey } from './keys';
import type { SrpServerState } from './srp';
import type { FrontPool, FrontStack } from './stack';
import type { FrontStore } from './store';
import type { FunctionInvoker } from './triggers';

/** A sign-in in progress: what the next challenge answer must prove. */
export interface AuthSession {
  readonly id: string;
  readonly poolId: string;
  readonly clientId: string;
  /** The emulator's user name of the user. */
  readonly username: string;
  /** The challenge this session waits for. */
  challenge: string;
  /** Seconds since the epoch. */
  readonly expiresAt: number;
  /** The pre token generation trigger source the tokens will be made with. */
  source: string;
  srp?: SrpServerState & { readonly AHex: string };
  /** For MFA_SETUP: the secret was verified with VerifySoftwareToken. */
  mfaVerified?: boolean;
  readonly clientMetadata?: Record<string, string>;
  /** For USER_AUTH: the challenges the user may choose from. */
  available?: string[];
  /** For EMAIL_OTP and SMS_OTP: the code sent, and the wrong answers so far. */
  otp?: { readonly code: string; wrong: number };
  /** For WEB_AUTHN: the challenge the authenticator must sign (base64url). */
  webAuthnChallenge?: string;
}

/** Sign-in sessions, kept in memory for the client's `AuthSessionValidity` (3 minutes by default). */
export class Sessions {
  private readonly sessions = new Map<string, AuthSession>();

  create(values: Omit<AuthSession, 'id' | 'expiresAt'>, validityMinutes = 3): AuthSession {
    const now = Math.floor(Date.now() / 1000);
    for (const [id, s] of this.sessions) if (s.expiresAt < now) this.sessions.delete(id);
    // Cognito's sessions are opaque strings of several hundred characters.
    const id = crypto.randomBytes(192).toString('base64');
    const session: AuthSession = { ...values, id, expiresAt: now + validityMinutes * 60 };
    this.sessions.set(id, session);
    return session;
  }

  /** The session, or Cognito's error for an unknown or expired one. */
  take(id: unknown, clientId: string): AuthSession {
    const session = typeof id === 'string' ? this.sessions.get(id) : undefined;
    if (!session || session.clientId !== clientId || session.expiresAt < Date.now() / 1000) {
      if (session) this.sessions.delete(session.id);
      throw notAuthorized('Invalid session for the user, session is expired.');
    }
    return session;
  }

  /** The client a session belongs to, without taking it. */
  peekClient(id: unknown): string | undefined {
    return typeof id === 'string' ? this.sessions.get(id)?.clientId : undefined;
  }

  end(session: AuthSession): void {
    this.sessions.delete(session.id);
  }
}

/** A code the front delivered (resent confirmation codes). */
export interface DeliveredCode {
  readonly destination: string;
  readonly code: string;
}

/** Everything the front's handlers share. */
export interface FrontContext {
  /** The public endpoint for the AWS SDKs, e.g. `http://localhost:9229`. */
  readonly endpoint: string;
  /** The hosted UI's base URL, e.g. `https://localhost:9229`. */
  readonly hostedUiBase: string;
  readonly directory: Directory;
  readonly emulator: EmulatorApi;
  readonly store: FrontStore;
  readonly key: SigningKey;
  readonly sessions: Sessions;
  /** Invokes trigger functions; undefined until the Lambda endpoint runs. */
  invoker?: FunctionInvoker;
  /** The stack's view; pools created later through the API have no entry. */
  stack: FrontStack;
  /** Token issuer of a pool: `<endpoint>/<poolId>`. */
  issuer(poolId: string): string;
  /** Delivers a code the front made, where the emulator's codes go (its log, printed as `[code]`). */
  deliver(message: FrontMessage): void;
  /** The code every message carries when codes are fixed (`--code`). */
  readonly fixedCode?: string;
  /** Registrations in progress (`StartWebAuthnRegistration`): `<poolId>/<username>` → challenge. */
  readonly webAuthnRegistrations: Map<
    string,
    { readonly challenge: string; readonly clientId: string; readonly expiresAt: number }
  >;
}

/** The stack's view of a pool, if the template declares it. */
export function frontPool(front: FrontContext, poolId: string): FrontPool | undefined {
  return front.stack.pools.find((p) => p.poolId === poolId);
}

/** A pool the emulator has, or Cognito's error. */
export function requirePool(front: FrontContext, poolId: unknown): StoredPool {
  const pool = typeof poolId === 'string' ? front.directory.pool(poolId) : undefined;
  if (!pool) throw resourceNotFound(`User pool ${String(poolId)} does not exist.`);
  return pool;
}

/** A client the emulator has, or Cognito's error. */
export function requireClient(front: FrontContext, clientId: unknown): StoredClient {
  const client = typeof clientId === 'string' ? front.directory.client(clientId) : undefined;
  if (!client)
    throw new CognitoError(
      'ResourceNotFoundException',
      `User pool client ${String(clientId)} does not exist.`,
    );
  return client;
}
