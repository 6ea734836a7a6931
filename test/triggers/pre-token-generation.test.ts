import './handler-env';
import type { PreTokenGenerationTriggerEvent, PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import {
  PRE_TOKEN_GENERATION_CONFIG_ENV,
  PreTokenGenerationConfig,
  PreTokenGenerationVersion,
  RESERVED_CLAIMS,
  canSetClaim,
  canSuppressClaim,
  parsePreTokenGenerationConfig,
  pickPreTokenGenerationConfig,
  validatePreTokenGenerationConfig,
} from '../../lambda-triggers/pre-token-generation/config';
import {
  TokenCustomizationError,
  preTokenGeneration,
} from '../../lambda-triggers/pre-token-generation/index';
import { captureLogs, loadWithEnv, tokenEventV1, tokenEventV2 } from './events';

let logs: ReturnType<typeof captureLogs>;
beforeEach(() => {
  logs = captureLogs();
});
afterEach(() => logs.restore());

const PERMISSIONS = {
  claimName: 'permissions',
  valuesByGroup: { admins: ['users:write', 'users:read'], readers: ['users:read', 'reports:read'] },
};

/** The V1 response's claim changes. */
async function v1(config: PreTokenGenerationConfig, event: PreTokenGenerationTriggerEvent) {
  const out = await preTokenGeneration(event, config);
  return out.response.claimsOverrideDetails;
}

/** The V2 response's changes. */
async function v2(config: PreTokenGenerationConfig, event: PreTokenGenerationV2TriggerEvent) {
  const out = await preTokenGeneration(event, config);
  return out.response.claimsAndScopeOverrideDetails;
}

describe('version 1 events (ID token)', () => {
  const V1: PreTokenGenerationConfig = { version: PreTokenGenerationVersion.V1_0 };

  test('copies and renames attributes into claims', async () => {
    const details = await v1(
      { ...V1, claimsFromAttributes: { 'custom:tenant_id': 'tenant_id', 'custom:plan': 'custom:plan' } },
      tokenEventV1({ sub: 'abc', 'custom:tenant_id': 't-42', 'custom:plan': 'gold' }),
    );
    expect(details?.claimsToAddOrOverride).toEqual({ tenant_id: 't-42', 'custom:plan': 'gold' });
    expect(details?.claimsToSuppress).toBeUndefined();
  });

  test('suppresses the claim of an attribute the user does not have', async () => {
    const details = await v1(
      { ...V1, claimsFromAttributes: { 'custom:tenant_id': 'tenant_id' } },
      tokenEventV1({ sub: 'abc' }),
    );
    expect(details?.claimsToAddOrOverride).toBeUndefined();
    expect(details?.claimsToSuppress).toEqual(['tenant_id']);
  });

  test('joins the values of every group with spaces, sorted and without duplicates', async () => {
    const details = await v1(
      { ...V1, groupClaims: [PERMISSIONS] },
      tokenEventV1({}, ['readers', 'admins', 'other']),
    );
    expect(details?.claimsToAddOrOverride).toEqual({ permissions: 'reports:read users:read users:write' });
  });

  test('suppresses a group claim when the user is in none of the groups, so no stale value passes', async () => {
    const details = await v1(
      { ...V1, groupClaims: [PERMISSIONS] },
      tokenEventV1({ permissions: 'forged' }, ['other']),
    );
    expect(details?.claimsToSuppress).toEqual(['permissions']);
    expect(details?.claimsToAddOrOverride).toBeUndefined();
  });

  test('suppresses the listed claims', async () => {
    const details = await v1(
      { ...V1, suppressClaims: ['email', 'phone_number'] },
      tokenEventV1({ email: 'a@b.c' }),
    );
    expect(details?.claimsToSuppress).toEqual(['email', 'phone_number']);
  });

  test('keeps the user groups by sending back the group configuration', async () => {
    const event = tokenEventV1({ 'custom:tenant_id': 't' }, ['admins']);
    const details = await v1({ claimsFromAttributes: { 'custom:tenant_id': 'tenant_id' } }, event);
    expect(details?.groupOverrideDetails).toEqual(event.request.groupConfiguration);
  });

  test('ignores scopes with a version 1 event', async () => {
    const out = await preTokenGeneration(tokenEventV1({}, ['admins']), {
      version: PreTokenGenerationVersion.V2_0,
      scopesByGroup: { admins: { add: ['api/admin'] } },
    });
    expect(JSON.stringify(out)).not.toContain('api/admin');
  });

  test.each([
    'TokenGeneration_HostedAuth',
    'TokenGeneration_Authentication',
    'TokenGeneration_NewPasswordChallenge',
    'TokenGeneration_AuthenticateDevice',
    'TokenGeneration_RefreshTokens',
  ] as const)('applies the same claims for %s', async (source) => {
    const details = await v1({ groupClaims: [PERMISSIONS] }, tokenEventV1({}, ['admins'], source));
    expect(details?.claimsToAddOrOverride).toEqual({ permissions: 'users:read users:write' });
  });

  test('returns the very event it was given when there is nothing to change', async () => {
    const event = tokenEventV1({ sub: 'abc' }, ['admins']);
    await expect(preTokenGeneration(event, {})).resolves.toBe(event);
  });
});

describe('version 2 and 3 events (ID and access tokens)', () => {
  const V2: PreTokenGenerationConfig = { version: PreTokenGenerationVersion.V2_0 };

  test('group claims are lists of strings and go to both tokens', async () => {
    const details = await v2({ ...V2, groupClaims: [PERMISSIONS] }, tokenEventV2({}, ['readers']));
    expect(details?.idTokenGeneration?.claimsToAddOrOverride).toEqual({
      permissions: ['reports:read', 'users:read'],
    });
    expect(details?.accessTokenGeneration?.claimsToAddOrOverride).toEqual({
      permissions: ['reports:read', 'users:read'],
    });
  });

  test('accessTokenClaims: false leaves the access token claims alone', async () => {
    const details = await v2(
      {
        ...V2,
        accessTokenClaims: false,
        claimsFromAttributes: { 'custom:tenant_id': 'tenant_id' },
        suppressClaims: ['email'],
      },
      tokenEventV2({ 'custom:tenant_id': 't-1' }),
    );
    expect(details?.idTokenGeneration).toEqual({
      claimsToAddOrOverride: { tenant_id: 't-1' },
      claimsToSuppress: ['email'],
    });
    expect(details?.accessTokenGeneration).toEqual({});
  });

  test('adds and suppresses scopes per group; a suppression wins over an addition', async () => {
    const config: PreTokenGenerationConfig = {
      ...V2,
      scopesByGroup: {
        admins: { add: ['orders/write', 'orders/read'] },
        readers: { add: ['orders/read'] },
        suspended: { suppress: ['orders/write', 'aws.cognito.signin.user.admin'] },
      },
    };
    const admin = await v2(config, tokenEventV2({}, ['admins']));
    expect(admin?.accessTokenGeneration).toEqual({ scopesToAdd: ['orders/read', 'orders/write'] });
    const suspended = await v2(config, tokenEventV2({}, ['admins', 'suspended']));
    expect(suspended?.accessTokenGeneration).toEqual({
      scopesToAdd: ['orders/read'],
      scopesToSuppress: ['aws.cognito.signin.user.admin', 'orders/write'],
    });
    expect(suspended?.idTokenGeneration).toEqual({});
  });

  test('keeps the user groups', async () => {
    const event = tokenEventV2({}, ['admins']);
    const details = await v2({ groupClaims: [PERMISSIONS] }, event);
    expect(details?.groupOverrideDetails).toEqual(event.request.groupConfiguration);
  });

  test('a version 3 client-credentials event (no user) gets no user claims and does not fail', async () => {
    const event = tokenEventV2({}, [], ['orders/read'], '3', 'TokenGeneration_ClientCredentials');
    delete (event.request as { userAttributes?: unknown }).userAttributes;
    delete (event.request as { groupConfiguration?: unknown }).groupConfiguration;
    const details = await v2(
      { version: PreTokenGenerationVersion.V3_0, groupClaims: [PERMISSIONS], suppressClaims: ['custom:x'] },
      event,
    );
    expect(details?.idTokenGeneration).toEqual({ claimsToSuppress: ['permissions', 'custom:x'] });
  });
});

describe('reserved claims', () => {
  test.each([
    'sub',
    'aud',
    'iss',
    'token_use',
    'exp',
    'cognito:username',
    'cognito:groups',
    'dev:x',
    'email_verified',
    'scope',
    'username',
    'client_id',
  ])('a trigger never sets %s: a configuration that asks is refused whole', async (claim) => {
    const asked = preTokenGeneration(tokenEventV2({ 'custom:x': 'forged' }, ['admins']), {
      version: PreTokenGenerationVersion.V2_0,
      claimsFromAttributes: { 'custom:x': claim, 'custom:y': 'y' },
      groupClaims: [{ claimName: claim, valuesByGroup: { admins: ['a'] } }],
    });
    await expect(asked).rejects.toThrow(TokenCustomizationError);
    expect(logs.lines().join('\n')).toContain('CONFIG_INVALID');
  });

  test.each(['sub', 'aud', 'cognito:username', 'cognito:anything', 'identities', 'nonce'])(
    'a trigger never suppresses %s: a configuration that asks is refused whole',
    async (claim) => {
      await expect(v1({ suppressClaims: [claim, 'email'] }, tokenEventV1({}))).rejects.toThrow(
        TokenCustomizationError,
      );
    },
  );

  test('group claims and dev: claims may be suppressed, not set', () => {
    for (const claim of [
      'cognito:groups',
      'cognito:roles',
      'cognito:preferred_role',
      'dev:custom',
      'email_verified',
    ]) {
      expect([claim, canSetClaim(claim), canSuppressClaim(claim)]).toEqual([claim, false, true]);
    }
    for (const claim of RESERVED_CLAIMS)
      expect([claim, canSetClaim(claim), canSuppressClaim(claim)]).toEqual([claim, false, false]);
    expect([canSetClaim('tenant_id'), canSuppressClaim('email')]).toEqual([true, true]);
  });
});

describe('unexpected input fails closed', () => {
  test.each([
    ['null', null],
    ['a number', 7],
    ['no request', { version: '1', triggerSource: 'TokenGeneration_Authentication' }],
    ['request as a string', { version: '1', request: 'x' }],
  ])('a malformed event (%s) is refused, so no token is issued without its claims', async (_name, event) => {
    await expect(
      preTokenGeneration(event as unknown as PreTokenGenerationTriggerEvent, {
        groupClaims: [PERMISSIONS],
        suppressClaims: ['email'],
      }),
    ).rejects.toThrow(TokenCustomizationError);
    expect(logs.lines().join('\n')).toContain('MALFORMED_EVENT');
  });

  test.each<[string, unknown]>([
    ['a disallowed claim', { claimsFromAttributes: { 'custom:a': 'sub', 'custom:b': 'b' } }],
    ['a misspelled option', { supressClaims: ['email'] }],
    ['a suppression of the wrong type', { suppressClaims: 'email' }],
    ['scopes with version 1', { scopesByGroup: { suspended: { suppress: ['api/write'] } } }],
  ])('a configuration with %s is refused whole, never half applied', async (_name, config) => {
    const event = tokenEventV1({ 'custom:b': 'y', email: 'jane@example.com' }, ['admins']);
    await expect(preTokenGeneration(event, config as PreTokenGenerationConfig)).rejects.toThrow(
      'Sign-in is temporarily unavailable',
    );
    const text = logs.lines().join('\n');
    expect(text).toContain('CONFIG_INVALID');
    expect(text).not.toContain('jane');
  });

  test('odd attribute and group values are ignored, not trusted', async () => {
    const event = tokenEventV1({ 'custom:tenant_id': 42 as unknown as string }, [
      7 as unknown as string,
      'admins',
    ]);
    const details = await v1(
      { claimsFromAttributes: { 'custom:tenant_id': 'tenant_id' }, groupClaims: [PERMISSIONS] },
      event,
    );
    expect(details?.claimsToAddOrOverride).toEqual({ permissions: 'users:read users:write' });
    expect(details?.claimsToSuppress).toEqual(['tenant_id']);
  });

  test('names from Object.prototype are plain names', async () => {
    const details = await v1(
      {
        claimsFromAttributes: { constructor: 'ctor', toString: 'str' },
        groupClaims: [
          { claimName: '__proto__', valuesByGroup: { __proto__: ['x'], hasOwnProperty: ['y'] } as never },
        ],
      },
      tokenEventV1({ toString: 'value' }, ['constructor', 'hasOwnProperty']),
    );
    expect(JSON.parse(JSON.stringify(details?.claimsToAddOrOverride))).toEqual({
      str: 'value',
      ['__proto__']: 'y',
    });
    expect(details?.claimsToSuppress).toEqual(['ctor']);
  });

  test('an exception thrown while reading the event is refused with a generic message and logged', async () => {
    const event = tokenEventV1({}, ['admins']);
    Object.defineProperty(event.request, 'groupConfiguration', {
      get() {
        throw new Error('boom');
      },
    });
    const refusal = preTokenGeneration(event, { groupClaims: [PERMISSIONS] });
    await expect(refusal).rejects.toThrow(TokenCustomizationError);
    await expect(refusal).rejects.not.toThrow('boom');
    expect(logs.lines().join('\n')).toContain('UNEXPECTED_ERROR');
  });
});

describe('logs', () => {
  test('carry counts and the trigger source, never attribute values or the username', async () => {
    await preTokenGeneration(
      tokenEventV2({ email: 'jane.doe@example.com', 'custom:tenant_id': 'acme-secret' }, ['admins']),
      {
        version: PreTokenGenerationVersion.V2_0,
        claimsFromAttributes: { 'custom:tenant_id': 'tenant_id' },
        groupClaims: [PERMISSIONS],
      },
    );
    const text = logs.lines().join('\n');
    expect(text).toContain('TokenGeneration_Authentication');
    expect(text).toContain('"claimsAdded":2');
    for (const secret of ['jane', 'acme-secret', 'users:write', 'admins']) expect(text).not.toContain(secret);
  });
});

describe('handler (configuration from the environment)', () => {
  type Module = typeof import('../../lambda-triggers/pre-token-generation/index');
  const load = (value: string | undefined): Module =>
    loadWithEnv<Module>('../../lambda-triggers/pre-token-generation/index', {
      [PRE_TOKEN_GENERATION_CONFIG_ENV]: value,
    });

  test('applies the configuration read at module load', async () => {
    const mod = load(JSON.stringify({ groupClaims: [PERMISSIONS] }));
    const out = await mod.handler(tokenEventV1({}, ['admins']));
    expect(out.response.claimsOverrideDetails?.claimsToAddOrOverride).toEqual({
      permissions: 'users:read users:write',
    });
  });

  test.each([
    ['missing', undefined],
    ['not JSON', '{'],
    ['not an object', '[1,2]'],
    [
      'with a disallowed entry',
      JSON.stringify({ claimsFromAttributes: { 'custom:a': 'sub', 'custom:b': 'b' } }),
    ],
    ['with an unknown option', JSON.stringify({ suppressClaim: ['email'] })],
    [
      'with a claim from two attributes',
      JSON.stringify({ claimsFromAttributes: { 'custom:a': 'tenant', 'custom:b': 'tenant' } }),
    ],
    [
      'with a claim from an attribute and a group claim',
      JSON.stringify({
        claimsFromAttributes: { 'custom:a': 'permissions' },
        groupClaims: [PERMISSIONS],
      }),
    ],
    [
      'with a claim both added and suppressed',
      JSON.stringify({ claimsFromAttributes: { 'custom:a': 'tenant' }, suppressClaims: ['tenant'] }),
    ],
  ])(
    'refuses every event when the configuration is %s, and logs why at each refusal',
    async (_name, value) => {
      const mod = load(value);
      logs.restore();
      logs = captureLogs();
      const event = tokenEventV1({ 'custom:a': 'x', 'custom:b': 'y' }, ['admins']);
      await expect(mod.handler(event)).rejects.toThrow(mod.TokenCustomizationError);
      expect(logs.lines().join('\n')).toContain('CONFIG_INVALID');
    },
  );

  test('the log names what is wrong with the configuration', () => {
    load(JSON.stringify({ suppressClaim: ['email'], claimsFromAttributes: { 'custom:a': 'sub' } }));
    expect(logs.lines().join('\n')).toMatch(
      /PRE_TOKEN_GENERATION_CONFIG is invalid at suppressClaim, claimsFromAttributes.custom:a/,
    );
  });
});

describe('parsePreTokenGenerationConfig', () => {
  test('reads what pickPreTokenGenerationConfig serialized', () => {
    const options = {
      version: PreTokenGenerationVersion.V2_0,
      claimsFromAttributes: { 'custom:tenant_id': 'tenant_id' },
      groupClaims: [PERMISSIONS],
      suppressClaims: ['email'],
      scopesByGroup: { admins: { add: ['api/admin'] } },
      accessTokenClaims: false,
      timeout: 3,
    };
    const json = JSON.stringify(pickPreTokenGenerationConfig(options));
    expect(parsePreTokenGenerationConfig({ [PRE_TOKEN_GENERATION_CONFIG_ENV]: json })).toEqual({
      ...options,
      timeout: undefined,
    });
  });
});

describe('validatePreTokenGenerationConfig', () => {
  const messages = (config: unknown) =>
    validatePreTokenGenerationConfig(config).map((i) => `${i.path} ${i.message}`);

  test('accepts a full valid configuration', () => {
    expect(
      messages({
        version: 'V2_0',
        claimsFromAttributes: { 'custom:tenant_id': 'tenant_id', locale: 'locale' },
        groupClaims: [
          PERMISSIONS,
          { claimName: 'https://example.com/roles', valuesByGroup: { admins: ['admin'] } },
        ],
        suppressClaims: ['email', 'cognito:groups', 'dev:secret'],
        scopesByGroup: { admins: { add: ['api/admin'], suppress: ['api/guest'] } },
        accessTokenClaims: true,
      }),
    ).toEqual([]);
  });

  test.each([
    [{ version: 'V4_0' }, /^version "V4_0" is not valid; allowed: V1_0, V2_0, V3_0/],
    [
      { claimsFromAttributes: { 'custom:x': 'sub' } },
      /^claimsFromAttributes\["custom:x"\] "sub" is not valid; allowed: a claim name .* that a trigger may set: not acr, amr/,
    ],
    [
      { claimsFromAttributes: { 'custom:x': 'cognito:foo' } },
      /^claimsFromAttributes\["custom:x"\] "cognito:foo" is not valid/,
    ],
    [
      { claimsFromAttributes: { 'custom:x': 'email_verified' } },
      /^claimsFromAttributes\["custom:x"\] "email_verified" is not valid/,
    ],
    [{ claimsFromAttributes: { 'custom:x': 'has space' } }, /"has space" is not valid/],
    [
      { claimsFromAttributes: { 'bad name': 'x' } },
      /^claimsFromAttributes\["bad name"\] "bad name" is not valid; allowed: an attribute name/,
    ],
    [
      { claimsFromAttributes: { a: 'x', b: 'x' } },
      /^claimsFromAttributes\["b"\] "x" is already produced by claimsFromAttributes\["a"\]/,
    ],
    [
      { claimsFromAttributes: { a: 'permissions' }, groupClaims: [PERMISSIONS] },
      /^groupClaims\[0\].claimName "permissions" is already produced by claimsFromAttributes\["a"\]/,
    ],
    [
      { groupClaims: [{ claimName: 'address', valuesByGroup: {} }] },
      /^groupClaims\[0\].claimName "address" is not valid; allowed: a claim that accepts a list/,
    ],
    [
      { groupClaims: [{ claimName: 'p' }] },
      /^groupClaims\[0\].valuesByGroup null is not valid; allowed: an object of group name/,
    ],
    [
      { groupClaims: [{ claimName: 'p', valuesByGroup: { admins: 'all' } }] },
      /^groupClaims\[0\].valuesByGroup\["admins"\] "all" is not valid; allowed: a list of claim values/,
    ],
    [
      { groupClaims: [{ claimName: 'p', valuesByGroup: { admins: ['read write'] } }] },
      /^groupClaims\[0\].valuesByGroup\["admins"\]\[0\] "read write" is not valid; allowed: claim values: 1 to 256 characters without white space/,
    ],
    [
      { groupClaims: [{ claimName: 'p', valuesByGroup: { 'two words': ['x'] } }] },
      /"two words" is not valid; allowed: a group name/,
    ],
    [
      { groupClaims: [{ claimName: 'p', valuesByGroup: {}, extra: 1 }] },
      /^groupClaims\[0\].extra is not an option; allowed: claimName, valuesByGroup/,
    ],
    [{ groupClaims: {} }, /^groupClaims \{\} is not valid; allowed: a list of/],
    [
      { suppressClaims: ['sub'] },
      /^suppressClaims\[0\] "sub" is not valid; allowed: a claim name that a trigger may suppress/,
    ],
    [{ suppressClaims: ['cognito:username'] }, /^suppressClaims\[0\] "cognito:username" is not valid/],
    [
      { claimsFromAttributes: { a: 'x' }, suppressClaims: ['x'] },
      /^suppressClaims\[0\] "x" is also produced by claimsFromAttributes\["a"\]; a claim cannot be both added and suppressed/,
    ],
    [
      { scopesByGroup: { admins: { add: ['a'] } } },
      /^scopesByGroup .* is not valid; allowed: with version V2_0 or V3_0 only/,
    ],
    [
      { version: 'V2_0', scopesByGroup: { admins: { add: ['two words'] } } },
      /^scopesByGroup\["admins"\].add\[0\] "two words" is not valid; allowed: scopes/,
    ],
    [
      { version: 'V2_0', scopesByGroup: { admins: { remove: ['x'] } } },
      /^scopesByGroup\["admins"\].remove is not an option; allowed: add, suppress/,
    ],
    [
      { accessTokenClaims: true },
      /^accessTokenClaims true is not valid; allowed: with version V2_0 or V3_0 only/,
    ],
    [{ claims: {} }, /^claims is not an option; allowed: version, claimsFromAttributes/],
  ])('%j → %s', (config, expected) => {
    expect(messages(config).join('\n')).toMatch(expected);
  });

  test('skips values that are not resolved yet', () => {
    const isUnresolved = (v: string) => v.startsWith('${Token[');
    expect(
      validatePreTokenGenerationConfig(
        {
          claimsFromAttributes: { 'custom:x': '${Token[TOKEN.1]}' },
          groupClaims: [
            { claimName: '${Token[TOKEN.2]}', valuesByGroup: { '${Token[TOKEN.3]}': ['${Token[TOKEN.4]}'] } },
          ],
          suppressClaims: ['${Token[TOKEN.5]}'],
        },
        { isUnresolved },
      ),
    ).toEqual([]);
  });
});
