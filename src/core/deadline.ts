/**
 * Twilio stops a Function after 10 seconds. Every REST call of one invocation shares this budget,
 * so that a hung call can never take the whole invocation down with it: the relay gives up in
 * time, fails over or logs, and still answers Twilio.
 */
export const FUNCTION_BUDGET_MS = 8000;

export interface Deadline {
  /** Milliseconds left, never negative. */
  remaining(): number;
  /** A shorter deadline for one part of the work: at most `ms` from now, never past this one. */
  within(ms: number): Deadline;
}

export function deadlineIn(ms: number, now: () => number = Date.now): Deadline {
  const end = now() + ms;
  return {
    remaining: () => Math.max(0, end - now()),
    within: (part) => deadlineIn(Math.min(part, Math.max(0, end - now())), now),
  };
}
