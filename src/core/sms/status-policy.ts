/**
 * The only place that knows Twilio's message status semantics
 * (https://www.twilio.com/docs/messaging/api/message-resource#message-status-values).
 */

/**
 * Final failures: the phone did not get the whole message. "canceled" applies to scheduled
 * messages, which the relay never sends; "partially_delivered" means some parts went missing.
 * Either way the dispatch may be incomplete, so both fail over too.
 */
const FAILED = new Set(['failed', 'undelivered', 'canceled', 'partially_delivered']);
const DELIVERED = new Set(['delivered', 'read']);
const IN_PROGRESS = new Set(['accepted', 'scheduled', 'queued', 'sending', 'sent', 'receiving', 'received']);

export type StatusAction =
  /** Send the same content to the next phone. */
  | 'failover'
  /** Every phone failed: nobody got the message. */
  | 'exhausted'
  | 'delivered'
  /** "sent": the carrier has it; a receipt may follow, or never come (some carriers send none). */
  | 'pending'
  /** Not final: record it and wait. A late "sent" after "undelivered" changes nothing either. */
  | 'progress'
  | 'unknown';

export function decideStatus(status: string, lastLeg: boolean): StatusAction {
  const normalized = status.trim().toLowerCase();
  if (FAILED.has(normalized)) return lastLeg ? 'exhausted' : 'failover';
  if (DELIVERED.has(normalized)) return 'delivered';
  if (normalized === 'sent') return 'pending';
  if (IN_PROGRESS.has(normalized)) return 'progress';
  return 'unknown';
}
