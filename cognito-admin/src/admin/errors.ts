/**
 * Errors of the user-management operations.
 *
 * An `AdminError` is an expected failure (a missing option, a user that does not exist, a refused
 * deletion): the CLI prints its message and exits with its code, without a stack trace. Anything else
 * that reaches the CLI is a defect and is printed in full.
 */
export class AdminError extends Error {
  /** Process exit code the CLI uses for this error. */
  public readonly exitCode: number;

  constructor(message: string, options: { readonly exitCode?: number; readonly cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AdminError';
    this.exitCode = options.exitCode ?? 1;
  }
}

/** Exit code for a usage error (a missing or invalid option). */
export const EXIT_USAGE = 2;
/** Exit code after an interruption (Ctrl-C), as shells report SIGINT. */
export const EXIT_INTERRUPTED = 130;

/** The fields of an AWS SDK service or network error that the operations look at. */
export interface SdkErrorShape {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly $fault?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly __type?: string;
}

/** Reads an unknown thrown value as an SDK error shape. */
export function asSdkError(err: unknown): SdkErrorShape {
  if (err instanceof Error) {
    const extra = err as Error & Partial<SdkErrorShape>;
    return {
      name: extra.name,
      message: extra.message,
      code: typeof extra.code === 'string' ? extra.code : undefined,
      $fault: extra.$fault,
      $metadata: extra.$metadata,
      __type: typeof extra.__type === 'string' ? extra.__type : undefined,
    };
  }
  return { name: 'Error', message: String(err) };
}

/** The error name of an SDK error (`UsernameExistsException`), or `undefined`. */
export function errorName(err: unknown): string | undefined {
  return err instanceof Error ? err.name : undefined;
}

/** True when the endpoint is the cognito-local emulator and it does not implement the operation. */
export function isEmulatorUnsupported(err: unknown): boolean {
  const e = asSdkError(err);
  return e.name === 'Unsupported' || (e.__type ?? '').endsWith('#Unsupported');
}

/** Turns a thrown value into a one-line message for the terminal. */
export function messageOf(err: unknown): string {
  if (err instanceof AdminError) return err.message;
  const e = asSdkError(err);
  if (isEmulatorUnsupported(err)) return `the endpoint does not support this operation (${e.message})`;
  if (e.code === 'ECONNREFUSED') return `cannot reach the endpoint (${e.message})`;
  if (e.name === 'UserLambdaValidationException') {
    // "PreSignUp failed with error <the trigger's message>." → which trigger refused, and its words.
    const m = /^(\w+) failed with error (.*?)\.?$/s.exec(e.message ?? '');
    if (m) return `refused by the user pool's ${m[1]} trigger: ${m[2]}`;
  }
  if (e.name === 'CredentialsProviderError') {
    return `no AWS credentials found (${e.message}); set AWS_PROFILE or pass --profile, or --endpoint for a local emulator`;
  }
  return e.name && e.name !== 'Error' ? `${e.name}: ${e.message}` : e.message;
}
