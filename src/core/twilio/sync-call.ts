import type { Deadline } from './deadline';
import { restAttempt, withRetry } from './retry';
import type { SendFailure } from './send-error';

/** A Sync call is not started with less time than this: it could only time out. */
export const MIN_SYNC_CALL_MS = 100;
/** A budget this close to the whole is whole: the clock may tick between a caller's slicing and the call. */
const WHOLE_SLACK_MS = 50;

export type SyncAnswer<T> = { ok: true; value: T; attempts: number } | { ok: false; reason: string; attempts: number };

export interface SyncCaller {
  /**
   * One Sync call, retried within `given` (retry.ts); the Twilio codes in `answers` are outcomes.
   * `whole` is the time the caller had before slicing `given` from it (default: `given`).
   */
  ask<T>(given: Deadline, request: () => Promise<T>, answers?: Record<number, T>, whole?: Deadline): Promise<SyncAnswer<T>>;
  /** Why Sync is down for the rest of this invocation, or undefined. */
  down(): string | undefined;
}

/**
 * One invocation's Sync calls, for the claims (claims.ts) and two-way's items (sync-items.ts).
 * A failure marks Sync down when Sync answered it with an error, or when the call had its whole
 * budget (`wholeBudgetMs`); a call cut short by its caller's deadline proves nothing about Sync.
 * Once down, the caller stops asking, so the sends get the time that is left.
 */
export function syncCaller(wholeBudgetMs: number): SyncCaller {
  let down: string | undefined;
  return {
    down: () => down,
    async ask<T>(given: Deadline, request: () => Promise<T>, answers: Record<number, T> = {}, whole: Deadline = given): Promise<SyncAnswer<T>> {
      const hadWhole = whole.remaining() >= wholeBudgetMs - WHOLE_SLACK_MS;
      if (given.remaining() < MIN_SYNC_CALL_MS) return { ok: false, reason: 'no time was left to ask Sync', attempts: 0 };
      const outcome = await withRetry(() => restAttempt(request, answers), given);
      if (outcome.ok) return { ok: true, value: outcome.value, attempts: outcome.attempts };
      const failure = outcome.error as SendFailure;
      const reason = `Sync unavailable: ${failure.message}`;
      if (hadWhole || failure.httpStatus !== undefined) down = reason;
      return { ok: false, reason, attempts: outcome.attempts };
    },
  };
}
