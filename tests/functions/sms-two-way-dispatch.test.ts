/**
 * Two-way dispatch through the handlers (mock Runtime, Sync claims on the fake Sync, the in-memory
 * DispatchStore): a dispatch's record and code, its failover from the record, and the one notice to
 * the dispatcher when every phone failed.
 */
import * as syncStoreModule from '../../src/core/dispatch/sync-store';
import { BACKUP, DISPATCH, PRIMARY } from '../support/mock-runtime';
import { useTwoWayBed } from '../support/two-way-bed';

const FORWARD = 'From Dispatch (+16195550100) #1: Gate code changed';

describe('a dispatch with two-way on', () => {
  const bed = useTwoWayBed();
  it('gets a record and a code, shown right after the sender, and the code on its forwarded line', async () => {
    const b = bed();
    const inbound = await b.inbound(DISPATCH, 'Gate code changed');
    expect(b.sent().map((m) => [m.to, m.body])).toEqual([[PRIMARY, FORWARD]]);
    const record = b.store.records.get(inbound)!;
    expect(record).toMatchObject({ code: 1, sender: { number: DISPATCH, name: 'Dispatch' }, text: 'Gate code changed', chain: ['primary', 'backup'], legs: { primary: { state: 'sent', sid: b.sent()[0].sid } } });
    expect(b.lines('forwarded')).toEqual([expect.objectContaining({ inbound, code: 1, leg: 'primary', outbound: b.sent()[0].sid })]);
  });

  it('a second open dispatch gets the next code; a repeated webhook keeps its code and sends nothing again', async () => {
    const b = bed();
    const first = await b.inbound(DISPATCH, 'one');
    await b.inbound(DISPATCH, 'two');
    await b.inbound(DISPATCH, 'one', { MessageSid: first });
    expect(b.sent().map((m) => m.body)).toEqual(['From Dispatch (+16195550100) #1: one', 'From Dispatch (+16195550100) #2: two']);
    expect(b.lines('duplicate')).toHaveLength(1);
  });

  it('copies of its webhook arriving together take one code: a second would stay locked unused', async () => {
    const b = bed();
    const allocate = jest.spyOn(b.store, 'allocateCode');
    const sid = `SM${'0'.repeat(31)}f`;
    await Promise.all([b.inbound(DISPATCH, 'one', { MessageSid: sid }), b.inbound(DISPATCH, 'one', { MessageSid: sid })]);
    expect(allocate).toHaveBeenCalledTimes(1);
    await b.inbound(DISPATCH, 'one', { MessageSid: sid });
    expect(b.sent().map((m) => m.body)).toEqual(['From Dispatch (+16195550100) #1: one']);
    expect(b.store.records.get(sid)!.code).toBe(1);
  });

  it('is forwarded at once without a code when the store fails, with a dispatch-unavailable warning', async () => {
    const b = bed();
    jest.spyOn(b.store, 'allocateCode').mockRejectedValue(new Error('Sync unavailable: 503'));
    const inbound = await b.inbound(DISPATCH, 'Gate code changed');
    expect(b.sent().map((m) => m.body)).toEqual(['From Dispatch (+16195550100): Gate code changed']);
    expect(b.lines('dispatch-unavailable')).toEqual([
      { audit: 'dispatch-unavailable', level: 'warn', inbound, reason: 'dispatch store unavailable (Sync unavailable: 503): forwarded without a code' },
    ]);
  });

  it('tells the dispatcher once when Twilio refuses both phones outright, however often the webhook comes', async () => {
    const b = bed();
    b.refuse(PRIMARY, 21610);
    b.refuse(BACKUP, 21211);
    const inbound = await b.inbound(DISPATCH, 'Gate code changed');
    await b.inbound(DISPATCH, 'Gate code changed', { MessageSid: inbound });
    expect(b.sent().map((m) => [m.to, m.body])).toEqual([
      [DISPATCH, '#1 could not be delivered to Primary (opted out with STOP, 21610) or Backup (invalid number, 21211): "Gate code changed"'],
    ]);
    expect(b.lines('notice')).toEqual([{ audit: 'notice', level: 'info', inbound, code: 1, notice: 'exhausted', to: '***0100', outbound: b.sent()[0].sid }]);
    expect(b.store.records.get(inbound)!.notices.exhausted).toEqual(expect.any(String));
  });

  it('an auto-responding dispatcher with both phones refusing gets one exhausted notice per 10 minutes, not one per answer', async () => {
    const b = bed();
    b.refuse(PRIMARY, 21610);
    b.refuse(BACKUP, 21610);
    // The dispatcher's phone answers every notice at once: each answer is a new dispatch, exhausted again.
    for (let turn = 1; turn <= 5; turn += 1) await b.inbound(DISPATCH, `auto answer ${turn}`);
    expect(b.sentTo(DISPATCH)).toHaveLength(1);
    expect(b.lines('notice')).toHaveLength(1);
    expect(b.lines('loop-suppressed')).toHaveLength(4);
    expect(b.lines('loop-suppressed')[0]).toEqual(expect.objectContaining({ notice: 'exhausted', to: '***0100', level: 'warn' }));
  });
});

describe('its status callbacks with two-way on', () => {
  const bed = useTwoWayBed();
  it('fail over to the backup with the record\'s content (no Messages read), and the primary is no longer reached', async () => {
    const b = bed();
    const inbound = await b.inbound(DISPATCH, 'Gate code changed');
    await b.status(b.sent()[0], 'undelivered', '30003');
    expect(b.sent().map((m) => [m.to, m.body])).toEqual([
      [PRIMARY, FORWARD],
      [BACKUP, FORWARD],
    ]);
    expect(b.fake.fetch).not.toHaveBeenCalled();
    expect(b.fake.listMedia).not.toHaveBeenCalled();
    expect(b.store.records.get(inbound)!.legs).toMatchObject({ primary: { state: 'failed', errorCode: '30003' }, backup: { state: 'sent', sid: b.sent()[1].sid } });
    expect(b.lines('forwarded').at(-1)).toMatchObject({ inbound, code: 1, leg: 'backup', primaryErrorCode: '30003' });
  });

  it('note a delivery in the record', async () => {
    const b = bed();
    const inbound = await b.inbound(DISPATCH, 'Gate code changed');
    await b.status(b.sent()[0], 'delivered');
    expect(b.store.records.get(inbound)!.legs.primary).toMatchObject({ state: 'delivered' });
  });

  it('tell the dispatcher exactly once when the backup fails too, even when its callback comes twice', async () => {
    const b = bed();
    const inbound = await b.inbound(DISPATCH, 'Gate code changed');
    await b.status(b.sent()[0], 'undelivered', '30003');
    const backup = b.sent()[1];
    await b.status(backup, 'undelivered', '30005');
    await b.status(backup, 'undelivered', '30005');
    expect(b.sentTo(DISPATCH).map((m) => m.body)).toEqual(['#1 could not be delivered to Primary (unreachable, 30003) or Backup (unknown number, 30005): "Gate code changed"']);
    expect(b.lines('notice')).toHaveLength(1);
    expect(b.lines('exhausted')).toHaveLength(2);
    expect(b.store.records.get(inbound)!.notices.exhausted).toEqual(expect.any(String));
  });

  it('tell the dispatcher once when the primary was refused outright and the backup\'s callback then reports it failed', async () => {
    const b = bed();
    b.refuse(PRIMARY, 21610);
    const inbound = await b.inbound(DISPATCH, 'Gate code changed');
    expect(b.sentTo(DISPATCH)).toEqual([]);
    await b.status(b.sentTo(BACKUP)[0], 'failed', '30005');
    expect(b.sentTo(DISPATCH).map((m) => m.body)).toEqual(['#1 could not be delivered to Primary (opted out with STOP, 21610) or Backup (unknown number, 30005): "Gate code changed"']);
    expect(b.store.records.get(inbound)!.legs).toMatchObject({ primary: { state: 'failed', errorCode: '21610' }, backup: { state: 'failed', errorCode: '30005' } });
  });

  it('fail over as one-way does (re-reading the primary\'s message) when the dispatch has no record', async () => {
    const b = bed();
    jest.spyOn(b.store, 'allocateCode').mockRejectedValue(new Error('Sync unavailable: 503'));
    await b.inbound(DISPATCH, 'Gate code changed');
    const primary = b.sent()[0];
    b.fake.fetch.mockResolvedValue({ body: primary.body, from: '+16195550199', numMedia: '0' });
    await b.status(primary, 'undelivered', '30003');
    expect(b.fake.fetch).toHaveBeenCalledTimes(1);
    expect(b.sentTo(BACKUP).map((m) => m.body)).toEqual(['From Dispatch (+16195550100): Gate code changed']);
  });
});

describe('two-way off (TWO_WAY=false, Sync set)', () => {
  const off = useTwoWayBed({ TWO_WAY: 'false' });
  it('asks for no dispatch store: the forward has no code, and the failover re-reads the primary\'s message', async () => {
    const b = off();
    await b.inbound(DISPATCH, 'hello');
    const primary = b.sent()[0];
    b.fake.fetch.mockResolvedValue({ body: primary.body, from: '+16195550199', numMedia: '0' });
    await b.status(primary, 'undelivered', '30003');
    expect(syncStoreModule.dispatchStoreFor).not.toHaveBeenCalled();
    expect(b.sent().map((m) => [m.to, m.body])).toEqual([
      [PRIMARY, 'From Dispatch (+16195550100): hello'],
      [BACKUP, 'From Dispatch (+16195550100): hello'],
    ]);
    expect(b.fake.fetch).toHaveBeenCalledTimes(1);
  });
});
