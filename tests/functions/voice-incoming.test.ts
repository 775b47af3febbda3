import { handler } from '../../src/functions/voice/incoming.protected';
import {
  ACCOUNT_SID,
  BACKUP,
  BASE,
  CALL_SID,
  contextWith,
  DISPATCH,
  installRuntime,
  MockResponse,
  PRIMARY,
  RELAY,
  run,
  STRANGER,
  XML,
  useVoiceRuntime,
} from '../support/voice-harness';

const call = (from: string, more: Record<string, string> = {}) => ({
  CallSid: CALL_SID,
  AccountSid: ACCOUNT_SID,
  From: from,
  To: RELAY,
  CallStatus: 'ringing',
  Direction: 'inbound',
  ...more,
});
const REJECT = `${XML}<Response><Reject/></Response>`;
const RECEIVED = { audit: 'received', level: 'info', inbound: CALL_SID, to: '***0199' };
const LOADED = { audit: 'whitelist', level: 'info', reason: '3 sender(s) loaded' };

const audit = useVoiceRuntime();

describe('POST /voice/incoming', () => {
  it('puts a whitelisted caller through to the primary, showing their number', async () => {
    const payload = await run(handler, contextWith(), call(DISPATCH));
    expect(String(payload)).toBe(
      `${XML}<Response><Dial action="${BASE}/voice/next?relay_leg=primary&amp;relay_last=0" timeout="20" callerId="${DISPATCH}" answerOnBridge="true">` +
        `<Number>${PRIMARY}</Number></Dial></Response>`,
    );
    expect(audit).toEqual([
      { ...RECEIVED, from: '***0123' },
      LOADED,
      { audit: 'dialing', level: 'info', inbound: CALL_SID, leg: 'primary', to: '***0100' },
    ]);
  });

  it('recognises a whitelisted caller whatever the format of the whitelist entry', async () => {
    installRuntime(JSON.stringify({ senders: ['(858) 555-0123'] }));
    expect(String(await run(handler, contextWith(), call(DISPATCH)))).toContain(`<Number>${PRIMARY}</Number>`);
  });

  it('rejects a caller who is not on the whitelist, without answering', async () => {
    expect(String(await run(handler, contextWith(), call(STRANGER)))).toBe(REJECT);
    expect(audit).toEqual([
      { ...RECEIVED, from: '***0999' },
      LOADED,
      { audit: 'rejected', level: 'info', inbound: CALL_SID, from: '***0999', reason: 'not-whitelisted' },
    ]);
  });

  it.each(['anonymous', '+266696687', ''])('rejects a withheld or invalid caller ID "%s"', async (from) => {
    expect(String(await run(handler, contextWith(), call(from)))).toBe(REJECT);
    expect(audit.at(-1)).toMatchObject({ audit: 'rejected', reason: 'unparseable-sender' });
  });

  it('rejects a call from the relay number itself', async () => {
    installRuntime(JSON.stringify({ senders: [RELAY] }));
    expect(String(await run(handler, contextWith(), call(RELAY)))).toBe(REJECT);
    expect(audit.at(-1)).toMatchObject({ audit: 'rejected', reason: 'from-relay-number' });
  });

  it('fails closed on an empty whitelist: it never means "allow everyone"', async () => {
    installRuntime(JSON.stringify({ senders: [] }));
    const payload = (await run(handler, contextWith(), call(DISPATCH))) as MockResponse;
    expect(payload).toMatchObject({ statusCode: 500, body: 'relay error: see the audit log' });
    expect(audit.at(-1)).toEqual({
      audit: 'error',
      level: 'error',
      inbound: CALL_SID,
      reason: 'failing closed, nothing forwarded: whitelist has no usable sender',
    });
  });

  it('fails closed when the whitelist asset is missing', async () => {
    installRuntime(null);
    expect(await run(handler, contextWith(), call(DISPATCH))).toMatchObject({ statusCode: 500 });
    expect(audit.at(-1)).toMatchObject({ audit: 'error', reason: expect.stringContaining('/whitelist.json is missing') });
  });

  it('skips the primary for a call from the primary phone: the backup rings, as the last leg', async () => {
    const payload = await run(handler, contextWith(), call(PRIMARY));
    expect(String(payload)).toBe(
      `${XML}<Response><Dial action="${BASE}/voice/next?relay_leg=backup&amp;relay_last=1" timeout="20" callerId="${PRIMARY}" answerOnBridge="true">` +
        `<Number>${BACKUP}</Number></Dial></Response>`,
    );
    expect(audit).toContainEqual({
      audit: 'ignored',
      level: 'info',
      inbound: CALL_SID,
      leg: 'primary',
      reason: "loop guard: the caller is this leg's own phone",
    });
  });

  it('skips the backup for a call from the backup phone: the primary is the last leg', async () => {
    expect(String(await run(handler, contextWith(), call(BACKUP)))).toContain(
      `action="${BASE}/voice/next?relay_leg=primary&amp;relay_last=1"`,
    );
  });

  it('shows the relay number with CALLER_ID_MODE=relay and rings for DIAL_TIMEOUT_SECONDS', async () => {
    const payload = await run(handler, contextWith({ CALLER_ID_MODE: 'relay', DIAL_TIMEOUT_SECONDS: '30' }), call(DISPATCH));
    expect(String(payload)).toContain(`timeout="30" callerId="${RELAY}" answerOnBridge="true"`);
  });

  it('whispers the screening prompt with SCREEN_CALLS=true', async () => {
    expect(String(await run(handler, contextWith({ SCREEN_CALLS: 'true' }), call(DISPATCH)))).toContain(
      `<Number url="${BASE}/voice/screen?relay_leg=primary&amp;relay_last=0&amp;relay_caller=%2B18585550123">${PRIMARY}</Number>`,
    );
  });

  it('builds http URLs for the local runtime', async () => {
    expect(String(await run(handler, contextWith({ DOMAIN_NAME: 'localhost:3000' }), call(DISPATCH)))).toContain(
      'action="http://localhost:3000/voice/next?relay_leg=primary&amp;relay_last=0"',
    );
  });

  it('rejects a webhook from another account', async () => {
    expect(String(await run(handler, contextWith(), call(DISPATCH, { AccountSid: `AC${'9'.repeat(32)}` })))).toBe(REJECT);
    expect(audit.at(-1)).toEqual({
      audit: 'rejected',
      level: 'error',
      inbound: CALL_SID,
      reason: 'AccountSid is not ACCOUNT_SID: webhook from another account',
    });
  });

  it('answers 500, naming the variable, when the voice configuration is invalid', async () => {
    expect(await run(handler, contextWith({ DIAL_TIMEOUT_SECONDS: '2' }), call(DISPATCH))).toMatchObject({ statusCode: 500 });
    expect(audit.at(-1)).toMatchObject({
      audit: 'error',
      reason: 'relay not configured: DIAL_TIMEOUT_SECONDS must be a whole number of seconds from 5 to 600, got "2"',
    });
  });

  it('answers 400 to a request without a CallSid', async () => {
    expect(await run(handler, contextWith(), { From: DISPATCH })).toMatchObject({ statusCode: 400, body: 'CallSid missing or malformed' });
    expect(audit).toEqual([{ audit: 'ignored', level: 'warn', reason: 'not a Twilio voice webhook: CallSid missing or malformed' }]);
  });
});
