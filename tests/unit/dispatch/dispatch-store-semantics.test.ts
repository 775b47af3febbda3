/**
 * The in-memory store the handler tests use and the Sync store behave alike: the same cases run
 * against both (the Sync one over the fake Sync, its clock moved by the test).
 */
import type { DispatchStore } from '../../../src/core/dispatch/store';
import { acknowledge, legSent } from '../../../src/core/dispatch/record';
import { checkLoop, NO_LOOP } from '../../../src/core/dispatch/loop-breaker';
import { memoryDispatchStore } from '../../support/memory-dispatch-store';
import { dispatch, later, T0 } from '../../support/dispatch-records';
import { fakeClock, instantRetries } from '../../support/mock-runtime';
import { dispatchBed } from '../../support/sync-dispatch-bed';

interface Subject {
  /** One invocation's store. */
  store(): DispatchStore;
  advance(ms: number): void;
  writes(): number;
}

function memory(): Subject {
  const clock = fakeClock(T0.getTime());
  const store = memoryDispatchStore(clock.now);
  return { store: () => store, advance: clock.advance, writes: () => store.writes };
}

function sync(): Subject {
  const bed = dispatchBed();
  return { store: () => bed.store(), advance: bed.clock.advance, writes: bed.writes };
}

const SID = 'SM00000000000000000000000000000001';
beforeEach(() => instantRetries());
afterEach(() => jest.restoreAllMocks());

describe.each([
  ['memoryDispatchStore', memory],
  ['syncDispatchStore', sync],
])('%s', (_name, make) => {
  let subject: Subject;
  beforeEach(() => {
    subject = make();
  });

  it('create returns the record that exists already (a repeated webhook uses its code)', async () => {
    await subject.store().create(dispatch({ code: 3 }));
    await expect(subject.store().create(dispatch({ code: 4 }))).resolves.toMatchObject({ code: 3 });
    await expect(subject.store().get(SID)).resolves.toMatchObject({ code: 3 });
  });

  it('two racing updates with different transitions both land; a no-op writes nothing', async () => {
    await subject.store().create(dispatch());
    await Promise.all([
      subject.store().update(SID, (r) => legSent(r, 'primary', 'SMp', later(1))),
      subject.store().update(SID, (r) => legSent(r, 'backup', 'SMb', later(1))),
    ]);
    const record = await subject.store().get(SID);
    expect(Object.keys(record!.legs).sort()).toEqual(['backup', 'primary']);
    const writes = subject.writes();
    await subject.store().update(SID, (r) => legSent(r, 'primary', 'SMp', later(2)));
    expect(subject.writes()).toBe(writes);
    await expect(subject.store().update('SMnone', (r) => acknowledge(r, 'primary', 'SMr', later(3)).record)).resolves.toBeUndefined();
  });

  it('codes: smallest free first, the same inboundSid gets its own code again, free again after openUntil', async () => {
    const until = later(3600);
    expect(await subject.store().allocateCode('SMa', until)).toBe(1);
    expect(await subject.store().allocateCode('SMb', until)).toBe(2);
    expect(await subject.store().allocateCode('SMa', until)).toBe(1);
    subject.advance(3600_000);
    expect(await subject.store().allocateCode('SMc', later(7200))).toBe(1);
  });

  it('records vanish at openUntil; openRecords lists the open ones', async () => {
    await subject.store().create(dispatch({ inboundSid: 'SMold', at: T0 }));
    await subject.store().create(dispatch({ inboundSid: 'SMnew', at: later(3600) }));
    subject.advance(24 * 3600_000);
    expect((await subject.store().openRecords(later(24 * 3600))).map((r) => r.inboundSid)).toEqual(['SMnew']);
    expect(await subject.store().get('SMold')).toBeUndefined();
  });

  it('updateLoop keeps the state of one pair and writes only a change', async () => {
    const first = await subject.store().updateLoop('+16195550100', 'primary', (state) => checkLoop(state, 'to-phone', T0).state);
    expect(first).not.toBe(NO_LOOP);
    const again = await subject.store().updateLoop('+16195550100', 'primary', (state) => checkLoop(state, 'to-phone', later(1)).state);
    expect(again).toEqual(first);
    expect(subject.writes()).toBe(1);
    await expect(subject.store().updateLoop('+16195550100', 'backup', (state) => state)).resolves.toBe(NO_LOOP);
  });
});
