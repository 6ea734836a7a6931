import { asSdkError, isEmulatorUnsupported } from './errors';
import { DEFAULT_RATES, QuotaCategory } from './quotas';

/** Options of the {@link Pacer}. */
export interface PacerOptions {
  /** Requests per second by quota category; `Infinity` switches pacing off. @default DEFAULT_RATES */
  readonly rates?: Partial<Record<QuotaCategory, number>>;
  /** Requests a category may send back to back after an idle period. @default 1 */
  readonly burst?: number;
  /** Attempts per call, the first included, before a retryable error is given up. @default 8 */
  readonly maxAttempts?: number;
  /** Backoff before the first retry; doubles with each attempt. @default 200 */
  readonly baseDelayMs?: number;
  /** Upper bound of one backoff. @default 10000 */
  readonly maxDelayMs?: number;
  /**
   * Lower a category's rate when Cognito throttles it (quotas are shared by every caller in the account)
   * and raise it back towards the configured rate as calls succeed. @default true
   */
  readonly adaptive?: boolean;
  /** Called before each retry. */
  readonly onRetry?: (event: RetryEvent) => void;
  /** @default Math.random */
  readonly random?: () => number;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** What the pacer reports before it retries a call. */
export interface RetryEvent {
  readonly category: QuotaCategory;
  readonly attempt: number;
  readonly delayMs: number;
  readonly kind: 'throttle' | 'transient';
  readonly error: string;
}

/** Counters of one category. */
export interface CategoryStats {
  /** Requests sent, retries included. */
  requests: number;
  /** Throttling errors received (each was retried unless counted in `failed`). */
  throttled: number;
  /** Retries made after throttling or transient errors. */
  retried: number;
  /** Calls given up after `maxAttempts` retryable errors. */
  failed: number;
}

/** How a failed call is treated. */
export type ErrorKind = 'throttle' | 'transient' | 'unreachable' | 'fatal';

const THROTTLE_NAMES = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'Throttling',
  'LimitExceededException',
  'RequestLimitExceeded',
  'SlowDown',
]);
const TRANSIENT_NAMES = new Set([
  'InternalErrorException',
  'InternalServerError',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
]);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
]);

/** Classifies an error: throttling and transient errors are retried, the others are not. */
export function classifyError(err: unknown): ErrorKind {
  const e = asSdkError(err);
  if (THROTTLE_NAMES.has(e.name)) return 'throttle';
  if (isEmulatorUnsupported(err)) return 'fatal';
  if (e.code === 'ECONNREFUSED') return 'unreachable';
  if (TRANSIENT_NAMES.has(e.name) || (e.code !== undefined && NETWORK_CODES.has(e.code))) return 'transient';
  if (/socket hang up|ECONNRESET/.test(e.message)) return 'transient';
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return 'transient';
  return 'fatal';
}

interface Bucket {
  readonly configured: number;
  current: number;
  /** Theoretical arrival time of the next request (GCRA), in ms. */
  tat: number;
  /** When `current` was last raised towards `configured`, in ms. */
  raisedAt: number;
  /** When `current` was last lowered, in ms. */
  loweredAt: number;
  /** Start of the current observation window, and its requests and throttles. */
  windowStart: number;
  windowRequests: number;
  windowThrottles: number;
  readonly stats: CategoryStats;
}

/** The adaptive rate never goes below this share of the configured rate. */
const MIN_RATE_FRACTION = 0.1;
/** Length of the window in which throttles are counted. */
const WINDOW_MS = 2000;
/** The rate is lowered when more than this share of a window's requests is throttled ... */
const THROTTLED_SHARE = 0.1;
/** ... out of at least this many requests. */
const WINDOW_MIN_REQUESTS = 20;
/** Lowering multiplies the rate by the share of requests that went through, within these bounds. */
const DECREASE_MIN = 0.5;
const DECREASE_MAX = 0.85;
/** Share of the configured rate regained per second, from two seconds after the last lowering. */
const RECOVERY_PER_SECOND = 0.05;
const UNREACHABLE_ATTEMPTS = 3;

/**
 * Paces calls per Cognito quota category and retries throttling and transient errors.
 *
 * Each category is a token bucket written as a generic cell rate algorithm: a caller reserves the next
 * slot synchronously and waits for it, so any number of concurrent callers share the rate fairly and in
 * order. A throttled call is retried after its own backoff. When `adaptive`, the category's rate is
 * lowered (at most once a second) while more than 10% of its recent requests are throttled: the quota
 * is lower than the rate, for instance because other callers share it. It is multiplied by the share of
 * requests that went through, between 0.5 and 0.85. The odd throttle, from
 * network jitter bunching requests that left evenly spaced, does not lower it. The rate climbs back by
 * 5% of the configured rate per second, from two seconds after it was last lowered. Retries wait an exponential
 * backoff with jitter: half the backoff plus a random share of the other half.
 */
export class Pacer {
  private readonly buckets = new Map<QuotaCategory, Bucket>();
  private readonly rates: Readonly<Record<QuotaCategory, number>>;
  private readonly burst: number;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly adaptive: boolean;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly onRetry?: (event: RetryEvent) => void;

  constructor(options: PacerOptions = {}) {
    this.rates = { ...DEFAULT_RATES, ...options.rates };
    this.burst = Math.max(1, options.burst ?? 1);
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 8);
    this.baseDelayMs = options.baseDelayMs ?? 200;
    this.maxDelayMs = options.maxDelayMs ?? 10_000;
    this.adaptive = options.adaptive ?? true;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.onRetry = options.onRetry;
  }

  /** The configured rate of a category, in requests per second (`Infinity` when not paced). */
  rateOf(category: QuotaCategory): number {
    const rate = this.rates[category];
    return rate > 0 ? rate : Infinity;
  }

  /** The configured rates, for display. */
  get configuredRates(): Readonly<Record<QuotaCategory, number>> {
    return this.rates;
  }

  /** Counters by category, for the categories used so far. */
  stats(): Partial<Record<QuotaCategory, CategoryStats>> {
    const out: Partial<Record<QuotaCategory, CategoryStats>> = {};
    for (const [category, bucket] of this.buckets) out[category] = { ...bucket.stats };
    return out;
  }

  /** Sum of the counters over all categories. */
  totals(): CategoryStats {
    const total: CategoryStats = { requests: 0, throttled: 0, retried: 0, failed: 0 };
    for (const bucket of this.buckets.values()) {
      total.requests += bucket.stats.requests;
      total.throttled += bucket.stats.throttled;
      total.retried += bucket.stats.retried;
      total.failed += bucket.stats.failed;
    }
    return total;
  }

  /** Runs `call` in the category's pace, retrying throttling and transient errors. */
  async run<T>(category: QuotaCategory, call: () => Promise<T>): Promise<T> {
    const bucket = this.bucket(category);
    for (let attempt = 1; ; attempt++) {
      await this.acquire(bucket);
      bucket.stats.requests++;
      this.observe(bucket);
      try {
        const result = await call();
        this.recover(bucket);
        return result;
      } catch (err) {
        const kind = classifyError(err);
        if (kind === 'fatal') throw err;
        if (kind === 'throttle') {
          bucket.stats.throttled++;
        }
        const limit =
          kind === 'unreachable' ? Math.min(UNREACHABLE_ATTEMPTS, this.maxAttempts) : this.maxAttempts;
        if (attempt >= limit) {
          bucket.stats.failed++;
          throw err;
        }
        const ceiling = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
        const delayMs = ceiling / 2 + (this.random() * ceiling) / 2;
        if (kind === 'throttle') this.throttled(bucket);
        bucket.stats.retried++;
        this.onRetry?.({
          category,
          attempt,
          delayMs,
          kind: kind === 'throttle' ? 'throttle' : 'transient',
          error: asSdkError(err).name,
        });
        await this.sleep(delayMs);
      }
    }
  }

  private bucket(category: QuotaCategory): Bucket {
    let bucket = this.buckets.get(category);
    if (!bucket) {
      const rate = this.rateOf(category);
      bucket = {
        configured: rate,
        current: rate,
        tat: 0,
        raisedAt: 0,
        loweredAt: -Infinity,
        windowStart: 0,
        windowRequests: 0,
        windowThrottles: 0,
        stats: { requests: 0, throttled: 0, retried: 0, failed: 0 },
      };
      this.buckets.set(category, bucket);
    }
    return bucket;
  }

  private async acquire(bucket: Bucket): Promise<void> {
    if (!Number.isFinite(bucket.current)) return;
    const interval = 1000 / bucket.current;
    const now = this.now();
    const tat = Math.max(bucket.tat, now);
    bucket.tat = tat + interval;
    const wait = tat - (this.burst - 1) * interval - now;
    if (wait > 0) await this.sleep(wait);
  }

  private observe(bucket: Bucket): void {
    const now = this.now();
    if (now - bucket.windowStart > WINDOW_MS) {
      bucket.windowStart = now;
      bucket.windowRequests = 0;
      bucket.windowThrottles = 0;
    }
    bucket.windowRequests++;
  }

  private recover(bucket: Bucket): void {
    if (bucket.current >= bucket.configured) return;
    const now = this.now();
    const from = Math.max(bucket.raisedAt, bucket.loweredAt + WINDOW_MS);
    if (now <= from) return;
    bucket.current = Math.min(
      bucket.configured,
      bucket.current + (bucket.configured * RECOVERY_PER_SECOND * (now - from)) / 1000,
    );
    bucket.raisedAt = now;
  }

  private throttled(bucket: Bucket): void {
    if (!Number.isFinite(bucket.configured) || !this.adaptive) return;
    bucket.windowThrottles++;
    const now = this.now();
    const share = bucket.windowThrottles / Math.max(1, bucket.windowRequests);
    if (
      share > THROTTLED_SHARE &&
      bucket.windowRequests >= WINDOW_MIN_REQUESTS &&
      now - bucket.loweredAt >= 1000
    ) {
      const factor = Math.min(DECREASE_MAX, Math.max(DECREASE_MIN, 1 - share));
      bucket.current = Math.max(bucket.configured * MIN_RATE_FRACTION, bucket.current * factor);
      bucket.loweredAt = now;
    }
  }
}
