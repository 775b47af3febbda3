/**
 * The only place that knows Twilio's message status semantics
 * (https://www.twilio.com/docs/messaging/api/message-resource#message-status-values).
 */

/**
 * Final failures: the phone did not get the whole message. "canceled" applies to scheduled
 * messages: a forward is never one (the relay's scheduled copies go to decideScheduledCopyStatus);
 * "partially_delivered" means some parts went missing. Either way the dispatch may be
 * incomplete, so both fail over too.
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

/**
 * What a status callback means for a copy the relay scheduled (issue 11: the backup's copy at
 * the deadline), told apart by relay_copy on its callback URL (escalation-status.ts).
 * - "canceled": the relay canceled it itself (acknowledged, failed over, exhausted), which is no
 *   failure: no failover, no exhaustion, no notice
 *   (https://www.twilio.com/docs/api/errors/30409: only a scheduled message can be canceled).
 * - queued, sending, sent, delivered, read: Twilio sent it; the first such callback is the
 *   escalation (the backup now has the dispatch).
 * - a failure: the copy is the chain's last send, but the chain is exhausted only when the other
 *   phone failed too (`othersFailed`); otherwise the primary may still answer.
 * - accepted, scheduled: no news.
 */
export type ScheduledCopyAction = 'canceled' | 'escalated' | 'failed' | 'exhausted' | 'progress' | 'unknown';

const LEFT_TWILIO = new Set(['queued', 'sending']);

export function decideScheduledCopyStatus(status: string, othersFailed: boolean): ScheduledCopyAction {
  const normalized = status.trim().toLowerCase();
  if (normalized === 'canceled') return 'canceled';
  const action = decideStatus(normalized, true);
  if (action === 'exhausted') return othersFailed ? 'exhausted' : 'failed';
  if (action === 'delivered' || action === 'pending' || LEFT_TWILIO.has(normalized)) return 'escalated';
  return action === 'progress' ? 'progress' : 'unknown';
}
