/**
 * Paging end to end (PAGE_BY_CALL=true, docs/calls.md "Paging"): `npm start` (signature gate)
 * with the emulator's Sync, a Messaging Service (ACK_TIMEOUT_MINUTES=15, so the scheduled copies'
 * cancels show) and its outbound calls: each phone's callee is scripted per test, ring time is the
 * emulator's clock (advance), rewound after each test. Each test has its own dispatcher and counts
 * only its own dispatch's messages (by its code). REQUIRE_ATTESTATION=true too: it changes no
 * text path, and the calls into the relay number show it.
 */
import type { ManualClock } from '../../dev/emulator/clock';
import type { StoredMessage } from '../../dev/emulator/messages';
import { FAKE, FAKE_WHITELIST, inboundSms } from '../../dev/fixtures';
import { postSigned } from '../../dev/signed-post';
import { useRelay } from '../support/relay-harness';

const MG = 'MG' + 'd4'.repeat(16);
const clock: ManualClock & { offset: number } = { offset: 0, now: () => Date.now() + clock.offset, advance: (ms) => void (clock.offset += ms) };
const DISPATCHERS = ['+16195550181', '+16195550182', '+16195550183', '+16195550184', '+16195550185', '+16195550186'];
const RING_MS = 21_000;
const h = useRelay('gated', {
  env: { SYNC_SERVICE_SID: FAKE.syncServiceSid, MESSAGING_SERVICE_SID: MG, ACK_TIMEOUT_MINUTES: '15', PAGE_BY_CALL: 'true', DIAL_TIMEOUT_SECONDS: '20', REQUIRE_ATTESTATION: 'true' },
  emulator: { clock },
  whitelist: { senders: [...FAKE_WHITELIST.senders, ...DISPATCHERS] },
});
afterEach(() => {
  clock.offset = 0;
  h.emulator.callbackCopies = 1;
  for (const number of Object.keys(h.emulator.callees)) delete h.emulator.callees[number];
});

const of = (to: string, code: number): StoredMessage[] => h.emulator.sentTo(to).filter((m) => new RegExp(`#${code}\\b`).test(m.body));
const got = (to: string, code: number) => of(to, code).filter((m) => m.status !== 'scheduled' && m.status !== 'canceled').map((m) => m.body);
const callsTo = (to: string, inbound: string) => [...h.emulator.calls.values()].filter((c) => c.to === to && c.url.includes(inbound));
const events = (inbound: string, event: string) => h.audit.chain(inbound).filter((l) => l.audit === event);

async function dispatch(from: string, text: string): Promise<{ code: number; inbound: string }> {
  const sms = inboundSms(from, text);
  await h.sendInbound(sms);
  const forwarded = h.audit.chain(sms.MessageSid).find((l) => l.audit === 'forwarded');
  return { code: Number(forwarded?.code), inbound: sms.MessageSid };
}

test('the primary answers and presses 1 → acknowledged, nothing escalates, the dispatcher is told', async () => {
  const dispatcher = DISPATCHERS[0];
  h.emulator.callees[FAKE.primaryNumber] = { outcome: 'human', presses: ['1'] };
  const { code, inbound } = await dispatch(dispatcher, 'Fire at 12 Main St.');
  const [call] = callsTo(FAKE.primaryNumber, inbound);
  expect(call).toMatchObject({ from: FAKE.relayNumber, timeoutSeconds: 20 });
  expect(call.log.flatMap((e) => (e.kind === 'say' ? [e.text] : []))).toEqual([`Dispatch from ${dispatcher.slice(1).split('').join(' ')}, number ${code}. Fire at 12 Main St. Press 1 to acknowledge.`, 'Acknowledged. Thank you.']);
  expect(got(dispatcher, code)).toEqual([`#${code} acknowledged by Primary (call)`]);
  expect(of(FAKE.backupNumber, code).map((m) => m.status)).toEqual(['canceled']);
  expect(callsTo(FAKE.backupNumber, inbound)).toEqual([]);
  expect(events(inbound, 'acknowledged')).toHaveLength(1);
  expect(events(inbound, 'page-escalated')).toEqual([]);
  expect(events(inbound, 'paged')).toHaveLength(1);
});

test('the primary does not answer → the backup is texted at once and paged; it presses 1 → acknowledged, the primary gets the notice', async () => {
  const dispatcher = DISPATCHERS[1];
  h.emulator.callees[FAKE.primaryNumber] = { outcome: 'no-answer' };
  h.emulator.callees[FAKE.backupNumber] = { outcome: 'human', presses: ['1'] };
  const { code, inbound } = await dispatch(dispatcher, 'Gate code changed');
  expect(got(FAKE.backupNumber, code)).toEqual([]);
  await h.emulator.advance(RING_MS);
  expect(callsTo(FAKE.primaryNumber, inbound).map((c) => c.status)).toEqual(['no-answer']);
  expect(got(FAKE.backupNumber, code)).toEqual([`From ${dispatcher} #${code}: Gate code changed`, ]);
  expect(of(FAKE.backupNumber, code).find((m) => /not acknowledged/.test(m.body))?.status).toBe('canceled');
  expect(callsTo(FAKE.backupNumber, inbound)).toHaveLength(1);
  expect(events(inbound, 'page-escalated')).toEqual([expect.objectContaining({ leg: 'primary', reason: expect.stringContaining('no-answer') })]);
  expect(got(dispatcher, code)).toEqual([`#${code} acknowledged by Backup (call)`]);
  expect(got(FAKE.primaryNumber, code)).toEqual([`From ${dispatcher} #${code}: Gate code changed`, `#${code} taken by Backup`]);
  expect(of(dispatcher, code).find((m) => /not acknowledged/.test(m.body))?.status).toBe('canceled');
});

test('nobody presses 1 → the dispatcher gets one message, and no "not acknowledged" later', async () => {
  const dispatcher = DISPATCHERS[2];
  h.emulator.callees[FAKE.primaryNumber] = { outcome: 'busy' };
  h.emulator.callees[FAKE.backupNumber] = { outcome: 'human' };
  const { code, inbound } = await dispatch(dispatcher, 'Are you there');
  expect(got(dispatcher, code)).toEqual([`#${code}: nobody acknowledged by call`]);
  expect(events(inbound, 'page-escalated').map((l) => l.leg)).toEqual(['primary', 'backup']);
  await h.emulator.advance(31 * 60_000);
  expect(got(dispatcher, code)).toEqual([`#${code}: nobody acknowledged by call`]);
});

test('every page callback delivered twice → one escalation, one backup text, one backup page, one message to the dispatcher', async () => {
  const dispatcher = DISPATCHERS[3];
  h.emulator.callbackCopies = 2;
  h.emulator.callees[FAKE.primaryNumber] = { outcome: 'hangs-up' };
  h.emulator.callees[FAKE.backupNumber] = { outcome: 'voicemail' };
  const { code, inbound } = await dispatch(dispatcher, 'Check the pump');
  const [primaryCall] = callsTo(FAKE.primaryNumber, inbound);
  expect(primaryCall.log.filter((e) => e.kind === 'callback')).toHaveLength(2);
  expect(got(FAKE.backupNumber, code)).toEqual([`From ${dispatcher} #${code}: Check the pump`]);
  expect(callsTo(FAKE.backupNumber, inbound)).toHaveLength(1);
  expect(events(inbound, 'page-escalated').map((l) => l.leg)).toEqual(['primary', 'backup']);
  expect(got(dispatcher, code)).toEqual([`#${code}: nobody acknowledged by call`]);
});

const XML = '<?xml version="1.0" encoding="UTF-8"?>';
let callCount = 0;
/** A signed call into the relay number (its Voice webhook), answered with TwiML. */
function callRelay(from: string, extra: Record<string, string> = {}) {
  const CallSid = 'CA' + String(++callCount).padStart(2, '0').repeat(16);
  const params = { CallSid, AccountSid: FAKE.accountSid, From: from, To: FAKE.relayNumber, CallStatus: 'ringing', Direction: 'inbound', ApiVersion: '2010-04-01', ...extra };
  return postSigned(`${h.relay.url}/voice/incoming`, params, FAKE.authToken).then((answer) => ({ ...answer, sid: CallSid }));
}
const PASSED_A = { StirVerstat: 'TN-Validation-Passed-A' };

test('a phone the open dispatch reached calls the relay → put through to the dispatcher, showing the relay number', async () => {
  const dispatcher = DISPATCHERS[4];
  h.emulator.callees[FAKE.primaryNumber] = { outcome: 'human', presses: ['1'] };
  const { code, inbound } = await dispatch(dispatcher, 'Call me back');
  const answer = await callRelay(FAKE.primaryNumber, PASSED_A);
  expect(answer.text).toBe(`${XML}<Response><Dial callerId="${FAKE.relayNumber}" timeout="20" answerOnBridge="true"><Number>${dispatcher}</Number></Dial></Response>`);
  expect(events(inbound, 'callback')).toEqual([expect.objectContaining({ code, leg: 'primary', outbound: answer.sid })]);
  expect(JSON.stringify(events(inbound, 'callback'))).not.toContain(dispatcher);
});

test('REQUIRE_ATTESTATION=true: a whitelisted caller with StirVerstat missing or not A is rejected, with the reason; with A put through', async () => {
  const missing = await callRelay(FAKE.dispatcher.number);
  expect(missing.text).toBe(`${XML}<Response><Reject/></Response>`);
  expect(h.audit.chain(missing.sid).find((l) => l.audit === 'rejected')?.reason).toMatch(/^REQUIRE_ATTESTATION: no StirVerstat/);
  const b = await callRelay(FAKE.dispatcher.number, { StirVerstat: 'TN-Validation-Passed-B' });
  expect(b.text).toBe(`${XML}<Response><Reject/></Response>`);
  expect(h.audit.chain(b.sid).find((l) => l.audit === 'rejected')?.reason).toMatch(/attestation B does not vouch/);
  const a = await callRelay(FAKE.dispatcher.number, PASSED_A);
  expect(a.text).toContain(`<Number>${FAKE.primaryNumber}</Number>`);
});

test('REQUIRE_ATTESTATION=true: a leg phone calling back without attestation A is rejected too', async () => {
  const dispatcher = DISPATCHERS[5];
  h.emulator.callees[FAKE.primaryNumber] = { outcome: 'human', presses: ['1'] };
  await dispatch(dispatcher, 'Ring me');
  const answer = await callRelay(FAKE.primaryNumber, { StirVerstat: 'TN-Validation-Failed' });
  expect(answer.text).toBe(`${XML}<Response><Reject/></Response>`);
  expect(h.audit.chain(answer.sid).find((l) => l.audit === 'rejected')?.reason).toMatch(/did not verify/);
});
