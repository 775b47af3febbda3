import { deadlineIn } from '../../../src/core/twilio/deadline';
import { REST_RETRY, withRetry, type Attempt, type RetryPolicy } from '../../../src/core/twilio/retry';
import { fakeClock } from '../../support/mock-runtime';

const ok = <T>(value: T): Attempt<T> => ({ ok: true, value });
const retryable = (error: unknown = 'HTTP 503'): Attempt<never> => ({ ok: false, error, retryable: true });
const final = (error: unknown = 'HTTP 400'): Attempt<never> => ({ ok: false, error, retryable: false });

/** An attempt function answering each call with the next outcome (the last one repeats). */
function attempts<T>(...outcomes: Attempt<T>[]): jest.Mock<Promise<Attempt<T>>, []> {
  let call = 0;
  return jest.fn(async () => outcomes[Math.min(call++, outcomes.length - 1)]);
}

/**
 * An injected sleep that waits for nothing and moves the fake clock on, so the deadline sees the
 * time the back-off would have taken.
 */
function harness(budgetMs = 8000, randomValue = 0.5) {
  const clock = fakeClock();
  const sleep = jest.fn(async (ms: number) => clock.advance(ms));
  const random = jest.fn(() => randomValue);
  return { clock, sleep, random, deadline: deadlineIn(budgetMs, clock.now) };
}

describe('REST_RETRY', () => {
  it('is at most 3 attempts, backing off from 250 ms, never starting one with less than 400 ms left', () => {
    expect(REST_RETRY).toStrictEqual({ attempts: 3, baseDelayMs: 250, minAttemptMs: 400 });
  });
});

describe('withRetry', () => {
  it('takes 1 attempt when the first succeeds, without sleeping', async () => {
    const { sleep, random, deadline } = harness();
    const attempt = attempts(ok('SM1'));
    await expect(withRetry(attempt, deadline, REST_RETRY, sleep, random)).resolves.toStrictEqual({ ok: true, value: 'SM1', attempts: 1 });
    expect(attempt).toHaveBeenCalledTimes(1);
    expect(sleep).not.toHaveBeenCalled();
  });

  it('takes 2 attempts when a retryable failure is followed by a success', async () => {
    const { sleep, random, deadline } = harness();
    const attempt = attempts(retryable(), ok('SM2'));
    await expect(withRetry(attempt, deadline, REST_RETRY, sleep, random)).resolves.toStrictEqual({ ok: true, value: 'SM2', attempts: 2 });
    expect(attempt).toHaveBeenCalledTimes(2);
    expect(sleep.mock.calls).toEqual([[125]]);
  });

  it('takes 1 attempt on a failure that is not retryable, and returns it', async () => {
    const { sleep, random, deadline } = harness();
    const attempt = attempts(final({ code: 21610 }), ok('never'));
    await expect(withRetry(attempt, deadline, REST_RETRY, sleep, random)).resolves.toStrictEqual({
      ok: false,
      error: { code: 21610 },
      retryable: false,
      attempts: 1,
    });
    expect(attempt).toHaveBeenCalledTimes(1);
    expect(sleep).not.toHaveBeenCalled();
  });

  it('stops at 3 attempts and returns the last failure', async () => {
    const { sleep, random, deadline } = harness();
    const attempt = jest
      .fn<Promise<Attempt<string>>, []>()
      .mockResolvedValueOnce(retryable('first'))
      .mockResolvedValueOnce(retryable('second'))
      .mockResolvedValueOnce(retryable('third'))
      .mockResolvedValue(ok('too late'));
    await expect(withRetry(attempt, deadline, REST_RETRY, sleep, random)).resolves.toStrictEqual({
      ok: false,
      error: 'third',
      retryable: true,
      attempts: 3,
    });
    expect(attempt).toHaveBeenCalledTimes(3);
    expect(sleep).toHaveBeenCalledTimes(2);
  });

  it('stops after a non-retryable failure that follows a retryable one', async () => {
    const { sleep, random, deadline } = harness();
    const attempt = attempts<string>(retryable(), final('refused'));
    await expect(withRetry(attempt, deadline, REST_RETRY, sleep, random)).resolves.toMatchObject({ ok: false, error: 'refused', attempts: 2 });
  });

  it('honours a policy of a single attempt', async () => {
    const { sleep, random, deadline } = harness();
    const attempt = attempts(retryable());
    await expect(withRetry(attempt, deadline, { ...REST_RETRY, attempts: 1 }, sleep, random)).resolves.toMatchObject({ attempts: 1 });
    expect(sleep).not.toHaveBeenCalled();
  });

  it('doubles the back-off, with full jitter (a random share of 250, 500, 1000, … ms)', async () => {
    const policy: RetryPolicy = { attempts: 5, baseDelayMs: 250, minAttemptMs: 0 };
    for (const [randomValue, expected] of [
      [1, [250, 500, 1000, 2000]],
      [0.5, [125, 250, 500, 1000]],
      [0.1, [25, 50, 100, 200]],
      [0.001, [0, 1, 1, 2]],
      [0, [0, 0, 0, 0]],
    ] as const) {
      const { sleep, random, deadline } = harness(60_000, randomValue);
      await withRetry(attempts(retryable()), deadline, policy, sleep, random);
      expect(sleep.mock.calls.map(([ms]) => ms)).toEqual(expected);
      expect(random).toHaveBeenCalledTimes(4);
    }
  });

  it('draws a new random share for every back-off', async () => {
    const { sleep, deadline } = harness();
    const random = jest.fn().mockReturnValueOnce(0.2).mockReturnValueOnce(0.9);
    await withRetry(attempts(retryable()), deadline, REST_RETRY, sleep, random);
    expect(sleep.mock.calls).toEqual([[50], [450]]);
  });

  it('stops early when the deadline leaves less than the back-off plus minAttemptMs', async () => {
    // 524 ms left; the back-off would be 125 ms and an attempt needs 400: 525 > 524.
    const { sleep, random, deadline } = harness(524, 0.5);
    const attempt = attempts<string>(retryable(), ok('unreached'));
    await expect(withRetry(attempt, deadline, REST_RETRY, sleep, random)).resolves.toStrictEqual({
      ok: false,
      error: 'HTTP 503',
      retryable: true,
      attempts: 1,
    });
    expect(attempt).toHaveBeenCalledTimes(1);
    expect(sleep).not.toHaveBeenCalled();
  });

  it('retries when exactly the back-off plus minAttemptMs is left', async () => {
    const { sleep, random, deadline } = harness(525, 0.5);
    const attempt = attempts<string>(retryable(), ok('SM3'));
    await expect(withRetry(attempt, deadline, REST_RETRY, sleep, random)).resolves.toMatchObject({ ok: true, attempts: 2 });
    expect(sleep.mock.calls).toEqual([[125]]);
  });

  it('counts the time the attempts and back-offs took against the deadline', async () => {
    const { clock, sleep, random, deadline } = harness(1500, 1);
    // Each attempt takes 300 ms: 300, back-off 250 (1500-300 = 1200 >= 650), 300, then 1500-850 = 650 < 500+400.
    const attempt = jest.fn(async () => {
      clock.advance(300);
      return retryable();
    });
    await expect(withRetry(attempt, deadline, REST_RETRY, sleep, random)).resolves.toMatchObject({ ok: false, attempts: 2 });
    expect(sleep.mock.calls).toEqual([[250]]);
    expect(deadline.remaining()).toBe(650);
  });

  it('still makes the first attempt when the deadline is already over', async () => {
    const { clock, sleep, random, deadline } = harness(100);
    clock.advance(1000);
    const attempt = attempts<string>(retryable(), ok('unreached'));
    await expect(withRetry(attempt, deadline, REST_RETRY, sleep, random)).resolves.toMatchObject({ ok: false, attempts: 1 });
    expect(attempt).toHaveBeenCalledTimes(1);
  });
});
