import { getExpectedTwilioSignature } from 'twilio';
import { handler } from '../../src/functions/voice/screen.protected';
import { ACCOUNT_SID, AUTH_TOKEN, DISPATCH, installRuntime, OTHER_ACCOUNT_SID, PRIMARY, STRANGER } from '../support/mock-runtime';
import { BASE, CALL_SID, CHILD_CALL_SID, HANGUP, useVoiceTestBed, voiceWebhook, XML } from '../support/voice-calls';

const { answer, twiml } = voiceWebhook(handler, '/voice/screen');

/** Twilio's request for the <Number url>: the answering phone's own call, a child of the caller's. */
const whisper = (more: Record<string, string> = {}) => ({
  relay_leg: 'primary',
  relay_last: '0',
  relay_caller: DISPATCH,
  CallSid: CHILD_CALL_SID,
  ParentCallSid: CALL_SID,
  AccountSid: ACCOUNT_SID,
  From: DISPATCH,
  To: PRIMARY,
  CallStatus: 'in-progress',
  ...more,
});
const GATHER_ACTION = `${BASE}/voice/screen?relay_leg=primary&amp;relay_last=0&amp;relay_caller=%2B16195550100&amp;relay_step=result`;

const bed = useVoiceTestBed();

describe('POST /voice/screen', () => {
  it('asks the answering phone to press 1, naming the caller, and drops it on silence', async () => {
    expect(await twiml(whisper())).toBe(
      `${XML}<Response><Gather numDigits="1" action="${GATHER_ACTION}"><Say>Relayed call from Dispatch. Press 1 to accept.</Say></Gather><Hangup/></Response>`,
    );
  });

  it('spells out the number of a caller the whitelist does not name', async () => {
    expect(await twiml(whisper({ relay_caller: STRANGER }))).toContain('<Say>Relayed call from 1 6 1 9 5 5 5 0 1 5 0. Press 1 to accept.</Say>');
  });

  it('bridges the call when 1 is pressed', async () => {
    expect(await twiml(whisper({ relay_step: 'result', Digits: '1' }))).toBe(`${XML}<Response/>`);
    expect(bed.audit()).toEqual([{ audit: 'screened', level: 'info', inbound: CALL_SID, leg: 'primary', reason: 'accepted' }]);
  });

  it.each(['2', '*', ''])('drops the phone on any other key (%j)', async (digits) => {
    expect(await twiml(whisper({ relay_step: 'result', Digits: digits }))).toBe(HANGUP);
    expect(bed.audit()).toEqual([{ audit: 'screened', level: 'info', inbound: CALL_SID, leg: 'primary', reason: 'not accepted' }]);
  });

  it('answers 400 to a request without the caller it screens for', async () => {
    const { relay_caller: _caller, ...event } = whisper();
    expect(await answer(event)).toMatchObject({ statusCode: 400 });
    expect(bed.audit()).toEqual([{ audit: 'ignored', level: 'warn', reason: 'not a screening request of a relayed call' }]);
  });

  it('drops the phone on a webhook from another account', async () => {
    expect(await twiml(whisper({ AccountSid: OTHER_ACCOUNT_SID }))).toBe(HANGUP);
  });

  it('answers 500 when the whitelist cannot be read: the phone is never bridged', async () => {
    installRuntime({ whitelist: 'not json' });
    expect(await answer(whisper())).toMatchObject({ statusCode: 500 });
    expect(bed.audit()[0]).toMatchObject({ audit: 'error', inbound: CALL_SID, reason: expect.stringContaining('failing closed') });
  });

  it('checks the signature of its own URL, step included, off *.twil.io', async () => {
    const { relay_leg, relay_last, relay_caller, ...posted } = whisper({ Digits: '1' });
    const query = `relay_leg=${relay_leg}&relay_last=${relay_last}&relay_caller=%2B16195550100&relay_step=result`;
    const signature = getExpectedTwilioSignature(AUTH_TOKEN, `http://localhost:3000/voice/screen?${query}`, posted);
    const event = { request: { headers: { 'x-twilio-signature': signature }, cookies: {} }, relay_leg, relay_last, relay_caller, relay_step: 'result', ...posted };
    expect(await twiml(event, { DOMAIN_NAME: 'localhost:3000' })).toBe(`${XML}<Response/>`);
  });
});
