/**
 * A dispatch's short code: "#" and 1 to 3 digits, unique among the dispatches still open on the
 * phones that may receive it.
 *
 * One code per dispatch, not one per phone: the failover sends the backup the same body as the
 * primary, and the dispatcher and the "taken by" notice name the dispatch by that one code. So the
 * caller passes the codes in use on every phone of the dispatch's chain.
 *
 * Taken in Sync by sync-codes.ts: the smallest free code, as GoAlert does (notification/twilio/dbsms.go, insertDB: start at 1 and
 * take the first one not in use on that phone). Why not "the next after the last one, wrapping":
 * - codes stay short to type on a phone (#1, #2) when few dispatches are open, which is the usual case;
 * - it needs no shared "last code" counter, which would be one Sync object written by every
 *   dispatch, so a burst would run into Sync's per-object write limit;
 * - a code is free only after its dispatch's reply window closed, so it is never reused while
 *   the old dispatch can still be answered.
 *
 * Exhaustion fails safe: the dispatch is forwarded without a code (as the one-way relay does)
 * rather than held back or given the code of an open dispatch. Holding it back loses a dispatch;
 * reusing an open code sends replies meant for the old dispatch to the new dispatcher.
 */
export const MIN_CODE = 1;
export const MAX_CODE = 999;
