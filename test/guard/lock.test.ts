import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, CfnParameter, SecretValue, Stack } from 'aws-cdk-lib';
import {
  AppClient,
  AuthDomain,
  CognitoAuth,
  CognitoAuthError,
  CognitoAuthProps,
  CustomAttribute,
  IdentityProvider,
  LockMode,
  SamlMetadata,
} from '../../lib';
import { tmpDir } from '../util';

const env = { account: '123456789012', region: 'eu-west-1' };

/** Props of a pool that exercises every setting the lock records. */
function base(): CognitoAuthProps {
  return {
    signInAliases: { email: true },
    standardAttributes: { email: { required: true } },
    customAttributes: {
      tenant_id: CustomAttribute.ofString({ maxLength: 64 }),
      plan: CustomAttribute.ofString({ maxLength: 32 }),
    },
    domain: AuthDomain.cognitoPrefix('acme-shop'),
    resourceServers: [{ identifier: 'orders-api', scopes: [{ name: 'read', description: 'Read orders' }] }],
    clients: {
      web: AppClient.web({ callbackUrls: ['https://shop.acme-corp.net/cb'] }),
      api: AppClient.server({ callbackUrls: ['https://api.acme-corp.net/cb'] }),
      jobs: AppClient.machine({ scopes: ['orders-api/read'] }),
    },
    groups: [{ name: 'admins', precedence: 0 }],
    identityProviders: [
      IdentityProvider.saml({
        name: 'Corp',
        metadata: SamlMetadata.url('https://idp.acme-corp.net/metadata'),
        attributeMapping: { email: 'mail' },
      }),
    ],
  };
}

interface SynthOptions {
  readonly mode?: string;
  readonly acknowledge?: string;
  readonly context?: Record<string, string>;
  readonly build?: (auth: CognitoAuth) => void;
  readonly lock?: CognitoAuthProps['immutableSettingsLock'];
}

/** Synthesizes the pool `Shop/Auth` against the lock file `file`, as `cdk synth` would. */
function synthPool(props: CognitoAuthProps, file: string | undefined, options: SynthOptions = {}): void {
  const context: Record<string, string> = { ...options.context };
  if (file !== undefined) context['cognito-auth:lock-file'] = file;
  if (options.mode !== undefined) context['cognito-auth:lock'] = options.mode;
  if (options.acknowledge) context['cognito-auth:acknowledge-replacement'] = options.acknowledge;
  const app = new App({ outdir: tmpDir('lock-out'), context });
  const stack = new Stack(app, 'Shop', { env });
  const auth = new CognitoAuth(stack, 'Auth', {
    ...props,
    immutableSettingsLock: options.lock ?? props.immutableSettingsLock,
  });
  options.build?.(auth);
  app.synth();
}

function lockFile(): string {
  return path.join(tmpDir('lock'), 'cognito-auth.lock.json');
}

function entry(file: string, id = 'Shop/Auth'): Record<string, unknown> {
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { pools: Record<string, Record<string, unknown>> })
    .pools[id];
}

function thrown(fn: () => void): CognitoAuthError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CognitoAuthError) return e;
    throw e;
  }
  throw new Error('expected a CognitoAuthError');
}

describe('the lock records a new pool', () => {
  test('GIVEN no lock file WHEN synthesized THEN the pool is recorded with every guarded setting', () => {
    const file = lockFile();
    synthPool(base(), file, { mode: 'write' });
    expect(entry(file)).toEqual({
      location: {
        account: '123456789012',
        region: 'eu-west-1',
        stack: 'Shop',
        path: 'Auth',
        logicalId: 'AuthUserPool8115E87F',
      },
      aliasAttributes: [],
      caseSensitive: false,
      clients: {
        api: { generateSecret: true },
        jobs: { generateSecret: true },
        web: { generateSecret: false },
      },
      domain: 'acme-shop',
      groups: ['admins'],
      identityProviders: ['Corp'],
      resourceServers: ['orders-api'],
      schema: {
        'custom:plan': { maxLength: '32', mutable: true, required: false, type: 'String' },
        'custom:tenant_id': { maxLength: '64', mutable: true, required: false, type: 'String' },
        email: { mutable: true, required: true, type: 'String' },
      },
      usernameAttributes: ['email'],
    });
  });

  test('the file is stable text: sorted keys, two-space indentation, a final newline', () => {
    const file = lockFile();
    synthPool(base(), file, { mode: 'write' });
    const text = fs.readFileSync(file, 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "pools": {\n    "Shop/Auth": {\n      "aliasAttributes": [],');
    const keys = [...text.matchAll(/^ {6}"(\w+)":/gm)].map((m) => m[1]);
    expect(keys).toEqual([...keys].sort());
  });
});

type Change = [string, (p: CognitoAuthProps) => CognitoAuthProps, RegExp[]];

const refused: Change[] = [
  [
    'username attributes (email → phone)',
    (p) => ({ ...p, signInAliases: { phone: true } }),
    [
      /signInAliases \(username attributes\): recorded \["email"\], now asked \["phone_number"\]/,
      /replace the pool/,
    ],
  ],
  [
    'email from username attribute to alias',
    (p) => ({ ...p, signInAliases: { username: true, email: true } }),
    [
      /signInAliases \(username attributes\)/,
      /signInAliases \(aliases\): recorded \[\], now asked \["email"\]/,
    ],
  ],
  [
    'case sensitivity',
    (p) => ({ ...p, signInCaseSensitive: true }),
    [/signInCaseSensitive: recorded false, now asked true/],
  ],
  [
    'a custom attribute type',
    (p) => ({ ...p, customAttributes: { ...p.customAttributes, plan: CustomAttribute.ofNumber() } }),
    [
      /customAttributes\.plan: recorded .*"type":"String".*now asked .*"type":"Number"/,
      /Existing schema attributes cannot be modified/,
    ],
  ],
  [
    'a custom attribute made immutable',
    (p) => ({
      ...p,
      customAttributes: {
        ...p.customAttributes,
        plan: CustomAttribute.ofString({ maxLength: 32, mutable: false }),
      },
    }),
    [/customAttributes\.plan: recorded .*"mutable":true.*now asked .*"mutable":false/],
  ],
  [
    'a custom attribute constraint',
    (p) => ({
      ...p,
      customAttributes: { ...p.customAttributes, plan: CustomAttribute.ofString({ maxLength: 64 }) },
    }),
    [/customAttributes\.plan: recorded .*"maxLength":"32".*now asked .*"maxLength":"64"/],
  ],
  [
    'a custom attribute removed',
    (p) => ({ ...p, customAttributes: { tenant_id: CustomAttribute.ofString({ maxLength: 64 }) } }),
    [/customAttributes\.plan: recorded .*now asked "no attribute"/],
  ],
  [
    'a required standard attribute made optional',
    (p) => ({ ...p, standardAttributes: {} }),
    [
      /standardAttributes\.email: recorded .*"required":true.*now asked "Cognito's default \(optional, mutable\)"/,
    ],
  ],
  [
    'a standard attribute newly immutable',
    (p) => ({ ...p, standardAttributes: { ...p.standardAttributes, givenName: { mutable: false } } }),
    [/standardAttributes\.given_name: recorded "Cognito's default \(optional, mutable\)"/],
  ],
  [
    'a group renamed',
    (p) => ({ ...p, groups: [{ name: 'administrators', precedence: 0 }] }),
    [/groups\["admins"\]: recorded "admins", now asked "removed"/, /memberships/],
  ],
  [
    'an identity provider renamed',
    (p) => ({
      ...p,
      identityProviders: [
        IdentityProvider.saml({
          name: 'Corporate',
          metadata: SamlMetadata.url('https://idp.acme-corp.net/metadata'),
          attributeMapping: { email: 'mail' },
        }),
      ],
    }),
    [/identityProviders\["Corp"\]: recorded "Corp", now asked "removed"/],
  ],
  [
    'a resource server identifier',
    (p) => ({
      ...p,
      resourceServers: [{ identifier: 'orders', scopes: [{ name: 'read', description: 'Read orders' }] }],
      clients: { ...p.clients, jobs: AppClient.machine({ scopes: ['orders/read'] }) },
    }),
    [/resourceServers\["orders-api"\]: recorded "orders-api", now asked "removed"/],
  ],
  [
    'the domain',
    (p) => ({ ...p, domain: AuthDomain.cognitoPrefix('acme-store') }),
    [/domain: recorded "acme-shop", now asked "acme-store"/, /sign-in URLs/],
  ],
  [
    "a client's secret setting",
    (p) => ({
      ...p,
      clients: {
        ...p.clients,
        api: AppClient.server({ callbackUrls: ['https://api.acme-corp.net/cb'], generateSecret: false }),
      },
    }),
    [/clients\.api\.generateSecret: recorded true, now asked false/, /new client id/],
  ],
  [
    'a client removed',
    (p) => ({ ...p, clients: { web: p.clients!.web, jobs: p.clients!.jobs } }),
    [/clients\.api: recorded \{"generateSecret":true\}, now asked "removed"/],
  ],
];

describe('changes Cognito cannot apply in place are refused', () => {
  test.each(refused)('%s', (_name, change, messages) => {
    const file = lockFile();
    synthPool(base(), file, { mode: 'write' });
    const before = fs.readFileSync(file, 'utf8');
    const error = thrown(() => synthPool(change(base()), file, { mode: 'write' }));
    for (const message of messages) expect(error.message).toMatch(message);
    // Every refusal explains the way out.
    expect(error.message).toMatch(
      /the pool "Shop\/Auth" exists with the settings recorded in .*cognito-auth\.lock\.json/,
    );
    expect(error.message).toContain('-c cognito-auth:acknowledge-replacement=Shop/Auth');
    expect(error.message).toContain('cognito-admin users import');
    expect(error.message).toContain('user-migration trigger');
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  test('the error names the first refused setting as its prop', () => {
    const file = lockFile();
    synthPool(base(), file, { mode: 'write' });
    const error = thrown(() => synthPool({ ...base(), signInCaseSensitive: true }, file, { mode: 'write' }));
    expect(error.prop).toBe('signInCaseSensitive');
  });
});

type Addition = [string, (p: CognitoAuthProps) => CognitoAuthProps, (e: Record<string, unknown>) => void];

const additions: Addition[] = [
  [
    'a custom attribute',
    (p) => ({
      ...p,
      customAttributes: { ...p.customAttributes, seats: CustomAttribute.ofNumber({ min: 1 }) },
    }),
    (e) =>
      expect((e.schema as Record<string, unknown>)['custom:seats']).toEqual({
        minValue: '1',
        mutable: true,
        required: false,
        type: 'Number',
      }),
  ],
  [
    'a group',
    (p) => ({ ...p, groups: [...p.groups!, { name: 'auditors', precedence: 5 }] }),
    (e) => expect(e.groups).toEqual(['admins', 'auditors']),
  ],
  [
    'a client',
    (p) => ({ ...p, clients: { ...p.clients, mobile: AppClient.web() } }),
    (e) => expect((e.clients as Record<string, unknown>).mobile).toEqual({ generateSecret: false }),
  ],
  [
    'a resource server',
    (p) => ({
      ...p,
      resourceServers: [
        ...p.resourceServers!,
        { identifier: 'billing', scopes: [{ name: 'read', description: 'Read' }] },
      ],
    }),
    (e) => expect(e.resourceServers).toEqual(['billing', 'orders-api']),
  ],
  [
    'an identity provider',
    (p) => ({
      ...p,
      identityProviders: [
        ...p.identityProviders!,
        IdentityProvider.oidc({
          name: 'Partners',
          clientId: 'cca',
          clientSecret: secret(),
          issuerUrl: 'https://login.partners.acme-corp.net',
        }),
      ],
    }),
    (e) => expect(e.identityProviders).toEqual(['Corp', 'Partners']),
  ],
];

function secret(): SecretValue {
  return SecretValue.secretsManager('partners/oidc');
}

describe('allowed additions are accepted and recorded', () => {
  test.each(additions)('%s', (_name, change, check) => {
    const file = lockFile();
    synthPool(base(), file, { mode: 'write' });
    synthPool(change(base()), file, { mode: 'write' });
    check(entry(file));
  });

  test('a domain added to a pool that had none', () => {
    const file = lockFile();
    const noDomain = { ...base(), domain: undefined, identityProviders: [] };
    synthPool(noDomain, file, { mode: 'write' });
    expect(entry(file).domain).toBeNull();
    synthPool({ ...noDomain, domain: AuthDomain.cognitoPrefix('acme-shop') }, file, { mode: 'write' });
    expect(entry(file).domain).toBe('acme-shop');
  });

  test('a client added after the constructor with addClient', () => {
    const file = lockFile();
    synthPool(base(), file, { mode: 'write' });
    synthPool(base(), file, { mode: 'write', build: (auth) => auth.addClient('cli', AppClient.password()) });
    expect((entry(file).clients as Record<string, unknown>).cli).toEqual({ generateSecret: false });
  });
});

describe('acknowledging a replacement', () => {
  test('GIVEN the acknowledgement of the pool WHEN a refused change is synthesized THEN it is accepted and the lock rewritten', () => {
    const file = lockFile();
    synthPool(base(), file, { mode: 'write' });
    synthPool({ ...base(), signInAliases: { phone: true }, signInCaseSensitive: true }, file, {
      mode: 'write',
      acknowledge: 'Other/Auth, Shop/Auth',
    });
    expect(entry(file).usernameAttributes).toEqual(['phone_number']);
    expect(entry(file).caseSensitive).toBe(true);
    // The next synth without the acknowledgement compares against the new record.
    expect(() =>
      synthPool({ ...base(), signInAliases: { phone: true }, signInCaseSensitive: true }, file, {
        mode: 'write',
      }),
    ).not.toThrow();
  });

  test('the acknowledgement of another pool does not cover this one', () => {
    const file = lockFile();
    synthPool(base(), file, { mode: 'write' });
    expect(() =>
      synthPool({ ...base(), signInCaseSensitive: true }, file, { mode: 'write', acknowledge: 'Shop/Other' }),
    ).toThrow(/signInCaseSensitive/);
  });
});

describe('re-synthesizing with nothing changed', () => {
  test('raises nothing and does not write the file', () => {
    const file = lockFile();
    synthPool(base(), file, { mode: 'write' });
    const past = new Date(Date.now() - 60_000);
    fs.utimesSync(file, past, past);
    const mtime = fs.statSync(file).mtimeMs;
    const before = fs.readFileSync(file, 'utf8');
    synthPool(base(), file, { mode: 'write' });
    expect(fs.statSync(file).mtimeMs).toBe(mtime);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  test('declaring the same things in another order changes nothing', () => {
    const file = lockFile();
    synthPool(
      {
        ...base(),
        groups: [
          { name: 'admins', precedence: 0 },
          { name: 'auditors', precedence: 5 },
        ],
      },
      file,
      { mode: 'write' },
    );
    const before = fs.readFileSync(file, 'utf8');
    const p = base();
    synthPool(
      {
        ...p,
        groups: [
          { name: 'auditors', precedence: 5 },
          { name: 'admins', precedence: 0 },
        ],
        customAttributes: { plan: p.customAttributes!.plan, tenant_id: p.customAttributes!.tenant_id },
        clients: { jobs: p.clients!.jobs, api: p.clients!.api, web: p.clients!.web },
      },
      file,
      { mode: 'write' },
    );
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  test('other pools in the file are kept as they are', () => {
    const file = lockFile();
    synthPool(base(), file, { mode: 'write', lock: { id: 'first' } });
    synthPool({ ...base(), signInAliases: { username: true } }, file, {
      mode: 'write',
      lock: { id: 'second' },
    });
    expect(entry(file, 'first').usernameAttributes).toEqual(['email']);
    expect(entry(file, 'second').usernameAttributes).toEqual([]);
  });
});

describe('values unknown at synth', () => {
  function withParameter(build: (prefix: string) => CognitoAuthProps) {
    return (file: string) => {
      const app = new App({
        outdir: tmpDir('lock-out'),
        context: { 'cognito-auth:lock-file': file, 'cognito-auth:lock': 'write' },
      });
      const stack = new Stack(app, 'Shop', { env });
      const prefix = new CfnParameter(stack, 'DomainPrefix', { type: 'String' }).valueAsString;
      new CognitoAuth(stack, 'Auth', build(prefix));
      app.synth();
    };
  }

  test('a token is recorded as unresolved and never compared', () => {
    const file = lockFile();
    const noProviders = { ...base(), identityProviders: [] };
    withParameter((prefix) => ({ ...noProviders, domain: AuthDomain.cognitoPrefix(prefix) }))(file);
    expect(entry(file).domain).toBe('<unresolved>');
    // A literal later: accepted and recorded.
    synthPool({ ...noProviders, domain: AuthDomain.cognitoPrefix('acme-shop') }, file, { mode: 'write' });
    expect(entry(file).domain).toBe('acme-shop');
    // A token again: not compared, the literal stays recorded.
    withParameter((prefix) => ({ ...noProviders, domain: AuthDomain.cognitoPrefix(prefix) }))(file);
    expect(entry(file).domain).toBe('acme-shop');
  });
});

describe('mode verify (CI)', () => {
  test('a pool missing from the lock fails synth and nothing is written', () => {
    const file = lockFile();
    expect(() => synthPool(base(), file, { mode: 'verify' })).toThrow(
      /lock has no entry for the pool "Shop\/Auth" .* mode verify never writes one; run "npx cdk synth"/,
    );
    expect(fs.existsSync(file)).toBe(false);
  });

  test('an up-to-date lock passes without a write', () => {
    const file = lockFile();
    synthPool(base(), file, { mode: 'write' });
    const before = fs.readFileSync(file, 'utf8');
    synthPool(base(), file, { mode: 'verify' });
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  test('an allowed addition the lock does not hold yet fails synth, naming it', () => {
    const file = lockFile();
    synthPool(base(), file, { mode: 'write' });
    const before = fs.readFileSync(file, 'utf8');
    expect(() =>
      synthPool({ ...base(), groups: [...base().groups!, { name: 'auditors', precedence: 5 }] }, file, {
        mode: 'verify',
      }),
    ).toThrow(/entry of the pool "Shop\/Auth" .* is out of date \(not recorded yet: group "auditors"\)/);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  test('a refused change is refused as in mode write', () => {
    const file = lockFile();
    synthPool(base(), file, { mode: 'write' });
    expect(() => synthPool({ ...base(), signInCaseSensitive: true }, file, { mode: 'verify' })).toThrow(
      /signInCaseSensitive: recorded false, now asked true/,
    );
  });
});

describe('when the lock is on', () => {
  const saved = {
    ci: process.env.CI,
    cli: process.env.CDK_CLI_VERSION,
    outdir: process.env.CDK_OUTDIR,
    cwd: process.cwd(),
  };
  afterEach(() => {
    for (const [key, value] of [
      ['CI', saved.ci],
      ['CDK_CLI_VERSION', saved.cli],
      ['CDK_OUTDIR', saved.outdir],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    process.chdir(saved.cwd);
  });

  test('under the CDK CLI it writes cognito-auth.lock.json in the working directory', () => {
    const dir = tmpDir('lock-cli');
    process.chdir(dir);
    process.env.CDK_CLI_VERSION = '2.1148.1';
    delete process.env.CI;
    synthPool(base(), undefined);
    expect(entry(path.join(dir, 'cognito-auth.lock.json'))).toBeDefined();
  });

  test('under the CDK CLI with CI=true it only verifies', () => {
    const dir = tmpDir('lock-ci');
    process.chdir(dir);
    process.env.CDK_CLI_VERSION = '2.1148.1';
    process.env.CI = 'true';
    expect(() => synthPool(base(), undefined)).toThrow(/mode verify never writes one/);
    expect(fs.existsSync(path.join(dir, 'cognito-auth.lock.json'))).toBe(false);
  });

  test('an app synthesized in-process (a unit test) has no lock unless one is configured', () => {
    const dir = tmpDir('lock-off');
    process.chdir(dir);
    delete process.env.CDK_CLI_VERSION;
    // Setting CDK_OUTDIR (to direct the output, as tests do) does not turn the lock on.
    process.env.CDK_OUTDIR = path.join(dir, 'cdk.out');
    synthPool(base(), undefined);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.json'))).toEqual([]);
  });

  test('the deprecated lock prop still configures the lock, and its errors name it', () => {
    const file = lockFile();
    const app = new App({ outdir: tmpDir('lock-out') });
    new CognitoAuth(new Stack(app, 'Shop'), 'Auth', {
      ...base(),
      lock: { file, mode: LockMode.WRITE, id: 'old-prop' },
    });
    app.synth();
    expect(entry(file, 'old-prop')).toBeDefined();
    expect(
      () =>
        new CognitoAuth(new Stack(new App(), 'Shop'), 'Auth', {
          ...base(),
          lock: { mode: 'strict' as LockMode },
        }),
    ).toThrow(/^lock\.mode "strict" is not a lock mode; use write, verify or off \(at Shop\/Auth\)$/);
    expect(
      () =>
        new CognitoAuth(new Stack(new App(), 'Shop'), 'Auth', {
          ...base(),
          immutableSettingsLock: { mode: 'strict' as LockMode },
        }),
    ).toThrow(/^immutableSettingsLock\.mode "strict" is not a lock mode/);
  });

  test('the immutableSettingsLock prop configures file, mode and id; mode off turns it off', () => {
    const file = lockFile();
    synthPool(base(), undefined, { lock: { file, mode: LockMode.WRITE, id: 'shop-users' } });
    expect(entry(file, 'shop-users')).toBeDefined();
    expect(() =>
      synthPool({ ...base(), signInCaseSensitive: true }, undefined, {
        lock: { file, mode: LockMode.OFF, id: 'shop-users' },
      }),
    ).not.toThrow();
  });
});

describe('lock settings are validated', () => {
  test('an unknown mode', () => {
    expect(() => synthPool(base(), lockFile(), { mode: 'strict' })).toThrow(
      /context cognito-auth:lock "strict" is not a lock mode; use write, verify or off/,
    );
  });

  test('a lock file that is not JSON', () => {
    const file = lockFile();
    fs.writeFileSync(file, '{ not json');
    expect(() => synthPool(base(), file, { mode: 'write' })).toThrow(/lock\.file .* is not valid JSON/);
  });
});

describe('passkeys', () => {
  const passkeys = (relyingPartyId: string): CognitoAuthProps => ({
    ...base(),
    signInFactors: { passkey: true },
    passkeys: { relyingPartyId },
  });

  test('the relying-party id is recorded, and a new one is refused with the reason', () => {
    const file = lockFile();
    synthPool(passkeys('acme-shop.auth.eu-west-1.amazoncognito.com'), file, { mode: 'write' });
    expect(entry(file).relyingPartyId).toBe('acme-shop.auth.eu-west-1.amazoncognito.com');
    const error = thrown(() => synthPool(passkeys('acme-corp.net'), file, { mode: 'write' }));
    expect(error.prop).toBe('passkeys.relyingPartyId');
    expect(error.message).toMatch(/every registered passkey is bound to the relying-party id/);
  });

  test('turning passkeys on for an existing pool is an allowed addition; a pool without passkeys records none', () => {
    const file = lockFile();
    synthPool(base(), file, { mode: 'write' });
    expect(entry(file)).not.toHaveProperty('relyingPartyId');
    synthPool(passkeys('acme-shop.auth.eu-west-1.amazoncognito.com'), file, { mode: 'write' });
    expect(entry(file).relyingPartyId).toBe('acme-shop.auth.eu-west-1.amazoncognito.com');
  });
});

describe('identity pool', () => {
  const developer = (developerProviderName: string | undefined): CognitoAuthProps => ({
    ...base(),
    identityPool: developerProviderName ? { developerProviderName } : {},
  });

  test('the developer provider name is recorded, and another one is refused with the reason', () => {
    const file = lockFile();
    synthPool(developer('login.acme-corp.net'), file, { mode: 'write' });
    expect(entry(file).developerProviderName).toBe('login.acme-corp.net');
    const error = thrown(() => synthPool(developer('login.acme-corp.org'), file, { mode: 'write' }));
    expect(error.prop).toBe('identityPool.developerProviderName');
    expect(error.message).toMatch(/Once you have set a developer provider name, you cannot change it/);
    const removed = thrown(() => synthPool(developer(undefined), file, { mode: 'write' }));
    expect(removed.prop).toBe('identityPool.developerProviderName');
  });

  test('setting one on a pool that had none is an allowed addition; none recorded without one', () => {
    const file = lockFile();
    synthPool(developer(undefined), file, { mode: 'write' });
    expect(entry(file)).not.toHaveProperty('developerProviderName');
    synthPool(developer('login.acme-corp.net'), file, { mode: 'write' });
    expect(entry(file).developerProviderName).toBe('login.acme-corp.net');
  });
});
