import { getExpectedTwilioSignature } from 'twilio';
import { handler } from '../../src/functions/voice/incoming.protected';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  BACKUP,
  DISPATCH,
  installRuntime,
  MockResponse,
  OTHER_ACCOUNT_SID,
  PRIMARY,
  RELAY,
  SECOND_SENDER,
  STRANGER,
} from '../support/mock-runtime';
import { BASE, CALL_SID, useVoiceTestBed, voiceWebhook, XML } from '../support/voice-calls';
import { resetRefusalAlerts } from '../../src/core/alerts/refusal-alert';

const { answer, twiml } = voiceWebhook(handler, '/voice/incoming');

/** Twilio's "A call comes in" request. */
const call = (from: string, more: Record<string, string> = {}) => ({
  CallSid: CALL_SID,
  AccountSid: ACCOUNT_SID,
  From: from,
  To: RELAY,
  CallStatus: 'ringing',
  Direction: 'inbound',
  ApiVersion: '2010-04-01',
  ...more,
});

const REJECT = `${XML}<Response><Reject/></Response>`;
const RECEIVED = { audit: 'received', level: 'info', inbound: CALL_SID, to: '***0199' };
const LOADED = { audit: 'whitelist', level: 'info', reason: '3 sender(s) loaded' };

const bed = useVoiceTestBed();

describe('POST /voice/incoming', () => {
  it('puts a whitelisted caller through to the primary, showing their number', async () => {
    expect(await twiml(call(DISPATCH))).toBe(
      `${XML}<Response><Dial action="${BASE}/voice/next?relay_leg=primary&amp;relay_last=0" timeout="20" callerId="${DISPATCH}" answerOnBridge="true">` +
        `<Number>${PRIMARY}</Number></Dial></Response>`,
    );
    expect(bed.audit()).toEqual([
      { ...RECEIVED, from: '***0100' },
      LOADED,
      { audit: 'dialing', level: 'info', inbound: CALL_SID, leg: 'primary', to: '***0101' },
    ]);
  });

  it('recognises a whitelisted caller whatever the format of the whitelist entry', async () => {
    installRuntime({ whitelist: JSON.stringify({ senders: ['(858) 555-0123'] }) });
    expect(await twiml(call(SECOND_SENDER))).toContain(`<Number>${PRIMARY}</Number>`);
  });

  it('rejects a caller who is not on the whitelist, without answering', async () => {
    expect(await twiml(call(STRANGER))).toBe(REJECT);
    expect(bed.audit()).toEqual([
      { ...RECEIVED, from: '***0150' },
      LOADED,
      { audit: 'rejected', level: 'info', inbound: CALL_SID, from: '***0150', reason: 'not-whitelisted' },
    ]);
  });

  it.each(['anonymous', '+266696687', ''])('rejects a withheld or invalid caller ID "%s"', async (from) => {
    expect(await twiml(call(from))).toBe(REJECT);
    expect(bed.audit().at(-1)).toMatchObject({ audit: 'rejected', reason: 'unparseable-sender' });
  });

  it('rejects a call from the relay number itself', async () => {
    installRuntime({ whitelist: JSON.stringify({ senders: [RELAY] }) });
    expect(await twiml(call(RELAY))).toBe(REJECT);
    expect(bed.audit().at(-1)).toMatchObject({ audit: 'rejected', reason: 'from-relay-number' });
  });

  it('fails closed on an empty whitelist: it never means "allow everyone"', async () => {
    installRuntime({ whitelist: JSON.stringify({ senders: [] }) });
    expect(await answer(call(DISPATCH))).toMatchObject({ statusCode: 500, body: 'relay error: see the audit log' });
    expect(bed.audit().at(-1)).toEqual({
      audit: 'error',
      level: 'error',
      inbound: CALL_SID,
      reason: 'failing closed, nothing forwarded: whitelist has no usable sender',
    });
  });

  it('fails closed when the whitelist asset is missing', async () => {
    installRuntime({ whitelist: null });
    expect(await answer(call(DISPATCH))).toMatchObject({ statusCode: 500 });
    expect(bed.audit().at(-1)).toMatchObject({ audit: 'error', reason: expect.stringContaining('/whitelist.json is missing') });
  });

  it('skips the primary for a call from the primary phone: the backup rings, as the last leg', async () => {
    expect(await twiml(call(PRIMARY))).toBe(
      `${XML}<Response><Dial action="${BASE}/voice/next?relay_leg=backup&amp;relay_last=1" timeout="20" callerId="${PRIMARY}" answerOnBridge="true">` +
        `<Number>${BACKUP}</Number></Dial></Response>`,
    );
    expect(bed.audit()).toContainEqual({
      audit: 'ignored',
      level: 'info',
      inbound: CALL_SID,
      leg: 'primary',
      reason: "loop guard: the caller is this leg's own phone",
    });
  });

  it('skips the backup for a call from the backup phone: the primary is the last leg', async () => {
    installRuntime({ whitelist: JSON.stringify({ senders: [BACKUP] }) });
    expect(await twiml(call(BACKUP))).toContain(`action="${BASE}/voice/next?relay_leg=primary&amp;relay_last=1"`);
  });

  it('shows the relay number with CALLER_ID_MODE=relay and rings for DIAL_TIMEOUT_SECONDS', async () => {
    expect(await twiml(call(DISPATCH), { CALLER_ID_MODE: 'relay', DIAL_TIMEOUT_SECONDS: '30' })).toContain(
      `timeout="30" callerId="${RELAY}" answerOnBridge="true"`,
    );
  });

  it('whispers the screening prompt with SCREEN_CALLS=true', async () => {
    expect(await twiml(call(DISPATCH), { SCREEN_CALLS: 'true' })).toContain(
      `<Number url="${BASE}/voice/screen?relay_leg=primary&amp;relay_last=0&amp;relay_caller=%2B16195550100">${PRIMARY}</Number>`,
    );
  });

  it('builds its URLs on PUBLIC_BASE_URL when one is set (a tunnel)', async () => {
    expect(await twiml(call(DISPATCH), { PUBLIC_BASE_URL: 'https://abc.ngrok.app' })).toContain(
      'action="https://abc.ngrok.app/voice/next?relay_leg=primary&amp;relay_last=0"',
    );
  });

  it('rejects a webhook from another account', async () => {
    expect(await twiml(call(DISPATCH, { AccountSid: OTHER_ACCOUNT_SID }))).toBe(REJECT);
    expect(bed.audit().at(-1)).toEqual({
      audit: 'rejected',
      level: 'error',
      inbound: CALL_SID,
      reason: 'AccountSid is not ACCOUNT_SID: webhook from another account',
    });
  });

  it('answers 500, naming the variable, when the voice configuration is invalid', async () => {
    expect(await answer(call(DISPATCH), { DIAL_TIMEOUT_SECONDS: '2' })).toMatchObject({ statusCode: 500 });
    expect(bed.audit().at(-1)).toMatchObject({
      audit: 'error',
      reason: 'relay not configured: DIAL_TIMEOUT_SECONDS must be a whole number of seconds from 5 to 600, got "2"',
    });
  });

  it('alerts ALERT_WEBHOOK_URL that it refuses to work, before the 500', async () => {
    resetRefusalAlerts();
    const fetch = jest.spyOn(globalThis, 'fetch').mockResolvedValue(new Response('ok'));
    expect(await answer(call(DISPATCH), { DIAL_TIMEOUT_SECONDS: '2', ALERT_WEBHOOK_URL: 'https://hooks.example.com/services/t0k3n' })).toMatchObject({ statusCode: 500 });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(JSON.parse(String(fetch.mock.calls[0][1]?.body)).text).toBe(
      'sms-relay: relay refuses to work: not configured: DIAL_TIMEOUT_SECONDS must be a whole number of seconds from 5 to 600, got "2"',
    );
  });

  it('answers 400 to a request without a CallSid', async () => {
    expect(await answer({ From: DISPATCH })).toMatchObject({ statusCode: 400, body: 'CallSid missing or malformed' });
    expect(bed.audit()).toEqual([{ audit: 'ignored', level: 'warn', reason: 'not a Twilio voice webhook: CallSid missing or malformed' }]);
  });
});

describe('POST /voice/incoming off *.twil.io (the functions check signatures themselves)', () => {
  const local = { DOMAIN_NAME: 'localhost:3000' };
  const signed = (event: Record<string, string>) => ({
    ...event,
    request: { headers: { 'x-twilio-signature': getExpectedTwilioSignature(AUTH_TOKEN, 'http://localhost:3000/voice/incoming', event) }, cookies: {} },
  });

  it('puts a signed call through, with http URLs for the local runtime', async () => {
    expect(await twiml(signed(call(DISPATCH)), local)).toContain('action="http://localhost:3000/voice/next?relay_leg=primary&amp;relay_last=0"');
  });

  it('refuses an unsigned request with 401, before reading it', async () => {
    const payload = (await answer(call(DISPATCH), local)) as MockResponse;
    expect(payload).toMatchObject({ statusCode: 401, body: 'invalid or missing X-Twilio-Signature' });
    expect(bed.audit()).toEqual([
      { audit: 'rejected', level: 'warn', reason: 'unsigned request refused: X-Twilio-Signature header missing' },
    ]);
  });
});
