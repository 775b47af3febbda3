/** forwardAlongLegs when a claim went stale, or a webhook comes again after an earlier delivery. */
import type { TakeOver } from '../../../src/core/twilio/claims';
import { deadlineIn, FUNCTION_BUDGET_MS, type Deadline } from '../../../src/core/twilio/deadline';
import { forwardAlongLegs } from '../../../src/core/sms/forwarding';
import { fakeClock, instantRetries, twilioError } from '../../support/mock-runtime';
import { aDeadline, BACKUP, BACKUP_OUT, BODY, fakeClaims, INBOUND, job, PRIMARY, PRIMARY_OUT, RELAY, setup } from '../../support/forwarding-bed';

afterEach(() => jest.restoreAllMocks());

describe('forwardAlongLegs with a stale claim', () => {
  const previous = { state: 'sending' as const, leg: 'primary' as const, at: new Date(Date.now() - 60_000).toISOString() };
  function staleClaims(takeOver: TakeOver) {
    const claims = fakeClaims();
    const take = jest.fn(async () => takeOver);
    claims.claim.mockResolvedValueOnce({ kind: 'stale', previous, takeOver: take });
    return { claims, take };
  }

  it('settles it as sent, sending nothing, when the dead invocation had created the message', async () => {
    const { claims, take } = staleClaims('won');
    const { fake, records, deps } = setup({}, claims);
    fake.list.mockResolvedValue([{ sid: PRIMARY_OUT, body: BODY, status: 'delivered', dateCreated: new Date(Date.parse(previous.at) + 500) }]);
    await expect(forwardAlongLegs(deps, job())).resolves.toEqual({ kind: 'forwarded', leg: 'primary', sid: PRIMARY_OUT });
    expect(fake.create).not.toHaveBeenCalled();
    expect(take).not.toHaveBeenCalled();
    expect(fake.list.mock.calls[0][0]).toEqual({ to: PRIMARY, from: RELAY, pageSize: 20, limit: 20 });
    expect(claims.settle.mock.calls).toEqual([['in', INBOUND, { state: 'sent', leg: 'primary', sid: PRIMARY_OUT, at: expect.any(String) }, aDeadline]]);
    expect(records).toEqual([expect.objectContaining({ event: 'forwarded', outbound: PRIMARY_OUT, status: 'delivered', reason: expect.stringContaining('its invocation had sent it') })]);
  });

  it('takes it over and sends when the message was not created', async () => {
    const { claims, take } = staleClaims('won');
    const { fake, records, deps } = setup({}, claims);
    fake.create.mockResolvedValue({ sid: PRIMARY_OUT, status: 'queued' });
    await expect(forwardAlongLegs(deps, job())).resolves.toEqual({ kind: 'forwarded', leg: 'primary', sid: PRIMARY_OUT });
    expect(take).toHaveBeenCalledTimes(1);
    expect(take.mock.invocationCallOrder[0]).toBeLessThan(fake.create.mock.invocationCallOrder[0]);
    expect(records).toEqual([expect.objectContaining({ event: 'forwarded', reason: expect.stringContaining('taken over: not found by a lookup') })]);
  });

  it('takes it over and sends when the lookup fails: a duplicate beats a lost dispatch', async () => {
    instantRetries();
    const { claims, take } = staleClaims('won');
    const { fake, records, deps } = setup({}, claims);
    fake.list.mockRejectedValue(twilioError(503, 20503, 'Service Unavailable'));
    fake.create.mockResolvedValue({ sid: PRIMARY_OUT, status: 'queued' });
    await forwardAlongLegs(deps, job());
    expect(take).toHaveBeenCalledTimes(1);
    expect(fake.create).toHaveBeenCalledTimes(1);
    expect(records[0].reason).toMatch(/taken over: lookup failed/);
  });

  it('sends nothing when another invocation took it over first', async () => {
    const { claims } = staleClaims('lost');
    const { fake, records, deps } = setup({}, claims);
    await expect(forwardAlongLegs(deps, job())).resolves.toEqual({ kind: 'duplicate', leg: 'primary' });
    expect(fake.create).not.toHaveBeenCalled();
    expect(records).toEqual([expect.objectContaining({ event: 'duplicate', leg: 'primary', reason: expect.stringContaining('taken over by another invocation first') })]);
  });

  it('sends anyway, with a claim-unavailable warning, when Sync cannot be asked to take it over', async () => {
    const { claims, take } = staleClaims('unavailable');
    const { fake, records, deps } = setup({}, claims);
    fake.create.mockResolvedValue({ sid: PRIMARY_OUT, status: 'queued' });
    await expect(forwardAlongLegs(deps, job())).resolves.toEqual({ kind: 'forwarded', leg: 'primary', sid: PRIMARY_OUT });
    expect(take).toHaveBeenCalledTimes(1);
    expect(fake.create).toHaveBeenCalledTimes(1);
    expect(records.map((r) => r.event)).toEqual(['claim-unavailable', 'forwarded']);
    expect(records[0]).toMatchObject({ level: 'warn', leg: 'primary', reason: expect.stringContaining('could not be taken over; sending without a claim') });
  });

  it('gives the takeover a budget from the share when it starts, after the lookup used the claim\'s', async () => {
    const clock = fakeClock();
    const { claims, take } = staleClaims('won');
    const { fake, deps } = setup({}, claims, deadlineIn(FUNCTION_BUDGET_MS, clock.now));
    fake.list.mockImplementation(async () => {
      clock.advance(1500);
      return [];
    });
    fake.create.mockResolvedValue({ sid: PRIMARY_OUT, status: 'queued' });
    await forwardAlongLegs(deps, job());
    // The primary's share is 3500 ms; 2000 are left after the lookup, and a claim may use a third of that.
    const given = (take.mock.calls[0] as unknown as [Deadline | undefined])[0];
    expect(given?.remaining()).toBeGreaterThan(600);
  });
});

describe('forwardAlongLegs on a redelivery', () => {
  it('goes on to the backup when the primary was refused in an earlier delivery (its claim settled failed)', async () => {
    const claims = fakeClaims({ in: { kind: 'taken', previous: { state: 'failed', leg: 'primary', errorCode: '21610', at: 'x' } } });
    const { fake, records, deps } = setup({}, claims);
    fake.create.mockResolvedValue({ sid: BACKUP_OUT, status: 'queued' });
    await expect(forwardAlongLegs(deps, job())).resolves.toEqual({ kind: 'forwarded', leg: 'backup', sid: BACKUP_OUT });
    expect(fake.create.mock.calls.map(([params]) => params.to)).toEqual([BACKUP]);
    expect(fake.create.mock.calls[0][0].statusCallback).toContain('relay_perr=21610');
    expect(claims.claim.mock.calls.map(([kind]) => kind)).toEqual(['in', 'fo']);
    expect(records.map((r) => r.event)).toEqual(['failover', 'forwarded']);
    expect(records[0]).toMatchObject({ leg: 'backup', errorCode: '21610', reason: 'primary send refused in an earlier delivery' });
  });

  it('sends nothing when the backup\'s claim is taken too: the earlier delivery reached it', async () => {
    const claims = fakeClaims({
      in: { kind: 'taken', previous: { state: 'failed', leg: 'primary', errorCode: '21610', at: 'x' } },
      fo: { kind: 'taken', previous: { state: 'sent', leg: 'backup', sid: BACKUP_OUT, at: 'x' } },
    });
    const { fake, records, deps } = setup({}, claims);
    await expect(forwardAlongLegs(deps, job())).resolves.toEqual({ kind: 'duplicate', leg: 'backup' });
    expect(fake.create).not.toHaveBeenCalled();
    expect(records.map((r) => r.event)).toEqual(['failover', 'duplicate']);
  });

  it('names a failed last leg of a redelivery a duplicate: nothing is left to try', async () => {
    const claims = fakeClaims({ fo: { kind: 'taken', previous: { state: 'failed', leg: 'backup', errorCode: '21610', at: 'x' } } });
    const { fake, records, deps } = setup({}, claims);
    await expect(forwardAlongLegs(deps, job({ legs: ['backup'], stage: 'failover' }))).resolves.toEqual({ kind: 'duplicate', leg: 'backup' });
    expect(fake.create).not.toHaveBeenCalled();
    expect(records).toEqual([expect.objectContaining({ event: 'duplicate', reason: 'fo already claimed (failed): not sent again' })]);
  });
});
