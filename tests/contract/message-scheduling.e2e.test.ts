/**
 * The emulator's Message Scheduling is Twilio's (dev/emulator/scheduling.ts cites the pages),
 * through the relay's own SDK client and checked against twilio-oai: a scheduled create answers
 * "scheduled", is sent when the emulator's clock passes SendAt, and can be canceled only until then.
 * Time is the emulator's manual clock, moved by the tests.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadTwilioSpecs } from '../../dev/contract/spec';
import { createContractCheck } from '../../dev/contract/validator';
import { manualClock } from '../../dev/emulator/clock';
import { scheduleRefusal } from '../../dev/emulator/scheduling';
import { startEmulator, type Emulator } from '../../dev/emulator/server';
import { FAKE, FAKE_ACCOUNT, fakeEnv } from '../../dev/fixtures';
import { readConfig } from '../../src/core/config';
import { createRestClient, type RestClient } from '../../src/core/twilio/client';
import { deadlineIn } from '../../src/core/twilio/deadline';

const SERVICE = 'MG' + 'd4'.repeat(16);
const MINUTE = 60_000;
// Whole seconds: the SDK sends SendAt to the second (YYYY-MM-DDTHH:mm:ssZ), so the window's edges are exact.
const clock = manualClock(Date.UTC(2026, 11, 1, 12, 0, 0));
let emulator: Emulator;
let client: RestClient;
let receiver: Server;
let callbackUrl: string;

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: { status: number; code: number; message: string; moreInfo: string }) => ({ status: error.status, code: error.code, message: error.message, moreInfo: error.moreInfo }),
  );
const schedule = (to: string, aheadMs: number, extra: Record<string, unknown> = {}) =>
  client.messages.create({ to, messagingServiceSid: SERVICE, body: 'later', scheduleType: 'fixed', sendAt: new Date(clock.now() + aheadMs), statusCallback: callbackUrl, ...extra });
const statusesOf = (sid: string) => emulator.callbacks.filter((c) => c.messageSid === sid).map((c) => c.status);

beforeAll(async () => {
  receiver = createServer((req, res) => req.resume().on('end', () => res.writeHead(200).end()));
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/status`;
  emulator = await startEmulator({ ...FAKE_ACCOUNT, clock, contract: createContractCheck(loadTwilioSpecs()) });
  client = createRestClient(readConfig(fakeEnv(emulator.url)), deadlineIn(120_000));
});
afterAll(async () => {
  await emulator?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});
afterEach(() => expect(emulator.violations).toEqual([]));

describe('a scheduled create', () => {
  it('answers status "scheduled" with no callback, and is sent (queued, then the script\'s callbacks) once the clock passes SendAt', async () => {
    const message = await schedule(FAKE.backupNumber, 15 * MINUTE);
    expect(message).toMatchObject({ status: 'scheduled', messagingServiceSid: SERVICE, dateSent: null, to: FAKE.backupNumber });
    const sent = emulator.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/Messages.json')).at(-1)!;
    expect(sent.params).toMatchObject({ ScheduleType: 'fixed', SendAt: '2026-12-01T12:15:00Z', MessagingServiceSid: SERVICE });

    await emulator.advance(15 * MINUTE - 1000);
    expect(statusesOf(message.sid)).toEqual([]);
    await expect(client.messages(message.sid).fetch()).resolves.toMatchObject({ status: 'scheduled' });

    await emulator.advance(1000);
    expect(statusesOf(message.sid)).toEqual(['queued', 'sent', 'delivered']);
    expect(emulator.callbacks.filter((c) => c.messageSid === message.sid).map((c) => c.answer)).toEqual([200, 200, 200]);
    await expect(client.messages(message.sid).fetch()).resolves.toMatchObject({ status: 'delivered' });
  });

  it('meets the carrier only at SendAt: the script at that moment decides (here undelivered)', async () => {
    const message = await schedule(FAKE.primaryNumber, 20 * MINUTE);
    emulator.script[FAKE.primaryNumber] = { outcome: 'undelivered', errorCode: 30003 };
    await emulator.advance(20 * MINUTE);
    delete emulator.script[FAKE.primaryNumber];
    expect(statusesOf(message.sid)).toEqual(['queued', 'sent', 'undelivered']);
  });
});

describe('Twilio\'s refusals of a schedule', () => {
  it('answers 35118 without a Messaging Service', async () => {
    await expect(
      failure(client.messages.create({ to: FAKE.backupNumber, from: FAKE.relayNumber, body: 'x', scheduleType: 'fixed', sendAt: new Date(clock.now() + 20 * MINUTE) })),
    ).resolves.toEqual({ status: 400, code: 35118, message: 'MessagingServiceSid is required to schedule a message', moreInfo: 'https://www.twilio.com/docs/errors/35118' });
  });

  it('answers 35111 without SendAt', async () => {
    await expect(failure(client.messages.create({ to: FAKE.backupNumber, messagingServiceSid: SERVICE, body: 'x', scheduleType: 'fixed' }))).resolves.toEqual({
      status: 400,
      code: 35111,
      message: 'SendAt timestamp is missing',
      moreInfo: 'https://www.twilio.com/docs/errors/35111',
    });
  });

  it('answers 35115 for a SendAt 300 s ahead or less, or more than 35 days ahead; takes 301 s and exactly 35 days', async () => {
    const refused = { status: 400, code: 35115, message: 'Scheduling does not support this timestamp', moreInfo: 'https://www.twilio.com/docs/errors/35115' };
    await expect(failure(schedule(FAKE.backupNumber, 300_000))).resolves.toEqual(refused);
    await expect(failure(schedule(FAKE.backupNumber, -MINUTE))).resolves.toEqual(refused);
    await expect(failure(schedule(FAKE.backupNumber, 35 * 86_400_000 + 1000))).resolves.toEqual(refused);
    await expect(schedule(FAKE.backupNumber, 301_000)).resolves.toMatchObject({ status: 'scheduled' });
    await expect(schedule(FAKE.backupNumber, 35 * 86_400_000)).resolves.toMatchObject({ status: 'scheduled' });
  });

  it('answers 35126 for a ScheduleType other than fixed (which twilio-oai\'s enum, and so the contract check, refuse first)', () => {
    expect(scheduleRefusal({ ScheduleType: 'recurring', MessagingServiceSid: SERVICE, SendAt: '2026-12-01T13:00:00Z' }, clock.now())).toEqual({
      status: 400,
      code: 35126,
      message: 'The ScheduleType value provided is not supported for this channel',
    });
    expect(createContractCheck(loadTwilioSpecs())({ method: 'POST', path: `/2010-04-01/Accounts/${FAKE.accountSid}/Messages.json`, params: { To: FAKE.backupNumber, MessagingServiceSid: SERVICE, Body: 'x', ScheduleType: 'recurring', SendAt: '2026-12-01T13:00:00Z' } }))
      .toEqual([expect.stringContaining('ScheduleType: "recurring" is not one of fixed')]);
  });

  it('schedules nothing for a create without ScheduleType, even with SendAt', () => {
    expect(scheduleRefusal({ MessagingServiceSid: SERVICE, SendAt: '2026-12-01T12:01:00Z' }, clock.now())).toBeUndefined();
  });
});

describe('cancel (update with Status=canceled)', () => {
  it('cancels a scheduled message with Twilio\'s "canceled" callback; it is then never sent', async () => {
    const message = await schedule(FAKE.backupNumber, 15 * MINUTE);
    await expect(client.messages(message.sid).update({ status: 'canceled' })).resolves.toMatchObject({ sid: message.sid, status: 'canceled' });
    await emulator.idle();
    expect(statusesOf(message.sid)).toEqual(['canceled']);
    await emulator.advance(30 * MINUTE);
    expect(statusesOf(message.sid)).toEqual(['canceled']);
    await expect(client.messages(message.sid).fetch()).resolves.toMatchObject({ status: 'canceled', dateSent: null });
  });

  it('answers 30409 once the message left "scheduled": sent at SendAt, already canceled, or never scheduled', async () => {
    const refused = { status: 400, code: 30409, message: 'This message cannot be canceled', moreInfo: 'https://www.twilio.com/docs/errors/30409' };
    const released = await schedule(FAKE.backupNumber, 15 * MINUTE);
    await emulator.advance(15 * MINUTE);
    await expect(failure(client.messages(released.sid).update({ status: 'canceled' }))).resolves.toEqual(refused);

    const canceled = await schedule(FAKE.backupNumber, 15 * MINUTE);
    await client.messages(canceled.sid).update({ status: 'canceled' });
    await expect(failure(client.messages(canceled.sid).update({ status: 'canceled' }))).resolves.toEqual(refused);

    const immediate = await client.messages.create({ to: FAKE.backupNumber, messagingServiceSid: SERVICE, body: 'now', statusCallback: callbackUrl });
    await expect(failure(client.messages(immediate.sid).update({ status: 'canceled' }))).resolves.toEqual(refused);
    await emulator.idle();
    expect(statusesOf(released.sid)).toEqual(['queued', 'sent', 'delivered']);
    expect(statusesOf(canceled.sid)).toEqual(['canceled']);
    expect(statusesOf(immediate.sid)).toEqual(['sent', 'delivered']);
  });
});
