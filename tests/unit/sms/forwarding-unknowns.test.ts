/** forwardAlongLegs when Sync is slow, a create's answer is lost, a claim went stale, or the backup gets a notice. */
import type { ClaimResult } from '../../../src/core/twilio/claims';
import { currentDeadline, deadlineIn, FUNCTION_BUDGET_MS, type Deadline } from '../../../src/core/twilio/deadline';
import { forwardAlongLegs, SEND_RESERVE_MS } from '../../../src/core/sms/forwarding';
import { fakeClock, instantRetries, networkError, twilioError } from '../../support/mock-runtime';
import { aDeadline, BACKUP, BACKUP_OUT, BODY, fakeClaims, INBOUND, job, PRIMARY, PRIMARY_OUT, RELAY, setup, spySends } from '../../support/forwarding-bed';

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
    expect(records[0]).toMatchObject({ level: 'warn', leg: 'primary', errorCode: 'network', attempts: 1 });
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

describe('forwardAlongLegs with a stale claim', () => {
  const previous = { state: 'sending' as const, leg: 'primary' as const, at: new Date(Date.now() - 60_000).toISOString() };
  function staleClaims(takeOver: boolean) {
    const claims = fakeClaims();
    const take = jest.fn(async () => takeOver);
    claims.claim.mockResolvedValueOnce({ kind: 'stale', previous, takeOver: take });
    return { claims, take };
  }

  it('settles it as sent, sending nothing, when the dead invocation had created the message', async () => {
    const { claims, take } = staleClaims(true);
    const { fake, records, deps } = setup({}, claims);
    fake.list.mockResolvedValue([{ sid: PRIMARY_OUT, body: BODY, status: 'delivered', dateCreated: new Date(Date.parse(previous.at) + 500) }]);
    await expect(forwardAlongLegs(deps, job())).resolves.toEqual({ kind: 'forwarded', leg: 'primary', sid: PRIMARY_OUT });
    expect(fake.create).not.toHaveBeenCalled();
    expect(take).not.toHaveBeenCalled();
    expect(fake.list.mock.calls[0][0]).toMatchObject({ to: PRIMARY, from: RELAY, dateSentAfter: previous.at.slice(0, 10) });
    expect(claims.settle.mock.calls).toEqual([['in', INBOUND, { state: 'sent', leg: 'primary', sid: PRIMARY_OUT, at: expect.any(String) }, aDeadline]]);
    expect(records).toEqual([expect.objectContaining({ event: 'forwarded', outbound: PRIMARY_OUT, status: 'delivered', reason: expect.stringContaining('its invocation had sent it') })]);
  });

  it('takes it over and sends when the message was not created', async () => {
    const { claims, take } = staleClaims(true);
    const { fake, records, deps } = setup({}, claims);
    fake.create.mockResolvedValue({ sid: PRIMARY_OUT, status: 'queued' });
    await expect(forwardAlongLegs(deps, job())).resolves.toEqual({ kind: 'forwarded', leg: 'primary', sid: PRIMARY_OUT });
    expect(take).toHaveBeenCalledTimes(1);
    expect(take.mock.invocationCallOrder[0]).toBeLessThan(fake.create.mock.invocationCallOrder[0]);
    expect(records).toEqual([expect.objectContaining({ event: 'forwarded', reason: expect.stringContaining('taken over: not found by a lookup') })]);
  });

  it('takes it over and sends when the lookup fails: a duplicate beats a lost dispatch', async () => {
    instantRetries();
    const { claims, take } = staleClaims(true);
    const { fake, records, deps } = setup({}, claims);
    fake.list.mockRejectedValue(twilioError(503, 20503, 'Service Unavailable'));
    fake.create.mockResolvedValue({ sid: PRIMARY_OUT, status: 'queued' });
    await forwardAlongLegs(deps, job());
    expect(take).toHaveBeenCalledTimes(1);
    expect(fake.create).toHaveBeenCalledTimes(1);
    expect(records[0].reason).toMatch(/taken over: lookup failed/);
  });

  it('sends nothing when another invocation took it over first', async () => {
    const { claims } = staleClaims(false);
    const { fake, records, deps } = setup({}, claims);
    await expect(forwardAlongLegs(deps, job())).resolves.toEqual({ kind: 'duplicate', leg: 'primary' });
    expect(fake.create).not.toHaveBeenCalled();
    expect(records).toEqual([expect.objectContaining({ event: 'duplicate', leg: 'primary', reason: expect.stringContaining('taken over by another invocation first') })]);
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
