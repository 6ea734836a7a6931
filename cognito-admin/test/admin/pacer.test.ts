import {
  InternalErrorException,
  TooManyRequestsException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { AdminError } from '../../src/admin/errors';
import { classifyError, Pacer, PacerOptions } from '../../src/admin/pacer';
import { categoryOf, DEFAULT_RATES, parseRates } from '../../src/admin/quotas';

/** A virtual clock: sleeps resolve in time order, instantly, so pacing is measured exactly. */
class VirtualTime {
  now = 0;
  private timers: Array<{ at: number; seq: number; resolve: () => void }> = [];
  private seq = 0;

  readonly sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => this.timers.push({ at: this.now + ms, seq: this.seq++, resolve }));

  options(extra: PacerOptions = {}): PacerOptions {
    return { now: () => this.now, sleep: this.sleep, random: () => 0.5, ...extra };
  }

  async run<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    const watched = work.finally(() => {
      settled = true;
    });
    watched.catch(() => undefined);
    while (!settled) {
      await new Promise((resolve) => setImmediate(resolve));
      if (settled) break;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift();
      if (!next) continue;
      this.now = Math.max(this.now, next.at);
      next.resolve();
    }
    return watched;
  }
}

function throttle(): TooManyRequestsException {
  return new TooManyRequestsException({ message: 'Too many requests', $metadata: { httpStatusCode: 400 } });
}

/** The largest number of timestamps inside any window of `windowMs`. */
function peakInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end] - sorted[start] >= windowMs) start++;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}

describe('Pacer', () => {
  test('paces concurrent calls of a category at its configured rate', async () => {
    const time = new VirtualTime();
    const pacer = new Pacer(time.options({ rates: { UserCreation: 50 } }));
    const sent: number[] = [];
    const calls = Array.from({ length: 200 }, () =>
      pacer.run('UserCreation', async () => {
        sent.push(time.now);
      }),
    );
    await time.run(Promise.all(calls));
    expect(sent).toHaveLength(200);
    expect(peakInWindow(sent, 1000)).toBeLessThanOrEqual(50);
    // 200 calls at 50/s: the last one leaves 199 intervals of 20 ms after the first.
    expect(Math.max(...sent)).toBeCloseTo(199 * 20, 5);
  });

  test('paces each category on its own', async () => {
    const time = new VirtualTime();
    const pacer = new Pacer(time.options({ rates: { UserCreation: 10, UserUpdate: 10 } }));
    const calls = [
      ...Array.from({ length: 10 }, () => pacer.run('UserCreation', async () => time.now)),
      ...Array.from({ length: 10 }, () => pacer.run('UserUpdate', async () => time.now)),
    ];
    const times = await time.run(Promise.all(calls));
    expect(Math.max(...times)).toBeCloseTo(900, 5);
  });

  test('a rate of Infinity does not wait', async () => {
    const time = new VirtualTime();
    const pacer = new Pacer(time.options({ rates: { UserRead: Infinity } }));
    const times = await time.run(
      Promise.all(Array.from({ length: 100 }, () => pacer.run('UserRead', async () => time.now))),
    );
    expect(Math.max(...times)).toBe(0);
  });

  test('retries throttling with growing backoff and succeeds', async () => {
    const time = new VirtualTime();
    const retries: number[] = [];
    const pacer = new Pacer(
      time.options({
        rates: { UserUpdate: Infinity },
        baseDelayMs: 100,
        onRetry: (e) => retries.push(e.delayMs),
      }),
    );
    let attempts = 0;
    const result = await time.run(
      pacer.run('UserUpdate', async () => {
        attempts++;
        if (attempts < 4) throw throttle();
        return 'ok';
      }),
    );
    expect(result).toBe('ok');
    expect(attempts).toBe(4);
    // half the backoff plus half of it times random() = 0.5: 75, 150, 300 ms
    expect(retries).toEqual([75, 150, 300]);
    expect(pacer.stats().UserUpdate).toEqual({ requests: 4, throttled: 3, retried: 3, failed: 0 });
  });

  test('gives up after maxAttempts and rethrows the error', async () => {
    const time = new VirtualTime();
    const pacer = new Pacer(time.options({ maxAttempts: 3 }));
    let attempts = 0;
    const run = pacer.run('UserCreation', async () => {
      attempts++;
      throw throttle();
    });
    await expect(time.run(run)).rejects.toThrow('Too many requests');
    expect(attempts).toBe(3);
    expect(pacer.totals()).toEqual({ requests: 3, throttled: 3, retried: 2, failed: 1 });
  });

  test('does not retry an error that is about the request', async () => {
    const time = new VirtualTime();
    const pacer = new Pacer(time.options());
    let attempts = 0;
    const run = pacer.run('UserCreation', async () => {
      attempts++;
      throw new UsernameExistsException({
        message: 'User already exists',
        $metadata: { httpStatusCode: 400 },
      });
    });
    await expect(time.run(run)).rejects.toThrow('User already exists');
    expect(attempts).toBe(1);
  });

  test('while many calls are throttled the category slows down; then it climbs back to its rate', async () => {
    const time = new VirtualTime();
    const pacer = new Pacer(time.options({ rates: { UserCreation: 100 }, baseDelayMs: 10 }));
    let calls = 0;
    const sent: number[] = [];
    const attempts: number[] = [];
    let next = 0;
    // eight workers, as an import with --concurrency 8
    const work = Array.from({ length: 8 }, async () => {
      while (next++ < 2000) {
        await pacer.run('UserCreation', async () => {
          calls++;
          attempts.push(time.now);
          // a quota shared with another caller: a third of the first 150 calls is refused
          if (calls <= 150 && calls % 3 === 0) throw throttle();
          sent.push(time.now);
        });
      }
    });
    await time.run(Promise.all(work));
    // requests (refused ones included) leave further apart than 10 ms while the storm lasts ...
    const gaps = attempts.slice(1).map((t, i) => t - attempts[i]);
    expect(Math.min(...gaps.slice(120, 150))).toBeGreaterThan(11);
    // ... and 10 ms apart (100/s) again at the end
    expect(gaps[gaps.length - 1]).toBeCloseTo(10, 5);
  });

  test('an odd throttle does not lower the rate', async () => {
    const time = new VirtualTime();
    const pacer = new Pacer(time.options({ rates: { UserCreation: 100 }, baseDelayMs: 10 }));
    let calls = 0;
    const sent: number[] = [];
    const work = Array.from({ length: 300 }, () =>
      pacer.run('UserCreation', async () => {
        if (++calls === 50) throw throttle();
        sent.push(time.now);
      }),
    );
    await time.run(Promise.all(work));
    // 300 slots at 10 ms, one of them used by the refused call, plus its retry: the last at 300 × 10 ms
    expect(Math.max(...sent)).toBeCloseTo(3000, 5);
  });
});

describe('classifyError', () => {
  test.each([
    ['TooManyRequestsException', 'throttle', throttle()],
    ['LimitExceededException', 'throttle', Object.assign(new Error('x'), { name: 'LimitExceededException' })],
    ['ThrottlingException', 'throttle', Object.assign(new Error('x'), { name: 'ThrottlingException' })],
    [
      'InternalErrorException',
      'transient',
      new InternalErrorException({ message: 'x', $metadata: { httpStatusCode: 500 } }),
    ],
    [
      'HTTP 503',
      'transient',
      Object.assign(new Error('x'), { name: 'Unknown', $metadata: { httpStatusCode: 503 } }),
    ],
    ['ECONNRESET', 'transient', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    [
      'ECONNREFUSED',
      'unreachable',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    ],
    [
      "the emulator's Unsupported (HTTP 500)",
      'fatal',
      Object.assign(new Error('Cognito Local unsupported feature'), {
        name: 'Unsupported',
        $metadata: { httpStatusCode: 500 },
      }),
    ],
    ['UsernameExistsException', 'fatal', new UsernameExistsException({ message: 'x', $metadata: {} })],
  ])('%s is %s', (_name, kind, error) => {
    expect(classifyError(error)).toBe(kind);
  });
});

describe('quotas', () => {
  test('defaults follow Cognito: creation 50/s, updates 25/s, listing 30/s', () => {
    expect(DEFAULT_RATES.UserCreation).toBe(50);
    expect(DEFAULT_RATES.UserUpdate).toBe(25);
    expect(DEFAULT_RATES.UserList).toBe(30);
  });

  test('operations map to their category', () => {
    expect(categoryOf('AdminCreateUserCommand')).toBe('UserCreation');
    expect(categoryOf('AdminAddUserToGroup')).toBe('UserUpdate');
    expect(categoryOf('AdminUpdateUserAttributesCommand')).toBe('UserUpdate');
    expect(categoryOf('ListUsersInGroupCommand')).toBe('UserList');
    expect(categoryOf('SomethingNew')).toBe('Other');
  });

  test('parseRates takes category names, short names and "unlimited"', () => {
    expect(parseRates('UserCreation=100, update=40,list=unlimited,userread=0')).toEqual({
      UserCreation: 100,
      UserUpdate: 40,
      UserList: Infinity,
      UserRead: Infinity,
    });
  });

  test.each([
    ['UserCreation', /not of the form/],
    ['Bogus=3', /category "Bogus" is unknown/],
    ['UserCreation=-1', /not a non-negative number/],
  ])('parseRates rejects %s', (text, message) => {
    expect(() => parseRates(text)).toThrow(AdminError);
    expect(() => parseRates(text)).toThrow(message);
  });
});
