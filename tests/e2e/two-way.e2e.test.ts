/**
 * Two-way dispatch end to end: `npm start` (signature gate) with the emulator's Sync (SYNC_SERVICE_SID
 * set, so two-way is on), every REST request checked against Twilio's OpenAPI description. The
 * phones and dispatchers are signed webhooks; what each phone got is read from the emulator.
 */
import { FAKE, FAKE_WHITELIST, inboundSms } from '../../dev/fixtures';
import { useRelay } from '../support/relay-harness';

/** A dispatcher whose phone answers everything automatically: its own, so its pair's loop state is fresh. */
const AUTO = '+16195550177';
const h = useRelay('gated', { env: { SYNC_SERVICE_SID: FAKE.syncServiceSid }, whitelist: { senders: [...FAKE_WHITELIST.senders, AUTO] } });
const DISPATCHER = FAKE.dispatcher.number;
const SECOND = FAKE.fieldUnit;
const bodiesTo = (to: string, since = 0) => h.emulator.sentTo(to).slice(since).map((m) => m.body);
const count = (to: string) => h.emulator.sentTo(to).length;
const codeOf = (body: string) => Number(/ #(\d{1,3}): /.exec(body)?.[1]);

/** The dispatcher texts; resolves with the code the primary (or `to`) saw in the forward. */
async function dispatch(from: string, text: string, to = FAKE.primaryNumber): Promise<number> {
  const since = count(to);
  await h.sendInbound(inboundSms(from, text));
  const [forward] = bodiesTo(to, since);
  expect(forward).toMatch(new RegExp(` #\\d{1,3}: ${text}$`));
  return codeOf(forward);
}

test('dispatch → the primary replies → one message to the dispatcher containing the reply text', async () => {
  const code = await dispatch(DISPATCHER, 'Structure fire, 400 Elm St');
  const since = count(DISPATCHER);
  await h.sendInbound(inboundSms(FAKE.primaryNumber, 'On my way'));
  expect(bodiesTo(DISPATCHER, since)).toEqual([`#${code} Primary: On my way`]);
  expect(h.audit.lines().filter((l) => l.audit === 'acknowledged' && l.code === code)).toHaveLength(1);
});

test('failover → the backup replies → the dispatcher gets it, and the primary gets nothing', async () => {
  h.emulator.script[FAKE.primaryNumber] = { outcome: 'undelivered', errorCode: 30003 };
  const sinceBackup = count(FAKE.backupNumber);
  const code = await dispatch(DISPATCHER, 'Gate code changed');
  expect(bodiesTo(FAKE.backupNumber, sinceBackup)).toEqual([expect.stringContaining(`#${code}: Gate code changed`)]);
  const sincePrimary = count(FAKE.primaryNumber);
  const since = count(DISPATCHER);
  await h.sendInbound(inboundSms(FAKE.backupNumber, `#${code} Got it`));
  expect(bodiesTo(DISPATCHER, since)).toEqual([`#${code} Backup: Got it`]);
  expect(count(FAKE.primaryNumber)).toBe(sincePrimary);
});

test('two dispatchers, two open codes: replies with and without a code go to the right one', async () => {
  const first = await dispatch(DISPATCHER, 'Engine 7 respond');
  const second = await dispatch(SECOND, 'Need a second unit');
  expect(first).not.toBe(second);
  const [sinceFirst, sinceSecond] = [count(DISPATCHER), count(SECOND)];
  await h.sendInbound(inboundSms(FAKE.primaryNumber, 'Copy'));
  await h.sendInbound(inboundSms(FAKE.primaryNumber, `#${first} Engine 7 rolling`));
  expect(bodiesTo(SECOND, sinceSecond)).toEqual([`#${second} Primary: Copy`]);
  expect(bodiesTo(DISPATCHER, sinceFirst)).toEqual([`#${first} Primary: Engine 7 rolling`]);
});

test('STOP from the primary goes nowhere', async () => {
  await dispatch(DISPATCHER, 'Check the pump');
  const before = h.creates().length;
  const stop = inboundSms(FAKE.primaryNumber, 'STOP');
  await h.sendInbound(stop);
  expect(h.creates().length).toBe(before);
  expect(h.audit.chain(stop.MessageSid).map((l) => l.audit)).toEqual(['received', 'keyword']);
});

test('a reply webhook delivered twice → one relay', async () => {
  const code = await dispatch(DISPATCHER, 'Hydrant at 5th');
  const since = count(DISPATCHER);
  const reply = inboundSms(FAKE.primaryNumber, 'Checking');
  await Promise.all([h.sendInbound(reply), h.sendInbound(reply)]);
  await h.sendInbound(reply);
  expect(bodiesTo(DISPATCHER, since)).toEqual([`#${code} Primary: Checking`]);
});

test('two auto-responders → the relay stops after 3 each way', async () => {
  await dispatch(AUTO, 'Are you there');
  const [toAuto, toPrimary] = [count(AUTO), count(FAKE.primaryNumber)];
  // Each side answers the other at once: the primary's reply, the dispatcher's auto-answer (a dispatch).
  for (let turn = 1; turn <= 5; turn += 1) {
    await h.sendInbound(inboundSms(FAKE.primaryNumber, `auto reply ${turn}`));
    await h.sendInbound(inboundSms(AUTO, `auto answer ${turn}`));
  }
  expect(bodiesTo(AUTO, toAuto)).toEqual([1, 2, 3].map((turn) => expect.stringMatching(new RegExp(`^#\\d{1,3} Primary: auto reply ${turn}$`))));
  // Dispatches are never held back: the 5 auto-answers reached the primary, and once, why its replies stopped.
  const toPrimaryNow = bodiesTo(FAKE.primaryNumber, toPrimary);
  expect(toPrimaryNow.filter((body) => body.startsWith('From '))).toHaveLength(5);
  expect(toPrimaryNow.filter((body) => body.startsWith('Your replies to '))).toEqual([expect.stringContaining('are held for 10 minutes')]);
  expect(h.audit.lines().filter((l) => l.audit === 'loop-suppressed')).toHaveLength(2);
});

test('exhausted → one notice to the dispatcher', async () => {
  h.emulator.script[FAKE.primaryNumber] = { outcome: 'undelivered', errorCode: 30003 };
  h.emulator.script[FAKE.backupNumber] = { outcome: 'undelivered', errorCode: 30005 };
  const since = count(DISPATCHER);
  const sms = inboundSms(DISPATCHER, 'Nobody home');
  await h.sendInbound(sms);
  const [backup] = h.emulator.sentTo(FAKE.backupNumber).slice(-1);
  // The backup's callback again (a Twilio retry): still one notice.
  await h.emulator.sendStatus(backup.sid, 'undelivered', 30005);
  await h.emulator.idle();
  const notices = bodiesTo(DISPATCHER, since);
  expect(notices).toEqual([expect.stringMatching(/^#\d{1,3} could not be delivered to Primary \(unreachable, 30003\) or Backup \(unknown number, 30005\): "Nobody home"$/)]);
});
