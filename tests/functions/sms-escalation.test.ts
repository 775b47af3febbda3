/**
 * Escalation (issue 11) through the handlers: the mock Runtime, Sync claims on the fake Sync, the
 * in-memory DispatchStore, and ACK_TIMEOUT_MINUTES with a Messaging Service. The scheduled copies
 * are creates with ScheduleType/SendAt; their callbacks are posted back as Twilio would.
 */
import { BACKUP, DISPATCH, invoke, makeContext, PRIMARY, twilioError } from '../support/mock-runtime';
import { useTwoWayBed, SYNC, type Sent } from '../support/two-way-bed';
import { handler as incomingHandler } from '../../src/functions/sms/incoming.protected';

const MG = `MG${'0'.repeat(31)}3`;
const FORWARD = 'From Dispatch (+16195550100) #1: Gate code changed';
const ESCALATED = 'From Dispatch (+16195550100) #1, not acknowledged by Primary in 15 min: Gate code changed';
const UNACKNOWLEDGED = '#1: not acknowledged by Primary or Backup after 30 min';

type Scheduled = Sent & { sendAt?: Date; scheduleType?: string; messagingServiceSid?: string };
const bed = useTwoWayBed({ ACK_TIMEOUT_MINUTES: '15', MESSAGING_SERVICE_SID: MG });

/** The dispatch, and its three creates: the primary's forward, then the backup's copy and the dispatcher's message. */
async function dispatched() {
  const b = bed();
  const inbound = await b.inbound(DISPATCH, 'Gate code changed');
  const [forward, copy, notice] = b.sent() as Scheduled[];
  return { b, inbound, forward, copy, notice };
}
const canceled = (b: ReturnType<typeof bed>) => b.fake.update.mock.calls.map(([sid, opts]) => [sid, opts]);

describe('at the first forward', () => {
  it('schedules the backup\'s copy at the deadline and the dispatcher\'s message at twice it, through the Messaging Service', async () => {
    const { b, inbound, forward, copy, notice } = await dispatched();
    const forwardedAt = Date.parse(b.store.records.get(inbound)!.forwardedAt);
    const at = (minutes: number) => new Date(Math.floor((forwardedAt + minutes * 60_000) / 1000) * 1000);
    expect(forward).toMatchObject({ to: PRIMARY, body: FORWARD });
    expect(forward).not.toHaveProperty('sendAt');
    expect(copy).toMatchObject({ to: BACKUP, body: ESCALATED, scheduleType: 'fixed', sendAt: at(15), messagingServiceSid: MG });
    expect(notice).toMatchObject({ to: DISPATCH, body: UNACKNOWLEDGED, scheduleType: 'fixed', sendAt: at(30), messagingServiceSid: MG });
    expect(new URL(copy.statusCallback!).searchParams.get('relay_copy')).toBe('backup');
    expect(new URL(notice.statusCallback!).searchParams.get('relay_copy')).toBe('dispatcher');
    expect(b.store.records.get(inbound)!.escalation).toEqual({
      backup: { state: 'scheduled', sid: copy.sid, sendAt: at(15).toISOString() },
      dispatcher: { state: 'scheduled', sid: notice.sid, sendAt: at(30).toISOString() },
    });
    expect(b.lines('escalation-scheduled')).toEqual([
      { audit: 'escalation-scheduled', level: 'info', inbound, code: 1, copy: 'backup', outbound: copy.sid, sendAt: at(15).toISOString().replace('.000', '') },
      { audit: 'escalation-scheduled', level: 'info', inbound, code: 1, copy: 'dispatcher', outbound: notice.sid, sendAt: at(30).toISOString().replace('.000', '') },
    ]);
  });

  it('schedules once when the webhook comes twice', async () => {
    const { b, inbound } = await dispatched();
    await b.inbound(DISPATCH, 'Gate code changed', { MessageSid: inbound });
    expect(b.sent()).toHaveLength(3);
  });

  it('schedules only the dispatcher\'s message when the primary was refused and the backup took it at once', async () => {
    const b = bed();
    b.refuse(PRIMARY, 21610);
    await b.inbound(DISPATCH, 'Gate code changed');
    expect(b.sent().map((m) => [m.to, (m as Scheduled).scheduleType])).toEqual([
      [BACKUP, undefined],
      [DISPATCH, 'fixed'],
    ]);
  });

  it('is a configuration error without MESSAGING_SERVICE_SID, naming the variable', async () => {
    const b = bed();
    const { payload } = await invoke(incomingHandler, makeContext({ SYNC_SERVICE_SID: SYNC, ACK_TIMEOUT_MINUTES: '15' }), {
      MessageSid: `SM${'0'.repeat(31)}e`, AccountSid: `AC${'0'.repeat(31)}1`, From: DISPATCH, To: '+16195550199', Body: 'x', NumMedia: '0',
    });
    expect((payload as { statusCode: number }).statusCode).toBe(500);
    expect(JSON.stringify(b.audit.records())).toContain('ACK_TIMEOUT_MINUTES needs MESSAGING_SERVICE_SID');
    expect(b.sent()).toEqual([]);
  });
});

describe('an acknowledgement', () => {
  it('by the primary cancels both copies; their canceled callbacks change nothing', async () => {
    const { b, inbound, copy, notice } = await dispatched();
    await b.inbound(PRIMARY, 'On my way');
    expect(canceled(b)).toEqual([
      [copy.sid, { status: 'canceled' }],
      [notice.sid, { status: 'canceled' }],
    ]);
    expect(b.lines('escalation-canceled').map((l) => [l.copy, l.why])).toEqual([
      ['backup', 'acknowledged'],
      ['dispatcher', 'acknowledged'],
    ]);
    const before = b.sent().length;
    await b.status(copy, 'canceled');
    await b.status(notice, 'canceled');
    expect(b.sent()).toHaveLength(before);
    expect(b.lines('failover')).toEqual([]);
    expect(b.lines('exhausted')).toEqual([]);
    expect(b.store.records.get(inbound)!.escalation).toMatchObject({ backup: { state: 'canceled', reason: 'acknowledged' }, dispatcher: { state: 'canceled' } });
  });

  it('after the copy left (30409): the backup got it, so it gets the "taken by" notice', async () => {
    const { b, inbound, copy } = await dispatched();
    b.fake.update.mockImplementation(async (sid: string) => {
      if (sid === copy.sid) throw twilioError(400, 30409, 'This message cannot be canceled');
    });
    b.fake.fetch.mockResolvedValue({ status: 'sent' });
    await b.inbound(PRIMARY, 'On my way');
    expect(b.sentTo(BACKUP).map((m) => m.body)).toEqual([ESCALATED, '#1 taken by Primary']);
    expect(b.lines('escalated')).toEqual([expect.objectContaining({ inbound, copy: 'backup', outbound: copy.sid })]);
    // Its later callback is no second escalation and no second notice.
    await b.status(copy, 'delivered');
    expect(b.lines('escalated')).toHaveLength(1);
    expect(b.sentTo(BACKUP)).toHaveLength(2);
  });
});

describe('the deadline passing', () => {
  it('the copy\'s first callback escalates: the backup\'s reply reaches the dispatcher, the primary is told', async () => {
    const { b, inbound, copy, notice } = await dispatched();
    await b.status(copy, 'queued');
    await b.status(copy, 'sent');
    expect(b.lines('escalated')).toEqual([{ audit: 'escalated', level: 'info', inbound, outbound: copy.sid, status: 'queued', copy: 'backup' }]);
    expect(b.store.records.get(inbound)!.legs.backup).toMatchObject({ state: 'sent', sid: copy.sid });
    await b.inbound(BACKUP, 'Got it');
    expect(b.sentTo(DISPATCH).slice(1).map((m) => m.body)).toEqual(['#1 Backup: Got it']);
    expect(b.sentTo(PRIMARY).map((m) => m.body)).toEqual([FORWARD, '#1 taken by Backup']);
    expect(canceled(b)).toEqual([[notice.sid, { status: 'canceled' }]]);
    expect(b.lines('acknowledged')).toEqual([expect.objectContaining({ leg: 'backup' })]);
  });

  it('the dispatcher\'s message going out is audited unacknowledged, once', async () => {
    const { b, inbound, notice } = await dispatched();
    await b.status(notice, 'queued');
    await b.status(notice, 'delivered');
    expect(b.lines('unacknowledged')).toEqual([{ audit: 'unacknowledged', level: 'info', inbound, outbound: notice.sid, status: 'queued', copy: 'dispatcher' }]);
  });
});

describe('a failure before the deadline', () => {
  it('primary undelivered: the backup at once, its scheduled copy canceled, the dispatcher\'s kept', async () => {
    const { b, copy, forward } = await dispatched();
    await b.status(forward, 'undelivered', '30003');
    expect(b.sentTo(BACKUP).map((m) => m.body)).toEqual([ESCALATED, FORWARD]);
    expect((b.sentTo(BACKUP)[1] as Scheduled).sendAt).toBeUndefined();
    expect(canceled(b)).toEqual([[copy.sid, { status: 'canceled' }]]);
    expect(b.lines('escalation-canceled').map((l) => l.why)).toEqual(['failed-over']);
  });

  it('primary undelivered while the copies are being scheduled: the backup\'s copy is canceled once its SID is recorded', async () => {
    const b = bed();
    const create = b.fake.create.getMockImplementation()!;
    let raced = false;
    b.fake.create.mockImplementation(async (params: Scheduled) => {
      if (params.sendAt && !raced) {
        raced = true;
        // The carrier fails the primary at once: its callback runs before the schedule is in the record.
        await b.status(b.sent()[0], 'undelivered', '30003');
      }
      return create(params);
    });
    await b.inbound(DISPATCH, 'Gate code changed');
    const copy = (b.sentTo(BACKUP) as Scheduled[]).find((m) => m.sendAt)!;
    expect(b.sentTo(BACKUP).filter((m) => !(m as Scheduled).sendAt).map((m) => m.body)).toEqual([FORWARD]);
    expect(canceled(b)).toEqual([[copy.sid, { status: 'canceled' }]]);
    expect(b.lines('escalation-canceled').map((l) => [l.copy, l.why])).toEqual([['backup', 'failed-over']]);
  });

  it('primary undelivered after the copy left (30409): nothing more to the backup', async () => {
    const { b, copy, forward } = await dispatched();
    b.fake.update.mockRejectedValue(twilioError(400, 30409, 'This message cannot be canceled'));
    b.fake.fetch.mockResolvedValue({ status: 'queued' });
    await b.status(forward, 'undelivered', '30003');
    expect(b.sentTo(BACKUP).map((m) => m.sid)).toEqual([copy.sid]);
  });

  it('both legs fail: one "could not be delivered", and the dispatcher\'s "not acknowledged" canceled', async () => {
    const { b, notice, forward } = await dispatched();
    await b.status(forward, 'undelivered', '30003');
    await b.status(b.sentTo(BACKUP)[1], 'undelivered', '30005');
    expect(b.sentTo(DISPATCH).slice(1).map((m) => m.body)).toEqual([expect.stringMatching(/^#1 could not be delivered to Primary/)]);
    expect(canceled(b)).toContainEqual([notice.sid, { status: 'canceled' }]);
    expect(b.lines('escalation-canceled').map((l) => [l.copy, l.why])).toEqual([
      ['backup', 'failed-over'],
      ['dispatcher', 'exhausted'],
    ]);
  });

  it('the primary failing hours after the escalated copy failed exhausts the chain: one notice, the "not acknowledged" canceled', async () => {
    const { b, copy, notice } = await dispatched();
    await b.status(copy, 'queued');
    await b.status(copy, 'undelivered', '30005');
    expect(b.sentTo(DISPATCH).slice(1)).toEqual([]);
    b.fake.update.mockResolvedValue({});
    await b.status(b.sent()[0], 'undelivered', '30003');
    await b.status(b.sent()[0], 'undelivered', '30003');
    expect(b.sentTo(DISPATCH).slice(1).map((m) => m.body)).toEqual([expect.stringMatching(/^#1 could not be delivered to Primary/)]);
    expect(canceled(b)).toEqual([[notice.sid, { status: 'canceled' }]]);
  });

  it('the escalated copy failing after the primary failed exhausts the chain: one notice', async () => {
    const { b, copy, notice } = await dispatched();
    await b.status(copy, 'queued');
    b.fake.update.mockResolvedValue({});
    await b.status(b.sent()[0], 'undelivered', '30003');
    await b.status(copy, 'undelivered', '30005');
    expect(b.sentTo(DISPATCH).slice(1).map((m) => m.body)).toEqual([expect.stringMatching(/^#1 could not be delivered to Primary/)]);
    expect(canceled(b)).toEqual([[notice.sid, { status: 'canceled' }]]);
  });
});
