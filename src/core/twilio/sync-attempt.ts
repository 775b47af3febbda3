import type { Attempt } from './retry';
import { describeSendError } from './send-error';

/**
 * One Sync call as a retry attempt (retry.ts): the Sync error codes in `answers` are outcomes,
 * not failures (54208 "already exists" is how a claim learns it is taken), anything else a
 * failure that withRetry repeats when it is worth it (429, 5xx, no answer).
 */
export async function syncAttempt<T>(call: () => Promise<T>, answers: Record<number, T> = {}): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    const failure = describeSendError(error);
    if (failure.code !== undefined && failure.code in answers) return { ok: true, value: answers[failure.code] };
    return { ok: false, error: failure, retryable: failure.retryable };
  }
}
