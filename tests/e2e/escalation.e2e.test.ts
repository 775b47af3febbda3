/**
 * Escalation end to end: `npm start` (signature gate) with the emulator's Sync and a Messaging
 * Service, ACK_TIMEOUT_MINUTES=15. Twilio's Message Scheduling is the emulator's: the tests move
 * its clock past a deadline (advance) instead of waiting, and rewind it after each test so that
 * the next dispatch's SendAt is again 15 minutes ahead of it. Each test has its own dispatcher,
 * and counts only its own dispatch's messages (by its code): copies still scheduled by an earlier
 * test may fall due in a later one.
 */
import type { ManualClock } from '../../dev/emulator/clock';
import type { StoredMessage } from '../../dev/emulator/messages';
import { FAKE, FAKE_WHITELIST, inboundSms } from '../../dev/fixtures';
import { useRelay } from '../support/relay-harness';

const MG = 'MG' + 'd4'.repeat(16);
const MINUTE = 60_000;
/** The emulator's clock: real time plus what the test advanced, rewound after each test. */
const clock: ManualClock & { offset: number } = { offset: 0, now: () => Date.now() + clock.offset, advance: (ms) => void (clock.offset += ms) };
const DISPATCHERS = ['+16195550171', '+16195550172', '+16195550173', '+16195550174', '+16195550175', '+16195550176'];
const h = useRelay('gated', {
  env: { SYNC_SERVICE_SID: FAKE.syncServiceSid, MESSAGING_SERVICE_SID: MG, ACK_TIMEOUT_MINUTES: '15' },
  emulator: { clock },
  whitelist: { senders: [...FAKE_WHITELIST.senders, ...DISPATCHERS] },
});
afterEach(() => {
  clock.offset = 0;
});

/** What one number got of dispatch #code (scheduled messages included: they exist from their create on). */
const of = (to: string, code: number): StoredMessage[] => h.emulator.sentTo(to).filter((m) => new RegExp(`#${code}\\b`).test(m.body));
/** What left Twilio for that number: neither still scheduled nor canceled. */
const got = (to: string, code: number) => of(to, code).filter((m) => m.status !== 'scheduled' && m.status !== 'canceled').map((m) => m.body);

async function dispatch(from: string, text: string): Promise<{ code: number; inbound: string }> {
  const sms = inboundSms(from, text);
  await h.sendInbound(sms);
  const forwarded = h.audit.chain(sms.MessageSid).find((l) => l.audit === 'forwarded');
  return { code: Number(forwarded?.code), inbound: sms.MessageSid };
}

test('dispatch → the copy is scheduled at SendAt = forward + 15 min → the primary replies → it is canceled, and its callback changes nothing', async () => {
  const [dispatcher] = DISPATCHERS;
  const { code, inbound } = await dispatch(dispatcher, 'Structure fire, 400 Elm St');
  const [copy] = of(FAKE.backupNumber, code);
  expect(copy).toMatchObject({ status: 'scheduled', messagingServiceSid: MG, body: `From ${dispatcher} #${code}, not acknowledged by Primary in 15 min: Structure fire, 400 Elm St` });
  const received = Date.parse(String(h.audit.chain(inbound).find((l) => l.audit === 'received')?.ts));
  const forwarded = Date.parse(String(h.audit.chain(inbound).find((l) => l.audit === 'forwarded')?.ts));
  expect(copy.sendAt!.getTime()).toBeGreaterThanOrEqual(Math.floor(received / 1000) * 1000 + 15 * MINUTE);
  expect(copy.sendAt!.getTime()).toBeLessThanOrEqual(forwarded + 15 * MINUTE);
  expect(of(dispatcher, code)).toEqual([expect.objectContaining({ status: 'scheduled', body: `#${code}: not acknowledged by Primary or Backup after 30 min` })]);

  await h.sendInbound(inboundSms(FAKE.primaryNumber, 'On my way'));
  expect(of(FAKE.backupNumber, code).map((m) => m.status)).toEqual(['canceled']);
  expect(got(dispatcher, code)).toEqual([`#${code} Primary: On my way`]);
  const trail = h.audit.chain(inbound).map((l) => l.audit);
  expect(trail).toEqual(expect.arrayContaining(['escalation-scheduled', 'escalation-canceled']));
  expect(trail).not.toEqual(expect.arrayContaining(['failover']));
  expect(trail).not.toEqual(expect.arrayContaining(['exhausted']));
  await h.emulator.advance(31 * MINUTE);
  expect(got(FAKE.backupNumber, code)).toEqual([]);
  expect(got(dispatcher, code)).toEqual([`#${code} Primary: On my way`]);
});

test('dispatch → the clock passes the deadline → the backup gets one escalated copy → its reply reaches the dispatcher, the primary gets a notice', async () => {
  const dispatcher = DISPATCHERS[1];
  const { code, inbound } = await dispatch(dispatcher, 'Gate code changed');
  await h.emulator.advance(15 * MINUTE + 1000);
  expect(got(FAKE.backupNumber, code)).toEqual([`From ${dispatcher} #${code}, not acknowledged by Primary in 15 min: Gate code changed`]);
  expect(h.audit.chain(inbound).filter((l) => l.audit === 'escalated')).toHaveLength(1);
  await h.sendInbound(inboundSms(FAKE.backupNumber, `#${code} Got it`));
  expect(got(dispatcher, code)).toEqual([`#${code} Backup: Got it`]);
  expect(got(FAKE.primaryNumber, code)).toEqual([`From ${dispatcher} #${code}: Gate code changed`, `#${code} taken by Backup`]);
  expect(of(dispatcher, code).find((m) => /not acknowledged/.test(m.body))?.status).toBe('canceled');
});

test('escalated, then the primary replies after all → the dispatcher gets it, and the backup the "taken by" notice', async () => {
  const dispatcher = DISPATCHERS[2];
  const { code } = await dispatch(dispatcher, 'Check the pump');
  await h.emulator.advance(15 * MINUTE + 1000);
  await h.sendInbound(inboundSms(FAKE.primaryNumber, `#${code} Sorry, on it`));
  expect(got(dispatcher, code)).toEqual([`#${code} Primary: Sorry, on it`]);
  expect(got(FAKE.backupNumber, code)).toEqual([expect.stringContaining('not acknowledged by Primary in 15 min'), `#${code} taken by Primary`]);
});

test('primary undelivered → the backup gets one immediate message, and the scheduled copy is canceled', async () => {
  const dispatcher = DISPATCHERS[3];
  h.emulator.script[FAKE.primaryNumber] = { outcome: 'undelivered', errorCode: 30003 };
  const { code } = await dispatch(dispatcher, 'Hydrant at 5th');
  expect(got(FAKE.backupNumber, code)).toEqual([`From ${dispatcher} #${code}: Hydrant at 5th`]);
  expect(of(FAKE.backupNumber, code).map((m) => m.status)).toContain('canceled');
  await h.emulator.advance(15 * MINUTE + 1000);
  expect(got(FAKE.backupNumber, code)).toHaveLength(1);
});

test('nobody replies → the dispatcher gets exactly one "not acknowledged" message', async () => {
  const dispatcher = DISPATCHERS[4];
  const { code, inbound } = await dispatch(dispatcher, 'Are you there');
  await h.emulator.advance(15 * MINUTE + 1000);
  await h.emulator.advance(15 * MINUTE + 1000);
  expect(got(dispatcher, code)).toEqual([`#${code}: not acknowledged by Primary or Backup after 30 min`]);
  expect(h.audit.chain(inbound).filter((l) => l.audit === 'unacknowledged')).toHaveLength(1);
});

test('both legs fail → one "could not be delivered" message, and no "not acknowledged"', async () => {
  const dispatcher = DISPATCHERS[5];
  h.emulator.script[FAKE.primaryNumber] = { outcome: 'undelivered', errorCode: 30003 };
  h.emulator.script[FAKE.backupNumber] = { outcome: 'undelivered', errorCode: 30005 };
  const { code } = await dispatch(dispatcher, 'Nobody home');
  await h.emulator.advance(31 * MINUTE);
  expect(got(dispatcher, code)).toEqual([expect.stringMatching(new RegExp(`^#${code} could not be delivered to Primary`))]);
});
