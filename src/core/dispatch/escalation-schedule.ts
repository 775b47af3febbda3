import { sendMessage, type OutboundMessage } from '../sms/messaging';
import type { ForwardOutcome } from '../sms/forwarding';
import { STATUS_PATH } from '../sms/forwarding';
import { statusCallbackUrl } from '../twilio/callback-urls';
import { failureCode } from '../twilio/send-error';
import { escalatedBody, escalationTimes, sendAtText, unacknowledgedNotice } from './escalation';
import { cancelCopies } from './escalation-cancel';
import { copyScheduled, type CancelReason, type CopyKind } from './escalation-record';
import { isExhausted, type DispatchRecord } from './record';
import { withStore, type TwoWayDeps } from './two-way-deps';

/** On a scheduled copy's status callback URL: which copy it is (the status handler tells them apart by it). */
export const PARAM_COPY = 'relay_copy';

/** The copy a status callback is about, or undefined for every other callback (the relay's forwards). */
export function readCopyKind(event: Record<string, unknown>): CopyKind | undefined {
  const copy = event[PARAM_COPY];
  return copy === 'backup' || copy === 'dispatcher' ? copy : undefined;
}

/**
 * A copy's callback URL: the backup leg's, as the last leg (nothing follows the backup), plus
 * which copy it is. The dispatcher's copy is on no leg; it carries the backup's so that the URL
 * stays one the status handler reads, and relay_copy routes it before any leg logic.
 */
const copyCallback = (base: string, inboundSid: string, kind: CopyKind) =>
  `${statusCallbackUrl(base, STATUS_PATH, { leg: 'backup', inboundSid, lastLeg: true })}&${PARAM_COPY}=${kind}`;

export interface ScheduleJob {
  /** The relay number: the copies go through the Messaging Service, which picks its sender. */
  from: string;
  callbackBase: string;
}

/**
 * Issue 11, at the first forward: when the primary took the dispatch, the backup's copy at the
 * deadline; whenever a phone took it, the dispatcher's "not acknowledged" at twice it. Both are
 * scheduled on Twilio (ScheduleType=fixed, SendAt, MessagingServiceSid:
 * https://www.twilio.com/docs/messaging/features/message-scheduling), so no timer of ours exists.
 * Runs after the forward has ended, so it takes no time from a send. Claimed ("es" on the inbound
 * SID) so that a webhook delivered twice schedules once; the claim is not settled (the SIDs are in
 * the record, one Sync round trip less on the webhook's path), so a stale claim with no copies in
 * the record is an invocation that died first, and is taken over.
 */
export async function scheduleEscalation(deps: TwoWayDeps, record: DispatchRecord, outcome: ForwardOutcome, job: ScheduleJob): Promise<void> {
  const escalation = deps.escalation;
  if (!escalation?.enabled || outcome.kind !== 'forwarded') return;
  const kinds: CopyKind[] = outcome.leg === 'primary' && record.chain.includes('backup') ? ['backup', 'dispatcher'] : ['dispatcher'];
  const line = { inbound: record.inboundSid, ...(record.code !== undefined && { code: record.code }) };
  const claimShare = () => deps.deadline.within(deps.deadline.remaining() / 3);
  const claim = await deps.claims.claim('es', record.inboundSid, { state: 'sending', leg: outcome.leg, at: new Date().toISOString() }, claimShare());
  // A stale claim whose holder died before the record got the copies' SIDs: scheduled by nobody, so take it over.
  const orphaned = claim.kind === 'stale' && !record.escalation && (await claim.takeOver(claimShare())) !== 'lost';
  if ((claim.kind === 'taken' || claim.kind === 'stale') && !orphaned) {
    deps.audit({ ...line, event: 'duplicate', leg: outcome.leg, reason: 'es already claimed: the escalation is not scheduled again' });
    return;
  }
  if (claim.kind === 'unavailable') deps.audit({ ...line, event: 'claim-unavailable', level: 'warn', leg: outcome.leg, reason: `${claim.reason}; scheduling without a claim` });

  const times = escalationTimes(new Date(record.forwardedAt), escalation.timeoutMinutes);
  const copy = (kind: CopyKind): OutboundMessage => ({
    to: kind === 'backup' ? deps.destinations.backupNumber : record.sender.number,
    from: job.from,
    messagingServiceSid: escalation.messagingServiceSid,
    content:
      kind === 'backup'
        ? { body: escalatedBody(record, deps.twoWay.names, escalation.timeoutMinutes), mediaUrl: record.mediaUrl }
        : { body: unacknowledgedNotice(record, deps.twoWay.names, escalation.timeoutMinutes), mediaUrl: [] },
    statusCallback: copyCallback(job.callbackBase, record.inboundSid, kind),
    sendAt: kind === 'backup' ? times.backupAt : times.dispatcherAt,
  });
  // Both at once: neither waits on the other. nextLeg: a create of unknown outcome is never repeated (no twin copies).
  const results = await Promise.all(
    kinds.map(async (kind) => {
      const message = copy(kind);
      return { kind, message, result: await sendMessage(deps.client, message, deps.deadline, { nextLeg: true }) };
    }),
  );
  const scheduled: Array<{ kind: CopyKind; sid: string; sendAt: Date }> = [];
  for (const { kind, message, result } of results) {
    const about = { ...line, copy: kind };
    if (result.ok) {
      scheduled.push({ kind, sid: result.sid, sendAt: message.sendAt! });
      deps.audit({ ...about, event: 'escalation-scheduled', outbound: result.sid, sendAt: sendAtText(message.sendAt!) });
    } else {
      const event = result.unknown ? 'send-unknown' : 'send-failed';
      deps.audit({ ...about, event, level: 'warn', to: message.to, errorCode: failureCode(result.failure), attempts: result.attempts, reason: `${result.failure.message}: this copy is not scheduled` });
    }
  }
  if (scheduled.length === 0) return;
  const noted = await withStore(deps, record.inboundSid, 'the scheduled copies are not noted in the record: an acknowledgement cannot cancel them', (share) =>
    deps.store.update(record.inboundSid, (current) => scheduled.reduce((next, { kind, sid, sendAt }) => copyScheduled(next, kind, sid, sendAt), current), share),
  );
  // What happened meanwhile, before the SIDs were in the record (a carrier that fails at once, a
  // quick reply) could not cancel them: it is caught up here.
  const why = noted && overtaken(noted);
  if (why) await cancelCopies(deps, noted!, why);
}

function overtaken(record: DispatchRecord): CancelReason | undefined {
  if (record.ack) return 'acknowledged';
  if (isExhausted(record)) return 'exhausted';
  return record.legs.primary?.state === 'failed' ? 'failed-over' : undefined;
}
