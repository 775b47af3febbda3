import { newCodeHint, type CodeHint } from '../../src/core/dispatch/code-hint';
import { syncDispatchStore } from '../../src/core/dispatch/sync-store';
import type { RestClient } from '../../src/core/twilio/client';
import { deadlineIn, type Deadline } from '../../src/core/twilio/deadline';
import { fakeClock, makeFakeSync, type FakeSync } from './mock-runtime';
import { T0 } from './dispatch-records';

export const SYNC = `IS${'0'.repeat(31)}5`;
export const PREFIX = 'relay';

/** syncDispatchStore over the fake Sync, on a clock that starts at T0 and moves only when told. */
export function dispatchBed() {
  const clock = fakeClock(T0.getTime());
  const sync: FakeSync & { v1: unknown } = makeFakeSync(clock.now);
  const client = { sync: { v1: sync.v1 } } as unknown as RestClient;
  const containerHint = newCodeHint();
  /** One invocation's store: the container's hint unless another container's is given. */
  const store = (options: { hint?: CodeHint; deadline?: Deadline } = {}) =>
    syncDispatchStore(client, SYNC, PREFIX, options.deadline ?? deadlineIn(7000, clock.now), options.hint ?? containerHint, clock.now);
  const writes = () => sync.create.mock.calls.length + sync.update.mock.calls.length;
  return { clock, sync, store, writes };
}
