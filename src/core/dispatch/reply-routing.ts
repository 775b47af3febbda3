import type { Leg } from '../legs';
import { hasReached, isOpen, type DispatchRecord } from './record';
import type { ParsedReply } from './reply-grammar';

/**
 * What a phone's open dispatch looks like to routing: enough to pick one, whatever index the
 * handler reads it from (the records themselves via openDispatchesFor, or a per-phone index).
 */
export interface OpenDispatch {
  inboundSid: string;
  code?: number;
  /** ISO 8601: orders "the most recent". */
  forwardedAt: string;
}

export type ReplyRoute =
  /** The phone has no open dispatch and named no code: handle the message as today (a dispatch if whitelisted, else rejected). */
  | { kind: 'not-a-reply' }
  | { kind: 'answer'; inboundSid: string; code?: number }
  /** A code that is unknown or closed: the phone gets one short answer listing its open codes; no dispatcher hears of it. */
  | { kind: 'unknown-code'; code: number; openCodes: number[] };

/**
 * The dispatches a reply from `leg` may answer: open ones that reached that phone. A phone the
 * dispatch never reached (the backup, when the primary got it) cannot answer it; nor can a phone
 * whose message was reported failed.
 */
export function openDispatchesFor(records: readonly DispatchRecord[], leg: Leg, now: Date): OpenDispatch[] {
  return records
    .filter((record) => isOpen(record, now) && hasReached(record, leg))
    .map(({ inboundSid, code, forwardedAt }) => ({ inboundSid, ...(code !== undefined && { code }), forwardedAt }));
}

/**
 * Which dispatch a reply answers. With a code: that one, if open on this phone. Without: the most
 * recent open one, as Firefox Relay replies to the last sender when no prefix picks another
 * (api/views/phones.py, _prepare_sms_reply) and GoAlert's code-less reply takes the latest.
 */
export function routeReply(reply: ParsedReply, open: readonly OpenDispatch[]): ReplyRoute {
  // An explicit "#12 …" is a reply, even when nothing is open: it gets the unknown-code answer.
  if (open.length === 0) return reply.code === undefined ? { kind: 'not-a-reply' } : { kind: 'unknown-code', code: reply.code, openCodes: [] };
  if (reply.code === undefined) {
    // Two dispatches forwarded in the same millisecond: the later took the higher code (the smallest free
    // one while the earlier held its own), so the code breaks the tie instead of the records' order.
    const newer = (a: OpenDispatch, b: OpenDispatch) => Date.parse(b.forwardedAt) - Date.parse(a.forwardedAt) || (b.code ?? 0) - (a.code ?? 0);
    const latest = open.reduce((a, b) => (newer(a, b) > 0 ? b : a));
    return { kind: 'answer', inboundSid: latest.inboundSid, ...(latest.code !== undefined && { code: latest.code }) };
  }
  const match = open.find((candidate) => candidate.code === reply.code);
  if (match) return { kind: 'answer', inboundSid: match.inboundSid, code: reply.code };
  const openCodes = [...new Set(open.flatMap((candidate) => (candidate.code === undefined ? [] : [candidate.code])))];
  return { kind: 'unknown-code', code: reply.code, openCodes: openCodes.sort((a, b) => a - b) };
}
