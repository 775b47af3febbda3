import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Twilio stops a Function after 10 seconds. Every REST call of one invocation shares this budget,
 * so that a hung call can never take the whole invocation down with it: the relay gives up in
 * time, fails over or logs, and still answers Twilio.
 */
export const FUNCTION_BUDGET_MS = 7000;

export interface Deadline {
  /** Milliseconds left, never negative. */
  remaining(): number;
  /** A shorter deadline for one part of the work: at most `ms` from now, never past this one. */
  within(ms: number): Deadline;
}

export function deadlineIn(ms: number, now: () => number = Date.now): Deadline {
  const end = now() + (Number.isFinite(ms) ? Math.max(0, ms) : 0);
  return {
    remaining: () => Math.max(0, end - now()),
    within: (part) => deadlineIn(Math.min(Number.isFinite(part) ? part : 0, Math.max(0, end - now())), now),
  };
}

/**
 * The deadline of the work in progress (a claim, one leg's send): the REST client cuts each
 * request's time-out to it, so a part's budget bounds its HTTP calls too, not only its retries.
 */
const current = new AsyncLocalStorage<Deadline>();

export function runWithin<T>(deadline: Deadline, work: () => Promise<T>): Promise<T> {
  return current.run(deadline, work);
}

export function currentDeadline(): Deadline | undefined {
  return current.getStore();
}
