/**
 * Reads the emulator's data files (`.cognito/db/<poolId>.json`, `.cognito/db/clients.json`) for what its
 * API does not return: a user's password (which SRP needs to verify a password proof), the TOTP secret,
 * group membership in one read. Read only: every change goes through the emulator's API, so that its
 * in-memory state and its files stay the same. A status the emulator cannot hold (RESET_REQUIRED) comes
 * from the front's own state and is shown over the emulator's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A user attribute as the emulator stores it. */
export interface StoredAttribute {
  readonly Name: string;
  readonly Value?: string;
}

/** A user as the emulator stores it. */
export interface StoredUser {
  readonly Username: string;
  readonly Password?: string;
  readonly Attributes: StoredAttribute[];
  readonly Enabled: boolean;
  readonly UserStatus: string;
  readonly UserMFASettingList?: string[];
  readonly PreferredMfaSetting?: string;
  readonly MFAOptions?: Array<{ DeliveryMedium?: string; AttributeName?: string }>;
  readonly SoftwareTokenMfaConfiguration?: {
    readonly Secret?: string;
    readonly Verified?: boolean;
    readonly FriendlyDeviceName?: string;
  };
  readonly UserCreateDate?: string;
}

/** A group as the emulator stores it. */
export interface StoredGroup {
  readonly GroupName: string;
  readonly Precedence?: number;
  readonly RoleArn?: string;
  readonly Description?: string;
  readonly members?: string[];
}

/** An app client as the emulator stores it (the fields of DescribeUserPoolClient it keeps). */
export interface StoredClient {
  readonly ClientId: string;
  readonly ClientName?: string;
  readonly ClientSecret?: string;
  readonly UserPoolId: string;
  readonly ExplicitAuthFlows?: string[];
  readonly AllowedOAuthFlows?: string[];
  readonly AllowedOAuthScopes?: string[];
  readonly AllowedOAuthFlowsUserPoolClient?: boolean;
  readonly CallbackURLs?: string[];
  readonly LogoutURLs?: string[];
  readonly DefaultRedirectURI?: string;
  readonly ReadAttributes?: string[];
  readonly WriteAttributes?: string[];
  readonly AccessTokenValidity?: number;
  readonly IdTokenValidity?: number;
  readonly RefreshTokenValidity?: number;
  readonly TokenValidityUnits?: { AccessToken?: string; IdToken?: string; RefreshToken?: string };
  readonly EnableTokenRevocation?: boolean;
  readonly PreventUserExistenceErrors?: string;
  readonly SupportedIdentityProviders?: string[];
}

/** A user pool's settings as the emulator stores them (`Options`). */
export interface StoredPool {
  readonly Id: string;
  readonly Name?: string;
  readonly Arn?: string;
  readonly Policies?: {
    readonly PasswordPolicy?: Record<string, unknown>;
    readonly SignInPolicy?: { readonly AllowedFirstAuthFactors?: string[] };
  };
  readonly MfaConfiguration?: string;
  readonly UsernameAttributes?: string[];
  readonly AliasAttributes?: string[];
  readonly UsernameConfiguration?: { readonly CaseSensitive?: boolean };
  readonly AutoVerifiedAttributes?: string[];
  readonly SchemaAttributes?: Array<{ readonly Name?: string; readonly Mutable?: boolean }>;
  readonly AdminCreateUserConfig?: { readonly AllowAdminCreateUserOnly?: boolean };
}

interface PoolFile {
  readonly Options?: StoredPool;
  readonly Users?: Record<string, StoredUser>;
  readonly Groups?: Record<string, StoredGroup>;
}

/** The value of a user's attribute. */
export function attributeOf(user: StoredUser, name: string): string | undefined {
  return user.Attributes.find((a) => a.Name === name)?.Value;
}

/** A user's attributes as a record. */
export function attributeRecord(user: StoredUser): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of user.Attributes) if (a.Value !== undefined) out[a.Name] = a.Value;
  return out;
}

/** Orders groups as Cognito lists them in tokens: by precedence (lowest first, none last), then name. */
export function byPrecedence<T extends { GroupName: string; Precedence?: number }>(groups: T[]): T[] {
  return [...groups].sort(
    (a, b) =>
      (a.Precedence ?? Number.MAX_SAFE_INTEGER) - (b.Precedence ?? Number.MAX_SAFE_INTEGER) ||
      a.GroupName.localeCompare(b.GroupName),
  );
}

/** The status the front holds for a user instead of the emulator's, if any. */
export type StatusOverlay = (poolId: string, username: string) => string | undefined;

/** Read access to the emulator's data directory. */
export class Directory {
  private readonly cache = new Map<string, { key: string; value: unknown }>();

  /**
   * @param dbDir the emulator's `.cognito/db` directory
   * @param statusOf the status the front holds for a user, over the emulator's
   */
  constructor(
    private readonly dbDir: string,
    private readonly statusOf: StatusOverlay = () => undefined,
  ) {}

  private read<T>(name: string): T | undefined {
    const file = path.join(this.dbDir, `${name}.json`);
    // The emulator rewrites a file as a whole; a read that meets a write in progress tries again.
    for (let attempt = 0; attempt < 20; attempt++) {
      let stat: fs.Stats;
      try {
        stat = fs.statSync(file);
      } catch {
        return undefined;
      }
      const key = `${stat.mtimeMs}:${stat.size}`;
      const cached = this.cache.get(file);
      if (cached?.key === key) return cached.value as T;
      try {
        const value = JSON.parse(fs.readFileSync(file, 'utf8')) as T;
        this.cache.set(file, { key, value });
        return value;
      } catch {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
      }
    }
    throw new Error(`cannot read the emulator's data file ${file}`);
  }

  private poolFile(poolId: string): PoolFile | undefined {
    if (!/^[\w-]+$/.test(poolId)) return undefined;
    return this.read<PoolFile>(poolId);
  }

  /** The settings of a pool, or undefined when the emulator has no such pool. */
  pool(poolId: string): StoredPool | undefined {
    return this.poolFile(poolId)?.Options;
  }

  /** Every user of a pool. */
  users(poolId: string): StoredUser[] {
    return Object.values(this.poolFile(poolId)?.Users ?? {}).map((u) => {
      const status = this.statusOf(poolId, u.Username);
      return status ? { ...u, UserStatus: status } : u;
    });
  }

  /** Every group of a pool. */
  groups(poolId: string): StoredGroup[] {
    return Object.values(this.poolFile(poolId)?.Groups ?? {});
  }

  /** The groups a user belongs to, ordered by precedence. */
  groupsOf(poolId: string, username: string): StoredGroup[] {
    return byPrecedence(this.groups(poolId).filter((g) => g.members?.includes(username)));
  }

  /** An app client by id. */
  client(clientId: string): StoredClient | undefined {
    const clients = this.read<{ Clients?: Record<string, StoredClient> }>('clients')?.Clients ?? {};
    return Object.prototype.hasOwnProperty.call(clients, clientId) ? clients[clientId] : undefined;
  }

  /** Every app client of a pool. */
  clients(poolId: string): StoredClient[] {
    const clients = this.read<{ Clients?: Record<string, StoredClient> }>('clients')?.Clients ?? {};
    return Object.values(clients).filter((c) => c.UserPoolId === poolId);
  }

  /**
   * Finds a user by what a person types to sign in: the user name, the `sub`, a username attribute
   * (email, phone number) or a verified alias, as the pool's settings allow; case-insensitively when the
   * pool is.
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html#user-pool-settings-aliases
   */
  findUser(poolId: string, name: string): StoredUser | undefined {
    const pool = this.pool(poolId);
    const users = this.users(poolId);
    const caseSensitive = pool?.UsernameConfiguration?.CaseSensitive ?? true;
    const same = (a: string | undefined, b: string): boolean =>
      a !== undefined && (caseSensitive ? a === b : a.toLowerCase() === b.toLowerCase());
    const byName = users.find((u) => same(u.Username, name));
    if (byName) return byName;
    const bySub = users.find((u) => attributeOf(u, 'sub') === name);
    if (bySub) return bySub;
    for (const attribute of pool?.UsernameAttributes ?? []) {
      const found = users.find((u) => same(attributeOf(u, attribute), name));
      if (found) return found;
    }
    for (const alias of pool?.AliasAttributes ?? []) {
      const found = users.find(
        (u) =>
          same(attributeOf(u, alias), name) &&
          (alias === 'preferred_username' || attributeOf(u, `${alias}_verified`) === 'true'),
      );
      if (found) return found;
    }
    return undefined;
  }
}
