/** scheduleEscalation's claim: a stale one whose holder died before scheduling anything is taken over. */
import { scheduleEscalation } from '../../../src/core/dispatch/escalation-schedule';
import { createDispatch } from '../../../src/core/dispatch/record';
import type { TwoWayDeps } from '../../../src/core/dispatch/two-way-deps';
import type { ClaimResult, Claims } from '../../../src/core/twilio/claims';
import { deadlineIn } from '../../../src/core/twilio/deadline';
import { memoryDispatchStore } from '../../support/memory-dispatch-store';

const MG = `MG${'0'.repeat(31)}3`;
const SID = `SM${'a'.repeat(32)}`;

function setup(claim: ClaimResult) {
  const creates: Array<{ to: string }> = [];
  const client = { messages: { create: jest.fn(async (params: { to: string }) => (creates.push(params), { sid: `SM${String(creates.length).padStart(32, '0')}`, status: 'scheduled' })) } };
  const claims: Claims = { enabled: true, claim: jest.fn(async () => claim), settle: jest.fn(async () => true) };
  const store = memoryDispatchStore();
  const record = createDispatch({ inboundSid: SID, code: 1, sender: { number: '+16195550100', name: 'Dispatch' }, text: 'Gate code changed', mediaUrl: [], chain: ['primary', 'backup'], at: new Date(), windowHours: 24 });
  const deps = {
    client, claims, store, audit: jest.fn(), deadline: deadlineIn(7000),
    destinations: { primaryNumber: '+16195550111', backupNumber: '+16195550122', messagingServiceSid: MG },
    twoWay: { enabled: true, names: { primary: 'Primary', backup: 'Backup' }, replyWindowHours: 24 },
    escalation: { enabled: true, timeoutMinutes: 15, messagingServiceSid: MG },
  } as unknown as TwoWayDeps;
  return { deps, record, creates, store };
}

const job = { from: '+16195550000', callbackBase: 'https://relay.example' };
const stale = (takeOver: 'won' | 'lost' | 'unavailable'): ClaimResult => ({
  kind: 'stale', previous: { state: 'sending', leg: 'primary', at: new Date(Date.now() - 60_000).toISOString() }, takeOver: async () => takeOver,
});

it('takes over a stale claim whose holder scheduled nothing, and schedules both copies', async () => {
  const { deps, record, creates, store } = setup(stale('won'));
  await store.create(record);
  await scheduleEscalation(deps, record, { kind: 'forwarded', leg: 'primary', sid: `SM${'b'.repeat(32)}` }, job);
  expect(creates.map((c) => c.to)).toEqual(['+16195550122', '+16195550100']);
});

it('schedules nothing when another delivery took the stale claim over first', async () => {
  const { deps, record, creates } = setup(stale('lost'));
  await scheduleEscalation(deps, record, { kind: 'forwarded', leg: 'primary', sid: `SM${'b'.repeat(32)}` }, job);
  expect(creates).toEqual([]);
});
