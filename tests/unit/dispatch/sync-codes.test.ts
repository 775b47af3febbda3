import { newCodeHint, SEQUENTIAL_PROBES } from '../../../src/core/dispatch/code-hint';
import { codeAddress } from '../../../src/core/dispatch/dispatch-maps';
import { MAX_PROBES, TAKEN_GUESS_MS } from '../../../src/core/dispatch/sync-codes';
import { deadlineIn } from '../../../src/core/twilio/deadline';
import { later } from '../../support/dispatch-records';
import { instantRetries } from '../../support/mock-runtime';
import { dispatchBed, PREFIX, SYNC } from '../../support/sync-dispatch-bed';

const sid = (n: number) => `SM${n.toString(16).padStart(32, '0')}`;
const UNTIL = later(24 * 3600);
let bed: ReturnType<typeof dispatchBed>;
beforeEach(() => {
  bed = dispatchBed();
  instantRetries();
});
afterEach(() => jest.restoreAllMocks());

/** Who holds a code's lock now, read straight from the fake (undefined when free or expired). */
async function holderOf(code: number): Promise<string | undefined> {
  const at = codeAddress(PREFIX, code);
  const lock = await bed.sync.fetch(SYNC, at.map, at.key).catch(() => undefined);
  if (!lock || (lock.dateExpires && lock.dateExpires.getTime() <= bed.clock.now())) return undefined;
  return (lock.data as { inboundSid: string }).inboundSid || undefined;
}

/** Every Sync call takes `ms` on the fake clock; calls made together overlap, as they would. */
function latency(ms: number) {
  for (const call of [bed.sync.create, bed.sync.fetch, bed.sync.update]) {
    const real = call.getMockImplementation()!;
    call.mockImplementation(async (...args: unknown[]) => {
      const end = bed.clock.now() + ms;
      await Promise.resolve();
      try {
        return await real(...args);
      } finally {
        bed.clock.advance(Math.max(0, end - bed.clock.now()));
      }
    });
  }
}

/** Locks as other containers' dispatches left them (straight through the fake, then forgotten by its call counts). */
async function heldElsewhere(codes: number[], ttlSeconds = 3600) {
  for (const code of codes) {
    const at = codeAddress(PREFIX, code);
    await bed.sync.create(SYNC, at.map, { key: at.key, data: { inboundSid: sid(100_000 + code) }, itemTtl: ttlSeconds });
  }
  bed.sync.create.mockClear();
}

describe('allocateCode', () => {
  it('takes the smallest free code when few are open, each a lock with Sync TTL at openUntil', async () => {
    await expect(bed.store().allocateCode(sid(1), UNTIL)).resolves.toBe(1);
    expect(bed.sync.create.mock.calls[0]).toEqual([SYNC, `${PREFIX}-dispatch-1`, { key: 'code:1', data: { inboundSid: sid(1) }, itemTtl: 24 * 3600 }]);
    await expect(bed.store().allocateCode(sid(2), UNTIL)).resolves.toBe(2);
    await heldElsewhere([3]);
    await expect(bed.store().allocateCode(sid(4), UNTIL)).resolves.toBe(4);
    // #3 met taken: the next round tries #4..#6 at once, keeps #4 and lets #5 and #6 go.
    expect(bed.sync.create.mock.calls.map(([, , opts]) => opts.key)).toEqual(['code:3', 'code:4', 'code:5', 'code:6']);
    await expect(holderOf(5)).resolves.toBeUndefined();
    await expect(holderOf(2)).resolves.toBe(sid(2));
    await expect(holderOf(9)).resolves.toBeUndefined();
  });

  it('gives 20 concurrent allocations of one container 20 different codes, one create each', async () => {
    const codes = await Promise.all(Array.from({ length: 20 }, (_, i) => bed.store().allocateCode(sid(i), UNTIL)));
    expect([...codes].sort((a, b) => a! - b!)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(bed.sync.create).toHaveBeenCalledTimes(20);
  });

  it('gives 20 concurrent allocations of 20 containers (no shared hint) 20 different codes: Sync decides', async () => {
    const codes = await Promise.all(Array.from({ length: 20 }, (_, i) => bed.store({ hint: newCodeHint() }).allocateCode(sid(i), UNTIL)));
    expect(codes.every((code) => code !== undefined)).toBe(true);
    expect(new Set(codes).size).toBe(20);
    for (const [i, code] of codes.entries()) await expect(holderOf(code!)).resolves.toBe(sid(i));
  });

  it('with 500 codes open elsewhere, a new container finds free ones within MAX_PROBES creates each', async () => {
    await heldElsewhere(Array.from({ length: 500 }, (_, i) => i + 1));
    const hint = newCodeHint();
    const codes: Array<number | undefined> = [];
    const probes: number[] = [];
    for (let i = 0; i < 50; i += 1) {
      const before = bed.sync.create.mock.calls.length;
      codes.push(await bed.store({ hint }).allocateCode(sid(i), UNTIL));
      probes.push(bed.sync.create.mock.calls.length - before);
    }
    expect(codes.every((code) => code !== undefined && code > 500)).toBe(true);
    expect(new Set(codes).size).toBe(50);
    expect(Math.max(...probes)).toBeLessThanOrEqual(MAX_PROBES);
    // The first dispatch walks the SEQUENTIAL_PROBES smallest codes; what it saw taken is remembered.
    expect(probes[0]).toBeGreaterThan(SEQUENTIAL_PROBES);
    console.info(`500 open: ${probes.reduce((a, b) => a + b, 0)} creates for 50 allocations, at most ${Math.max(...probes)} for one`);
  });

  it('a code whose lock names our own inboundSid is ours (a create retried after its answer was lost, a webhook repeated in this container)', async () => {
    const real = bed.sync.create.getMockImplementation()!;
    bed.sync.create.mockImplementationOnce(async (...args: unknown[]) => {
      await real(...args);
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    });
    await expect(bed.store().allocateCode(sid(1), UNTIL)).resolves.toBe(1);
    expect(bed.sync.create).toHaveBeenCalledTimes(2);
    expect(bed.sync.fetch).toHaveBeenCalledTimes(1);
    const calls = bed.sync.create.mock.calls.length;
    await expect(bed.store().allocateCode(sid(1), UNTIL)).resolves.toBe(1);
    expect(bed.sync.create.mock.calls.length).toBe(calls);
  });

  it('an expired lock Sync has not deleted yet is taken over with If-Match once its guessed hold lapses; its holder is no longer named', async () => {
    await heldElsewhere([1], 60);
    const hint = newCodeHint();
    // Met taken on a first attempt: someone else's, skipped without a read.
    await expect(bed.store({ hint }).allocateCode(sid(2), UNTIL)).resolves.toBe(2);
    expect(bed.sync.fetch).not.toHaveBeenCalled();
    bed.clock.advance(TAKEN_GUESS_MS + 1);
    await expect(holderOf(1)).resolves.toBeUndefined();
    await expect(bed.store({ hint }).allocateCode(sid(1), UNTIL)).resolves.toBe(1);
    expect(bed.sync.update).toHaveBeenCalledWith(SYNC, `${PREFIX}-dispatch-1`, 'code:1', expect.objectContaining({ ifMatch: '0', data: { inboundSid: sid(1) } }));
    await expect(holderOf(1)).resolves.toBe(sid(1));
  });

  it('with Sync answering in 80 ms and #1..#3 held by other containers, a cold container still gets a code within the 450 ms share', async () => {
    await heldElsewhere([1, 2, 3]);
    latency(80);
    const code = await bed.store({ hint: newCodeHint(), deadline: deadlineIn(450, bed.clock.now) }).allocateCode(sid(9), UNTIL);
    expect(code).toBe(4);
  });

  it('a cold container with 200 codes held elsewhere still gets one, dispatch after dispatch, within the 450 ms share at 80 ms a call', async () => {
    await heldElsewhere(Array.from({ length: 200 }, (_, i) => i + 1));
    latency(80);
    const hint = newCodeHint();
    const codes: Array<number | undefined> = [];
    for (let i = 0; i < 20; i += 1) codes.push(await bed.store({ hint, deadline: deadlineIn(450, bed.clock.now) }).allocateCode(sid(i), UNTIL));
    expect(codes.every((code) => code !== undefined && code > 200)).toBe(true);
    expect(new Set(codes).size).toBe(20);
  });

  it('codes free again once their locks expire, so the smallest comes back', async () => {
    const shortly = later(60);
    await expect(bed.store().allocateCode(sid(1), shortly)).resolves.toBe(1);
    bed.clock.advance(61_000);
    await expect(bed.store().allocateCode(sid(2), UNTIL)).resolves.toBe(1);
  });
});
