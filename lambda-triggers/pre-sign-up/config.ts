/**
 * Configuration of the bundled pre sign-up trigger: its shape, the environment variable that carries it as
 * JSON, and the validation shared by the construct (at synth) and the handler (at module load).
 *
 * ## Email domain rules
 * Entries are compared case-insensitively with the domain of the user's `email` attribute (the part after
 * the last `@`). Internationalized domains are compared in their ASCII (punycode) form, so `bücher.de`
 * and `xn--bcher-kva.de` are the same entry. A trailing dot is ignored.
 * - `example.com` matches exactly `example.com`; it does not match `mail.example.com`.
 * - `*.example.com` matches every subdomain of `example.com` at any depth (`mail.example.com`,
 *   `eu.mail.example.com`), but not `example.com` itself: list both to allow both.
 * - Any other use of `*`, and the spelling `.example.com`, is refused.
 *
 * The deny-list always wins over the allow-list and over auto-confirmation.
 */
import { domainToASCII } from 'node:url';
import {
  Checker,
  ConfigIssue,
  TriggerConfigError,
  ValidateOptions,
  checker,
  invalid,
  isRecord,
  pick,
  problem,
  readJsonEnv,
  skip,
  unknownKeys,
} from '../shared/config';

/** Name of the environment variable that carries the pre sign-up configuration as JSON. */
export const PRE_SIGN_UP_CONFIG_ENV = 'PRE_SIGN_UP_CONFIG';

/**
 * The messages a user sees when the pre sign-up trigger refuses a sign-up. Amazon Cognito returns them in a
 * `UserLambdaValidationException` as `PreSignUp failed with error <message>.`
 */
export interface PreSignUpMessages {
  /**
   * The email domain is not on `allowedDomains`.
   * @default "Sign-up is limited to approved email domains. Use your organization's email address."
   */
  readonly domainNotAllowed?: string;
  /**
   * The email domain is on `deniedDomains`.
   * @default "Sign-up with this email domain is not allowed. Use a different email address."
   */
  readonly domainDenied?: string;
  /**
   * `allowedDomains` is set and the user gave no email address.
   * @default "An email address is required to sign up."
   */
  readonly emailRequired?: string;
  /**
   * A domain rule applies and the email address has no usable domain.
   * @default "The email address is not valid."
   */
  readonly emailInvalid?: string;
  /**
   * The event sent by Amazon Cognito could not be read.
   * @default "The sign-up request could not be processed. Please try again."
   */
  readonly invalidRequest?: string;
  /**
   * The trigger's own configuration is unusable (it refuses every sign-up rather than let anyone in).
   * @default "Sign-up is temporarily unavailable. Please try again later."
   */
  readonly unavailable?: string;
}

/** The default rejection messages, one per reason. */
export const PRE_SIGN_UP_MESSAGES: Required<PreSignUpMessages> = {
  domainNotAllowed: "Sign-up is limited to approved email domains. Use your organization's email address.",
  domainDenied: 'Sign-up with this email domain is not allowed. Use a different email address.',
  emailRequired: 'An email address is required to sign up.',
  emailInvalid: 'The email address is not valid.',
  invalidRequest: 'The sign-up request could not be processed. Please try again.',
  unavailable: 'Sign-up is temporarily unavailable. Please try again later.',
};

/** Longest rejection message accepted. */
export const MAX_MESSAGE_LENGTH = 500;

/**
 * What the pre sign-up trigger checks and decides. Every option is optional; an empty configuration lets
 * every sign-up through unchanged.
 *
 * Behaviour per trigger source:
 * - `PreSignUp_SignUp` (self-service sign-up): deny-list, allow-list, then auto-confirmation.
 * - `PreSignUp_AdminCreateUser`: deny-list, and the allow-list unless `exemptAdminCreatedUsers`. Nothing is
 *   auto-confirmed: Amazon Cognito ignores the response flags for administrator-created users.
 * - `PreSignUp_ExternalProvider` (first sign-in through a federated identity provider): deny-list, and the
 *   allow-list unless `exemptExternalProviderUsers`. Nothing is auto-verified: federated users are
 *   confirmed by Amazon Cognito, and `email_verified` should come from the provider's attribute mapping.
 * - any other source: deny-list and allow-list, nothing auto-confirmed.
 */
export interface PreSignUpConfig {
  /**
   * Email domains that may sign up; any other domain is refused with `messages.domainNotAllowed`, and a
   * sign-up with no email address with `messages.emailRequired`. See the domain rules above.
   * @default - every domain may sign up
   */
  readonly allowedDomains?: string[];
  /**
   * Email domains that may never sign up, whatever the other options say. Refused with
   * `messages.domainDenied`.
   * @default - no domain is denied
   */
  readonly deniedDomains?: string[];
  /**
   * Email domains whose users are confirmed at self-service sign-up without a code (`autoConfirmUser`).
   * Their email address stays unverified unless `autoVerifyEmail` is also set: confirming an account
   * proves nothing about the mailbox. Only list domains whose sign-ups you trust: anyone who can type an
   * address in such a domain gets a confirmed account. Each entry must also be allowed by
   * `allowedDomains` when that is set, and not denied.
   * @default - nobody is auto-confirmed
   */
  readonly autoConfirmDomains?: string[];
  /**
   * Also mark the email address of an auto-confirmed user as verified (`autoVerifyEmail`), without any
   * proof that the user controls the mailbox. A verified address is trusted for sign-in (as an alias),
   * account recovery and the `email_verified` claim that applications read, so anyone who types an
   * address of such a domain, whether or not the mailbox is theirs, can then receive that address's
   * password-reset codes and appear to own it. Turn it on only for domains whose mailboxes you control
   * and where nobody can sign up with an address that is not theirs (for example an internal test
   * domain). Requires `autoConfirmDomains`.
   * @default false
   */
  readonly autoVerifyEmail?: boolean;
  /**
   * Also mark the phone number as verified (`autoVerifyPhone`) when a user is auto-confirmed and gave a
   * phone number. The email domain proves nothing about the phone: use it only when phone numbers are
   * checked elsewhere. Requires `autoConfirmDomains`.
   * @default false
   */
  readonly autoVerifyPhone?: boolean;
  /**
   * Let users created by an administrator (`AdminCreateUser`) skip the allow-list. The deny-list still
   * applies.
   * @default false
   */
  readonly exemptAdminCreatedUsers?: boolean;
  /**
   * Let users signing in for the first time through a federated identity provider skip the allow-list.
   * The deny-list still applies.
   * @default false
   */
  readonly exemptExternalProviderUsers?: boolean;
  /**
   * Replace some or all of the rejection messages, for example to translate them.
   * @default - the messages in `PRE_SIGN_UP_MESSAGES`
   */
  readonly messages?: PreSignUpMessages;
}

/** Option names of the pre sign-up configuration, in the order they are documented. */
export const PRE_SIGN_UP_CONFIG_KEYS: ReadonlyArray<keyof PreSignUpConfig> = [
  'allowedDomains',
  'deniedDomains',
  'autoConfirmDomains',
  'autoVerifyEmail',
  'autoVerifyPhone',
  'exemptAdminCreatedUsers',
  'exemptExternalProviderUsers',
  'messages',
];
const KNOWN_KEYS = PRE_SIGN_UP_CONFIG_KEYS;
const DOMAIN = '"example.com" (that domain only) or "*.example.com" (its subdomains)';

/** A domain list entry, normalized: `wildcard` entries match the proper subdomains of `domain`. */
export interface DomainEntry {
  readonly domain: string;
  readonly wildcard: boolean;
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Normalizes a domain (lower case, ASCII form, no trailing dot) and checks that it is a host name with at
 * least two labels and a non-numeric top-level label, such as `example.com`. Returns undefined when not.
 */
export function normalizeDomain(value: string): string | undefined {
  const d = domainToASCII(value.trim().replace(/\.$/, ''));
  const labels = d.split('.');
  return d.length <= 253 &&
    labels.length > 1 &&
    labels.every((l) => LABEL.test(l)) &&
    !/^\d+$/.test(labels[labels.length - 1])
    ? d
    : undefined;
}

/** Parses one list entry (see the domain rules above); undefined when it is not a valid entry. */
export function parseDomainEntry(value: string): DomainEntry | undefined {
  const trimmed = value.trim();
  const wildcard = trimmed.startsWith('*.');
  const domain = normalizeDomain(wildcard ? trimmed.slice(2) : trimmed);
  return domain && !trimmed.startsWith('.') ? { domain, wildcard } : undefined;
}

/** True when every domain that `inner` matches is also matched by `outer`. */
export function covers(outer: DomainEntry, inner: DomainEntry): boolean {
  return outer.wildcard
    ? inner.domain.endsWith(`.${outer.domain}`) || (inner.wildcard && inner.domain === outer.domain)
    : !inner.wildcard && inner.domain === outer.domain;
}

/** True when the normalized `domain` is matched by `entry`. */
export function matches(entry: DomainEntry, domain: string): boolean {
  return entry.wildcard ? domain.endsWith(`.${entry.domain}`) : domain === entry.domain;
}

/** Checks a domain list; returns its valid entries with their index. */
function domainList(c: Checker, path: string, value: unknown): Array<[DomainEntry, number]> {
  const out: Array<[DomainEntry, number]> = [];
  if (value === undefined) return out;
  if (!Array.isArray(value)) {
    invalid(c, path, value, `a list of ${DOMAIN}`);
    return out;
  }
  value.forEach((item: unknown, i) => {
    if (skip(c, item)) return;
    const entry = typeof item === 'string' ? parseDomainEntry(item) : undefined;
    if (entry) out.push([entry, i]);
    else invalid(c, `${path}[${i}]`, item, DOMAIN);
  });
  return out;
}

const text = (e: DomainEntry): string => (e.wildcard ? '*.' : '') + e.domain;

/**
 * Checks a pre sign-up configuration. Returns every problem found (an empty list when it is valid). Values
 * for which `options.isUnresolved` returns true are not checked.
 */
export function validatePreSignUpConfig(value: unknown, options: ValidateOptions = {}): ConfigIssue[] {
  const c = checker(options);
  if (!isRecord(value)) {
    invalid(c, '', value, 'an object of pre sign-up options');
    return c.issues;
  }
  unknownKeys(c, '', value, KNOWN_KEYS);
  if (Array.isArray(value.allowedDomains) && value.allowedDomains.length === 0) {
    invalid(c, 'allowedDomains', [], 'at least one domain; omit allowedDomains to allow every domain');
  }
  const allowed = domainList(c, 'allowedDomains', value.allowedDomains);
  const denied = domainList(c, 'deniedDomains', value.deniedDomains);
  for (const [e, i] of allowed) {
    const d = denied.find(([x]) => covers(x, e));
    if (d)
      problem(
        c,
        `allowedDomains[${i}]`,
        `"${text(e)}" is denied by deniedDomains[${d[1]}]; it cannot be allowed too`,
      );
  }
  for (const [e, i] of domainList(c, 'autoConfirmDomains', value.autoConfirmDomains)) {
    const d = denied.find(([x]) => covers(x, e));
    if (d)
      problem(
        c,
        `autoConfirmDomains[${i}]`,
        `"${text(e)}" is denied by deniedDomains[${d[1]}]; it cannot be auto-confirmed`,
      );
    else if (allowed.length && !allowed.some(([x]) => covers(x, e))) {
      problem(
        c,
        `autoConfirmDomains[${i}]`,
        `"${text(e)}" is not in allowedDomains; auto-confirmed domains must be allowed`,
      );
    }
  }
  for (const key of [
    'autoVerifyEmail',
    'autoVerifyPhone',
    'exemptAdminCreatedUsers',
    'exemptExternalProviderUsers',
  ] as const) {
    if (value[key] !== undefined && typeof value[key] !== 'boolean')
      invalid(c, key, value[key], 'true or false');
  }
  const confirms = Array.isArray(value.autoConfirmDomains) && value.autoConfirmDomains.length > 0;
  for (const key of ['autoVerifyEmail', 'autoVerifyPhone'] as const) {
    if (value[key] === true && !confirms) invalid(c, key, true, 'true only with autoConfirmDomains');
  }
  const messages = value.messages;
  if (messages !== undefined && !isRecord(messages))
    invalid(c, 'messages', messages, 'an object of messages');
  if (isRecord(messages)) {
    const keys = Object.keys(PRE_SIGN_UP_MESSAGES);
    unknownKeys(c, 'messages.', messages, keys);
    for (const key of keys) {
      const m = messages[key];
      if (
        m !== undefined &&
        !skip(c, m) &&
        !(typeof m === 'string' && m.trim() && m.length <= MAX_MESSAGE_LENGTH)
      ) {
        invalid(c, `messages.${key}`, m, `a non-empty string of at most ${MAX_MESSAGE_LENGTH} characters`);
      }
    }
  }
  return c.issues;
}

/**
 * Reads the configuration from `env[PRE_SIGN_UP_CONFIG_ENV]` at module load. The construct has already run
 * `validatePreSignUpConfig` at synth; this re-checks the structure (known options and messages only, of the
 * right types, every domain entry parseable), cheaply and without the validator's messages, so that a
 * damaged or hand-edited variable is detected and the handler refuses every sign-up rather than apply half
 * a rule set or drop a misspelled rule.
 * @throws TriggerConfigError naming the first malformed option
 */
export function parsePreSignUpConfig(env: Readonly<Record<string, string | undefined>>): PreSignUpConfig {
  const value = readJsonEnv(env, PRE_SIGN_UP_CONFIG_ENV);
  if (!isRecord(value)) {
    throw new TriggerConfigError(PRE_SIGN_UP_CONFIG_ENV, [{ path: '', message: 'is not a JSON object' }]);
  }
  for (const [key, v] of Object.entries(value)) {
    const known = (KNOWN_KEYS as readonly string[]).includes(key);
    const malformed =
      !known ||
      (key.endsWith('Domains')
        ? !Array.isArray(v) || !v.every((d) => typeof d === 'string' && parseDomainEntry(d))
        : key === 'messages'
          ? !isRecord(v) ||
            Object.entries(v).some(
              ([k, m]) => !(k in PRE_SIGN_UP_MESSAGES) || typeof m !== 'string' || !m.trim(),
            )
          : typeof v !== 'boolean');
    if (malformed) {
      throw new TriggerConfigError(PRE_SIGN_UP_CONFIG_ENV, [
        {
          path: key,
          message: known ? 'is malformed' : `is not an option; allowed: ${KNOWN_KEYS.join(', ')}`,
        },
      ]);
    }
  }
  return value as PreSignUpConfig;
}

/** Picks the configuration options out of `options` (which may hold other options), leaving out unset ones. */
export function pickPreSignUpConfig(options: PreSignUpConfig): PreSignUpConfig {
  return pick(options, KNOWN_KEYS);
}
