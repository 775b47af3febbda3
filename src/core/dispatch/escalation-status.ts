import type { StatusReport } from '../sms/events';
import type { ForwardJob, ForwardOutcome } from '../sms/forwarding';
import { decideScheduledCopyStatus } from '../sms/status-policy';
import type { AuditRecord } from '../twilio/audit';
import { sendExhaustedNotice, sendTakenNotice } from './dispatch-notices';
import { forwardRecorded } from './dispatch-forward';
import { alertOnce, dispatchFacts } from '../alerts/alerts';
import { cancelCopies } from './escalation-cancel';
import { copySent, type CopyKind } from './escalation-record';
import { isExhausted, legDelivered, legFailed, pendingTakenNotice, type DispatchRecord } from './record';
import { withStore, type TwoWayDeps } from './two-way-deps';

/**
 * A status callback of one of the relay's scheduled copies (relay_copy on its URL). `canceled` is
 * the relay's own cancel: no failover, no exhaustion, no notice. The first callback that shows
 * Twilio sent the copy (queued, sent, delivered) is the event: for the backup's, the escalation
 * (the backup now has the dispatch, so its replies route to it; when the dispatch was acknowledged
 * meanwhile, the backup is owed "taken by"); for the dispatcher's, `unacknowledged`. A failed
 * backup copy fails the backup leg; with the primary failed too, the chain is exhausted.
 * `deps` undefined (no store): only audited.
 */
export async function copyStatus(deps: TwoWayDeps | undefined, kind: CopyKind, report: StatusReport, line: Omit<AuditRecord, 'event'>): Promise<void> {
  const action = decideScheduledCopyStatus(report.status, false);
  const audit = (record: AuditRecord) => deps?.audit(record) ?? undefined;
  if (action === 'canceled') return audit({ ...line, event: 'status', reason: 'a scheduled copy canceled: no failover, no notice' });
  if (!deps || (action !== 'escalated' && action !== 'failed')) return audit({ ...line, event: 'status' });
  const at = new Date();
  let first = false;
  const record = await withStore(deps, line.inbound!, 'the copy\'s status is not noted in the record', (share) =>
    deps.store.update(
      line.inbound!,
      (current) => {
        first = current.escalation?.[kind]?.state === 'scheduled';
        const sent = copySent(current, kind, at);
        if (kind !== 'backup') return sent;
        if (action === 'failed') return legFailed(sent, 'backup', report.errorCode ?? report.status, at);
        return report.status === 'delivered' ? legDelivered(sent, 'backup', at) : sent;
      },
      share,
    ),
  );
  if (first) audit({ ...line, event: kind === 'backup' ? 'escalated' : 'unacknowledged' });
  if (action === 'failed') audit({ ...line, event: 'status', level: 'warn', reason: kind === 'backup' ? 'the escalated copy failed' : 'the "not acknowledged" message failed' });
  else if (!first) audit({ ...line, event: 'status' });
  if (!record) return;
  // The dispatcher's "not acknowledged" message going out is the deadline passing: alert once too (after the send, which Twilio made).
  if (kind === 'dispatcher' && first) await alertOnce(deps, 'unacknowledged', dispatchFacts(record, 'nobody acknowledged it in time: the dispatcher was told'));
  if (kind === 'backup' && isExhausted(record)) await chainExhausted(deps, record, report.from, 'the escalated copy failed');
  const notify = kind === 'backup' ? pendingTakenNotice(record) : undefined;
  if (notify && record.ack) await sendTakenNotice(deps, record, report.from, record.ack.leg, notify);
}

/**
 * The primary failed or was undelivered: the backup at once, as without escalation, and its
 * scheduled copy canceled, so that the backup never gets the dispatch twice. The cancel comes
 * first, within a share that leaves the backup's send more than 3 s: a copy already on its way
 * (30409) is the backup's dispatch, and nothing more is sent. When the first cancel had no time
 * or failed, it is tried once more after the send. Without escalation (no copy in the record)
 * this is forwardRecorded, call for call.
 */
export async function failoverRecorded(
  deps: TwoWayDeps,
  record: DispatchRecord,
  job: Omit<ForwardJob, 'content' | 'code' | 'onRefused' | 'inboundSid'>,
): Promise<ForwardOutcome | undefined> {
  if (!record.escalation?.backup) return forwardRecorded(deps, record, job);
  const first = await cancelCopies({ ...deps, deadline: deps.deadline.within(Math.max(0, deps.deadline.remaining() - FAILOVER_KEEPS_MS)) }, record, 'failed-over');
  if (first.escalation?.backup?.state === 'sent') {
    // The copy went out and already failed: with the primary failed now too, nobody has it.
    if (isExhausted(first)) {
      await chainExhausted(deps, first, job.from, 'the primary failed after the escalated copy had');
      return undefined;
    }
    // The backup leg is now sent (copySent): the chain is not exhausted, the backup's callbacks will tell.
    deps.audit({ event: 'duplicate', inbound: record.inboundSid, ...(record.code !== undefined && { code: record.code }), leg: 'backup', copy: 'backup', reason: 'the backup has the escalated copy: the failover sends nothing more' });
    return undefined;
  }
  const outcome = await forwardRecorded(deps, first, job);
  await cancelCopies(deps, first, 'failed-over');
  return outcome;
}

/** Every phone failed: the dispatcher's one notice (which cancels the "not acknowledged" message), then the one alert. */
async function chainExhausted(deps: TwoWayDeps, record: DispatchRecord, from: string, how: string): Promise<void> {
  await sendExhaustedNotice(deps, record, from);
  await alertOnce(deps, 'exhausted', dispatchFacts(record, `no phone received the message (${how})`, 'backup'));
}

/** What the failover's first cancel leaves the backup's send at least: its 2 s (SEND_RESERVE_MS) and its claim's 1.5 s. */
export const FAILOVER_KEEPS_MS = 3500;
