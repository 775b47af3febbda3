/**
 * A dispatch's short code: "#" and 1 to 3 digits, unique among the dispatches still open on the
 * phones that may receive it.
 *
 * One code per dispatch, not one per phone: the failover sends the backup the same body as the
 * primary, and the dispatcher and the "taken by" notice name the dispatch by that one code. So the
 * caller passes the codes in use on every phone of the dispatch's chain.
 *
 * The smallest free code, as GoAlert does (notification/twilio/dbsms.go, insertDB: start at 1 and
 * take the first one not in use on that phone). Why not "the next after the last one, wrapping":
 * - codes stay short to type on a phone (#1, #2) when few dispatches are open, which is the usual case;
 * - it needs no shared "last code" counter, which would be one Sync object written by every
 *   dispatch, so a burst would run into Sync's per-object write limit;
 * - a code is free only after its dispatch's reply window closed, so it is never reused while
 *   the old dispatch can still be answered.
 */
export const MIN_CODE = 1;
export const MAX_CODE = 999;

export const isCode = (value: number): boolean => Number.isInteger(value) && value >= MIN_CODE && value <= MAX_CODE;

/**
 * The code for a new dispatch, or undefined when all 999 are in use.
 *
 * Exhaustion fails safe: the dispatch is forwarded without a code (as the one-way relay does)
 * rather than held back or given the code of the oldest open dispatch. Holding it back loses a
 * dispatch; reusing an open code sends replies meant for the old dispatch to the new dispatcher.
 * A reply without a code still answers the most recent open dispatch, this one included.
 *
 * When two invocations race for the same code (with a Sync item per code, say, the second create
 * answers 54208), the loser adds it to `inUse` and asks again.
 */
export function allocateCode(inUse: Iterable<number>): number | undefined {
  const taken = new Set(inUse);
  for (let code = MIN_CODE; code <= MAX_CODE; code += 1) {
    if (!taken.has(code)) return code;
  }
  return undefined;
}
