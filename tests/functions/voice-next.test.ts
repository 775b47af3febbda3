import { getExpectedTwilioSignature } from 'twilio';
import { handler } from '../../src/functions/voice/next.protected';
import { ACCOUNT_SID, AUTH_TOKEN, BACKUP, DISPATCH, OTHER_ACCOUNT_SID, RELAY } from '../support/mock-runtime';
import { BASE, CALL_SID, HANGUP, useVoiceTestBed, voiceWebhook, XML } from '../support/voice-calls';

const { answer, twiml } = voiceWebhook(handler, '/voice/next');

/** Twilio's request to /voice/next?relay_leg=…&relay_last=…: the caller's call, plus the <Dial> outcome. */
const dialAction = (leg: string, last: string, more: Record<string, string>) => ({
  relay_leg: leg,
  relay_last: last,
  CallSid: CALL_SID,
  AccountSid: ACCOUNT_SID,
  From: DISPATCH,
  To: RELAY,
  CallStatus: 'in-progress',
  ...more,
});

const BACKUP_DIAL =
  `${XML}<Response><Dial action="${BASE}/voice/next?relay_leg=backup&amp;relay_last=1" timeout="20" callerId="${DISPATCH}" answerOnBridge="true">` +
  `<Number>${BACKUP}</Number></Dial></Response>`;
const UNAVAILABLE = `${XML}<Response><Say>Sorry, nobody can take your call right now.</Say><Hangup/></Response>`;
/** Every value that is not an answer; "ringing" stands for any value Twilio does not document. */
const NOT_ANSWERED = ['busy', 'no-answer', 'failed', 'canceled', 'ringing'];
const reasonFor = (status: string) => (status === 'ringing' ? 'unknown DialCallStatus "ringing"' : status);

const bed = useVoiceTestBed();

describe('POST /voice/next on the primary leg', () => {
  it.each(['completed', 'answered'])('%s: hangs up and audits the connection with its duration', async (status) => {
    expect(await twiml(dialAction('primary', '0', { DialCallStatus: status, DialCallDuration: '73' }))).toBe(HANGUP);
    expect(bed.audit()).toEqual([{ audit: 'connected', level: 'info', inbound: CALL_SID, leg: 'primary', status, duration: 73 }]);
  });

  it.each(NOT_ANSWERED)('%s: rings the backup the same way', async (status) => {
    expect(await twiml(dialAction('primary', '0', { DialCallStatus: status }))).toBe(BACKUP_DIAL);
    expect(bed.audit()).toEqual([
      { audit: 'failover', level: 'warn', inbound: CALL_SID, leg: 'primary', status, reason: reasonFor(status) },
      { audit: 'dialing', level: 'info', inbound: CALL_SID, leg: 'backup', to: '***0102' },
    ]);
  });

  it('rings the backup after a screened primary picked up but never accepted (carrier voicemail)', async () => {
    const event = dialAction('primary', '0', { DialCallStatus: 'completed', DialBridged: 'false', CallStatus: 'ringing', DialCallDuration: '9' });
    expect(await twiml(event, { SCREEN_CALLS: 'true' })).toBe(
      `${XML}<Response><Dial action="${BASE}/voice/next?relay_leg=backup&amp;relay_last=1" timeout="20" callerId="${DISPATCH}" answerOnBridge="true">` +
        `<Number url="${BASE}/voice/screen?relay_leg=backup&amp;relay_last=1&amp;relay_caller=%2B16195550100">${BACKUP}</Number></Dial></Response>`,
    );
    expect(bed.audit()[0]).toEqual({
      audit: 'failover',
      level: 'warn',
      inbound: CALL_SID,
      leg: 'primary',
      status: 'completed',
      reason: 'completed but never bridged: the screening prompt was not accepted',
    });
  });

  it('hangs up after a screened primary accepted and talked', async () => {
    const event = dialAction('primary', '0', { DialCallStatus: 'completed', DialBridged: 'true', DialCallDuration: '120' });
    expect(await twiml(event, { SCREEN_CALLS: 'true' })).toBe(HANGUP);
    expect(bed.audit()[0]).toMatchObject({ audit: 'connected', duration: 120 });
  });

  it('never rings the backup for a primary that was the last leg (the caller is the backup)', async () => {
    expect(await twiml(dialAction('primary', '1', { DialCallStatus: 'no-answer', From: BACKUP }))).toBe(UNAVAILABLE);
  });
});

describe('POST /voice/next on the backup leg', () => {
  it.each(['completed', 'answered'])('%s: hangs up', async (status) => {
    expect(await twiml(dialAction('backup', '1', { DialCallStatus: status }))).toBe(HANGUP);
    expect(bed.audit()).toEqual([{ audit: 'connected', level: 'info', inbound: CALL_SID, leg: 'backup', status }]);
  });

  it.each(NOT_ANSWERED)('%s: says the unavailable message and audits exhausted', async (status) => {
    expect(await twiml(dialAction('backup', '1', { DialCallStatus: status }))).toBe(UNAVAILABLE);
    expect(bed.audit()).toEqual([
      { audit: 'exhausted', level: 'error', inbound: CALL_SID, leg: 'backup', status, reason: `${reasonFor(status)}; no phone took the call` },
    ]);
  });

  it.each(NOT_ANSWERED)('%s with VOICEMAIL=true: records a transcribed voicemail', async (status) => {
    expect(await twiml(dialAction('backup', '1', { DialCallStatus: status }), { VOICEMAIL: 'true' })).toBe(
      `${XML}<Response><Say>Sorry, nobody can take your call right now. Please leave a message after the tone.</Say>` +
        `<Record action="${BASE}/voice/transcription?relay_step=recorded" maxLength="120" playBeep="true" transcribe="true" ` +
        `transcribeCallback="${BASE}/voice/transcription?relay_step=transcribed"/><Hangup/></Response>`,
    );
    expect(bed.audit()[0]).toMatchObject({ audit: 'exhausted', reason: `${reasonFor(status)}; no phone took the call, voicemail offered` });
  });

  it('treats relay_last=0 on a backup leg as last: a call never loops back', async () => {
    expect(await twiml(dialAction('backup', '0', { DialCallStatus: 'busy' }))).toBe(UNAVAILABLE);
  });

  it('says the configured message', async () => {
    expect(await twiml(dialAction('backup', '1', { DialCallStatus: 'busy' }), { VOICE_UNAVAILABLE_MESSAGE: 'Dispatch is closed.' })).toBe(
      `${XML}<Response><Say>Dispatch is closed.</Say><Hangup/></Response>`,
    );
  });
});

describe('POST /voice/next, requests that are not ours', () => {
  it('answers 400 without relay_leg', async () => {
    const { relay_leg: _leg, ...event } = dialAction('primary', '0', { DialCallStatus: 'busy' });
    expect(await answer(event)).toMatchObject({ statusCode: 400 });
    expect(bed.audit()).toEqual([{ audit: 'ignored', level: 'warn', reason: 'not the <Dial> action of a relayed call' }]);
  });

  it('hangs up on a webhook from another account', async () => {
    expect(await twiml(dialAction('primary', '0', { DialCallStatus: 'busy', AccountSid: OTHER_ACCOUNT_SID }))).toBe(HANGUP);
    expect(bed.audit()[0]).toMatchObject({ audit: 'ignored', level: 'warn', reason: 'AccountSid is not ACCOUNT_SID: webhook from another account' });
  });

  it('answers 500, naming the variable, when the configuration is invalid', async () => {
    expect(await answer(dialAction('backup', '1', { DialCallStatus: 'busy' }), { VOICEMAIL: 'maybe' })).toMatchObject({ statusCode: 500 });
    expect(bed.audit()[0]).toMatchObject({ audit: 'error', reason: 'relay not configured: VOICEMAIL must be true or false, got "maybe"' });
  });

  it('checks the signature of its own URL, query included, off *.twil.io', async () => {
    const { relay_leg, relay_last, ...posted } = dialAction('primary', '0', { DialCallStatus: 'busy' });
    const url = `http://localhost:3000/voice/next?relay_leg=${relay_leg}&relay_last=${relay_last}`;
    const request = { headers: { 'x-twilio-signature': getExpectedTwilioSignature(AUTH_TOKEN, url, posted) }, cookies: {} };
    expect(await twiml({ request, relay_leg, relay_last, ...posted }, { DOMAIN_NAME: 'localhost:3000' })).toContain(
      'action="http://localhost:3000/voice/next?relay_leg=backup&amp;relay_last=1"',
    );
    const tampered = { request, relay_leg: 'backup', relay_last, ...posted };
    expect(await answer(tampered, { DOMAIN_NAME: 'localhost:3000' })).toMatchObject({ statusCode: 401 });
  });
});
