/**
 * Pre sign-up trigger: email domain allow-list and deny-list, and auto-confirmation for trusted domains.
 * The rules and the behaviour per trigger source are documented on `PreSignUpConfig` (./config.ts).
 */
import type { PreSignUpTriggerEvent } from 'aws-lambda';
import { isRecord } from '../shared/config';
import { log } from '../shared/log';
import {
  DomainEntry,
  PRE_SIGN_UP_MESSAGES,
  PreSignUpConfig,
  PreSignUpMessages,
  matches,
  normalizeDomain,
  parseDomainEntry,
  parsePreSignUpConfig,
} from './config';

/** Why a sign-up was refused: the key of its message in `PreSignUpMessages`, also written to the logs. */
export type RejectionReason = keyof PreSignUpMessages;

/**
 * Thrown to refuse a sign-up. Amazon Cognito shows `message` to the user as
 * `PreSignUp failed with error <message>.`
 */
export class SignUpRejectedError extends Error {
  /** The reason, for logs and tests. */
  public readonly reason: RejectionReason;

  constructor(reason: RejectionReason, message: string) {
    super(message);
    this.name = 'SignUpRejectedError';
    this.reason = reason;
  }
}

interface Rules {
  readonly allowed?: DomainEntry[];
  readonly denied: DomainEntry[];
  readonly autoConfirm: DomainEntry[];
}

const TRIGGER = 'pre-sign-up';
const compiled = new WeakMap<PreSignUpConfig, Rules>();

function entries(list: readonly string[] | undefined): DomainEntry[] {
  return (list ?? []).map(parseDomainEntry).filter((e): e is DomainEntry => e !== undefined);
}

function rulesOf(config: PreSignUpConfig): Rules {
  let rules = compiled.get(config);
  if (!rules) {
    rules = {
      allowed: config.allowedDomains && entries(config.allowedDomains),
      denied: entries(config.deniedDomains),
      autoConfirm: entries(config.autoConfirmDomains),
    };
    compiled.set(config, rules);
  }
  return rules;
}

/** The trigger source, for logs: at most 64 characters of it. */
function sourceOf(event: unknown): string {
  return isRecord(event) && typeof event.triggerSource === 'string'
    ? event.triggerSource.slice(0, 64)
    : 'unknown';
}

function reject(
  config: PreSignUpConfig | undefined,
  reason: RejectionReason,
  source: string,
  detail?: string,
): never {
  log(
    'warn',
    detail === undefined
      ? { trigger: TRIGGER, source, reason }
      : { trigger: TRIGGER, source, reason, detail },
  );
  throw new SignUpRejectedError(reason, config?.messages?.[reason] ?? PRE_SIGN_UP_MESSAGES[reason]);
}

/**
 * Applies the pre sign-up rules to one event. Returns the event with its `response` set, or throws a
 * `SignUpRejectedError` whose message is one of `PRE_SIGN_UP_MESSAGES` (or its replacement in
 * `config.messages`).
 */
export async function preSignUp(
  event: PreSignUpTriggerEvent,
  config: PreSignUpConfig,
): Promise<PreSignUpTriggerEvent> {
  const raw: unknown = event;
  const source = sourceOf(raw);
  if (!isRecord(raw) || !isRecord(raw.request) || !isRecord(raw.request.userAttributes)) {
    return reject(config, 'invalidRequest', source);
  }
  const rules = rulesOf(config);
  const { email, phone_number: phone } = raw.request.userAttributes;
  const exempt =
    (source === 'PreSignUp_AdminCreateUser' && config.exemptAdminCreatedUsers) ||
    (source === 'PreSignUp_ExternalProvider' && config.exemptExternalProviderUsers);
  const allowed = exempt ? undefined : rules.allowed;
  // The normalized email domain; '' when there is no email, undefined when it has no usable domain.
  const domain =
    email === undefined || email === null || email === ''
      ? ''
      : typeof email === 'string' && email.lastIndexOf('@') > 0
        ? normalizeDomain(email.slice(email.lastIndexOf('@') + 1))
        : undefined;

  if (allowed || rules.denied.length) {
    if (domain === undefined) reject(config, 'emailInvalid', source);
    if (domain === '') {
      if (allowed) reject(config, 'emailRequired', source);
    } else {
      if (rules.denied.some((e) => matches(e, domain))) reject(config, 'domainDenied', source);
      if (allowed && !allowed.some((e) => matches(e, domain))) reject(config, 'domainNotAllowed', source);
    }
  }

  const confirm =
    source === 'PreSignUp_SignUp' && !!domain && rules.autoConfirm.some((e) => matches(e, domain));
  const response = {
    autoConfirmUser: confirm,
    autoVerifyEmail: confirm && config.autoVerifyEmail === true,
    autoVerifyPhone: confirm && config.autoVerifyPhone === true && typeof phone === 'string' && phone !== '',
  };
  log('info', {
    trigger: TRIGGER,
    source,
    autoConfirmed: confirm,
    emailVerified: response.autoVerifyEmail,
    phoneVerified: response.autoVerifyPhone,
  });
  return { ...event, response };
}

/** Why the configuration is unusable, when it is. */
let unusable: string | undefined;

/** The configuration read at module load; undefined when it is missing or invalid. */
const loaded: PreSignUpConfig | undefined = (() => {
  try {
    return parsePreSignUpConfig(process.env);
  } catch (e) {
    // A TriggerConfigError names option paths and configuration values, never user data.
    unusable = String(e);
    log('error', { trigger: TRIGGER, reason: 'CONFIG_INVALID', detail: unusable });
    return undefined;
  }
})();

/**
 * The Lambda entry point. With an unusable configuration every sign-up is refused (fail closed), and each
 * refusal is logged with what is wrong with the configuration.
 */
export async function handler(event: PreSignUpTriggerEvent): Promise<PreSignUpTriggerEvent> {
  if (loaded) return preSignUp(event, loaded);
  log('error', {
    trigger: TRIGGER,
    source: sourceOf(event),
    reason: 'CONFIG_INVALID',
    detail: unusable ?? '',
  });
  return reject(undefined, 'unavailable', sourceOf(event));
}
