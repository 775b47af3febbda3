/** failoverRecorded: the backup's scheduled copy is canceled first, and a hung cancel never takes the backup's send its 2 s. */
import { copyScheduled } from '../../../src/core/dispatch/escalation-record';
import { failoverRecorded } from '../../../src/core/dispatch/escalation-status';
import { createDispatch, legFailed } from '../../../src/core/dispatch/record';
import { DEFAULT_NAMES } from '../../../src/core/dispatch/two-way-config';
import { SEND_RESERVE_MS } from '../../../src/core/sms/forwarding';
import { currentDeadline, deadlineIn, FUNCTION_BUDGET_MS, type Deadline } from '../../../src/core/twilio/deadline';
import type { ClaimResult } from '../../../src/core/twilio/claims';
import { memoryDispatchStore } from '../../support/memory-dispatch-store';
import { fakeClock, networkError } from '../../support/mock-runtime';
import { BACKUP, BACKUP_OUT, BASE, fakeClaims, INBOUND, PRIMARY, RELAY, setup, spySends } from '../../support/forwarding-bed';

afterEach(() => jest.restoreAllMocks());
const COPY = `SM${'0'.repeat(31)}d`;

async function failover(update: () => Promise<unknown>) {
  const clock = fakeClock();
  const budgets = spySends();
  const claims = fakeClaims();
  // Sync answers after 1.45 s: the claim and settle of the backup's send come out of its share.
  claims.claim.mockImplementation(async (_k, _i, _r, given?: Deadline): Promise<ClaimResult> => {
    clock.advance(Math.min(1450, given?.remaining() ?? Infinity));
    return { kind: 'claimed' };
  });
  // What recordStatus left: the status handler's 7 s less its 2 s of bookkeeping.
  const { fake, deps, records } = setup({}, claims, deadlineIn(FUNCTION_BUDGET_MS - 2000, clock.now));
  fake.update.mockImplementation(() => update.call({ clock }));
  fake.create.mockResolvedValue({ sid: BACKUP_OUT, status: 'queued' });
  const store = memoryDispatchStore();
  const at = new Date();
  const created = createDispatch({ inboundSid: INBOUND, code: 7, sender: { number: '+16195550100', name: 'Dispatch' }, text: 'Gate code changed', mediaUrl: [], chain: ['primary', 'backup'], at, windowHours: 24 });
  const record = await store.create(legFailed(copyScheduled(created, 'backup', COPY, new Date(at.getTime() + 900_000)), 'primary', '30003', at));
  const twoWay = { ...deps, store, twoWay: { enabled: true, names: DEFAULT_NAMES, replyWindowHours: 24 } };
  const outcome = await failoverRecorded(twoWay, record, { legs: ['backup'], stage: 'failover', callbackBase: BASE, primaryError: '30003', from: RELAY });
  return { outcome, budgets, fake, records, clock, store };
}

it('a hung cancel (it runs into its time-out) leaves the backup\'s send at least 2 s, and the backup gets the dispatch', async () => {
  let clockRef: ReturnType<typeof fakeClock> | undefined;
  const { outcome, budgets, fake } = await failover(async function (this: { clock: ReturnType<typeof fakeClock> }) {
    clockRef = this.clock;
    clockRef.advance(currentDeadline()!.remaining());
    throw networkError('ECONNABORTED', 'timeout exceeded');
  });
  expect(outcome).toEqual({ kind: 'forwarded', leg: 'backup', sid: BACKUP_OUT });
  expect(fake.create).toHaveBeenCalledWith(expect.objectContaining({ to: BACKUP }));
  expect(fake.create).not.toHaveBeenCalledWith(expect.objectContaining({ to: PRIMARY }));
  expect(budgets[0]).toBeGreaterThanOrEqual(SEND_RESERVE_MS);
  // Tried before the send, and once more after it.
  expect(fake.update).toHaveBeenCalledTimes(2);
});

it('a copy already on its way (30409) is the backup\'s dispatch: nothing more is sent', async () => {
  const { outcome, fake, store } = await failover(async () => {
    throw Object.assign(new Error('This message cannot be canceled'), { status: 400, code: 30409 });
  });
  expect(outcome).toBeUndefined();
  expect(fake.create).not.toHaveBeenCalled();
  expect(store.records.get(INBOUND)!.legs.backup).toMatchObject({ state: 'sent', sid: COPY });
});
