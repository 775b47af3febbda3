import { handler } from '../../src/functions/voice/screen.protected';
import {
  ACCOUNT_SID,
  BASE,
  CALL_SID,
  CHILD_CALL_SID,
  contextWith,
  DISPATCH,
  installRuntime,
  PRIMARY,
  run,
  STRANGER,
  XML,
  useVoiceRuntime,
} from '../support/voice-harness';

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
const GATHER_ACTION = `${BASE}/voice/screen?relay_leg=primary&amp;relay_last=0&amp;relay_caller=%2B18585550123&amp;relay_step=result`;

const audit = useVoiceRuntime();

describe('POST /voice/screen', () => {
  it('asks the answering phone to press 1, naming the caller, and drops it on silence', async () => {
    expect(String(await run(handler, contextWith({ SCREEN_CALLS: 'true' }), whisper()))).toBe(
      `${XML}<Response><Gather numDigits="1" action="${GATHER_ACTION}"><Say>Relayed call from Dispatch. Press 1 to accept.</Say></Gather><Hangup/></Response>`,
    );
  });

  it('spells out the number of a caller the whitelist does not name', async () => {
    expect(String(await run(handler, contextWith(), whisper({ relay_caller: STRANGER })))).toContain(
      '<Say>Relayed call from 1 4 1 5 5 5 5 0 9 9 9. Press 1 to accept.</Say>',
    );
  });

  it('bridges the call when 1 is pressed', async () => {
    expect(String(await run(handler, contextWith(), whisper({ relay_step: 'result', Digits: '1' })))).toBe(`${XML}<Response/>`);
    expect(audit).toEqual([{ audit: 'screened', level: 'info', inbound: CALL_SID, leg: 'primary', reason: 'accepted' }]);
  });

  it.each(['2', '*', ''])('drops the phone on any other key (%j)', async (digits) => {
    expect(String(await run(handler, contextWith(), whisper({ relay_step: 'result', Digits: digits })))).toBe(
      `${XML}<Response><Hangup/></Response>`,
    );
    expect(audit).toEqual([{ audit: 'screened', level: 'info', inbound: CALL_SID, leg: 'primary', reason: 'not accepted' }]);
  });

  it('answers 400 to a request without the caller it screens for', async () => {
    const { relay_caller: _caller, ...event } = whisper();
    expect(await run(handler, contextWith(), event)).toMatchObject({ statusCode: 400 });
    expect(audit).toEqual([{ audit: 'ignored', level: 'warn', reason: 'not a screening request of a relayed call' }]);
  });

  it('drops the phone on a webhook from another account', async () => {
    expect(String(await run(handler, contextWith(), whisper({ AccountSid: `AC${'9'.repeat(32)}` })))).toBe(
      `${XML}<Response><Hangup/></Response>`,
    );
  });

  it('answers 500 when the whitelist cannot be read, so the phone is dropped unbridged', async () => {
    installRuntime('not json');
    expect(await run(handler, contextWith(), whisper())).toMatchObject({ statusCode: 500 });
    expect(audit[0]).toMatchObject({ audit: 'error', inbound: CALL_SID, reason: expect.stringContaining('failing closed') });
  });
});
