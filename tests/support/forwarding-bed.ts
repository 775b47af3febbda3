/** What the forwarding unit tests share: numbers, a fake client and claims, a job, and spies. */
import type { AuditRecord } from '../../src/core/twilio/audit';
import { NO_CLAIMS, type ClaimKind, type ClaimResult, type Claims } from '../../src/core/twilio/claims';
import { deadlineIn, type Deadline } from '../../src/core/twilio/deadline';
import type { ForwardJob } from '../../src/core/sms/forwarding';
import * as messaging from '../../src/core/sms/messaging';
import { makeFakeClient } from './mock-runtime';

export const INBOUND = `SM${'0'.repeat(31)}a`;
export const PRIMARY_OUT = `SM${'0'.repeat(31)}b`;
export const BACKUP_OUT = `SM${'0'.repeat(31)}c`;
export const PRIMARY = '+16195550101';
export const BACKUP = '+16195550102';
export const RELAY = '+16195550199';
export const BASE = 'https://relay-1234-dev.twil.io';
export const BODY = 'From Dispatch (+16195550100): Gate code changed';

export const callback = (query: string) => `${BASE}/sms/status?relay_leg=${query}`;

export function setup(destinations: { messagingServiceSid?: string } = {}, claims: Claims = NO_CLAIMS, deadline: Deadline = deadlineIn(8000)) {
  const fake = makeFakeClient();
  const records: AuditRecord[] = [];
  const deps = {
    client: fake.client,
    claims,
    deadline,
    audit: (record: AuditRecord) => records.push(record),
    destinations: { primaryNumber: PRIMARY, backupNumber: BACKUP, ...destinations },
  };
  return { fake, records, deps };
}

/** Claims that answer per kind as told ("claimed" by default), recording every call. */
export function fakeClaims(answers: Partial<Record<ClaimKind, ClaimResult>> = {}) {
  const claim = jest.fn(async (kind: ClaimKind, _inbound: string, _record: unknown, _deadline?: Deadline): Promise<ClaimResult> => answers[kind] ?? { kind: 'claimed' });
  const settle = jest.fn(async (_kind: ClaimKind, _inbound: string, _record: unknown, _deadline?: Deadline) => true);
  return { enabled: true, claim, settle };
}

/** A fake create that answers per destination phone. */
export const byPhone = (answers: Record<string, () => Promise<unknown>>) => (params: { to: string }) => answers[params.to]();

export const job = (overrides: Partial<ForwardJob> = {}): ForwardJob => ({
  inboundSid: INBOUND,
  legs: ['primary', 'backup'],
  stage: 'inbound',
  content: { body: BODY, mediaUrl: [] },
  from: RELAY,
  callbackBase: BASE,
  ...overrides,
});

/** The leg's share, which every claim and settle call gets. */
export const aDeadline = expect.objectContaining({ remaining: expect.any(Function), within: expect.any(Function) });

/** Records the deadline each sendMessage got, and how much time it had left then. */
export function spySends() {
  const budgets: number[] = [];
  const send = messaging.sendMessage;
  jest.spyOn(messaging, 'sendMessage').mockImplementation((...args: Parameters<typeof messaging.sendMessage>) => {
    budgets.push(args[2].remaining());
    return send(...args);
  });
  return budgets;
}
