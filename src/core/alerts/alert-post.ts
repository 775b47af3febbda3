import type { Deadline } from '../twilio/deadline';
import { withRetry, type Attempt, type RetryPolicy } from '../twilio/retry';
import type { AlertPayload } from './alert-payload';

/** Three tries, as for a REST call; an attempt is not started with less than 300 ms left. */
export const ALERT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 250, minAttemptMs: 300 };

export type PostOutcome = { ok: true; attempts: number } | { ok: false; reason: string; attempts: number };

export type Fetch = typeof fetch;

/**
 * One POST within what is left of `deadline`: the request is aborted when it runs out, so a
 * receiver that hangs costs the invocation its remaining time and no more. The reason never
 * holds the URL (it is the secret) nor the error's message (which may quote it).
 */
async function attemptPost(url: URL, body: string, deadline: Deadline, fetchImpl: Fetch): Promise<Attempt<true>> {
  try {
    const response = await fetchImpl(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(Math.max(1, deadline.remaining())) });
    await response.arrayBuffer().catch(() => undefined);
    // Slack answers 200 "ok"; a 4xx (invalid_payload, no_service …) or 5xx is a failure, tried again within the budget.
    if (response.ok) return { ok: true, value: true };
    return { ok: false, error: `the receiver answered HTTP ${response.status}`, retryable: true };
  } catch (error) {
    const name = (error as Error)?.name;
    const timedOut = name === 'TimeoutError' || name === 'AbortError';
    const code = ((error as { cause?: { code?: unknown } })?.cause?.code as string | undefined) ?? undefined;
    return { ok: false, error: timedOut ? 'the receiver did not answer in time' : `network error${code ? ` (${code})` : ''}`, retryable: true };
  }
}

/** Posts the alert, retried (ALERT_RETRY) within `deadline`; never throws. */
export async function postAlert(url: URL, payload: AlertPayload, deadline: Deadline, fetchImpl: Fetch = fetch, sleep?: (ms: number) => Promise<void>): Promise<PostOutcome> {
  if (deadline.remaining() < ALERT_RETRY.minAttemptMs) return { ok: false, reason: 'no time was left to send it', attempts: 0 };
  const body = JSON.stringify(payload);
  const outcome = await withRetry(() => attemptPost(url, body, deadline, fetchImpl), deadline, ALERT_RETRY, sleep);
  return outcome.ok ? { ok: true, attempts: outcome.attempts } : { ok: false, reason: String(outcome.error), attempts: outcome.attempts };
}
