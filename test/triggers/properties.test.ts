import './handler-env';
import type { PreSignUpTriggerEvent, PreTokenGenerationTriggerEvent } from 'aws-lambda';
import fc from 'fast-check';
import { PRE_SIGN_UP_MESSAGES, PreSignUpConfig } from '../../lambda-triggers/pre-sign-up/config';
import { SignUpRejectedError, preSignUp } from '../../lambda-triggers/pre-sign-up/index';
import {
  PreTokenGenerationConfig,
  canSetClaim,
  canSuppressClaim,
  validatePreTokenGenerationConfig,
} from '../../lambda-triggers/pre-token-generation/config';
import {
  TokenCustomizationError,
  preTokenGeneration,
} from '../../lambda-triggers/pre-token-generation/index';

/** The event the trigger returns, or undefined when it refuses (fails closed): any other error fails. */
async function tokenOutcome(
  event: PreTokenGenerationTriggerEvent,
  config: PreTokenGenerationConfig,
): Promise<PreTokenGenerationTriggerEvent | undefined> {
  try {
    return await preTokenGeneration(event, config);
  } catch (e) {
    if (e instanceof TokenCustomizationError) return undefined;
    throw e;
  }
}
import { captureLogs } from './events';

let logs: ReturnType<typeof captureLogs>;
beforeEach(() => {
  logs = captureLogs();
});
afterEach(() => logs.restore());

const RUNS = { numRuns: 400 };

// ---- arbitraries -------------------------------------------------------------------------------------

// A host-name label; labels with "--" in the third and fourth places are reserved for IDNA A-labels
// ("xn--..."), and one that does not decode (xn--0) makes the address invalid, not another domain.
const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/).filter((l) => l.slice(2, 4) !== '--');
const domain = fc.array(label, { minLength: 1, maxLength: 3 }).map((ls) => [...ls, 'com'].join('.'));
const entry = fc.oneof(
  domain,
  domain.map((d) => `*.${d}`),
);
/** An email address, sometimes in odd case, sometimes malformed. */
const email = fc.oneof(
  fc.tuple(fc.stringMatching(/^[a-z0-9.+_-]{1,12}$/), domain).map(([local, d]) => `${local}@${d}`),
  fc.tuple(fc.stringMatching(/^[a-z0-9.]{1,8}$/), domain).map(([local, d]) => `${local}@${d.toUpperCase()}`),
  fc.string(),
);
const source = fc.constantFrom(
  'PreSignUp_SignUp',
  'PreSignUp_AdminCreateUser',
  'PreSignUp_ExternalProvider',
  'PreSignUp_Unknown',
);
const signUpConfig: fc.Arbitrary<PreSignUpConfig> = fc.record(
  {
    allowedDomains: fc.array(entry, { minLength: 1, maxLength: 4 }),
    deniedDomains: fc.array(entry, { maxLength: 3 }),
    autoConfirmDomains: fc.array(entry, { maxLength: 3 }),
    autoVerifyPhone: fc.boolean(),
    exemptAdminCreatedUsers: fc.boolean(),
    exemptExternalProviderUsers: fc.boolean(),
  },
  { requiredKeys: [] },
);
const signUpEvent = fc
  .record(
    {
      triggerSource: source,
      userName: fc.string(),
      request: fc.record(
        { userAttributes: fc.record({ email, phone_number: fc.string() }, { requiredKeys: [] }) },
        { requiredKeys: [] },
      ),
      response: fc.anything(),
    },
    { requiredKeys: [] },
  )
  .map((e) => e as unknown as PreSignUpTriggerEvent);

const name = fc.oneof(
  fc.constantFrom(
    'sub',
    'aud',
    'cognito:username',
    'cognito:groups',
    'dev:x',
    'email_verified',
    'scope',
    '__proto__',
  ),
  fc.stringMatching(/^[a-z:_]{1,12}$/),
);
const tokenConfig: fc.Arbitrary<PreTokenGenerationConfig> = fc.record(
  {
    claimsFromAttributes: fc.dictionary(name, name),
    groupClaims: fc.array(
      fc.record({
        claimName: name,
        valuesByGroup: fc.dictionary(name, fc.array(fc.string(), { maxLength: 3 })),
      }),
      { maxLength: 2 },
    ),
    suppressClaims: fc.array(name, { maxLength: 4 }),
    scopesByGroup: fc.dictionary(
      name,
      fc.record({ add: fc.array(name), suppress: fc.array(name) }, { requiredKeys: [] }),
    ),
    accessTokenClaims: fc.boolean(),
  },
  { requiredKeys: [] },
);
const tokenEvent = fc
  .record(
    {
      version: fc.constantFrom('1', '2', '3', '0', undefined),
      triggerSource: fc.string(),
      userName: fc.string(),
      request: fc.record(
        {
          userAttributes: fc.oneof(fc.dictionary(name, fc.string()), fc.anything()),
          groupConfiguration: fc.oneof(
            fc.record({ groupsToOverride: fc.array(fc.oneof(name, fc.anything())) }, { requiredKeys: [] }),
            fc.anything(),
          ),
          scopes: fc.array(fc.string()),
        },
        { requiredKeys: [] },
      ),
      response: fc.oneof(
        fc.constant({ claimsOverrideDetails: null }),
        fc.constant({ claimsAndScopeOverrideDetails: null }),
        fc.anything(),
      ),
    },
    { requiredKeys: [] },
  )
  .map((e) => e as unknown as PreTokenGenerationTriggerEvent);

type AnyResponse = {
  claimsOverrideDetails?: { claimsToAddOrOverride?: object; claimsToSuppress?: string[] } | null;
  claimsAndScopeOverrideDetails?: {
    idTokenGeneration?: { claimsToAddOrOverride?: object; claimsToSuppress?: string[] };
    accessTokenGeneration?: { claimsToAddOrOverride?: object; claimsToSuppress?: string[] };
  } | null;
} | null;

const responseOf = (event: PreTokenGenerationTriggerEvent): AnyResponse =>
  event.response as unknown as AnyResponse;

const signUp = (address: string, config: PreSignUpConfig) =>
  preSignUp(
    {
      triggerSource: 'PreSignUp_SignUp',
      request: { userAttributes: { email: address } },
    } as unknown as PreSignUpTriggerEvent,
    config,
  ).then(
    (o) => JSON.stringify(o.response),
    (e: SignUpRejectedError) => e.reason,
  );

// ---- properties --------------------------------------------------------------------------------------

describe('pre sign-up', () => {
  const documented = new Set(Object.values(PRE_SIGN_UP_MESSAGES));

  test('only ever refuses with one of its documented messages', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(signUpEvent, fc.anything() as fc.Arbitrary<PreSignUpTriggerEvent>),
        signUpConfig,
        async (event, config) => {
          try {
            const out = await preSignUp(event, config);
            expect(Object.keys(out.response).sort()).toEqual([
              'autoConfirmUser',
              'autoVerifyEmail',
              'autoVerifyPhone',
            ]);
            for (const flag of Object.values(out.response)) expect(typeof flag).toBe('boolean');
          } catch (e) {
            expect(e).toBeInstanceOf(SignUpRejectedError);
            expect(documented.has((e as Error).message)).toBe(true);
          }
        },
      ),
      RUNS,
    );
  });

  test('auto-confirms only self-service sign-ups, and verifies nothing without confirming', async () => {
    await fc.assert(
      fc.asyncProperty(signUpEvent, signUpConfig, async (event, config) => {
        const out = await preSignUp(event, config).catch(() => undefined);
        if (out?.response.autoConfirmUser) expect(event.triggerSource).toBe('PreSignUp_SignUp');
        if (out) expect(out.response.autoVerifyEmail).toBe(out.response.autoConfirmUser);
        if (out?.response.autoVerifyPhone) expect(out.response.autoConfirmUser).toBe(true);
      }),
      RUNS,
    );
  });

  test('decides the same whatever the case of the email domain', async () => {
    await fc.assert(
      fc.asyncProperty(signUpConfig, fc.stringMatching(/^[a-z]{1,6}$/), domain, async (config, local, d) => {
        expect(await signUp(`${local}@${d.toUpperCase()}`, config)).toBe(
          await signUp(`${local}@${d}`, config),
        );
      }),
      RUNS,
    );
  });

  test('a wildcard entry matches every subdomain and never the domain itself', async () => {
    await fc.assert(
      fc.asyncProperty(domain, label, async (d, sub) => {
        const config = { allowedDomains: [`*.${d}`] };
        expect(await signUp(`a@${sub}.${d}`, config)).not.toBe('domainNotAllowed');
        expect(await signUp(`a@${d}`, config)).toBe('domainNotAllowed');
      }),
      RUNS,
    );
  });
});

describe('pre token generation', () => {
  test('answers or refuses, whatever the event and the configuration; never another error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(tokenEvent, fc.anything() as fc.Arbitrary<PreTokenGenerationTriggerEvent>),
        fc.oneof(tokenConfig, fc.anything() as fc.Arbitrary<PreTokenGenerationConfig>),
        async (event, config) => {
          const out = await tokenOutcome(event, config);
          // Either the event itself, or a copy with a new response, or a refusal.
          if (out !== undefined && out !== event) expect(Object.keys(out)).toContain('response');
        },
      ),
      RUNS,
    );
  });

  test('refuses exactly the configurations validation refuses, and malformed events', async () => {
    await fc.assert(
      fc.asyncProperty(tokenEvent, tokenConfig, async (event, config) => {
        const raw = event as unknown as { request?: unknown };
        const malformed =
          typeof raw.request !== 'object' || raw.request === null || Array.isArray(raw.request);
        const refused = (await tokenOutcome(event, config)) === undefined;
        expect(refused).toBe(malformed || validatePreTokenGenerationConfig(config).length > 0);
      }),
      RUNS,
    );
  });

  test('never sets or suppresses a claim Amazon Cognito protects', async () => {
    await fc.assert(
      fc.asyncProperty(tokenEvent, tokenConfig, async (event, config) => {
        const out = await tokenOutcome(event, config);
        if (!out) return;
        const response = responseOf(out);
        const changes = [
          response?.claimsOverrideDetails,
          response?.claimsAndScopeOverrideDetails?.idTokenGeneration,
          response?.claimsAndScopeOverrideDetails?.accessTokenGeneration,
        ];
        for (const c of changes) {
          for (const claim of Object.keys(c?.claimsToAddOrOverride ?? {}))
            expect(canSetClaim(claim)).toBe(true);
          for (const claim of c?.claimsToSuppress ?? []) expect(canSuppressClaim(claim)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  test('V1 claim values are strings; V2 group claims are lists of strings', async () => {
    await fc.assert(
      fc.asyncProperty(tokenEvent, tokenConfig, async (event, config) => {
        const out = await tokenOutcome(event, config);
        if (!out) return;
        const response = responseOf(out);
        for (const value of Object.values(response?.claimsOverrideDetails?.claimsToAddOrOverride ?? {})) {
          expect(typeof value).toBe('string');
        }
        const groupClaims = new Set((config.groupClaims ?? []).map((g) => g.claimName));
        const v2 = response?.claimsAndScopeOverrideDetails?.idTokenGeneration?.claimsToAddOrOverride ?? {};
        for (const [claim, value] of Object.entries(v2)) {
          const strings = Array.isArray(value) && value.every((v) => typeof v === 'string');
          if (!groupClaims.has(claim)) expect(typeof value).toBe('string');
          // A claim with two sources is refused, at synth and at runtime.
          else expect(strings).toBe(true);
        }
      }),
      RUNS,
    );
  });
});
