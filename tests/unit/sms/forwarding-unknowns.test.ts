/** forwardAlongLegs when Sync is slow, a create's answer is lost, or the backup gets a notice. */
import type { ClaimResult } from '../../../src/core/twilio/claims';
import { currentDeadline, deadlineIn, FUNCTION_BUDGET_MS, type Deadline } from '../../../src/core/twilio/deadline';
import { forwardAlongLegs, SEND_RESERVE_MS, SETTLE_RESERVE_MS } from '../../../src/core/sms/forwarding';
import { fakeClock, instantRetries, networkError, twilioError } from '../../support/mock-runtime';
import { aDeadline, BACKUP, BACKUP_OUT, BODY, fakeClaims, INBOUND, job, PRIMARY_OUT, setup, spySends } from '../../support/forwarding-bed';

afterEach(() => jest.restoreAllMocks());

describe('forwardAlongLegs with a slow Sync and a hung primary', () => {
  it('keeps the backup at least 2 s of the 7 s: every claim and settle comes out of its own leg\'s share', async () => {
    const clock = fakeClock();
    const budgets = spySends();
    const deadline = deadlineIn(FUNCTION_BUDGET_MS, clock.now);
    // Sync answers after 1.45 s, or the call times out at the deadline it was given.
    const slowSync = async <T>(given: Deadline | undefined, answer: T, timedOut: T): Promise<T> => {
      const left = given?.remaining() ?? Infinity;
      clock.advance(Math.min(1450, left));
      return left >= 1450 ? answer : timedOut;
    };
    const claims = fakeClaims();
    claims.claim.mockImplementation((_k, _i, _r, given?: Deadline) => slowSync<ClaimResult>(given, { kind: 'claimed' }, { kind: 'unavailable', reason: 'Sync timed out' }));
    claims.settle.mockImplementation((_k, _i, _r, given?: Deadline) => slowSync(given, true, false));
    const { fake, deps } = setup({}, claims, deadline);
    fake.create.mockImplementation(async (params: { to: string }) => {
      if (params.to === BACKUP) return { sid: BACKUP_OUT, status: 'queued' };
      // Hung: the request runs into its time-out.
      clock.advance(currentDeadline()!.remaining());
      throw networkError('ECONNABORTED', 'timeout exceeded');
    });
    await expect(forwardAlongLegs(deps, job())).resolves.toEqual({ kind: 'forwarded', leg: 'backup', sid: BACKUP_OUT });
    expect(budgets[1]).toBeGreaterThanOrEqual(SEND_RESERVE_MS);
  });

  it('keeps the backup\'s create 2 s when the primary was refused only after all its time and Sync is slow', async () => {
    const clock = fakeClock();
    const budgets = spySends();
    const claims = fakeClaims();
    const slow = async <T>(given: Deadline | undefined, answer: T) => {
      clock.advance(Math.min(1450, given?.remaining() ?? Infinity));
      return answer;
    };
    claims.claim.mockImplementation((_k, _i, _r, given?: Deadline) => slow<ClaimResult>(given, { kind: 'claimed' }));
    claims.settle.mockImplementation((_k, _i, _r, given?: Deadline) => slow(given, true));
    const { fake, deps } = setup({}, claims, deadlineIn(FUNCTION_BUDGET_MS, clock.now));
    fake.create.mockImplementation(async (params: { to: string }) => {
      if (params.to === BACKUP) return { sid: BACKUP_OUT, status: 'queued' };
      clock.advance(currentDeadline()!.remaining());
      throw twilioError(400, 21610, 'Attempt to send to unsubscribed recipient');
    });
    await expect(forwardAlongLegs(deps, job())).resolves.toEqual({ kind: 'forwarded', leg: 'backup', sid: BACKUP_OUT });
    expect(budgets[1]).toBeGreaterThanOrEqual(SEND_RESERVE_MS);
  });

  it('keeps each settle its slice: a send that used all it was given leaves the settle SETTLE_RESERVE_MS', async () => {
    const clock = fakeClock();
    const claims = fakeClaims();
    const settleBudgets: number[] = [];
    claims.settle.mockImplementation(async (_k, _i, _r, given?: Deadline) => {
      settleBudgets.push(given!.remaining());
      return true;
    });
    const { fake, deps } = setup({}, claims, deadlineIn(FUNCTION_BUDGET_MS, clock.now));
    fake.create.mockImplementation(async (params: { to: string }) => {
      if (params.to === BACKUP) return { sid: BACKUP_OUT, status: 'queued' };
      // Refused, but only after the whole time the send had.
      clock.advance(currentDeadline()!.remaining());
      throw twilioError(400, 21610, 'Attempt to send to unsubscribed recipient');
    });
    await forwardAlongLegs(deps, job());
    expect(claims.settle.mock.calls.map(([kind, , record]) => [kind, (record as { state: string }).state])).toEqual([['in', 'failed'], ['fo', 'sent']]);
    expect(settleBudgets[0]).toBeGreaterThanOrEqual(SETTLE_RESERVE_MS);
  });
});

describe('forwardAlongLegs when a create\'s outcome is unknown', () => {
  const timeout = () => networkError('ECONNABORTED', 'timeout of 2500ms exceeded');

  it('audits a lost answer found by the lookup as forwarded, sending neither again nor to the backup', async () => {
    const claims = fakeClaims();
    const { fake, records, deps } = setup({}, claims);
    fake.create.mockRejectedValueOnce(timeout());
    fake.list.mockImplementation(async () => [{ sid: PRIMARY_OUT, body: BODY, status: 'sent', dateCreated: new Date() }]);
    await expect(forwardAlongLegs(deps, job())).resolves.toEqual({ kind: 'forwarded', leg: 'primary', sid: PRIMARY_OUT });
    expect(fake.create).toHaveBeenCalledTimes(1);
    expect(claims.settle.mock.calls).toEqual([['in', INBOUND, { state: 'sent', leg: 'primary', sid: PRIMARY_OUT, at: expect.any(String) }, aDeadline]]);
    expect(records).toEqual([expect.objectContaining({ event: 'forwarded', outbound: PRIMARY_OUT, leg: 'primary', reason: 'the answer was lost; a lookup found the message created' })]);
  });

  it('audits an unknown primary as send-unknown, leaves its claim at sending, and still reaches the backup', async () => {
    instantRetries();
    const claims = fakeClaims();
    const { fake, records, deps } = setup({}, claims);
    fake.create.mockRejectedValueOnce(timeout()).mockResolvedValueOnce({ sid: BACKUP_OUT, status: 'queued' });
    fake.list.mockRejectedValue(twilioError(503, 20503, 'Service Unavailable'));
    await expect(forwardAlongLegs(deps, job())).resolves.toEqual({ kind: 'forwarded', leg: 'backup', sid: BACKUP_OUT });
    expect(records.map((r) => r.event)).toEqual(['send-unknown', 'failover', 'forwarded']);
    expect(records[0]).toMatchObject({ level: 'warn', leg: 'primary', errorCode: 'network', attempts: 1, reason: expect.stringContaining('the lookup failed too (Service Unavailable)') });
    expect(records[1]).toMatchObject({ leg: 'backup', reason: 'primary send outcome unknown' });
    expect(claims.settle.mock.calls.map(([kind]) => kind)).toEqual(['fo']);
  });

  it('never audits exhausted for an unknown last leg', async () => {
    instantRetries();
    const { fake, records, deps } = setup();
    fake.create.mockRejectedValue(timeout());
    fake.list.mockRejectedValue(networkError('ECONNRESET', 'socket hang up'));
    await expect(forwardAlongLegs(deps, job({ legs: ['backup'], stage: 'failover', primaryError: '30003' }))).resolves.toEqual({ kind: 'unknown', leg: 'backup' });
    expect(records.map((r) => r.event)).toEqual(['send-unknown']);
  });
});

describe('forwardAlongLegs with a notice', () => {
  it('marks every line of a notice send with content "notice"', async () => {
    const { fake, records, deps } = setup();
    fake.create.mockResolvedValue({ sid: BACKUP_OUT, status: 'queued' });
    await forwardAlongLegs(deps, job({ legs: ['backup'], stage: 'failover', notice: true }));
    expect(records).toEqual([expect.objectContaining({ event: 'forwarded', content: 'notice', leg: 'backup' })]);
  });
});
