import RequestClient from 'twilio/lib/base/RequestClient';
import { CLAIM_SHARDS, claimMapName } from '../../../src/core/twilio/claim-maps';
import { CLAIM_BUDGET_MS, CLAIM_TTL_SECONDS, claimKey, NO_CLAIMS, syncClaims, type ClaimRecord } from '../../../src/core/twilio/claims';
import { currentDeadline, deadlineIn } from '../../../src/core/twilio/deadline';
import { readConfig } from '../../../src/core/config';
import { createRestClient } from '../../../src/core/twilio/client';
import { fakeClock, instantRetries, networkError, relayEnv, twilioError, type FakeClient } from '../../support/mock-runtime';
import { AT, INBOUND, MAP, PREFIX, SYNC, sending, sent, useClaimsBed } from '../../support/claims-bed';

const { bed, claimsOf, held, syncCalls } = useClaimsBed();
let fake: FakeClient;
beforeEach(() => {
  fake = bed.fake;
});

describe('claim keys and lifetime', () => {
  it('prefixes the inbound SID with the kind of side effect', () => {
    expect(claimKey('in', INBOUND)).toBe(`in:${INBOUND}`);
    expect(claimKey('fo', INBOUND)).toBe(`fo:${INBOUND}`);
  });

  it('keeps a claim for 7 days, and gives Sync at most 1.5 s per claim', () => {
    expect(CLAIM_TTL_SECONDS).toBe(7 * 24 * 60 * 60);
    expect(CLAIM_TTL_SECONDS).toBe(604800);
    expect(CLAIM_BUDGET_MS).toBe(1500);
  });
});

describe('NO_CLAIMS', () => {
  it('is disabled, always claims and always settles', async () => {
    expect(NO_CLAIMS.enabled).toBe(false);
    await expect(NO_CLAIMS.claim('in', INBOUND, sending)).resolves.toEqual({ kind: 'claimed' });
    await expect(NO_CLAIMS.claim('in', INBOUND, sending)).resolves.toEqual({ kind: 'claimed' });
    await expect(NO_CLAIMS.claim('fo', INBOUND, sending)).resolves.toEqual({ kind: 'claimed' });
    await expect(NO_CLAIMS.settle('in', INBOUND, sent)).resolves.toBe(true);
  });
});

describe('claim Maps (sharding)', () => {
  const sids = Array.from({ length: 1600 }, (_, i) => `SM${i.toString(16).padStart(32, '0')}`);

  it('spreads messages evenly over 16 Maps, so a burst stays inside Sync\'s 20 writes/s per Map', () => {
    expect(CLAIM_SHARDS).toBe(16);
    const perMap = new Map<string, number>();
    for (const sid of sids) perMap.set(claimMapName(PREFIX, sid), (perMap.get(claimMapName(PREFIX, sid)) ?? 0) + 1);
    expect([...perMap.keys()].sort()).toEqual(Array.from({ length: 16 }, (_, k) => `${PREFIX}-${k}`).sort());
    // 100 per Map on average; a hash gives each at least half and at most one and a half of that.
    for (const count of perMap.values()) expect(count).toBeGreaterThan(50);
    for (const count of perMap.values()) expect(count).toBeLessThan(150);
  });

  it('keeps every claim of one message in one Map, always the same', async () => {
    const claims = claimsOf();
    await claims.claim('in', INBOUND, sending);
    await claims.claim('fo', INBOUND, { ...sending, leg: 'backup' });
    await claims.settle('in', INBOUND, sent);
    expect(new Set([...fake.sync.create.mock.calls, ...fake.sync.update.mock.calls].map((call) => call[1]))).toEqual(new Set([MAP]));
    expect(claimMapName(PREFIX, INBOUND)).toBe(MAP);
  });
});

describe('syncClaims', () => {
  it('is enabled', () => {
    expect(claimsOf().enabled).toBe(true);
  });

  it('claims by creating the Map Item "<kind>:<sid>" with the record and a 7-day TTL', async () => {
    await expect(claimsOf().claim('in', INBOUND, sending)).resolves.toEqual({ kind: 'claimed' });
    expect(fake.sync.create.mock.calls).toEqual([[SYNC, MAP, { key: `in:${INBOUND}`, data: { ...sending, by: expect.any(String) }, itemTtl: 604800 }]]);
    expect(held().get(`in:${INBOUND}`)).toEqual({ ...sending, by: expect.any(String) });
    expect(fake.sync.fetch).not.toHaveBeenCalled();
  });

  it('uses the Maps SYNC_MAP names: "<prefix>-<k>"', async () => {
    await syncClaims(fake.client, SYNC, 'dispatch-claims', deadlineIn(8000)).claim('fo', INBOUND, sending);
    expect(fake.sync.create.mock.calls[0].slice(0, 2)).toEqual([SYNC, claimMapName('dispatch-claims', INBOUND)]);
    expect(claimMapName('dispatch-claims', INBOUND)).toMatch(/^dispatch-claims-([0-9]|1[0-5])$/);
  });

  it('keeps "in" and "fo" apart: both can be claimed once for the same message', async () => {
    const claims = claimsOf();
    await expect(claims.claim('in', INBOUND, sending)).resolves.toEqual({ kind: 'claimed' });
    await expect(claims.claim('fo', INBOUND, { ...sending, leg: 'backup' })).resolves.toEqual({ kind: 'claimed' });
    expect([...held().keys()]).toEqual([`in:${INBOUND}`, `fo:${INBOUND}`]);
  });

  it('answers "taken" on 54208, with the previous record read back', async () => {
    held().set(`in:${INBOUND}`, sent);
    await expect(claimsOf().claim('in', INBOUND, sending)).resolves.toEqual({ kind: 'taken', previous: sent });
    expect(fake.sync.create).toHaveBeenCalledTimes(1);
    expect(fake.sync.fetch.mock.calls).toEqual([[SYNC, MAP, `in:${INBOUND}`]]);
    expect(held().get(`in:${INBOUND}`)).toEqual(sent);
  });

  it('answers "taken" by a second invocation of the same claim (a repeated webhook)', async () => {
    await claimsOf().claim('fo', INBOUND, sending);
    await expect(claimsOf().claim('fo', INBOUND, sending)).resolves.toEqual({ kind: 'taken', previous: { ...sending, by: expect.any(String) } });
  });

  it('answers "taken" without a record when the read-back fails', async () => {
    held().set(`in:${INBOUND}`, sent);
    fake.sync.fetch.mockRejectedValueOnce(twilioError(503, 20503, 'Service Unavailable'));
    await expect(claimsOf().claim('in', INBOUND, sending)).resolves.toEqual({ kind: 'taken' });
  });

  it('does not retry a 54208: it is an answer, not a failure', async () => {
    instantRetries();
    held().set(`in:${INBOUND}`, sent);
    await claimsOf().claim('in', INBOUND, sending);
    expect(fake.sync.create).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['a 503', twilioError(503, 20503, 'Service Unavailable')],
    ['a 429', twilioError(429, 20429, 'Too Many Requests')],
    ['a network error', networkError('ECONNRESET', 'socket hang up')],
  ])('claims after a retry when %s came first', async (_label, error) => {
    instantRetries();
    fake.sync.create.mockRejectedValueOnce(error);
    await expect(claimsOf().claim('in', INBOUND, sending)).resolves.toEqual({ kind: 'claimed' });
    expect(fake.sync.create).toHaveBeenCalledTimes(2);
    expect(held().get(`in:${INBOUND}`)).toEqual({ ...sending, by: expect.any(String) });
  });

  it('retries Sync\'s rate limit (429, 54009: never processed) within the budget instead of giving up', async () => {
    instantRetries();
    const limited = twilioError(429, 54009, 'Rate limit exceeded');
    fake.sync.create.mockRejectedValueOnce(limited).mockRejectedValueOnce(limited);
    await expect(claimsOf().claim('in', INBOUND, sending)).resolves.toEqual({ kind: 'claimed' });
    expect(fake.sync.create).toHaveBeenCalledTimes(3);
  });

  describe('Maps created on first use', () => {
    const mapNotFound = () => twilioError(404, 54200, 'Map not found');

    it('creates the Map when Sync answers 54200, then claims in it', async () => {
      fake.sync.create.mockRejectedValueOnce(mapNotFound());
      await expect(claimsOf().claim('in', INBOUND, sending)).resolves.toEqual({ kind: 'claimed' });
      expect(fake.sync.createMap.mock.calls).toEqual([[SYNC, { uniqueName: MAP }]]);
      expect(fake.sync.create).toHaveBeenCalledTimes(2);
      expect(held().get(`in:${INBOUND}`)).toEqual({ ...sending, by: expect.any(String) });
    });

    it('takes 54301 (another invocation just created it) as created', async () => {
      fake.sync.create.mockRejectedValueOnce(mapNotFound());
      fake.sync.createMap.mockRejectedValueOnce(twilioError(409, 54301, 'Unique name already exists'));
      await expect(claimsOf().claim('in', INBOUND, sending)).resolves.toEqual({ kind: 'claimed' });
      expect(fake.sync.create).toHaveBeenCalledTimes(2);
    });

    it('creates a Map once for the invocations of one container that meet 54200 at once', async () => {
      // Another message whose claims live in the same Map.
      const other = Array.from({ length: 100 }, (_, i) => `SM${i.toString(16).padStart(32, '1')}`).find((sid) => claimMapName(PREFIX, sid) === MAP)!;
      fake.sync.create.mockRejectedValueOnce(mapNotFound()).mockRejectedValueOnce(mapNotFound());
      await expect(Promise.all([claimsOf().claim('in', INBOUND, sending), claimsOf().claim('in', other, sending)])).resolves.toEqual([{ kind: 'claimed' }, { kind: 'claimed' }]);
      expect(fake.sync.createMap).toHaveBeenCalledTimes(1);
    });

    it('answers "unavailable" when the Map cannot be created', async () => {
      fake.sync.create.mockRejectedValueOnce(mapNotFound());
      fake.sync.createMap.mockRejectedValueOnce(twilioError(403, 20003, 'Authenticate'));
      await expect(claimsOf().claim('in', INBOUND, sending)).resolves.toEqual({ kind: 'unavailable', reason: 'Sync unavailable: Authenticate' });
    });
  });

  describe('when Sync keeps failing', () => {
    beforeEach(() => {
      instantRetries();
      fake.sync.create.mockRejectedValue(twilioError(503, 20503, 'Service Unavailable'));
    });

    it('answers "unavailable" after 3 attempts, naming the failure', async () => {
      await expect(claimsOf().claim('in', INBOUND, sending)).resolves.toEqual({ kind: 'unavailable', reason: 'Sync unavailable: Service Unavailable' });
      expect(fake.sync.create).toHaveBeenCalledTimes(3);
    });

    it('makes no further Sync call in that invocation: claim and settle short-circuit', async () => {
      const claims = claimsOf();
      await claims.claim('in', INBOUND, sending);
      const before = syncCalls();
      await expect(claims.claim('fo', INBOUND, sending)).resolves.toEqual({ kind: 'unavailable', reason: 'Sync unavailable: Service Unavailable' });
      await expect(claims.settle('in', INBOUND, sent)).resolves.toBe(false);
      await expect(claims.settle('fo', INBOUND, sent)).resolves.toBe(false);
      expect(syncCalls()).toBe(before);
    });

    it('does not hold it against the next invocation', async () => {
      await claimsOf().claim('in', INBOUND, sending);
      fake.sync.create.mockReset().mockResolvedValue({});
      await expect(claimsOf().claim('in', INBOUND, sending)).resolves.toEqual({ kind: 'claimed' });
    });
  });

  it('answers "unavailable" at once on a refusal that no retry can fix (403, 404)', async () => {
    instantRetries();
    fake.sync.create.mockRejectedValueOnce(twilioError(404, 20404, 'The requested resource /Services/IS…/Maps/relay-claims was not found'));
    const claims = claimsOf();
    await expect(claims.claim('in', INBOUND, sending)).resolves.toMatchObject({ kind: 'unavailable' });
    expect(fake.sync.create).toHaveBeenCalledTimes(1);
    await expect(claims.claim('fo', INBOUND, sending)).resolves.toMatchObject({ kind: 'unavailable' });
    expect(fake.sync.create).toHaveBeenCalledTimes(1);
  });

  it('gives up within CLAIM_BUDGET_MS: a slow failure is not retried past the budget', async () => {
    const clock = fakeClock();
    fake.sync.create.mockImplementation(async () => {
      clock.advance(1200);
      throw networkError('ECONNABORTED', 'timeout of 1500ms exceeded');
    });
    // 300 ms of the claim's 1.5 s are left: less than an attempt's 400 ms, whatever the back-off.
    const result = await claimsOf(deadlineIn(8000, clock.now)).claim('in', INBOUND, sending);
    expect(result).toEqual({ kind: 'unavailable', reason: 'Sync unavailable: ECONNABORTED: timeout of 1500ms exceeded' });
    expect(fake.sync.create).toHaveBeenCalledTimes(1);
  });

  it('settles by updating the claimed item with the record', async () => {
    const claims = claimsOf();
    await claims.claim('in', INBOUND, sending);
    await expect(claims.settle('in', INBOUND, sent)).resolves.toBe(true);
    expect(fake.sync.update.mock.calls).toEqual([[SYNC, MAP, `in:${INBOUND}`, { data: { ...sent, by: expect.any(String) } }]]);
    expect(held().get(`in:${INBOUND}`)).toEqual({ ...sent, by: expect.any(String) });

    const failed: ClaimRecord = { state: 'failed', leg: 'backup', errorCode: '21610', at: AT };
    await claims.claim('fo', INBOUND, { ...sending, leg: 'backup' });
    await expect(claims.settle('fo', INBOUND, failed)).resolves.toBe(true);
    expect(held().get(`fo:${INBOUND}`)).toEqual({ ...failed, by: expect.any(String) });
  });

  it('retries a settle that Sync throttled (429) or whose answer was lost: an update is idempotent', async () => {
    instantRetries();
    const claims = claimsOf();
    await claims.claim('in', INBOUND, sending);
    fake.sync.update.mockRejectedValueOnce(twilioError(429, 54009, 'Rate limit exceeded')).mockRejectedValueOnce(networkError('ETIMEDOUT', 'timeout'));
    await expect(claims.settle('in', INBOUND, sent)).resolves.toBe(true);
    expect(fake.sync.update).toHaveBeenCalledTimes(3);
    expect(held().get(`in:${INBOUND}`)).toEqual({ ...sent, by: expect.any(String) });
  });

  it('does not mark Sync down when a settle had no time left: the next claim still asks Sync', async () => {
    const claims = claimsOf();
    await claims.claim('in', INBOUND, sending);
    // As the HTTP client does: a request with (almost) no time left times out.
    const update = fake.sync.update.getMockImplementation()!;
    fake.sync.update.mockImplementation(async (...args: Parameters<typeof update>) => {
      const left = currentDeadline()?.remaining() ?? Infinity;
      if (left < 50) throw networkError('ECONNABORTED', `timeout of ${Math.max(1, left)}ms exceeded`);
      return update(...args);
    });
    await expect(claims.settle('in', INBOUND, sent, deadlineIn(0))).resolves.toBe(false);
    await expect(claims.claim('fo', INBOUND, { ...sending, leg: 'backup' })).resolves.toEqual({ kind: 'claimed' });
    await expect(claims.settle('fo', INBOUND, { ...sent, leg: 'backup' })).resolves.toBe(true);
  });

  it('answers false when a settle with its whole budget keeps failing, and then leaves Sync alone', async () => {
    instantRetries();
    const claims = claimsOf();
    await claims.claim('in', INBOUND, sending);
    fake.sync.update.mockRejectedValue(networkError('ETIMEDOUT', 'timeout'));
    await expect(claims.settle('in', INBOUND, sent)).resolves.toBe(false);
    const before = syncCalls();
    await expect(claims.claim('fo', INBOUND, sending)).resolves.toEqual({ kind: 'unavailable', reason: 'Sync unavailable: ETIMEDOUT: timeout' });
    expect(syncCalls()).toBe(before);
  });

  // A retry after a lost answer meets 54208 from its own first create: the per-invocation `by`
  // tells it apart from another delivery's claim, which would otherwise send the message to nobody.
  it('does not mistake its own claim, stored before a lost answer, for a duplicate', async () => {
    instantRetries();
    fake.sync.create.mockImplementationOnce(async (_service: string, _map: string, opts: { key: string; data: unknown }) => {
      held().set(opts.key, opts.data);
      throw networkError('ECONNRESET', 'socket hang up');
    });
    await expect(claimsOf().claim('in', INBOUND, sending)).resolves.toEqual({ kind: 'claimed' });
  });
});

describe('syncClaims through the real SDK client', () => {
  // The budget bounds each request's time-out too (runWithin), not only the decision to retry:
  // a 503 after 1 s must not be followed by an attempt that may hang another 1.5 s.
  it('ends a claim within CLAIM_BUDGET_MS, retries included', async () => {
    instantRetries();
    const clock = fakeClock();
    let calls = 0;
    jest.spyOn(RequestClient.prototype, 'request').mockImplementation(async (opts: { timeout?: number }) => {
      calls += 1;
      if (calls === 1) {
        clock.advance(1000);
        return { statusCode: 503, body: JSON.stringify({ code: 20503, message: 'Service Unavailable', status: 503 }), headers: {} } as never;
      }
      clock.advance(opts.timeout ?? 0);
      throw Object.assign(new Error(`timeout of ${opts.timeout}ms exceeded`), { code: 'ECONNABORTED' });
    });
    const deadline = deadlineIn(8000, clock.now);
    const client = createRestClient(readConfig(relayEnv()), deadline);
    const started = clock.now();
    await syncClaims(client, SYNC, MAP, deadline).claim('in', INBOUND, sending);
    expect(clock.now() - started).toBeLessThanOrEqual(CLAIM_BUDGET_MS);
  });
});
