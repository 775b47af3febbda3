import { runWithin } from '../twilio/deadline';
import { restAttempt, withRetry } from '../twilio/retry';
import type { SendFailure } from '../twilio/send-error';
import { copiesToCancel, copyCanceled, copySent, type CancelReason, type CopyKind } from './escalation-record';
import type { DispatchRecord } from './record';
import { withStore, type TwoWayDeps } from './two-way-deps';

/** A cancel gets at most this long (and never more than a third of what is left): it is bookkeeping. */
export const CANCEL_BUDGET_MS = 1500;

/** Twilio refuses to cancel a message that is no longer scheduled (https://www.twilio.com/docs/api/errors/30409). */
const NOT_SCHEDULED = 30409;

type Cancel = { kind: CopyKind; sid: string; outcome: 'canceled' | 'sent' | 'failed'; reason?: string };

/**
 * Cancels the dispatch's copies still scheduled on Twilio for this event (copiesToCancel: an
 * acknowledgement or an exhausted chain both, a failover the backup's), an update with
 * Status=canceled (https://www.twilio.com/docs/messaging/features/message-scheduling), and notes
 * the outcome in the record. 30409 means the copy had already left: the message is read to tell
 * that from a cancel of ours whose answer was lost and was retried. Returns the record as noted
 * (the same object when nothing was scheduled: escalation off costs nothing). Never throws.
 */
export async function cancelCopies(deps: TwoWayDeps, record: DispatchRecord, why: CancelReason): Promise<DispatchRecord> {
  const copies = copiesToCancel(record, why);
  if (copies.length === 0) return record;
  const share = deps.deadline.within(Math.min(CANCEL_BUDGET_MS, deps.deadline.remaining() / 3));
  const cancels: Cancel[] = await Promise.all(
    copies.map(async ({ kind, sid }): Promise<Cancel> => {
      const update = await runWithin(share, () => withRetry(() => restAttempt(() => deps.client.messages(sid).update({ status: 'canceled' })), share));
      if (update.ok) return { kind, sid, outcome: 'canceled' };
      const failure = update.error as SendFailure;
      if (failure.code !== NOT_SCHEDULED) return { kind, sid, outcome: 'failed', reason: failure.message };
      const read = await runWithin(share, () => restAttempt(() => deps.client.messages(sid).fetch()));
      return { kind, sid, outcome: read.ok && read.value?.status === 'canceled' ? 'canceled' : 'sent' };
    }),
  );
  const line = { inbound: record.inboundSid, ...(record.code !== undefined && { code: record.code }) };
  for (const cancel of cancels) {
    const about = { ...line, copy: cancel.kind, outbound: cancel.sid };
    if (cancel.outcome === 'canceled') deps.audit({ ...about, event: 'escalation-canceled', why });
    else if (cancel.outcome === 'failed') deps.audit({ ...about, event: 'send-failed', level: 'warn', why, reason: `the scheduled copy could not be canceled (${cancel.reason}): it may still go out` });
    else deps.audit({ ...about, event: cancel.kind === 'backup' ? 'escalated' : 'unacknowledged', reason: 'already on its way when the relay canceled it (30409)' });
  }
  const at = new Date();
  const noted = await withStore(deps, record.inboundSid, 'the canceled copies are not noted in the record', (store) =>
    deps.store.update(
      record.inboundSid,
      (current) =>
        cancels.reduce(
          (next, cancel) => (cancel.outcome === 'canceled' ? copyCanceled(next, cancel.kind, why, at) : cancel.outcome === 'sent' ? copySent(next, cancel.kind, at) : next),
          current,
        ),
      store,
    ),
  );
  return noted ?? record;
}
