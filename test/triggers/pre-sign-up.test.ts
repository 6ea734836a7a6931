import './handler-env';
import type { PreSignUpTriggerEvent } from 'aws-lambda';
import {
  PRE_SIGN_UP_CONFIG_ENV,
  PRE_SIGN_UP_MESSAGES,
  PreSignUpConfig,
  parsePreSignUpConfig,
  pickPreSignUpConfig,
  validatePreSignUpConfig,
} from '../../lambda-triggers/pre-sign-up/config';
import { SignUpRejectedError, preSignUp } from '../../lambda-triggers/pre-sign-up/index';
import {
  adminCreateUser,
  captureLogs,
  externalProvider,
  loadWithEnv,
  PreSignUpSource,
  preSignUpEvent,
  selfSignUp,
} from './events';

let logs: ReturnType<typeof captureLogs>;
beforeEach(() => {
  logs = captureLogs();
});
afterEach(() => logs.restore());

const NONE = { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false };
const CONFIRMED = { autoConfirmUser: true, autoVerifyEmail: true, autoVerifyPhone: false };

async function rejection(
  event: PreSignUpTriggerEvent,
  config: PreSignUpConfig,
): Promise<SignUpRejectedError> {
  try {
    await preSignUp(event, config);
  } catch (e) {
    if (e instanceof SignUpRejectedError) return e;
    throw e;
  }
  throw new Error('expected the sign-up to be rejected');
}

describe('pre sign-up with no rules', () => {
  test('accepts every sign-up and confirms nobody', async () => {
    const out = await preSignUp(selfSignUp({ email: 'jane@anywhere.org' }), {});
    expect(out.response).toEqual(NONE);
  });

  test('accepts a sign-up without an email address', async () => {
    const out = await preSignUp(selfSignUp({ phone_number: '+15555550100' }), {});
    expect(out.response).toEqual(NONE);
  });
});

describe('allowedDomains', () => {
  const config: PreSignUpConfig = { allowedDomains: ['example.com', '*.corp.example.net'] };

  test.each([
    ['jane@example.com'],
    ['Jane.Doe@EXAMPLE.COM'],
    ['jane@example.com.'],
    ['jane@eu.corp.example.net'],
    ['jane@a.b.corp.example.net'],
    ['"odd@local"@example.com'],
  ])('accepts %s', async (email) => {
    const out = await preSignUp(selfSignUp({ email }), config);
    expect(out.response).toEqual(NONE);
  });

  test.each([
    ['jane@mail.example.com', 'a subdomain of an exact entry'],
    ['jane@corp.example.net', 'the parent of a wildcard entry'],
    ['jane@example.com.evil.org', 'a suffix trick'],
    ['jane@notexample.com', 'a longer name ending the same way'],
    ['jane@gmail.com', 'another domain'],
  ])('refuses %s (%s) with the documented message', async (email) => {
    const e = await rejection(selfSignUp({ email }), config);
    expect(e.reason).toBe('domainNotAllowed');
    expect(e.message).toBe(PRE_SIGN_UP_MESSAGES.domainNotAllowed);
  });

  test('refuses a sign-up without an email address', async () => {
    const e = await rejection(selfSignUp({ phone_number: '+15555550100' }), config);
    expect(e.message).toBe(PRE_SIGN_UP_MESSAGES.emailRequired);
  });

  test.each([['jane'], ['jane@'], ['@example.com'], ['jane@[192.0.2.1]'], ['jane@localhost']])(
    'refuses the unusable address %s as invalid',
    async (email) => {
      const e = await rejection(selfSignUp({ email }), config);
      expect(e.message).toBe(PRE_SIGN_UP_MESSAGES.emailInvalid);
    },
  );

  test('compares internationalized domains in their ASCII form', async () => {
    const idn = { allowedDomains: ['bücher.de'] };
    await expect(preSignUp(selfSignUp({ email: 'jane@xn--bcher-kva.de' }), idn)).resolves.toBeDefined();
    await expect(preSignUp(selfSignUp({ email: 'jane@BÜCHER.de' }), idn)).resolves.toBeDefined();
  });
});

describe('deniedDomains', () => {
  test('refuses a denied domain even when it is allowed and auto-confirmed', async () => {
    const config = {
      allowedDomains: ['*.example.com'],
      deniedDomains: ['contractors.example.com'],
      autoConfirmDomains: ['*.example.com'],
      autoVerifyEmail: true,
    };
    const e = await rejection(selfSignUp({ email: 'bob@contractors.example.com' }), config);
    expect(e.message).toBe(PRE_SIGN_UP_MESSAGES.domainDenied);
    const ok = await preSignUp(selfSignUp({ email: 'bob@staff.example.com' }), config);
    expect(ok.response).toEqual(CONFIRMED);
  });

  test('alone, lets through sign-ups without an email but refuses unusable addresses', async () => {
    const config = { deniedDomains: ['mailinator.com'] };
    await expect(preSignUp(selfSignUp({ phone_number: '+15555550100' }), config)).resolves.toBeDefined();
    await expect(preSignUp(selfSignUp({ email: 'x@example.org' }), config)).resolves.toBeDefined();
    expect((await rejection(selfSignUp({ email: 'x@MAILINATOR.com' }), config)).reason).toBe('domainDenied');
    expect((await rejection(selfSignUp({ email: 'not-an-address' }), config)).reason).toBe('emailInvalid');
  });
});

describe('autoConfirmDomains', () => {
  const config: PreSignUpConfig = { autoConfirmDomains: ['example.com'], autoVerifyEmail: true };

  test('confirms a self-service sign-up from the domain and, with autoVerifyEmail, verifies its email', async () => {
    const out = await preSignUp(
      selfSignUp({ email: 'jane@Example.com', phone_number: '+15555550100' }),
      config,
    );
    expect(out.response).toEqual(CONFIRMED);
  });

  test('without autoVerifyEmail, confirms the account but leaves the email unverified', async () => {
    const out = await preSignUp(selfSignUp({ email: 'jane@example.com' }), {
      autoConfirmDomains: ['example.com'],
    });
    expect(out.response).toEqual({ ...CONFIRMED, autoVerifyEmail: false });
  });

  test('autoVerifyEmail and autoVerifyPhone need autoConfirmDomains', () => {
    expect(validatePreSignUpConfig({ autoVerifyEmail: true }).map((i) => i.path)).toEqual([
      'autoVerifyEmail',
    ]);
    expect(
      validatePreSignUpConfig({ autoVerifyEmail: 'yes', autoConfirmDomains: ['a.com'] })[0].message,
    ).toMatch(/"yes" is not valid; allowed: true or false/);
  });

  test('leaves other domains to the normal confirmation', async () => {
    const out = await preSignUp(selfSignUp({ email: 'jane@other.org' }), config);
    expect(out.response).toEqual(NONE);
  });

  test('verifies the phone number only with autoVerifyPhone and a phone number', async () => {
    const withPhone = { ...config, autoVerifyPhone: true };
    const a = await preSignUp(
      selfSignUp({ email: 'jane@example.com', phone_number: '+15555550100' }),
      withPhone,
    );
    expect(a.response).toEqual({ ...CONFIRMED, autoVerifyPhone: true });
    const b = await preSignUp(selfSignUp({ email: 'jane@example.com' }), withPhone);
    expect(b.response).toEqual(CONFIRMED);
  });

  test.each<[PreSignUpSource, string]>([
    ['PreSignUp_AdminCreateUser', 'Cognito ignores the flags for administrator-created users'],
    ['PreSignUp_ExternalProvider', 'federated users are confirmed by Cognito'],
  ])('never auto-confirms %s (%s)', async (source) => {
    const out = await preSignUp(preSignUpEvent(source, { email: 'jane@example.com' }), config);
    expect(out.response).toEqual(NONE);
  });

  test('does not change the event it was given', async () => {
    const event = selfSignUp({ email: 'jane@example.com' });
    const before = JSON.stringify(event);
    await preSignUp(event, config);
    expect(JSON.stringify(event)).toBe(before);
  });
});

describe('behaviour per trigger source', () => {
  const config: PreSignUpConfig = { allowedDomains: ['example.com'], deniedDomains: ['spam.example.org'] };

  test('applies the allow-list to administrator-created users by default', async () => {
    const e = await rejection(adminCreateUser({ email: 'guest@partner.org' }), config);
    expect(e.reason).toBe('domainNotAllowed');
  });

  test('exemptAdminCreatedUsers lifts the allow-list, not the deny-list', async () => {
    const exempt = { ...config, exemptAdminCreatedUsers: true };
    await expect(preSignUp(adminCreateUser({ email: 'guest@partner.org' }), exempt)).resolves.toBeDefined();
    await expect(preSignUp(adminCreateUser({}), exempt)).resolves.toBeDefined();
    expect((await rejection(adminCreateUser({ email: 'x@spam.example.org' }), exempt)).reason).toBe(
      'domainDenied',
    );
    // The exemption is for administrators only.
    expect((await rejection(selfSignUp({ email: 'guest@partner.org' }), exempt)).reason).toBe(
      'domainNotAllowed',
    );
  });

  test('applies the allow-list to federated users by default, and refuses one without an email', async () => {
    expect((await rejection(externalProvider({ email: 'jane@gmail.com' }), config)).reason).toBe(
      'domainNotAllowed',
    );
    expect((await rejection(externalProvider({}), config)).reason).toBe('emailRequired');
  });

  test('exemptExternalProviderUsers lifts the allow-list for federated users only', async () => {
    const exempt = { ...config, exemptExternalProviderUsers: true };
    await expect(preSignUp(externalProvider({ email: 'jane@gmail.com' }), exempt)).resolves.toBeDefined();
    expect((await rejection(externalProvider({ email: 'x@spam.example.org' }), exempt)).reason).toBe(
      'domainDenied',
    );
    expect((await rejection(adminCreateUser({ email: 'jane@gmail.com' }), exempt)).reason).toBe(
      'domainNotAllowed',
    );
  });

  test('applies the lists to an unknown trigger source and confirms nobody', async () => {
    const unknown = { ...selfSignUp({ email: 'jane@example.com' }), triggerSource: 'PreSignUp_Future' };
    const out = await preSignUp(unknown as unknown as PreSignUpTriggerEvent, {
      ...config,
      autoConfirmDomains: ['example.com'],
    });
    expect(out.response).toEqual(NONE);
    const bad = { ...selfSignUp({ email: 'jane@gmail.com' }), triggerSource: 'PreSignUp_Future' };
    expect((await rejection(bad as unknown as PreSignUpTriggerEvent, config)).reason).toBe(
      'domainNotAllowed',
    );
  });
});

describe('messages', () => {
  test('replaces the messages given, keeps the others', async () => {
    const config = {
      allowedDomains: ['example.com'],
      messages: { domainNotAllowed: 'Inscription réservée aux adresses example.com.' },
    };
    expect((await rejection(selfSignUp({ email: 'a@b.org' }), config)).message).toBe(
      'Inscription réservée aux adresses example.com.',
    );
    expect((await rejection(selfSignUp({}), config)).message).toBe(PRE_SIGN_UP_MESSAGES.emailRequired);
  });
});

describe('malformed events', () => {
  test.each([
    ['null', null],
    ['a string', 'event'],
    ['no request', { triggerSource: 'PreSignUp_SignUp' }],
    ['no attributes', { triggerSource: 'PreSignUp_SignUp', request: {} }],
    ['attributes as a list', { triggerSource: 'PreSignUp_SignUp', request: { userAttributes: [] } }],
  ])('are refused with the invalid-request message: %s', async (_name, event) => {
    const e = await rejection(event as unknown as PreSignUpTriggerEvent, {});
    expect(e.reason).toBe('invalidRequest');
    expect(e.message).toBe(PRE_SIGN_UP_MESSAGES.invalidRequest);
  });

  test('an email attribute that is not a string is invalid when a domain rule applies', async () => {
    const event = selfSignUp({ email: 42 as unknown as string });
    expect((await rejection(event, { deniedDomains: ['example.com'] })).reason).toBe('emailInvalid');
  });
});

describe('logs', () => {
  test('carry the trigger source and the reason, never the username, email or phone', async () => {
    const config = { allowedDomains: ['example.com'], autoConfirmDomains: ['example.com'] };
    await preSignUp(selfSignUp({ email: 'jane.doe@example.com', phone_number: '+15555550123' }), config);
    await rejection(selfSignUp({ email: 'jane.doe@private-domain.org' }), config);
    const text = logs.lines().join('\n');
    expect(text).toContain('PreSignUp_SignUp');
    expect(text).toContain('domainNotAllowed');
    for (const secret of ['jane', 'private-domain', '5555550123', 'example.com'])
      expect(text).not.toContain(secret);
  });
});

describe('handler (configuration from the environment)', () => {
  type Module = typeof import('../../lambda-triggers/pre-sign-up/index');
  const load = (value: string | undefined): Module =>
    loadWithEnv<Module>('../../lambda-triggers/pre-sign-up/index', { [PRE_SIGN_UP_CONFIG_ENV]: value });

  test('applies the configuration read at module load', async () => {
    const mod = load(
      JSON.stringify({
        allowedDomains: ['example.com'],
        autoConfirmDomains: ['example.com'],
        autoVerifyEmail: true,
      }),
    );
    const out = await mod.handler(selfSignUp({ email: 'jane@example.com' }));
    expect(out.response).toEqual(CONFIRMED);
    await expect(mod.handler(selfSignUp({ email: 'jane@gmail.com' }))).rejects.toThrow(
      PRE_SIGN_UP_MESSAGES.domainNotAllowed,
    );
  });

  test.each([
    ['missing', undefined],
    ['not JSON', '{allowedDomains:'],
    ['not an object', '["example.com"]'],
    ['a bad domain', JSON.stringify({ allowedDomains: ['exa mple.com'] })],
    ['an unknown option', JSON.stringify({ allowDomains: ['example.com'] })],
    ['an unknown message', JSON.stringify({ messages: { domainNotAlowed: 'No.' } })],
    ['a message of the wrong type', JSON.stringify({ messages: { domainDenied: 7 } })],
  ])(
    'refuses every sign-up when the configuration is %s, and logs why at each refusal',
    async (_name, value) => {
      const mod = load(value);
      logs.restore();
      logs = captureLogs();
      await expect(mod.handler(selfSignUp({ email: 'jane@example.com' }))).rejects.toThrow(
        PRE_SIGN_UP_MESSAGES.unavailable,
      );
      const text = logs.lines().join('\n');
      expect(text).toContain('CONFIG_INVALID');
      expect(text).not.toContain('jane');
    },
  );

  test('the log of an unusable configuration names the option that is wrong', async () => {
    load(JSON.stringify({ allowDomains: ['example.com'] }));
    expect(logs.lines().join('\n')).toMatch(/allowDomains is not an option; allowed: allowedDomains/);
  });
});

describe('parsePreSignUpConfig', () => {
  test('reads what pickPreSignUpConfig serialized', () => {
    const options = {
      allowedDomains: ['example.com', '*.example.com'],
      deniedDomains: ['bad.example.com'],
      autoConfirmDomains: ['example.com'],
      autoVerifyEmail: true,
      autoVerifyPhone: true,
      exemptAdminCreatedUsers: true,
      messages: { domainDenied: 'No.' },
      memorySize: 512,
    };
    const json = JSON.stringify(pickPreSignUpConfig(options));
    expect(JSON.parse(json)).not.toHaveProperty('memorySize');
    expect(parsePreSignUpConfig({ [PRE_SIGN_UP_CONFIG_ENV]: json })).toEqual({
      ...options,
      memorySize: undefined,
    });
  });

  test('names the malformed option', () => {
    expect(() => parsePreSignUpConfig({ [PRE_SIGN_UP_CONFIG_ENV]: '{"autoVerifyPhone":"yes"}' })).toThrow(
      /PRE_SIGN_UP_CONFIG is invalid: autoVerifyPhone is malformed/,
    );
  });
});

describe('validatePreSignUpConfig', () => {
  const messages = (config: unknown) => validatePreSignUpConfig(config).map((i) => `${i.path} ${i.message}`);

  test('accepts a full valid configuration', () => {
    expect(
      messages({
        allowedDomains: ['example.com', '*.example.com', 'bücher.de'],
        deniedDomains: ['contractors.example.com'],
        autoConfirmDomains: ['staff.example.com', '*.eu.example.com'],
        autoVerifyPhone: true,
        exemptAdminCreatedUsers: false,
        exemptExternalProviderUsers: true,
        messages: { domainNotAllowed: 'Use your work address.' },
      }),
    ).toEqual([]);
  });

  test.each([
    [{ allowedDomains: [] }, /^allowedDomains \[\] is not valid; allowed: at least one domain/],
    [{ allowedDomains: 'example.com' }, /^allowedDomains "example.com" is not valid; allowed: a list of/],
    [
      { allowedDomains: ['ok.com', 'exa mple.com'] },
      /^allowedDomains\[1\] "exa mple.com" is not valid; allowed: "example.com" \(that domain only\) or "\*.example.com"/,
    ],
    [{ deniedDomains: ['.example.com'] }, /^deniedDomains\[0\] ".example.com" is not valid/],
    [{ deniedDomains: ['*example.com'] }, /^deniedDomains\[0\] "\*example.com" is not valid/],
    [{ deniedDomains: ['a.*.com'] }, /^deniedDomains\[0\] "a.\*.com" is not valid/],
    [{ deniedDomains: ['*'] }, /^deniedDomains\[0\] "\*" is not valid/],
    [{ deniedDomains: ['com'] }, /^deniedDomains\[0\] "com" is not valid/],
    [{ deniedDomains: ['192.0.2.1'] }, /^deniedDomains\[0\] "192.0.2.1" is not valid/],
    [{ deniedDomains: ['-bad.com'] }, /^deniedDomains\[0\] "-bad.com" is not valid/],
    [{ deniedDomains: [7] }, /^deniedDomains\[0\] 7 is not valid/],
    [
      { allowedDomains: ['mail.example.com'], deniedDomains: ['*.example.com'] },
      /^allowedDomains\[0\] "mail.example.com" is denied by deniedDomains\[0\]; it cannot be allowed too/,
    ],
    [
      { autoConfirmDomains: ['example.com'], deniedDomains: ['example.com'] },
      /^autoConfirmDomains\[0\] "example.com" is denied by deniedDomains\[0\]; it cannot be auto-confirmed/,
    ],
    [
      { allowedDomains: ['example.com'], autoConfirmDomains: ['*.example.com'] },
      /^autoConfirmDomains\[0\] "\*.example.com" is not in allowedDomains; auto-confirmed domains must be allowed/,
    ],
    [
      { autoVerifyPhone: true },
      /^autoVerifyPhone true is not valid; allowed: true only with autoConfirmDomains/,
    ],
    [
      { exemptAdminCreatedUsers: 'yes' },
      /^exemptAdminCreatedUsers "yes" is not valid; allowed: true or false/,
    ],
    [
      { allowDomains: ['example.com'] },
      /^allowDomains is not an option; allowed: allowedDomains, deniedDomains/,
    ],
    [
      { messages: { domainDenied: '' } },
      /^messages.domainDenied "" is not valid; allowed: a non-empty string/,
    ],
    [
      { messages: { domainDenied: 'x'.repeat(501) } },
      /^messages.domainDenied "x+" is not valid; allowed: a non-empty string of at most 500/,
    ],
    [{ messages: { tooBad: 'x' } }, /^messages.tooBad is not an option; allowed: domainNotAllowed/],
    [null, /is not valid; allowed: an object of pre sign-up options/],
  ])('%j → %s', (config, expected) => {
    expect(messages(config).join('\n')).toMatch(expected);
  });

  test('a wildcard allow-list entry covers auto-confirmed subdomains at any depth', () => {
    expect(
      messages({
        allowedDomains: ['*.example.com'],
        autoConfirmDomains: ['a.b.example.com', '*.c.example.com'],
      }),
    ).toEqual([]);
  });

  test('skips values that are not resolved yet', () => {
    const isUnresolved = (v: string) => v.startsWith('${Token[');
    expect(
      validatePreSignUpConfig(
        { allowedDomains: ['${Token[TOKEN.1]}'], messages: { domainDenied: '${Token[TOKEN.2]}' } },
        { isUnresolved },
      ),
    ).toEqual([]);
  });
});
