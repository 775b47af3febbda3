import { memoryDispatchStore } from '../../support/memory-dispatch-store';
import { dispatch, later, T0 } from '../../support/dispatch-records';
import { acknowledge, legSent } from '../../../src/core/dispatch/record';
import { checkLoop, NO_LOOP } from '../../../src/core/dispatch/loop-breaker';

describe('memoryDispatchStore: the Sync store semantics for handler tests', () => {
  it('create returns the record that exists already (a repeated webhook uses its code)', async () => {
    const store = memoryDispatchStore(() => T0.getTime());
    await store.create(dispatch({ code: 3 }));
    await expect(store.create(dispatch({ code: 4 }))).resolves.toMatchObject({ code: 3 });
    expect(store.writes).toBe(1);
  });

  it('two racing updates with different transitions both land; a no-op writes nothing', async () => {
    const store = memoryDispatchStore(() => T0.getTime());
    await store.create(dispatch());
    await Promise.all([
      store.update('SM00000000000000000000000000000001', (r) => legSent(r, 'primary', 'SMp', later(1))),
      store.update('SM00000000000000000000000000000001', (r) => legSent(r, 'backup', 'SMb', later(1))),
    ]);
    const record = await store.get('SM00000000000000000000000000000001');
    expect(Object.keys(record!.legs).sort()).toEqual(['backup', 'primary']);
    const writes = store.writes;
    await store.update('SM00000000000000000000000000000001', (r) => legSent(r, 'primary', 'SMp', later(2)));
    expect(store.writes).toBe(writes);
    await expect(store.update('SMnone', (r) => acknowledge(r, 'primary', 'SMr', later(3)).record)).resolves.toBeUndefined();
  });

  it('codes: smallest free first, the same inboundSid gets its own code again, free again after openUntil', async () => {
    let now = T0.getTime();
    const store = memoryDispatchStore(() => now);
    const until = later(3600);
    expect(await store.allocateCode('SMa', until)).toBe(1);
    expect(await store.allocateCode('SMb', until)).toBe(2);
    expect(await store.allocateCode('SMa', until)).toBe(1);
    expect(await store.holderOf(2)).toBe('SMb');
    now = until.getTime();
    expect(await store.holderOf(2)).toBeUndefined();
    expect(await store.allocateCode('SMc', later(7200))).toBe(1);
  });

  it('records vanish at openUntil; openRecords lists the open ones', async () => {
    let now = T0.getTime();
    const store = memoryDispatchStore(() => now);
    await store.create(dispatch({ inboundSid: 'SMold', at: T0 }));
    await store.create(dispatch({ inboundSid: 'SMnew', at: later(3600) }));
    now = later(24 * 3600).getTime();
    expect((await store.openRecords(new Date(now))).map((r) => r.inboundSid)).toEqual(['SMnew']);
    expect(await store.get('SMold')).toBeUndefined();
  });

  it('updateLoop keeps the state of one pair', async () => {
    const store = memoryDispatchStore(() => T0.getTime());
    const first = await store.updateLoop('+16195550100', 'primary', (state) => checkLoop(state, 'to-phone', T0).state);
    expect(first).not.toBe(NO_LOOP);
    const again = await store.updateLoop('+16195550100', 'primary', (state) => checkLoop(state, 'to-phone', later(1)).state);
    expect(again).toEqual(first);
    expect(store.writes).toBe(1);
  });
});
