import {
  acknowledge,
  hasReached,
  isExhausted,
  isOpen,
  legDelivered,
  legFailed,
  legSent,
  noticeSent,
  secondsToAck,
} from '../../../src/core/dispatch/record';
import { DISPATCH, T0, dispatch, later } from '../../support/dispatch-records';

const PRIMARY_SID = 'SM0000000000000000000000000000000a';
const BACKUP_SID = 'SM0000000000000000000000000000000b';

describe('createDispatch', () => {
  it('holds the code, the sender, what was forwarded, the chain, and when the window closes', () => {
    const record = dispatch({ mediaUrl: ['https://api.twilio.com/x/Media/ME1'] });
    expect(record).toEqual({
      v: 1,
      inboundSid: 'SM00000000000000000000000000000001',
      code: 7,
      sender: DISPATCH,
      forwardedAt: '2026-12-01T12:00:00.000Z',
      openUntil: '2026-12-02T12:00:00.000Z',
      text: 'Gate code changed',
      mediaUrl: ['https://api.twilio.com/x/Media/ME1'],
      chain: ['primary', 'backup'],
      legs: {},
      notices: {},
    });
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
  });

  it('has no code when none could be allocated', () => {
    expect(dispatch({ code: undefined })).not.toHaveProperty('code');
  });
});

describe('isOpen', () => {
  it('is open until the window closes, acknowledged or not', () => {
    const record = dispatch();
    expect(isOpen(record, T0)).toBe(true);
    expect(isOpen(record, later(24 * 3600 - 1))).toBe(true);
    expect(isOpen(record, later(24 * 3600))).toBe(false);
    const acked = acknowledge(legSent(record, 'primary', PRIMARY_SID, T0), 'primary', 'SMr1', later(5)).record;
    expect(isOpen(acked, later(60))).toBe(true);
  });
});

describe('leg transitions', () => {
  it('sent counts as reached; delivered too; failed does not', () => {
    const sent = legSent(dispatch(), 'primary', PRIMARY_SID, T0);
    expect(sent.legs.primary).toEqual({ state: 'sent', sid: PRIMARY_SID, at: T0.toISOString() });
    expect(hasReached(sent, 'primary')).toBe(true);
    expect(hasReached(sent, 'backup')).toBe(false);

    const delivered = legDelivered(sent, 'primary', later(3));
    expect(delivered.legs.primary).toEqual({ state: 'delivered', sid: PRIMARY_SID, at: later(3).toISOString() });
    expect(hasReached(delivered, 'primary')).toBe(true);

    const failed = legFailed(sent, 'primary', '30003', later(4));
    expect(failed.legs.primary).toEqual({ state: 'failed', sid: PRIMARY_SID, errorCode: '30003', at: later(4).toISOString() });
    expect(hasReached(failed, 'primary')).toBe(false);
  });

  it('returns the same object when a callback repeats or comes late, so nothing is written', () => {
    const sent = legSent(dispatch(), 'primary', PRIMARY_SID, T0);
    expect(legSent(sent, 'primary', PRIMARY_SID, later(1))).toBe(sent);
    const failed = legFailed(sent, 'primary', '30003', later(2));
    expect(legFailed(failed, 'primary', '30008', later(3))).toBe(failed);
    // A late "delivered" after "undelivered" does not undo the failover already decided.
    expect(legDelivered(failed, 'primary', later(4))).toBe(failed);
    expect(legSent(failed, 'primary', PRIMARY_SID, later(5))).toBe(failed);
    // Delivered before sent was recorded: nothing to move.
    const fresh = dispatch();
    expect(legDelivered(fresh, 'primary', later(1))).toBe(fresh);
  });

  it('records a send refused on create, without an SID', () => {
    const refused = legFailed(dispatch(), 'primary', '21610', T0);
    expect(refused.legs.primary).toEqual({ state: 'failed', errorCode: '21610', at: T0.toISOString() });
  });

  it('is exhausted only when every phone of the chain failed', () => {
    let record = legFailed(dispatch(), 'primary', '30003', T0);
    expect(isExhausted(record)).toBe(false);
    record = legSent(record, 'backup', BACKUP_SID, later(1));
    expect(isExhausted(record)).toBe(false);
    record = legFailed(record, 'backup', '30005', later(2));
    expect(isExhausted(record)).toBe(true);
    expect(isExhausted(legFailed(dispatch({ chain: ['backup'] }), 'backup', '30003', T0))).toBe(true);
  });
});

describe('acknowledge', () => {
  const reachedPrimary = () => legSent(dispatch(), 'primary', PRIMARY_SID, T0);
  const reachedBoth = () => legSent(reachedPrimary(), 'backup', BACKUP_SID, later(30));

  it('the first reply acknowledges; a second does not', () => {
    const first = acknowledge(reachedPrimary(), 'primary', 'SMr1', later(42));
    expect(first.acknowledged).toBe(true);
    expect(first.record.ack).toEqual({ leg: 'primary', replySid: 'SMr1', at: later(42).toISOString() });
    expect(secondsToAck(first.record)).toBe(42);

    const second = acknowledge(first.record, 'primary', 'SMr2', later(50));
    expect(second.acknowledged).toBe(false);
    expect(second.record).toBe(first.record);
    expect(second.notify).toBeUndefined();
  });

  it('under a race, two acknowledges from both phones give one winner: whoever is applied first', () => {
    const base = reachedBoth();
    const backupFirst = acknowledge(base, 'backup', 'SMb', later(40));
    // The primary's write lost the If-Match race; it re-reads and applies again.
    const primaryAfter = acknowledge(backupFirst.record, 'primary', 'SMp', later(40));
    expect(backupFirst.acknowledged).toBe(true);
    expect(primaryAfter.acknowledged).toBe(false);
    expect(primaryAfter.record.ack?.leg).toBe('backup');
  });

  it('the same reply applied twice gets the same answer, notice included until it is recorded as sent', () => {
    const first = acknowledge(reachedBoth(), 'primary', 'SMr1', later(42));
    const again = acknowledge(first.record, 'primary', 'SMr1', later(43));
    expect(again).toEqual({ record: first.record, acknowledged: true, notify: 'backup' });
    const noticed = noticeSent(first.record, 'taken', later(44));
    expect(acknowledge(noticed, 'primary', 'SMr1', later(45))).toEqual({ record: noticed, acknowledged: true });
  });

  it('names the other phone for a "taken by" notice only when that phone was reached', () => {
    expect(acknowledge(reachedBoth(), 'primary', 'SMr1', later(42)).notify).toBe('backup');
    expect(acknowledge(reachedBoth(), 'backup', 'SMr1', later(42)).notify).toBe('primary');
    // Failover: the primary's message failed, so the primary never got the dispatch and hears nothing.
    const failedOver = legSent(legFailed(reachedPrimary(), 'primary', '30003', later(10)), 'backup', BACKUP_SID, later(11));
    expect(acknowledge(failedOver, 'backup', 'SMr1', later(42))).toMatchObject({ acknowledged: true });
    expect(acknowledge(failedOver, 'backup', 'SMr1', later(42)).notify).toBeUndefined();
    // The backup was never tried.
    expect(acknowledge(reachedPrimary(), 'primary', 'SMr1', later(42)).notify).toBeUndefined();
    // A chain of one phone (the primary is itself the dispatcher).
    const single = legSent(dispatch({ chain: ['backup'] }), 'backup', BACKUP_SID, T0);
    expect(acknowledge(single, 'backup', 'SMr1', later(5)).notify).toBeUndefined();
  });

  it('a reply from a phone the dispatch never reached acknowledges nothing', () => {
    const record = reachedPrimary();
    expect(acknowledge(record, 'backup', 'SMr1', later(5))).toEqual({ record, acknowledged: false });
  });
});

describe('noticeSent', () => {
  it('records each one-time notice once', () => {
    const once = noticeSent(dispatch(), 'exhausted', later(5));
    expect(once.notices).toEqual({ exhausted: later(5).toISOString() });
    expect(noticeSent(once, 'exhausted', later(9))).toBe(once);
  });
});
