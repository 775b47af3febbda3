import { newCodeHint } from '../../../src/core/dispatch/code-hint';
import { codeAddress, recordAddress, DISPATCH_SHARDS, dispatchMapNames } from '../../../src/core/dispatch/dispatch-maps';
import { checkLoop } from '../../../src/core/dispatch/loop-breaker';
import { legDelivered, legFailed, legSent } from '../../../src/core/dispatch/record';
import { LOOP_TTL_SECONDS } from '../../../src/core/dispatch/store';
import { SyncUnavailable } from '../../../src/core/dispatch/sync-items';
import { deadlineIn } from '../../../src/core/twilio/deadline';
import { dispatch, later, T0 } from '../../support/dispatch-records';
import { instantRetries, networkError, twilioError } from '../../support/mock-runtime';
import { dispatchBed, PREFIX, SYNC } from '../../support/sync-dispatch-bed';

const SID = 'SM00000000000000000000000000000001';
const SID2 = 'SM00000000000000000000000000000002';
const at = recordAddress(PREFIX, SID);
let bed: ReturnType<typeof dispatchBed>;
beforeEach(() => {
  bed = dispatchBed();
  instantRetries();
});
afterEach(() => jest.restoreAllMocks());

describe('records', () => {
  it('creates the record in its shard with Sync TTL at openUntil; a second create gets the existing one', async () => {
    const created = await bed.store().create(dispatch({ code: 3 }));
    expect(created.code).toBe(3);
    expect(bed.sync.create).toHaveBeenCalledWith(SYNC, at.map, expect.objectContaining({ key: `d:${SID}`, itemTtl: 24 * 3600 }));
    await expect(bed.store().create(dispatch({ code: 4 }))).resolves.toMatchObject({ code: 3 });
    await expect(bed.store().get(SID)).resolves.toMatchObject({ code: 3, inboundSid: SID });
  });

  it('a code whose record is not written with it is let go: the record create fails, or finds a record with another code', async () => {
    // A short share: failures within it prove nothing about Sync (sync-items.ts), so the lock can still be freed.
    const store = bed.store({ deadline: deadlineIn(1000, bed.clock.now) });
    const lockOf = async (code: number) => (await bed.sync.fetch(SYNC, codeAddress(PREFIX, code).map, codeAddress(PREFIX, code).key)) as { dateExpires: Date | null };
    const first = await store.allocateCode(SID, later(3600));
    await store.create(dispatch({ code: first }));
    const other = await store.allocateCode(SID2, later(3600));
    for (let n = 0; n < 3; n += 1) bed.sync.create.mockRejectedValueOnce(networkError('ECONNRESET', 'socket hang up'));
    await expect(store.create(dispatch({ inboundSid: SID2, code: other }))).rejects.toThrow(SyncUnavailable);
    expect((await lockOf(other!)).dateExpires!.getTime()).toBeLessThanOrEqual(bed.clock.now() + 1000);
    // Another copy of the first webhook, in another invocation: it took a code, the record has #1.
    const copy = bed.store({ hint: newCodeHint() });
    const third = await copy.allocateCode(SID, later(3600));
    expect(third).not.toBe(first);
    await expect(copy.create(dispatch({ code: third }))).resolves.toMatchObject({ code: first });
    expect((await lockOf(third!)).dateExpires!.getTime()).toBeLessThanOrEqual(bed.clock.now() + 1000);
    expect((await lockOf(first!)).dateExpires!.getTime()).toBeGreaterThan(bed.clock.now() + 1000);
  });

  it('two updates racing with different transitions both land (one meets 54205, reads again, re-applies)', async () => {
    await bed.store().create(dispatch());
    await Promise.all([
      bed.store().update(SID, (r) => legSent(r, 'primary', 'SMp', later(1))),
      bed.store().update(SID, (r) => legFailed(r, 'backup', '30003', later(1))),
    ]);
    const record = await bed.store().get(SID);
    expect(record?.legs).toMatchObject({ primary: { state: 'sent', sid: 'SMp' }, backup: { state: 'failed', errorCode: '30003' } });
    // Both read revision 0; the loser's If-Match 0 met 54205, and its second try wrote on 1.
    expect(bed.sync.update.mock.calls.map(([, , , opts]) => opts.ifMatch)).toEqual(['0', '0', '1']);
    expect(bed.sync.revision(SYNC, at.map, at.key)).toBe('2');
  });

  it('a change that changes nothing writes nothing; an update of a missing record is undefined', async () => {
    await bed.store().create(dispatch());
    await bed.store().update(SID, (r) => legSent(r, 'primary', 'SMp', later(1)));
    const writes = bed.writes();
    await expect(bed.store().update(SID, (r) => legSent(r, 'primary', 'SMp', later(2)))).resolves.toMatchObject({ legs: { primary: { sid: 'SMp' } } });
    await expect(bed.store().update(SID, (r) => legDelivered(legDelivered(r, 'backup', later(3)), 'backup', later(3)))).resolves.toBeDefined();
    expect(bed.writes()).toBe(writes);
    await expect(bed.store().update('SMmissing', (r) => legSent(r, 'primary', 'SMp', later(1)))).resolves.toBeUndefined();
  });

  it('an update keeps the TTL (openUntil is fixed); past openUntil the record is gone even while Sync still holds it', async () => {
    await bed.store().create(dispatch());
    await bed.store().update(SID, (r) => legSent(r, 'primary', 'SMp', later(1)));
    expect(bed.sync.update.mock.calls[0][3]).not.toHaveProperty('itemTtl');
    bed.clock.advance(24 * 3600 * 1000);
    expect(bed.sync.items(SYNC, at.map).has(at.key)).toBe(true);
    await expect(bed.store().get(SID)).resolves.toBeUndefined();
    await expect(bed.store().openRecords(later(24 * 3600))).resolves.toEqual([]);
  });
});

describe('openRecords', () => {
  it('pages through every Map of the set and keeps only open records', async () => {
    // 4,000 records put straight into the fake: ~125 per Map, so each Map takes two pages of 100.
    const sids = Array.from({ length: 4000 }, (_, i) => `SM${i.toString(16).padStart(32, '0')}`);
    for (const [i, sid] of sids.entries()) {
      const record = dispatch({ inboundSid: sid, at: i % 2 ? T0 : later(-24 * 3600) });
      const address = recordAddress(PREFIX, sid);
      bed.sync.items(SYNC, address.map).set(address.key, record);
    }
    bed.sync.items(SYNC, `${PREFIX}-dispatch-1`).set('code:1', { inboundSid: sids[1] });
    const open = await bed.store().openRecords(T0);
    expect(open.map((r) => r.inboundSid).sort()).toEqual(sids.filter((_, i) => i % 2).sort());
    const pagesPerMap = new Map<string, number>();
    for (const [, map] of bed.sync.page.mock.calls) pagesPerMap.set(map, (pagesPerMap.get(map) ?? 0) + 1);
    expect([...pagesPerMap.keys()].sort()).toEqual(dispatchMapNames(PREFIX).sort());
    expect(Math.min(...pagesPerMap.values())).toBeGreaterThanOrEqual(2);
    expect(pagesPerMap.size).toBe(DISPATCH_SHARDS);
  });
});

describe('loop state', () => {
  it('creates a pair state, writes again only when it changes, and moves its TTL on each write', async () => {
    const toPhone = (now: Date) => (state: Parameters<typeof checkLoop>[0]) => checkLoop(state, 'to-phone', now).state;
    const first = await bed.store().updateLoop('+16195550100', 'primary', toPhone(T0));
    expect(first.run).toMatchObject({ last: 'to-phone', replies: 0 });
    await bed.store().updateLoop('+16195550100', 'primary', toPhone(later(1)));
    expect(bed.writes()).toBe(1);
    await bed.store().updateLoop('+16195550100', 'primary', (state) => checkLoop(state, 'to-dispatcher', later(2)).state);
    expect(bed.sync.create.mock.calls[0][2]).toMatchObject({ key: 'lp:primary:16195550100', itemTtl: LOOP_TTL_SECONDS });
    expect(bed.sync.update.mock.calls[0][3]).toMatchObject({ itemTtl: LOOP_TTL_SECONDS, ifMatch: '0' });
  });
});

describe('Sync trouble', () => {
  it('retries a 429 (Sync never processed it) and a lost answer', async () => {
    bed.sync.create.mockRejectedValueOnce(twilioError(429, 54009, 'Rate limit exceeded'));
    bed.sync.fetch.mockRejectedValueOnce(networkError('ECONNRESET', 'socket hang up'));
    await expect(bed.store().create(dispatch())).resolves.toMatchObject({ inboundSid: SID });
    await expect(bed.store().get(SID)).resolves.toMatchObject({ inboundSid: SID });
    expect(bed.sync.create).toHaveBeenCalledTimes(2);
    expect(bed.sync.fetch).toHaveBeenCalledTimes(2);
  });

  it('Sync down: throws SyncUnavailable after at most 3 attempts, and the invocation asks Sync no more', async () => {
    const down = () => Promise.reject(twilioError(503, 20503, 'Service unavailable'));
    bed.sync.fetch.mockImplementation(down);
    bed.sync.create.mockImplementation(down);
    const store = bed.store();
    await expect(store.update(SID, (r) => r)).rejects.toBeInstanceOf(SyncUnavailable);
    expect(bed.sync.fetch).toHaveBeenCalledTimes(3);
    await expect(store.allocateCode(SID, later(3600))).rejects.toThrow('Sync unavailable: Service unavailable');
    await expect(store.openRecords(T0)).rejects.toBeInstanceOf(SyncUnavailable);
    expect(bed.sync.create).not.toHaveBeenCalled();
    expect(bed.sync.page).not.toHaveBeenCalled();
  });

  it('within the deadline: with less than an attempt and its back-off left, no retry is made', async () => {
    bed.sync.fetch.mockRejectedValue(twilioError(503, 20503, 'Service unavailable'));
    const deadline = deadlineIn(300, bed.clock.now);
    await expect(bed.store({ deadline }).get(SID)).rejects.toBeInstanceOf(SyncUnavailable);
    expect(bed.sync.fetch).toHaveBeenCalledTimes(1);
  });
});
