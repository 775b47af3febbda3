import { handler } from '../../src/functions/voice/next.protected';
import {
  ACCOUNT_SID,
  BACKUP,
  BASE,
  CALL_SID,
  contextWith,
  DISPATCH,
  RELAY,
  run,
  XML,
  useVoiceRuntime,
} from '../support/voice-harness';

/** Twilio's request to /voice/next?relay_leg=…&relay_last=…: the caller's call, plus the Dial outcome. */
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
const HANGUP = `${XML}<Response><Hangup/></Response>`;
const BACKUP_DIAL =
  `${XML}<Response><Dial action="${BASE}/voice/next?relay_leg=backup&amp;relay_last=1" timeout="20" callerId="${DISPATCH}" answerOnBridge="true">` +
  `<Number>${BACKUP}</Number></Dial></Response>`;
const UNAVAILABLE = `${XML}<Response><Say>Sorry, nobody can take your call right now.</Say><Hangup/></Response>`;
const NOT_ANSWERED = ['busy', 'no-answer', 'failed', 'canceled', 'ringing'];

const audit = useVoiceRuntime();

describe('POST /voice/next on the primary leg', () => {
  it.each(['completed', 'answered'])('%s: hangs up and audits the connection with its duration', async (status) => {
    const payload = await run(handler, contextWith(), dialAction('primary', '0', { DialCallStatus: status, DialCallDuration: '73' }));
    expect(String(payload)).toBe(HANGUP);
    expect(audit).toEqual([{ audit: 'connected', level: 'info', inbound: CALL_SID, leg: 'primary', status, duration: 73 }]);
  });

  it.each(NOT_ANSWERED)('%s: rings the backup the same way', async (status) => {
    const payload = await run(handler, contextWith(), dialAction('primary', '0', { DialCallStatus: status }));
    expect(String(payload)).toBe(BACKUP_DIAL);
    const reason = status === 'ringing' ? 'unknown DialCallStatus "ringing"' : status;
    expect(audit).toEqual([
      { audit: 'failover', level: 'warn', inbound: CALL_SID, leg: 'primary', status, reason },
      { audit: 'dialing', level: 'info', inbound: CALL_SID, leg: 'backup', to: '***0101' },
    ]);
  });

  it('rings the backup after a screened primary picked up but never accepted (carrier voicemail)', async () => {
    const event = dialAction('primary', '0', { DialCallStatus: 'completed', DialBridged: 'false', CallStatus: 'ringing', DialCallDuration: '9' });
    expect(String(await run(handler, contextWith({ SCREEN_CALLS: 'true' }), event))).toBe(
      `${XML}<Response><Dial action="${BASE}/voice/next?relay_leg=backup&amp;relay_last=1" timeout="20" callerId="${DISPATCH}" answerOnBridge="true">` +
        `<Number url="${BASE}/voice/screen?relay_leg=backup&amp;relay_last=1&amp;relay_caller=%2B18585550123">${BACKUP}</Number></Dial></Response>`,
    );
    expect(audit[0]).toEqual({
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
    expect(String(await run(handler, contextWith({ SCREEN_CALLS: 'true' }), event))).toBe(HANGUP);
    expect(audit[0]).toMatchObject({ audit: 'connected', duration: 120 });
  });

  it('never rings the backup for a primary that was the last leg (the caller is the backup)', async () => {
    const payload = await run(handler, contextWith(), dialAction('primary', '1', { DialCallStatus: 'no-answer', From: BACKUP }));
    expect(String(payload)).toBe(UNAVAILABLE);
  });
});

describe('POST /voice/next on the backup leg', () => {
  it.each(['completed', 'answered'])('%s: hangs up', async (status) => {
    expect(String(await run(handler, contextWith(), dialAction('backup', '1', { DialCallStatus: status })))).toBe(HANGUP);
    expect(audit).toEqual([{ audit: 'connected', level: 'info', inbound: CALL_SID, leg: 'backup', status }]);
  });

  it.each(NOT_ANSWERED)('%s: says the unavailable message and audits exhausted', async (status) => {
    expect(String(await run(handler, contextWith(), dialAction('backup', '1', { DialCallStatus: status })))).toBe(UNAVAILABLE);
    const reason = status === 'ringing' ? 'unknown DialCallStatus "ringing"' : status;
    expect(audit).toEqual([
      { audit: 'exhausted', level: 'error', inbound: CALL_SID, leg: 'backup', status, reason: `${reason}; no phone took the call` },
    ]);
  });

  it.each(NOT_ANSWERED)('%s with VOICEMAIL=true: records a transcribed voicemail', async (status) => {
    const payload = await run(handler, contextWith({ VOICEMAIL: 'true' }), dialAction('backup', '1', { DialCallStatus: status }));
    expect(String(payload)).toBe(
      `${XML}<Response><Say>Sorry, nobody can take your call right now. Please leave a message after the tone.</Say>` +
        `<Record action="${BASE}/voice/transcription?relay_step=recorded" maxLength="120" playBeep="true" transcribe="true" ` +
        `transcribeCallback="${BASE}/voice/transcription?relay_step=transcribed"/><Hangup/></Response>`,
    );
    expect(audit[0]).toMatchObject({ audit: 'exhausted', reason: expect.stringMatching(/no phone took the call, voicemail offered$/) });
  });

  it('treats relay_last=0 on a backup leg as last: a call never loops back', async () => {
    expect(String(await run(handler, contextWith(), dialAction('backup', '0', { DialCallStatus: 'busy' })))).toBe(UNAVAILABLE);
  });

  it('says the configured message', async () => {
    const payload = await run(handler, contextWith({ VOICE_UNAVAILABLE_MESSAGE: 'Dispatch is closed.' }), dialAction('backup', '1', { DialCallStatus: 'busy' }));
    expect(String(payload)).toBe(`${XML}<Response><Say>Dispatch is closed.</Say><Hangup/></Response>`);
  });
});

describe('POST /voice/next, requests that are not ours', () => {
  it('answers 400 without relay_leg', async () => {
    const { relay_leg: _leg, ...event } = dialAction('primary', '0', { DialCallStatus: 'busy' });
    expect(await run(handler, contextWith(), event)).toMatchObject({ statusCode: 400 });
    expect(audit).toEqual([{ audit: 'ignored', level: 'warn', reason: 'not the <Dial> action of a relayed call' }]);
  });

  it('hangs up on a webhook from another account', async () => {
    const event = dialAction('primary', '0', { DialCallStatus: 'busy', AccountSid: `AC${'9'.repeat(32)}` });
    expect(String(await run(handler, contextWith(), event))).toBe(HANGUP);
    expect(audit[0]).toMatchObject({ audit: 'ignored', level: 'warn', reason: 'AccountSid is not ACCOUNT_SID: webhook from another account' });
  });

  it('answers 500, naming the variable, when the configuration is invalid', async () => {
    expect(await run(handler, contextWith({ VOICEMAIL: 'maybe' }), dialAction('backup', '1', { DialCallStatus: 'busy' }))).toMatchObject({
      statusCode: 500,
    });
    expect(audit[0]).toMatchObject({ audit: 'error', reason: 'relay not configured: VOICEMAIL must be true or false, got "maybe"' });
  });
});
