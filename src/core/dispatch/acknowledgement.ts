import type { Leg } from '../legs';
import { sendTakenNotice } from './dispatch-notices';
import { cancelCopies } from './escalation-cancel';
import { acknowledge, pendingTakenNotice, secondsToAck, type AckResult, type DispatchRecord } from './record';
import { withStore, type TwoWayDeps } from './two-way-deps';

/**
 * What acknowledging a dispatch does, whether by a text reply (reply-flow.ts) or by pressing 1 on
 * a page (page-answer.ts): the record notes the first acknowledgement (`by`: the reply's MessageSid
 * or the page's CallSid, so the same event applied twice gives the same answer), the scheduled
 * copies are canceled, and the other phone, when reached, gets "taken by", once. `also` lets the
 * caller change the record in the same write. Returns whether `by` is the acknowledgement.
 */
export async function acknowledgeDispatch(
  deps: TwoWayDeps,
  record: DispatchRecord,
  /** `redelivered`: a repeated event whose first delivery already wrote the `acknowledged` line. */
  ack: { leg: Leg; by: string; from: string; via?: 'call'; redelivered?: boolean },
  also: (record: DispatchRecord) => DispatchRecord = (same) => same,
): Promise<boolean> {
  const now = new Date();
  let result: AckResult | undefined;
  let first = false;
  await withStore(deps, record.inboundSid, 'the acknowledgement is not noted in the record', (share) =>
    deps.store.update(record.inboundSid, (current) => {
      result = acknowledge(current, ack.leg, ack.by, now);
      // Our own ack already there: a retry after the write's answer was lost, unless this event
      // was seen before (its first delivery wrote the line).
      first = result.acknowledged && (current.ack === undefined || (current.ack.replySid === ack.by && !ack.redelivered));
      return also(result.record);
    }, share),
  );
  if (!result) return false;
  const code = record.code;
  if (first) deps.audit({ event: 'acknowledged', inbound: record.inboundSid, ...(code !== undefined && { code }), leg: ack.leg, seconds: secondsToAck(result.record), ...(ack.via && { outbound: ack.by, reason: 'pressed 1 on a page call' }) });
  // Escalation: the acknowledgement cancels the scheduled copies; one already on its way (30409) reached the backup, which is then owed "taken by".
  const acked = result.acknowledged ? await cancelCopies(deps, result.record, 'acknowledged') : result.record;
  const notify = acked === result.record ? result.notify : pendingTakenNotice(acked);
  if (notify) await sendTakenNotice(deps, acked, ack.from, ack.leg, notify);
  return result.acknowledged;
}
