/**
 * What the front keeps beside the emulator's data, in `<dir>/front/state.json`: refresh tokens (hashed)
 * and their revocation, identity ids of the identity pools, resource servers, the settings of app
 * clients that the emulator drops, password history, and the users whose password an administrator
 * reset (a status the emulator cannot hold). Written after every change, atomically, so
 * that sessions survive a restart of local mode as they survive a deployment.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A refresh token the front issued. */
export interface RefreshRecord {
  readonly poolId: string;
  readonly clientId: string;
  readonly username: string;
  readonly originJti: string;
  /** Seconds since the epoch. */
  readonly authTime: number;
  readonly expiresAt: number;
  /** Scopes of the access tokens it renews (OAuth sign-ins); absent for API sign-ins. */
  readonly scopes?: string[];
  /** `Authentication` or `HostedAuth`: how the session began. */
  readonly source: string;
  revoked?: boolean;
  /** With rotation: until when (milliseconds since the epoch) this replaced token stays usable. */
  rotatedUntil?: number;
}

/** A resource server (`CreateResourceServer`). */
export interface ResourceServerRecord {
  readonly Identifier: string;
  readonly Name: string;
  readonly Scopes: Array<{ ScopeName: string; ScopeDescription: string }>;
}

/** A passkey (WebAuthn credential) a user registered with `CompleteWebAuthnRegistration`. */
export interface PasskeyRecord {
  /** The credential id, base64url. */
  readonly id: string;
  /** The COSE public key, base64url. */
  readonly publicKey: string;
  counter: number;
  readonly transports: string[];
  readonly relyingPartyId: string;
  readonly friendlyName?: string;
  /** `platform` or `cross-platform`, when the authenticator said. */
  readonly attachment?: string;
  /** Seconds since the epoch. */
  readonly createdAt: number;
}

/** Settings of an app client that the emulator does not keep. */
export interface ClientExtras {
  readonly RefreshTokenRotation?: { readonly Feature?: string; readonly RetryGracePeriodSeconds?: number };
  readonly AuthSessionValidity?: number;
  readonly EnablePropagateAdditionalUserContextData?: boolean;
}

interface StateFile {
  version: 1;
  refresh: Record<string, RefreshRecord>;
  /** origin_jti → expiry (seconds) of revoked sessions: their access and ID tokens are refused. */
  revoked: Record<string, number>;
  /** identity pool id → login key (`<provider>:<sub>`, or `guest:<id>`) → identity id. */
  identities: Record<string, Record<string, string>>;
  /** stack-qualified logical id → local identity pool id. */
  identityPools: Record<string, string>;
  resourceServers: Record<string, ResourceServerRecord[]>;
  clientExtras: Record<string, ClientExtras>;
  /** `<poolId>/<username>` → salted hashes of the last passwords. */
  passwordHistory: Record<string, string[]>;
  /** `<poolId>/<username>` of users in RESET_REQUIRED (AdminResetUserPassword), until a new password is set. */
  resetRequired: Record<string, true>;
  /** `<poolId>/<username>` of users who signed up without a password (passwordless sign-in only). */
  passwordless: Record<string, true>;
  /** `<poolId>/<username>` → the user's passkeys. */
  passkeys: Record<string, PasskeyRecord[]>;
}

const empty = (): StateFile => ({
  version: 1,
  refresh: {},
  revoked: {},
  identities: {},
  identityPools: {},
  resourceServers: {},
  clientExtras: {},
  passwordHistory: {},
  resetRequired: {},
  passwordless: {},
  passkeys: {},
});

/** SHA-256 of a token, the key under which it is kept. */
export function tokenKey(token: string): string {
  return crypto.createHash('sha256').update(token).digest('base64url');
}

/** The front's persistent state. */
export class FrontStore {
  private state: StateFile;

  constructor(private readonly file: string) {
    this.state = empty();
    try {
      const read = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<StateFile>;
      if (read.version === 1) this.state = { ...empty(), ...read } as StateFile;
    } catch {
      // no state yet, or unusable: start empty (only sessions are lost)
    }
    this.prune();
  }

  private save(): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.state));
    fs.renameSync(tmp, this.file);
  }

  private prune(): void {
    const now = Math.floor(Date.now() / 1000);
    for (const [k, r] of Object.entries(this.state.refresh))
      if (r.expiresAt < now) delete this.state.refresh[k];
    for (const [k, exp] of Object.entries(this.state.revoked)) if (exp < now) delete this.state.revoked[k];
  }

  // ---- refresh tokens ----
  addRefresh(token: string, record: RefreshRecord): void {
    this.state.refresh[tokenKey(token)] = record;
    this.save();
  }

  refresh(token: string): RefreshRecord | undefined {
    return this.state.refresh[tokenKey(token)];
  }

  /** Marks a refresh token as replaced; it stays usable until `until` (milliseconds since the epoch). */
  rotate(token: string, until: number): void {
    const r = this.state.refresh[tokenKey(token)];
    if (r) {
      r.rotatedUntil = until;
      this.save();
    }
  }

  /** Revokes a session: its refresh token and the access and ID tokens issued from it. */
  revokeOrigin(originJti: string, expiresAt: number): void {
    for (const r of Object.values(this.state.refresh)) if (r.originJti === originJti) r.revoked = true;
    this.state.revoked[originJti] = expiresAt;
    this.save();
  }

  /** Revokes every session of a user (global sign-out, disabled user); returns how many. */
  revokeUser(poolId: string, username: string): number {
    let count = 0;
    for (const r of Object.values(this.state.refresh)) {
      if (r.poolId === poolId && r.username === username && !r.revoked) {
        r.revoked = true;
        this.state.revoked[r.originJti] = r.expiresAt;
        count++;
      }
    }
    this.save();
    return count;
  }

  isRevoked(originJti: string): boolean {
    return this.state.revoked[originJti] !== undefined;
  }

  // ---- identity pools ----
  identityPoolId(key: string, create: () => string): string {
    const existing = this.state.identityPools[key];
    if (existing) return existing;
    const id = create();
    this.state.identityPools[key] = id;
    this.save();
    return id;
  }

  identityId(identityPoolId: string, login: string): string | undefined {
    return this.state.identities[identityPoolId]?.[login];
  }

  setIdentityId(identityPoolId: string, login: string, identityId: string): void {
    (this.state.identities[identityPoolId] ??= {})[login] = identityId;
    this.save();
  }

  /** True when the identity id belongs to the identity pool. */
  hasIdentity(identityPoolId: string, identityId: string): boolean {
    return Object.values(this.state.identities[identityPoolId] ?? {}).includes(identityId);
  }

  /** Every login key linked to an identity id. */
  loginsOf(identityPoolId: string, identityId: string): string[] {
    return Object.entries(this.state.identities[identityPoolId] ?? {})
      .filter(([, id]) => id === identityId)
      .map(([login]) => login);
  }

  /** Unlinks a login from its identity; an identity left without logins stays (as `unlinked:<id>`). */
  removeLogin(identityPoolId: string, login: string): void {
    const map = this.state.identities[identityPoolId];
    const id = map?.[login];
    if (!map || id === undefined) return;
    delete map[login];
    if (!Object.values(map).includes(id)) map[`unlinked:${id}`] = id;
    this.save();
  }

  // ---- resource servers ----
  resourceServers(poolId: string): ResourceServerRecord[] {
    return this.state.resourceServers[poolId] ?? [];
  }

  putResourceServer(poolId: string, server: ResourceServerRecord): void {
    const list = (this.state.resourceServers[poolId] ?? []).filter((s) => s.Identifier !== server.Identifier);
    this.state.resourceServers[poolId] = [...list, server];
    this.save();
  }

  deleteResourceServer(poolId: string, identifier: string): boolean {
    const list = this.state.resourceServers[poolId] ?? [];
    const kept = list.filter((s) => s.Identifier !== identifier);
    this.state.resourceServers[poolId] = kept;
    this.save();
    return kept.length !== list.length;
  }

  // ---- client settings the emulator drops ----
  clientExtras(clientId: string): ClientExtras {
    return this.state.clientExtras[clientId] ?? {};
  }

  setClientExtras(clientId: string, extras: ClientExtras): void {
    this.state.clientExtras[clientId] = extras;
    this.save();
  }

  // ---- password history ----
  passwordHistory(poolId: string, username: string): string[] {
    return this.state.passwordHistory[`${poolId}/${username}`] ?? [];
  }

  setPasswordHistory(poolId: string, username: string, hashes: string[]): void {
    this.state.passwordHistory[`${poolId}/${username}`] = hashes;
    this.save();
  }

  // ---- passwords reset by an administrator ----
  isResetRequired(poolId: string, username: string): boolean {
    return this.state.resetRequired[`${poolId}/${username}`] === true;
  }

  /** Marks the user RESET_REQUIRED, or clears the mark once a new password is set or the user is gone. */
  setResetRequired(poolId: string, username: string, required: boolean): void {
    const key = `${poolId}/${username}`;
    if (required === this.isResetRequired(poolId, username)) return;
    if (required) this.state.resetRequired[key] = true;
    else delete this.state.resetRequired[key];
    this.save();
  }

  // ---- users without a password ----
  isPasswordless(poolId: string, username: string): boolean {
    return this.state.passwordless[`${poolId}/${username}`] === true;
  }

  /** Marks a user as signed up without a password, or clears the mark once a password is set. */
  setPasswordless(poolId: string, username: string, passwordless: boolean): void {
    const key = `${poolId}/${username}`;
    if (passwordless === this.isPasswordless(poolId, username)) return;
    if (passwordless) this.state.passwordless[key] = true;
    else delete this.state.passwordless[key];
    this.save();
  }

  // ---- passkeys ----
  passkeys(poolId: string, username: string): PasskeyRecord[] {
    return this.state.passkeys[`${poolId}/${username}`] ?? [];
  }

  addPasskey(poolId: string, username: string, passkey: PasskeyRecord): void {
    (this.state.passkeys[`${poolId}/${username}`] ??= []).push(passkey);
    this.save();
  }

  /** Records the signature counter a passkey reported at sign-in. */
  setPasskeyCounter(poolId: string, username: string, id: string, counter: number): void {
    const passkey = this.passkeys(poolId, username).find((p) => p.id === id);
    if (!passkey) return;
    passkey.counter = counter;
    this.save();
  }

  /** Removes a passkey; false when the user has none with that id. */
  deletePasskey(poolId: string, username: string, id: string): boolean {
    const key = `${poolId}/${username}`;
    const list = this.state.passkeys[key] ?? [];
    const kept = list.filter((p) => p.id !== id);
    if (kept.length === list.length) return false;
    this.state.passkeys[key] = kept;
    this.save();
    return true;
  }

  /** Forgets what the front keeps of a deleted user. */
  forgetUser(poolId: string, username: string): void {
    const key = `${poolId}/${username}`;
    if (!this.state.passkeys[key] && !this.state.passwordless[key]) return;
    delete this.state.passkeys[key];
    delete this.state.passwordless[key];
    this.save();
  }
}
