import { runWithin, type Deadline } from './deadline';
import { describeSendError, type SendFailure } from './send-error';

export interface RetryPolicy {
  attempts: number;
  /** First back-off; each next one doubles, with full jitter. */
  baseDelayMs: number;
  /** An attempt is not started with less time than this left. */
  minAttemptMs: number;
}

/** At most 3 attempts, as the issue asks; the shared Deadline bounds the total. */
export const REST_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 250, minAttemptMs: 400 };

export type Attempt<T> = { ok: true; value: T } | { ok: false; error: unknown; retryable: boolean };

/**
 * One REST call as a retry attempt: a Twilio or network failure becomes a value. The Twilio error
 * codes in `answers` are outcomes, not failures (a Sync 54208 "already exists" is "taken").
 */
export async function restAttempt<T>(call: () => Promise<T>, answers: Record<number, T> = {}): Promise<Attempt<T> & ({ ok: true } | { ok: false; error: SendFailure })> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    const failure = describeSendError(error);
    if (failure.code !== undefined && failure.code in answers) return { ok: true, value: answers[failure.code] };
    return { ok: false, error: failure, retryable: failure.retryable };
  }
}

/**
 * Runs `attempt` until it succeeds, fails for good, runs out of attempts, or the deadline leaves
 * no room for a back-off plus a useful attempt. Each attempt runs within the deadline, so the
 * REST client cuts its time-out to it. Returns the last outcome; never throws.
 */
export async function withRetry<T>(
  attempt: () => Promise<Attempt<T>>,
  deadline: Deadline,
  policy: RetryPolicy = REST_RETRY,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  random: () => number = Math.random,
): Promise<Attempt<T> & { attempts: number }> {
  for (let n = 1; ; n += 1) {
    const outcome = await runWithin(deadline, attempt);
    if (outcome.ok || !outcome.retryable || n >= policy.attempts) return { ...outcome, attempts: n };
    const delay = Math.round(random() * policy.baseDelayMs * 2 ** (n - 1));
    if (deadline.remaining() < delay + policy.minAttemptMs) return { ...outcome, attempts: n };
    await sleep(delay);
  }
}
