/**
 * Calls through `npm start` (gate included): signed voice webhooks walk the whole path, and the
 * one REST call of the call flow (the voicemail's transcription texted to both phones) is checked
 * against Twilio's API contract by the emulator.
 */
import { FAKE } from '../../dev/fixtures';
import { postSigned } from '../../dev/signed-post';
import { useRelay } from '../support/relay-harness';

const h = useRelay('gated', { env: { VOICEMAIL: 'true', DIAL_TIMEOUT_SECONDS: '20', SYNC_SERVICE_SID: FAKE.syncServiceSid } });
const CALL_SID = 'CA' + 'd4'.repeat(16);
const XML = '<?xml version="1.0" encoding="UTF-8"?>';

function call(from: string, extra: Record<string, string> = {}): Record<string, string> {
  return { CallSid: CALL_SID, AccountSid: FAKE.accountSid, From: from, To: FAKE.relayNumber, CallStatus: 'ringing', Direction: 'inbound', ApiVersion: '2010-04-01', ...extra };
}

/** POSTs a signed voice webhook to a path (with its query) and returns the TwiML. */
async function webhook(pathAndQuery: string, params: Record<string, string>) {
  const answer = await postSigned(`${h.relay.url}${pathAndQuery}`, params, FAKE.authToken);
  await h.emulator.idle();
  return answer;
}

const dial = (leg: 'primary' | 'backup', number: string, last: 0 | 1) =>
  `${XML}<Response><Dial action="${h.relay.url}/voice/next?relay_leg=${leg}&amp;relay_last=${last}" timeout="20" callerId="${FAKE.dispatcher.number}" answerOnBridge="true"><Number>${number}</Number></Dial></Response>`;

test('an unknown caller is rejected before the call is answered', async () => {
  const answer = await webhook('/voice/incoming', call(FAKE.stranger));
  expect(answer).toEqual({ status: 200, text: `${XML}<Response><Reject/></Response>` });
});

test('an unsigned voice webhook gets 401', async () => {
  const answer = await postSigned(`${h.relay.url}/voice/incoming`, call(FAKE.dispatcher.number), null);
  expect(answer.status).toBe(401);
});

test('authorized caller → primary; primary busy → backup; backup no answer → message and voicemail → transcription texted to both', async () => {
  const first = await webhook('/voice/incoming', call(FAKE.dispatcher.number));
  expect(first.text).toBe(dial('primary', FAKE.primaryNumber, 0));

  const busy = await webhook('/voice/next?relay_leg=primary&relay_last=0', call(FAKE.dispatcher.number, { DialCallStatus: 'busy', CallStatus: 'ringing' }));
  expect(busy.text).toBe(dial('backup', FAKE.backupNumber, 1));

  const noAnswer = await webhook('/voice/next?relay_leg=backup&relay_last=1', call(FAKE.dispatcher.number, { DialCallStatus: 'no-answer', CallStatus: 'ringing' }));
  expect(noAnswer.status).toBe(200);
  expect(noAnswer.text).toContain('<Say>Sorry, nobody can take your call right now. Please leave a message after the tone.</Say>');
  expect(noAnswer.text).toContain(`transcribeCallback="${h.relay.url}/voice/transcription?relay_step=transcribed"`);

  const before = h.creates().length;
  const transcription = {
    ...call(FAKE.dispatcher.number, { CallStatus: 'completed' }),
    TranscriptionStatus: 'completed',
    TranscriptionText: 'Engine 7, call me back',
    RecordingSid: 'RE' + 'e5'.repeat(16),
  };
  // Delivered twice, as a retried callback would be: the phones are texted once.
  const [transcribed, repeated] = await Promise.all([
    webhook('/voice/transcription?relay_step=transcribed', transcription),
    webhook('/voice/transcription?relay_step=transcribed', transcription),
  ]);
  expect([transcribed.status, repeated.status]).toEqual([200, 200]);
  const texts = h.creates().slice(before);
  expect(texts.map((r) => [r.authUser, r.params.To])).toEqual([
    [FAKE.apiKey, FAKE.primaryNumber],
    [FAKE.apiKey, FAKE.backupNumber],
  ]);
  expect(texts[0].params.Body).toBe(`Voicemail from Dispatch (${FAKE.dispatcher.number}): Engine 7, call me back`);

  const events = h.audit.chain(CALL_SID).map((l) => `${l.audit}:${l.leg ?? ''}`);
  expect(events).toEqual(expect.arrayContaining(['rejected:', 'dialing:primary', 'failover:primary', 'dialing:backup', 'exhausted:backup', 'duplicate:']));
  expect(h.audit.lines().some((l) => JSON.stringify(l).includes('call me back'))).toBe(false);
});

test('answered on the primary: hang up after the conversation, audited as connected', async () => {
  const answer = await webhook('/voice/next?relay_leg=primary&relay_last=0', call(FAKE.dispatcher.number, { DialCallStatus: 'completed', DialBridged: 'true', DialCallDuration: '42', CallStatus: 'in-progress' }));
  expect(answer.text).toBe(`${XML}<Response><Hangup/></Response>`);
  expect(h.audit.chain(CALL_SID).pop()).toMatchObject({ audit: 'connected', leg: 'primary', duration: 42 });
});
