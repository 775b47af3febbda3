import { copiesToCancel, copyCanceled, copyOfSid, copyScheduled, copySent, escalatedAt } from '../../../src/core/dispatch/escalation-record';
import { escalationTimes } from '../../../src/core/dispatch/escalation';
import { acknowledge, hasReached, legFailed, legSent, noticeSent, pendingTakenNotice } from '../../../src/core/dispatch/record';
import { dispatch, later, T0 } from '../../support/dispatch-records';

const PRIMARY_SID = 'SM0000000000000000000000000000000a';
const COPY_SID = 'SM000000000000000000000000000000c1';
const NOTICE_SID = 'SM000000000000000000000000000000d1';

/** Forwarded to the primary at T0 with both copies scheduled, timeout 15 min. */
function escalating() {
  const { backupAt, dispatcherAt } = escalationTimes(T0, 15);
  const sent = legSent(dispatch(), 'primary', PRIMARY_SID, T0);
  return copyScheduled(copyScheduled(sent, 'backup', COPY_SID, backupAt), 'dispatcher', NOTICE_SID, dispatcherAt);
}

describe('the escalation in the record', () => {
  it('keeps both scheduled copies with their SID and SendAt, as JSON; a repeat keeps the first', () => {
    const record = escalating();
    expect(record.escalation).toEqual({
      backup: { state: 'scheduled', sid: COPY_SID, sendAt: '2026-12-01T12:15:00.000Z' },
      dispatcher: { state: 'scheduled', sid: NOTICE_SID, sendAt: '2026-12-01T12:30:00.000Z' },
    });
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
    expect(copyScheduled(record, 'backup', 'SM-other', later(60))).toBe(record);
    expect(dispatch()).not.toHaveProperty('escalation');
  });

  it('tells a status callback\'s SID apart: the backup\'s copy, the dispatcher\'s message, or neither', () => {
    const record = escalating();
    expect(copyOfSid(record, COPY_SID)).toBe('backup');
    expect(copyOfSid(record, NOTICE_SID)).toBe('dispatcher');
    expect(copyOfSid(record, PRIMARY_SID)).toBeUndefined();
    expect(copyOfSid(dispatch(), COPY_SID)).toBeUndefined();
  });

  it('on acknowledgement cancels both; once canceled, a cancel or a late "sent" changes nothing', () => {
    const record = escalating();
    expect(copiesToCancel(record, 'acknowledged')).toEqual([{ kind: 'backup', sid: COPY_SID }, { kind: 'dispatcher', sid: NOTICE_SID }]);
    const canceled = copyCanceled(copyCanceled(record, 'backup', 'acknowledged', later(60)), 'dispatcher', 'acknowledged', later(60));
    expect(canceled.escalation?.backup).toEqual({ state: 'canceled', sid: COPY_SID, sendAt: '2026-12-01T12:15:00.000Z', reason: 'acknowledged', at: '2026-12-01T12:01:00.000Z' });
    expect(copiesToCancel(canceled, 'exhausted')).toEqual([]);
    expect(copyCanceled(canceled, 'backup', 'exhausted', later(90))).toBe(canceled);
    expect(copySent(canceled, 'backup', later(900))).toBe(canceled);
    expect(hasReached(canceled, 'backup')).toBe(false);
    expect(escalatedAt(canceled)).toBeUndefined();
  });

  it('on failover cancels only the backup\'s copy: the dispatcher still hears if nobody acknowledges', () => {
    expect(copiesToCancel(escalating(), 'failed-over')).toEqual([{ kind: 'backup', sid: COPY_SID }]);
    expect(copiesToCancel(escalating(), 'exhausted')).toHaveLength(2);
  });

  it('when the copy goes out, the backup is reached with its SID: its reply acknowledges, the primary is owed "taken by"', () => {
    const escalated = copySent(escalating(), 'backup', later(900));
    expect(escalatedAt(escalated)).toBe('2026-12-01T12:15:00.000Z');
    expect(escalated.legs.backup).toEqual({ state: 'sent', sid: COPY_SID, at: '2026-12-01T12:15:00.000Z' });
    expect(copySent(escalated, 'backup', later(901))).toBe(escalated);
    const { record, acknowledged, notify } = acknowledge(escalated, 'backup', 'SMreply', later(960));
    expect({ acknowledged, notify }).toEqual({ acknowledged: true, notify: 'primary' });
    expect(copiesToCancel(record, 'acknowledged')).toEqual([{ kind: 'dispatcher', sid: NOTICE_SID }]);
  });

  it('a copy already on its way when the primary acknowledged (cancel answered 30409) still gets "taken by", once', () => {
    const { record: acked, notify } = acknowledge(escalating(), 'primary', 'SMreply', later(899));
    expect(notify).toBeUndefined();
    expect(pendingTakenNotice(acked)).toBeUndefined();
    const reached = copySent(acked, 'backup', later(900));
    expect(pendingTakenNotice(reached)).toBe('backup');
    expect(pendingTakenNotice(noticeSent(reached, 'taken', later(901)))).toBeUndefined();
  });

  it('the dispatcher\'s message going out marks no leg', () => {
    const sent = copySent(escalating(), 'dispatcher', later(1800));
    expect(sent.escalation?.dispatcher?.state).toBe('sent');
    expect(sent.legs).toEqual(escalating().legs);
  });

  it('a backup already sent by failover keeps its SID when a copy that could not be canceled goes out too', () => {
    const failedOver = legSent(legFailed(escalating(), 'primary', '30003', later(10)), 'backup', 'SMfailover', later(11));
    expect(copySent(failedOver, 'backup', later(900)).legs.backup?.sid).toBe('SMfailover');
  });
});
