import RequestClient from 'twilio/lib/base/RequestClient';
import { NO_CLAIMS } from '../../../src/core/twilio/claims';
import { deadlineIn } from '../../../src/core/twilio/deadline';
import { forwardAlongLegs, SETTLE_RESERVE_MS, STATUS_PATH } from '../../../src/core/sms/forwarding';
import { readConfig } from '../../../src/core/config';
import { createRestClient } from '../../../src/core/twilio/client';
import { fakeClock, instantRetries, networkError, relayEnv, twilioError } from '../../support/mock-runtime';
import { aDeadline, BACKUP, BACKUP_OUT, BODY, byPhone, callback, fakeClaims, INBOUND, job, PRIMARY, PRIMARY_OUT, RELAY, setup, spySends } from '../../support/forwarding-bed';

afterEach(() => jest.restoreAllMocks());

describe('forwardAlongLegs', () => {
  it('posts status callbacks to /sms/status', () => {
    expect(STATUS_PATH).toBe('/sms/status');
  });

  it('sends to the primary only, when the primary accepts', async () => {
    const { fake, records, deps } = setup();
    fake.create.mockResolvedValue({ sid: PRIMARY_OUT, status: 'queued' });
    await expect(forwardAlongLegs(deps, job())).resolves.toEqual({ kind: 'forwarded', leg: 'primary', sid: PRIMARY_OUT });
    expect(fake.create).toHaveBeenCalledTimes(1);
    expect(fake.create).toHaveBeenCalledWith({
      to: PRIMARY,
      from: RELAY,
      body: BODY,
      statusCallback: callback(`primary&relay_in=${INBOUND}&relay_last=0`),
    });
    expect(records).toEqual([
      { event: 'forwarded', inbound: INBOUND, outbound: PRIMARY_OUT, leg: 'primary', to: PRIMARY, status: 'queued', primaryErrorCode: undefined, attempts: 1 },
    ]);
  });

  it('sends media and uses the Messaging Service when configured', async () => {
    const { fake, deps } = setup({ messagingServiceSid: `MG${'0'.repeat(31)}3` });
    fake.create.mockResolvedValue({ sid: PRIMARY_OUT, status: 'accepted' });
    const mediaUrl = ['https://api.twilio.com/2010-04-01/Accounts/x/Messages/y/Media/z'];
    await forwardAlongLegs(deps, job({ content: { body: BODY, mediaUrl } }));
    expect(fake.create.mock.calls).toEqual([
      [
        {
          to: PRIMARY,
          messagingServiceSid: `MG${'0'.repeat(31)}3`,
          body: BODY,
          mediaUrl,
          statusCallback: callback(`primary&relay_in=${INBOUND}&relay_last=0`),
        },
      ],
    ]);
  });

  it('fails over to the backup at once when Twilio refuses the primary', async () => {
    const { fake, records, deps } = setup();
    fake.create
      .mockRejectedValueOnce(twilioError(400, 21610, 'Attempt to send to unsubscribed recipient'))
      .mockResolvedValueOnce({ sid: BACKUP_OUT, status: 'queued' });
    await expect(forwardAlongLegs(deps, job())).resolves.toEqual({ kind: 'forwarded', leg: 'backup', sid: BACKUP_OUT });
    expect(fake.create).toHaveBeenCalledTimes(2);
    expect(fake.create.mock.calls[1]).toEqual([
      { to: BACKUP, from: RELAY, body: BODY, statusCallback: callback(`backup&relay_in=${INBOUND}&relay_last=1&relay_perr=21610`) },
    ]);
    expect(records.map((r) => r.event)).toEqual(['send-failed', 'failover', 'forwarded']);
    expect(records).toEqual([
      { event: 'send-failed', level: 'warn', inbound: INBOUND, leg: 'primary', to: PRIMARY, errorCode: '21610', attempts: 1, reason: 'Attempt to send to unsubscribed recipient' },
      { event: 'failover', level: 'warn', inbound: INBOUND, leg: 'backup', errorCode: '21610', reason: 'primary send refused' },
      { event: 'forwarded', inbound: INBOUND, outbound: BACKUP_OUT, leg: 'backup', to: BACKUP, status: 'queued', primaryErrorCode: '21610', attempts: 1 },
    ]);
  });

  it.each([
    ['a reset', networkError('ECONNRESET', 'socket hang up'), 'network', 'ECONNRESET: socket hang up'],
    ['a 503 without a code', Object.assign(new Error('Service Unavailable'), { status: 503 }), '503', 'Service Unavailable'],
    ['a 503', twilioError(503, 20503, 'Service Unavailable'), '20503', 'Service Unavailable'],
  ])('after %s on the primary that a lookup does not find: send-unknown, no second create to the primary, the backup gets it', async (_label, error, errorCode, message) => {
    instantRetries();
    const { fake, records, deps } = setup();
    fake.create.mockImplementation(
      byPhone({
        [PRIMARY]: () => Promise.reject(error),
        [BACKUP]: () => Promise.resolve({ sid: BACKUP_OUT, status: 'queued' }),
      }),
    );
    await expect(forwardAlongLegs(deps, job())).resolves.toEqual({ kind: 'forwarded', leg: 'backup', sid: BACKUP_OUT });
    expect(fake.create.mock.calls.map(([params]) => params.to)).toEqual([PRIMARY, BACKUP]);
    expect(fake.create.mock.calls[1][0].statusCallback).toBe(callback(`backup&relay_in=${INBOUND}&relay_last=1&relay_perr=${errorCode}`));
    expect(records).toEqual([
      {
        event: 'send-unknown',
        level: 'warn',
        inbound: INBOUND,
        leg: 'primary',
        to: PRIMARY,
        errorCode,
        attempts: 1,
        reason: `${message}; Twilio may have created it: a lookup did not find it, and Twilio may still be creating it`,
      },
      { event: 'failover', level: 'warn', inbound: INBOUND, leg: 'backup', errorCode, reason: 'primary send outcome unknown' },
      expect.objectContaining({ event: 'forwarded', leg: 'backup', attempts: 1 }),
    ]);
  });

  it('creates the last leg once more after a 5xx that a lookup does not find, and says so', async () => {
    instantRetries();
    const { fake, records, deps } = setup();
    fake.create.mockRejectedValueOnce(twilioError(503, 20503, 'Service Unavailable')).mockResolvedValueOnce({ sid: BACKUP_OUT, status: 'queued' });
    await expect(forwardAlongLegs(deps, job({ legs: ['backup'], stage: 'failover', primaryError: '30003' }))).resolves.toEqual({ kind: 'forwarded', leg: 'backup', sid: BACKUP_OUT });
    expect(fake.create).toHaveBeenCalledTimes(2);
    expect(records).toEqual([expect.objectContaining({ event: 'forwarded', leg: 'backup', attempts: 2, reason: expect.stringContaining('created once more: the phone may get it twice') })]);
  });

  it('reports exhaustion with both codes when both legs are refused', async () => {
    const { fake, records, deps } = setup();
    fake.create
      .mockRejectedValueOnce(twilioError(400, 21610, 'Attempt to send to unsubscribed recipient'))
      .mockRejectedValueOnce(twilioError(400, 21211, "The 'To' number +16195550102 is not a valid phone number."));
    await expect(forwardAlongLegs(deps, job())).resolves.toEqual({ kind: 'exhausted' });
    expect(fake.create).toHaveBeenCalledTimes(2);
    expect(records.map((r) => r.event)).toEqual(['send-failed', 'failover', 'send-failed', 'exhausted']);
    expect(records[2]).toEqual({
      event: 'send-failed',
      level: 'warn',
      inbound: INBOUND,
      leg: 'backup',
      to: BACKUP,
      errorCode: '21211',
      attempts: 1,
      reason: "The 'To' number ***0102 is not a valid phone number.",
    });
    expect(records[3]).toEqual({
      event: 'exhausted',
      level: 'error',
      inbound: INBOUND,
      leg: 'backup',
      errorCode: '21211',
      primaryErrorCode: '21610',
      reason: 'no phone could be sent the message',
    });
  });

  it('marks a lone primary leg as the last, and exhausts without a backup send', async () => {
    const { fake, records, deps } = setup();
    fake.create.mockRejectedValueOnce(twilioError(400, 21610, 'unsubscribed'));
    await expect(forwardAlongLegs(deps, job({ legs: ['primary'] }))).resolves.toEqual({ kind: 'exhausted' });
    expect(fake.create).toHaveBeenCalledTimes(1);
    expect(fake.create.mock.calls[0][0]).toMatchObject({ to: PRIMARY, statusCallback: callback(`primary&relay_in=${INBOUND}&relay_last=1`) });
    expect(records.map((r) => r.event)).toEqual(['send-failed', 'exhausted']);
    expect(records[1]).toEqual({
      event: 'exhausted',
      level: 'error',
      inbound: INBOUND,
      leg: 'primary',
      errorCode: '21610',
      primaryErrorCode: undefined,
      reason: 'no phone could be sent the message',
    });
  });

  it('carries the error of an earlier failed primary to the backup (status-callback failover)', async () => {
    const { fake, records, deps } = setup();
    fake.create.mockResolvedValueOnce({ sid: BACKUP_OUT, status: 'queued' });
    await forwardAlongLegs(deps, job({ legs: ['backup'], stage: 'failover', primaryError: '30003' }));
    expect(fake.create.mock.calls).toEqual([
      [{ to: BACKUP, from: RELAY, body: BODY, statusCallback: callback(`backup&relay_in=${INBOUND}&relay_last=1&relay_perr=30003`) }],
    ]);
    expect(records).toEqual([
      { event: 'forwarded', inbound: INBOUND, outbound: BACKUP_OUT, leg: 'backup', to: BACKUP, status: 'queued', primaryErrorCode: '30003', attempts: 1 },
    ]);
  });

  it('reports the earlier primary error when the lone backup is refused', async () => {
    const { fake, records, deps } = setup();
    fake.create.mockRejectedValueOnce(twilioError(400, 21610, 'unsubscribed'));
    await expect(forwardAlongLegs(deps, job({ legs: ['backup'], stage: 'failover', primaryError: '30003' }))).resolves.toEqual({ kind: 'exhausted' });
    expect(records[1]).toMatchObject({ event: 'exhausted', leg: 'backup', errorCode: '21610', primaryErrorCode: '30003' });
  });
});

describe('forwardAlongLegs with claims', () => {
  const sending = (leg: string) => ({ state: 'sending', leg, at: expect.any(String) });

  it('claims "in" before sending, then settles it as sent with the SID', async () => {
    const claims = fakeClaims();
    const { fake, deps } = setup({}, claims);
    fake.create.mockResolvedValue({ sid: PRIMARY_OUT, status: 'queued' });
    await forwardAlongLegs(deps, job());
    expect(claims.claim.mock.calls).toEqual([['in', INBOUND, sending('primary'), aDeadline]]);
    expect(claims.settle.mock.calls).toEqual([['in', INBOUND, { state: 'sent', leg: 'primary', sid: PRIMARY_OUT, at: expect.any(String) }, aDeadline]]);
    expect(claims.claim.mock.invocationCallOrder[0]).toBeLessThan(fake.create.mock.invocationCallOrder[0]);
    expect(fake.create.mock.invocationCallOrder[0]).toBeLessThan(claims.settle.mock.invocationCallOrder[0]);
    expect((claims.claim.mock.calls[0][2] as { at: string }).at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('settles a refused leg as failed with its error code, and claims the second leg as "fo"', async () => {
    const claims = fakeClaims();
    const { fake, deps } = setup({}, claims);
    fake.create
      .mockRejectedValueOnce(twilioError(400, 21610, 'Attempt to send to unsubscribed recipient'))
      .mockResolvedValueOnce({ sid: BACKUP_OUT, status: 'queued' });
    await forwardAlongLegs(deps, job());
    expect(claims.claim.mock.calls).toEqual([
      ['in', INBOUND, sending('primary'), aDeadline],
      ['fo', INBOUND, sending('backup'), aDeadline],
    ]);
    expect(claims.settle.mock.calls).toEqual([
      ['in', INBOUND, { state: 'failed', leg: 'primary', errorCode: '21610', at: expect.any(String) }, aDeadline],
      ['fo', INBOUND, { state: 'sent', leg: 'backup', sid: BACKUP_OUT, at: expect.any(String) }, aDeadline],
    ]);
  });

  it('settles both legs as failed when both are refused', async () => {
    const claims = fakeClaims();
    const { fake, deps } = setup({}, claims);
    fake.create.mockRejectedValueOnce(twilioError(400, 21610, 'unsubscribed')).mockRejectedValueOnce(twilioError(400, 21211, 'invalid'));
    await expect(forwardAlongLegs(deps, job())).resolves.toEqual({ kind: 'exhausted' });
    expect(claims.settle.mock.calls).toEqual([
      ['in', INBOUND, { state: 'failed', leg: 'primary', errorCode: '21610', at: expect.any(String) }, aDeadline],
      ['fo', INBOUND, { state: 'failed', leg: 'backup', errorCode: '21211', at: expect.any(String) }, aDeadline],
    ]);
  });

  it('claims a failover stage\'s first leg as "fo"', async () => {
    const claims = fakeClaims();
    const { fake, deps } = setup({}, claims);
    fake.create.mockResolvedValue({ sid: BACKUP_OUT, status: 'queued' });
    await forwardAlongLegs(deps, job({ legs: ['backup'], stage: 'failover', primaryError: '30003' }));
    expect(claims.claim.mock.calls).toEqual([['fo', INBOUND, sending('backup'), aDeadline]]);
    expect(claims.settle.mock.calls).toEqual([['fo', INBOUND, { state: 'sent', leg: 'backup', sid: BACKUP_OUT, at: expect.any(String) }, aDeadline]]);
  });

  it('claims an inbound stage\'s only leg as "in", also when that is the backup (the primary sent it)', async () => {
    const claims = fakeClaims();
    const { fake, deps } = setup({}, claims);
    fake.create.mockResolvedValue({ sid: BACKUP_OUT, status: 'queued' });
    await forwardAlongLegs(deps, job({ legs: ['backup'] }));
    expect(claims.claim.mock.calls).toEqual([['in', INBOUND, sending('backup'), aDeadline]]);
  });

  it('does not send when "in" is already claimed, and names the previous state', async () => {
    const claims = fakeClaims({ in: { kind: 'taken', previous: { state: 'sent', leg: 'primary', sid: PRIMARY_OUT, at: '2024-05-06T07:08:09.010Z' } } });
    const { fake, records, deps } = setup({}, claims);
    await expect(forwardAlongLegs(deps, job())).resolves.toEqual({ kind: 'duplicate', leg: 'primary' });
    expect(fake.create).not.toHaveBeenCalled();
    expect(claims.settle).not.toHaveBeenCalled();
    expect(records).toEqual([
      { event: 'duplicate', inbound: INBOUND, leg: 'primary', outbound: PRIMARY_OUT, reason: `in already claimed (sent as ${PRIMARY_OUT}): not sent again` },
    ]);
  });

  it.each([
    [{ state: 'sending', leg: 'primary', at: 'x' } as const, 'in already claimed (sending): not sent again'],
    [undefined, 'in already claimed (unknown state): not sent again'],
  ])('names the previous state %j of a duplicate', async (previous, reason) => {
    const { fake, records, deps } = setup({}, fakeClaims({ in: { kind: 'taken', previous } }));
    await forwardAlongLegs(deps, job());
    expect(fake.create).not.toHaveBeenCalled();
    expect(records).toEqual([{ event: 'duplicate', inbound: INBOUND, leg: 'primary', outbound: undefined, reason }]);
  });

  it('does not send the backup again when "fo" is taken on the second leg', async () => {
    const claims = fakeClaims({ fo: { kind: 'taken', previous: { state: 'sent', leg: 'backup', sid: BACKUP_OUT, at: 'x' } } });
    const { fake, records, deps } = setup({}, claims);
    fake.create.mockRejectedValue(twilioError(400, 21610, 'Attempt to send to unsubscribed recipient'));
    await expect(forwardAlongLegs(deps, job())).resolves.toEqual({ kind: 'duplicate', leg: 'backup' });
    expect(fake.create).toHaveBeenCalledTimes(1);
    expect(fake.create.mock.calls[0][0].to).toBe(PRIMARY);
    expect(records.map((r) => r.event)).toEqual(['send-failed', 'failover', 'duplicate']);
    expect(records[2]).toEqual({
      event: 'duplicate',
      inbound: INBOUND,
      leg: 'backup',
      outbound: BACKUP_OUT,
      reason: `fo already claimed (sent as ${BACKUP_OUT}): not sent again`,
    });
  });

  it('does not send a failover again when "fo" is taken', async () => {
    const claims = fakeClaims({ fo: { kind: 'taken', previous: { state: 'sending', leg: 'backup', at: 'x' } } });
    const { fake, records, deps } = setup({}, claims);
    await expect(forwardAlongLegs(deps, job({ legs: ['backup'], stage: 'failover', primaryError: '30003' }))).resolves.toEqual({ kind: 'duplicate', leg: 'backup' });
    expect(fake.create).not.toHaveBeenCalled();
    expect(records).toEqual([{ event: 'duplicate', inbound: INBOUND, leg: 'backup', outbound: undefined, reason: 'fo already claimed (sending): not sent again' }]);
  });

  it('sends anyway when the claim store is unavailable, with a claim-unavailable warning', async () => {
    const claims = fakeClaims({ in: { kind: 'unavailable', reason: 'Sync unavailable: Service Unavailable' } });
    const { fake, records, deps } = setup({}, claims);
    fake.create.mockResolvedValue({ sid: PRIMARY_OUT, status: 'queued' });
    await expect(forwardAlongLegs(deps, job())).resolves.toEqual({ kind: 'forwarded', leg: 'primary', sid: PRIMARY_OUT });
    expect(fake.create).toHaveBeenCalledTimes(1);
    expect(records).toEqual([
      { event: 'claim-unavailable', level: 'warn', inbound: INBOUND, leg: 'primary', reason: 'Sync unavailable: Service Unavailable; sending without a claim' },
      { event: 'forwarded', inbound: INBOUND, outbound: PRIMARY_OUT, leg: 'primary', to: PRIMARY, status: 'queued', primaryErrorCode: undefined, attempts: 1 },
    ]);
  });
});

describe('forwardAlongLegs time budget', () => {
  it('gives the first of two legs half the time left, and the second all that remains', async () => {
    const clock = fakeClock();
    const budgets = spySends();
    const { fake, deps } = setup({}, NO_CLAIMS, deadlineIn(8000, clock.now));
    fake.create.mockImplementation(
      byPhone({
        [PRIMARY]: async () => {
          clock.advance(3000);
          throw twilioError(400, 21610, 'unsubscribed');
        },
        [BACKUP]: async () => ({ sid: BACKUP_OUT, status: 'queued' }),
      }),
    );
    await forwardAlongLegs(deps, job());
    // A send with a next leg leaves its settle SETTLE_RESERVE_MS; the last leg's create gets all its share.
    expect(budgets).toEqual([4000 - SETTLE_RESERVE_MS, 5000]);
  });

  it('takes each claim out of its own leg\'s share', async () => {
    const clock = fakeClock();
    const budgets = spySends();
    const claims = fakeClaims();
    claims.claim.mockImplementation(async () => {
      clock.advance(1000);
      return { kind: 'claimed' };
    });
    const { fake, deps } = setup({}, claims, deadlineIn(8000, clock.now));
    fake.create.mockRejectedValue(twilioError(400, 21610, 'unsubscribed'));
    await forwardAlongLegs(deps, job());
    // 8000 / 2 for the primary, 1000 of it for its claim; then the 7000 left for the backup, 1000 of it for its claim.
    expect(budgets).toEqual([3000 - SETTLE_RESERVE_MS, 6000]);
  });

  it('gives a lone leg all the time left', async () => {
    const clock = fakeClock();
    const budgets = spySends();
    const { fake, deps } = setup({}, NO_CLAIMS, deadlineIn(6000, clock.now));
    fake.create.mockResolvedValue({ sid: BACKUP_OUT, status: 'queued' });
    await forwardAlongLegs(deps, job({ legs: ['backup'], stage: 'failover' }));
    expect(budgets).toEqual([6000]);
  });

  it('does not let a failing primary retry into the backup\'s share', async () => {
    const clock = fakeClock();
    instantRetries();
    const { fake, records, deps } = setup({}, NO_CLAIMS, deadlineIn(8000, clock.now));
    fake.create.mockImplementation(
      byPhone({
        [PRIMARY]: async () => {
          // A 503 after 3.7 s: 300 ms of the primary's 4 s are left, less than an attempt (or a lookup) needs.
          clock.advance(3700);
          throw twilioError(503, 20503, 'Service Unavailable');
        },
        [BACKUP]: async () => ({ sid: BACKUP_OUT, status: 'queued' }),
      }),
    );
    await expect(forwardAlongLegs(deps, job())).resolves.toEqual({ kind: 'forwarded', leg: 'backup', sid: BACKUP_OUT });
    expect(fake.create.mock.calls.map(([params]) => params.to)).toEqual([PRIMARY, BACKUP]);
    // Twilio may have created it (a 5xx is ambiguous) and no lookup fitted: unknown, never "refused".
    expect(records[0]).toMatchObject({ event: 'send-unknown', leg: 'primary', errorCode: '20503', attempts: 1 });
    expect(records[1]).toMatchObject({ event: 'failover', leg: 'backup', reason: 'primary send outcome unknown' });
  });
});

describe('forwardAlongLegs time budget, down to the HTTP time-out', () => {
  // The REST client cuts each request's time-out to the deadline of the work in progress (runWithin),
  // not only the invocation's: else a hung primary would wait past its share, into the backup's.
  it('bounds a hung primary\'s request by the leg\'s share, not by the whole invocation', async () => {
    const clock = fakeClock();
    const timeouts: Record<string, number> = {};
    jest.spyOn(RequestClient.prototype, 'request').mockImplementation(async (opts: { data?: unknown; timeout?: number }) => {
      const to = String((opts.data as { To?: string } | undefined)?.To);
      timeouts[to] = opts.timeout ?? NaN;
      if (to === PRIMARY) {
        clock.advance(opts.timeout ?? 0);
        throw Object.assign(new Error(`timeout of ${opts.timeout}ms exceeded`), { code: 'ECONNABORTED' });
      }
      return { statusCode: 201, body: JSON.stringify({ sid: BACKUP_OUT, status: 'queued' }), headers: {} } as never;
    });
    const deadline = deadlineIn(8000, clock.now);
    const claims = fakeClaims();
    claims.claim.mockImplementation(async () => {
      clock.advance(1000);
      return { kind: 'claimed' };
    });
    const { deps } = setup({}, claims, deadline);
    await forwardAlongLegs({ ...deps, client: createRestClient(readConfig(relayEnv()), deadline) }, job());
    expect(timeouts[PRIMARY]).toBeLessThanOrEqual(3500);
  });
});
