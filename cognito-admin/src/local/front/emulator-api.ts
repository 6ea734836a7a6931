/**
 * Calls the emulator (cognito-local) behind the front: JSON 1.1 requests to its internal endpoint, its
 * errors turned back into `CognitoError`s. The front uses it for everything the emulator does well (the
 * user directory, codes, messages, the triggers it runs itself) and for every write, so that the
 * emulator's own data stays the one source of truth for users, groups and clients.
 */
import { CognitoError } from './errors';

/** The emulator's answer to a forwarded request, as it came. */
export interface RawAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** The JSON 1.1 API of the emulator. */
export class EmulatorApi {
  /** @param endpoint the emulator's internal endpoint, e.g. `http://127.0.0.1:40123` */
  constructor(public readonly endpoint: string) {}

  /** Sends `body` as `AWSCognitoIdentityProviderService.<operation>` and returns the emulator's answer. */
  async forward(operation: string, body: string): Promise<RawAnswer> {
    const response = await fetch(`${this.endpoint}/`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}`,
      },
      body,
    });
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? 'application/x-amz-json-1.1',
      body: await response.text(),
    };
  }

  /** Calls an operation and returns its result; an error answer becomes a `CognitoError`. */
  async call<T = Record<string, unknown>>(operation: string, input: object): Promise<T> {
    const answer = await this.forward(operation, JSON.stringify(input));
    return parseAnswer<T>(operation, answer);
  }
}

/** Reads an answer of the emulator: the result, or the error it stands for. */
export function parseAnswer<T>(operation: string, answer: RawAnswer): T {
  let parsed: Record<string, unknown> = {};
  try {
    parsed = answer.body ? (JSON.parse(answer.body) as Record<string, unknown>) : {};
  } catch {
    throw new CognitoError(
      'InternalErrorException',
      `${operation}: the emulator answered ${answer.status}`,
      500,
    );
  }
  if (answer.status >= 200 && answer.status < 300) return parsed as T;
  const type = typeof parsed.__type === 'string' ? parsed.__type : 'InternalErrorException';
  const message = typeof parsed.message === 'string' ? parsed.message : `${operation} failed`;
  if (type === 'CognitoLocal#Unsupported') {
    throw new CognitoError('InternalErrorException', `${operation}: ${message}`, 500);
  }
  throw new CognitoError(type.split('#').pop() ?? type, message, answer.status);
}
