import { deadlineIn, currentDeadline } from '../../../src/core/twilio/deadline';
import { LOOKUP_RESERVE_MS, RECREATE_RESERVE_MS, sendMessage, type OutboundMessage } from '../../../src/core/sms/messaging';
import { findSent } from '../../../src/core/sms/sent-lookup';
import { instantRetries, makeFakeClient, networkError, twilioError } from '../../support/mock-runtime';

const SENT = `SM${'0'.repeat(31)}b`;
const OLDER = `SM${'0'.repeat(31)}d`;
const MG = `MG${'0'.repeat(31)}3`;
const BODY = 'From Dispatch (+16195550100): Unit 7 to Main St';

afterEach(() => jest.restoreAllMocks());

const message = (overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
  to: '+16195550101',
  from: '+16195550199',
  content: { body: BODY, mediaUrl: [] },
  statusCallback: 'https://relay-1234-dev.twil.io/sms/status?relay_leg=primary',
  ...overrides,
});

/** A Message as the SDK lists it. */
const listed = (sid: string, body: string, dateCreated: Date, status = 'sent') => ({ sid, body, dateCreated, status });

describe('findSent', () => {
  it('lists by To and From only, a small page, and matches body and creation time', async () => {
    const fake = makeFakeClient();
    const since = new Date('2026-12-01T23:59:59.500Z');
    fake.list.mockResolvedValue([listed(OLDER, BODY, new Date('2026-12-01T20:00:00Z')), listed(SENT, BODY, new Date('2026-12-02T00:00:00Z'))]);
    await expect(findSent(fake.client, message(), since, deadlineIn(8000))).resolves.toEqual({ kind: 'found', sid: SENT, status: 'sent' });
    // No DateSent filter: a message still queued or accepted has no date_sent, and is the one to find.
    expect(fake.list).toHaveBeenCalledWith({ to: '+16195550101', from: '+16195550199', pageSize: 20, limit: 20 });
  });

  it('finds a message created in the same second as `since`, before it: date_created has whole seconds', async () => {
    const fake = makeFakeClient();
    fake.list.mockResolvedValue([listed(SENT, BODY, new Date('2026-12-01T12:00:00.000Z'), 'queued')]);
    await expect(findSent(fake.client, message(), new Date('2026-12-01T12:00:00.900Z'), deadlineIn(8000))).resolves.toEqual({ kind: 'found', sid: SENT, status: 'queued' });
  });

  it('does not find the same text sent to the phone a few seconds earlier (an earlier dispatch)', async () => {
    const fake = makeFakeClient();
    fake.list.mockResolvedValue([listed(OLDER, BODY, new Date('2026-12-01T11:59:57.000Z'))]);
    await expect(findSent(fake.client, message(), new Date('2026-12-01T12:00:00.100Z'), deadlineIn(8000))).resolves.toEqual({ kind: 'not-found' });
  });

  it('does not filter by From when a Messaging Service picks the sender', async () => {
    const fake = makeFakeClient();
    await findSent(fake.client, message({ messagingServiceSid: MG }), new Date(), deadlineIn(8000));
    expect(fake.list.mock.calls[0][0]).not.toHaveProperty('from');
  });

  it('finds nothing for another body, or for the same body sent before `since` (an earlier dispatch)', async () => {
    const fake = makeFakeClient();
    const since = new Date();
    fake.list.mockResolvedValue([listed(OLDER, BODY, new Date(since.getTime() - 60_000)), listed(SENT, `${BODY}!`, since)]);
    await expect(findSent(fake.client, message(), since, deadlineIn(8000))).resolves.toEqual({ kind: 'not-found' });
  });

  it('reports a lookup that keeps failing, after retrying it', async () => {
    instantRetries();
    const fake = makeFakeClient();
    fake.list.mockRejectedValue(twilioError(503, 20503, 'Service Unavailable'));
    await expect(findSent(fake.client, message(), new Date(), deadlineIn(8000))).resolves.toMatchObject({ kind: 'failed', failure: { httpStatus: 503 } });
    expect(fake.list).toHaveBeenCalledTimes(3);
  });
});

describe('sendMessage after an ambiguous failure', () => {
  it.each([
    ['a reset after Twilio created it', networkError('ECONNRESET', 'socket hang up')],
    ['a time-out after Twilio created it', networkError('ECONNABORTED', 'timeout of 2500ms exceeded')],
    ['a 500', twilioError(500, 20500, 'An internal server error has occurred')],
  ])('%s: the lookup finds it, and it is not sent again', async (_label, error) => {
    const fake = makeFakeClient();
    fake.create.mockRejectedValueOnce(error);
    fake.list.mockImplementation(async () => [listed(SENT, BODY, new Date())]);
    await expect(sendMessage(fake.client, message(), deadlineIn(8000))).resolves.toStrictEqual({ ok: true, sid: SENT, status: 'sent', found: true, attempts: 1 });
    expect(fake.create).toHaveBeenCalledTimes(1);
  });

  it('stays unknown, and sends nothing more, when the lookup fails too', async () => {
    instantRetries();
    const fake = makeFakeClient();
    fake.create.mockRejectedValue(networkError('ECONNABORTED', 'timeout of 2500ms exceeded'));
    fake.list.mockRejectedValue(networkError('ECONNRESET', 'socket hang up'));
    await expect(sendMessage(fake.client, message(), deadlineIn(8000))).resolves.toMatchObject({ ok: false, unknown: true, attempts: 1, failure: { network: 'ECONNABORTED' } });
    expect(fake.create).toHaveBeenCalledTimes(1);
  });

  it('stays unknown without a lookup when no time is left for one', async () => {
    const fake = makeFakeClient();
    const deadline = deadlineIn(8000);
    fake.create.mockImplementation(async () => {
      jest.spyOn(deadline, 'remaining').mockReturnValue(100);
      throw networkError('ECONNABORTED', 'timeout of 7900ms exceeded');
    });
    await expect(sendMessage(fake.client, message(), deadline)).resolves.toMatchObject({ ok: false, unknown: true, attempts: 1 });
    expect(fake.list).not.toHaveBeenCalled();
  });

  it('leaves time for what may follow a create: a lookup, and on the last leg one more create', async () => {
    const fake = makeFakeClient();
    const budgets: number[] = [];
    fake.create.mockImplementation(async () => {
      budgets.push(currentDeadline()!.remaining());
      return { sid: SENT, status: 'queued' };
    });
    await sendMessage(fake.client, message(), deadlineIn(5000), { nextLeg: true });
    await sendMessage(fake.client, message(), deadlineIn(5000));
    await sendMessage(fake.client, message(), deadlineIn(300));
    expect(budgets[0]).toBeLessThanOrEqual(5000 - LOOKUP_RESERVE_MS);
    expect(budgets[0]).toBeGreaterThan(5000 - LOOKUP_RESERVE_MS - 100);
    expect(budgets[1]).toBeLessThanOrEqual(5000 - LOOKUP_RESERVE_MS - RECREATE_RESERVE_MS);
    expect(budgets[1]).toBeGreaterThan(5000 - LOOKUP_RESERVE_MS - RECREATE_RESERVE_MS - 100);
    // Too little for anything after it: the create gets it all.
    expect(budgets[2]).toBeGreaterThan(200);
  });
});
