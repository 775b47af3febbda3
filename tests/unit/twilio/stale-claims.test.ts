/** A claim left "sending" by an invocation that died: when it is stale, and how it is taken over. */
import { STALE_CLAIM_MS, type ClaimRecord } from '../../../src/core/twilio/claims';
import { currentDeadline, deadlineIn } from '../../../src/core/twilio/deadline';
import { fakeClock, instantRetries, networkError, twilioError, type FakeClient } from '../../support/mock-runtime';
import { INBOUND, MAP, OUT, SYNC, sending, sent, useClaimsBed } from '../../support/claims-bed';

const { bed, claimsOf, held } = useClaimsBed();
let fake: FakeClient;
beforeEach(() => {
  fake = bed.fake;
});

describe('a stale claim: "sending" for longer than a Function can run', () => {
  const agoMs = (ms: number) => new Date(Date.now() - ms).toISOString();
  const dead: ClaimRecord = { state: 'sending', leg: 'primary', at: agoMs(20_000), by: 'a-dead-invocation' };
  const staleClaim = async (claims = claimsOf()) => {
    const result = await claims.claim('in', INBOUND, sending);
    if (result.kind !== 'stale') throw new Error(`expected a stale claim, got ${result.kind}`);
    return result;
  };

  it('is older than Twilio\'s 10 s execution limit plus a 5 s margin', () => {
    expect(STALE_CLAIM_MS).toBe(15_000);
  });

  it('answers "stale" with the previous record when the item has been "sending" for longer than STALE_CLAIM_MS', async () => {
    held().set(`in:${INBOUND}`, dead);
    await expect(claimsOf().claim('in', INBOUND, sending)).resolves.toEqual({ kind: 'stale', previous: dead, takeOver: expect.any(Function) });
  });

  it.each([
    ['"sending" for 14 s (its holder may still be running)', { ...dead, at: agoMs(14_000) }],
    ['"sent", however old', { ...dead, state: 'sent' as const, sid: OUT }],
    ['"failed", however old', { ...dead, state: 'failed' as const, errorCode: '21610' }],
  ])('answers "taken" for a claim %s', async (_label, previous) => {
    held().set(`in:${INBOUND}`, previous);
    await expect(claimsOf().claim('in', INBOUND, sending)).resolves.toEqual({ kind: 'taken', previous });
  });

  it('takes over with If-Match on the revision it read: "won", and the claim is now this invocation\'s', async () => {
    held().set(`in:${INBOUND}`, dead);
    const claims = claimsOf();
    const stale = await staleClaim(claims);
    await expect(stale.takeOver()).resolves.toBe('won');
    expect(fake.sync.update.mock.calls).toEqual([[SYNC, MAP, `in:${INBOUND}`, { data: { ...sending, by: expect.any(String) }, ifMatch: '0' }]]);
    const mine = held().get(`in:${INBOUND}`) as ClaimRecord;
    expect(mine.by).not.toBe(dead.by);
    // Another delivery now finds it taken (fresh "sending"), and this invocation settles it as usual.
    await expect(claimsOf().claim('in', INBOUND, sending)).resolves.toMatchObject({ kind: 'taken', previous: { by: mine.by } });
    await expect(claims.settle('in', INBOUND, sent)).resolves.toBe(true);
  });

  it('answers "lost" when another delivery took it over first (revision mismatch, 54205)', async () => {
    held().set(`in:${INBOUND}`, dead);
    const [first, second] = [await staleClaim(), await staleClaim()];
    await expect(first.takeOver()).resolves.toBe('won');
    await expect(second.takeOver()).resolves.toBe('lost');
    expect(fake.sync.update).toHaveBeenCalledTimes(2);
  });

  it('lets exactly one of two concurrent takeovers win', async () => {
    held().set(`in:${INBOUND}`, dead);
    const stale = await Promise.all([staleClaim(), staleClaim()]);
    const won = await Promise.all(stale.map((s) => s.takeOver()));
    expect(won.sort()).toEqual(['lost', 'won']);
  });

  it('knows its own takeover when the answer was lost and the retry meets 54205', async () => {
    instantRetries();
    held().set(`in:${INBOUND}`, dead);
    const stale = await staleClaim();
    fake.sync.update.mockImplementationOnce(async (service: string, map: string, key: string, opts: { data: unknown; ifMatch: string }) => {
      await fake.sync.update.getMockImplementation()!(service, map, key, opts);
      throw networkError('ECONNRESET', 'socket hang up');
    });
    await expect(stale.takeOver()).resolves.toBe('won');
    expect(fake.sync.update).toHaveBeenCalledTimes(2);
  });

  it('answers "unavailable", not "lost", when Sync cannot be asked: the caller sends anyway', async () => {
    instantRetries();
    held().set(`in:${INBOUND}`, dead);
    const claims = claimsOf();
    const stale = await staleClaim(claims);
    fake.sync.update.mockRejectedValue(twilioError(503, 20503, 'Service Unavailable'));
    await expect(stale.takeOver()).resolves.toBe('unavailable');
    await expect(claims.claim('fo', INBOUND, sending)).resolves.toEqual({ kind: 'unavailable', reason: 'Sync unavailable: Service Unavailable' });
  });

  it('takes over within the deadline it is given when called, not the claim\'s, which the lookup used up', async () => {
    const clock = fakeClock();
    held().set(`in:${INBOUND}`, dead);
    const claimWindow = deadlineIn(1500, clock.now);
    const result = await claimsOf(deadlineIn(8000, clock.now)).claim('in', INBOUND, sending, claimWindow);
    if (result.kind !== 'stale') throw new Error(`expected a stale claim, got ${result.kind}`);
    clock.advance(1500);
    const update = fake.sync.update.getMockImplementation()!;
    fake.sync.update.mockImplementation(async (...args: Parameters<typeof update>) => {
      const left = currentDeadline()?.remaining() ?? Infinity;
      if (left < 50) throw networkError('ECONNABORTED', `timeout of ${Math.max(1, left)}ms exceeded`);
      return update(...args);
    });
    await expect(result.takeOver(deadlineIn(1500, clock.now))).resolves.toBe('won');
  });
});
