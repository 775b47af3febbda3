import { handler } from '../../src/functions/voice/transcription.protected';
import {
  ACCOUNT_SID,
  BACKUP,
  CALL_SID,
  contextWith,
  DISPATCH,
  PRIMARY,
  RELAY,
  run,
  STRANGER,
  XML,
  useVoiceRuntime,
} from '../support/voice-harness';

const mockCreate = jest.fn();
// No network: the REST client the handler builds is this fake.
jest.mock('../../src/core/twilio-client', () => ({ createRestClient: () => ({ messages: { create: mockCreate } }) }));

const voicemail = (step: string, more: Record<string, string> = {}) => ({
  relay_step: step,
  CallSid: CALL_SID,
  AccountSid: ACCOUNT_SID,
  From: DISPATCH,
  To: RELAY,
  ...more,
});
const transcribed = (more: Record<string, string> = {}) =>
  voicemail('transcribed', { TranscriptionStatus: 'completed', TranscriptionText: 'Truck 7 needs a tow. Call me.', ...more });
const SID = (n: number) => `SM${String(n).repeat(32)}`;

const audit = useVoiceRuntime();
beforeEach(() => {
  mockCreate.mockReset();
  mockCreate.mockImplementation(async (params: { to: string }) => ({ sid: params.to === PRIMARY ? SID(1) : SID(2), status: 'queued' }));
});

describe('POST /voice/transcription?relay_step=recorded (the <Record> action)', () => {
  it('hangs up and audits the recording, without its URL', async () => {
    expect(String(await run(handler, contextWith(), voicemail('recorded', { RecordingDuration: '14', RecordingUrl: 'https://api.twilio.com/x' })))).toBe(
      `${XML}<Response><Hangup/></Response>`,
    );
    expect(audit).toEqual([{ audit: 'voicemail', level: 'info', inbound: CALL_SID, duration: 14, reason: 'recorded' }]);
    expect(mockCreate).not.toHaveBeenCalled();
  });
});

describe('POST /voice/transcription?relay_step=transcribed (the transcription callback)', () => {
  it('texts the transcription to the primary and the backup, never auditing the text', async () => {
    expect(String(await run(handler, contextWith(), transcribed()))).toBe(`${XML}<Response/>`);
    const body = 'Voicemail from Dispatch (+18585550123): Truck 7 needs a tow. Call me.';
    expect(mockCreate.mock.calls).toEqual([[{ to: PRIMARY, from: RELAY, body }], [{ to: BACKUP, from: RELAY, body }]]);
    expect(audit).toEqual([
      { audit: 'whitelist', level: 'info', reason: '3 sender(s) loaded' },
      { audit: 'voicemail', level: 'info', inbound: CALL_SID, reason: 'transcribed' },
      { audit: 'forwarded', level: 'info', inbound: CALL_SID, leg: 'primary', outbound: SID(1), status: 'queued', to: '***0100', attempts: 1, reason: 'voicemail transcription' },
      { audit: 'forwarded', level: 'info', inbound: CALL_SID, leg: 'backup', outbound: SID(2), status: 'queued', to: '***0101', attempts: 1, reason: 'voicemail transcription' },
    ]);
    expect(JSON.stringify(audit)).not.toContain('Truck');
  });

  it('sends through the Messaging Service when one is configured', async () => {
    const MG = `MG${'3'.repeat(32)}`;
    await run(handler, contextWith({ MESSAGING_SERVICE_SID: MG }), transcribed());
    expect(mockCreate).toHaveBeenCalledWith(expect.objectContaining({ to: PRIMARY, messagingServiceSid: MG }));
    expect(mockCreate.mock.calls[0][0]).not.toHaveProperty('from');
  });

  it('still tells both phones about a voicemail whose transcription failed', async () => {
    await run(handler, contextWith(), transcribed({ TranscriptionStatus: 'failed', TranscriptionText: '' }));
    expect(mockCreate.mock.calls.map(([params]) => params.body)).toEqual([
      'Voicemail from Dispatch (+18585550123): (no transcription; the recording is in the Twilio Console)',
      'Voicemail from Dispatch (+18585550123): (no transcription; the recording is in the Twilio Console)',
    ]);
    expect(audit[1]).toMatchObject({ audit: 'voicemail', reason: 'transcription failed' });
  });

  it('does not text the caller\'s own phone (a voicemail left by the primary goes to the backup only)', async () => {
    await run(handler, contextWith(), transcribed({ From: PRIMARY }));
    expect(mockCreate.mock.calls.map(([params]) => params.to)).toEqual([BACKUP]);
  });

  it('texts the other phone when one send is refused, and audits the refusal', async () => {
    mockCreate.mockImplementation(async (params: { to: string }) => {
      if (params.to === PRIMARY) throw Object.assign(new Error(`Attempt to send to unsubscribed recipient ${PRIMARY}`), { code: 21610, status: 400 });
      return { sid: SID(2), status: 'queued' };
    });
    expect(String(await run(handler, contextWith(), transcribed()))).toBe(`${XML}<Response/>`);
    expect(audit).toContainEqual({
      audit: 'send-failed',
      level: 'warn',
      inbound: CALL_SID,
      leg: 'primary',
      to: '***0100',
      attempts: 1,
      errorCode: '21610',
      reason: 'Attempt to send to unsubscribed recipient ***0100',
    });
    expect(audit).toContainEqual(expect.objectContaining({ audit: 'forwarded', leg: 'backup' }));
  });

  it('relays nothing for a caller the whitelist does not hold', async () => {
    expect(String(await run(handler, contextWith(), transcribed({ From: STRANGER })))).toBe(`${XML}<Response/>`);
    expect(mockCreate).not.toHaveBeenCalled();
    expect(audit.at(-1)).toEqual({
      audit: 'ignored',
      level: 'warn',
      inbound: CALL_SID,
      reason: 'transcription of a caller the relay does not put through: not-whitelisted',
    });
  });

  it('answers 400 to a request without a step', async () => {
    const { relay_step: _step, ...event } = transcribed();
    expect(await run(handler, contextWith(), event)).toMatchObject({ statusCode: 400 });
    expect(mockCreate).not.toHaveBeenCalled();
  });

  it('sends nothing for a webhook from another account', async () => {
    await run(handler, contextWith(), transcribed({ AccountSid: `AC${'9'.repeat(32)}` }));
    expect(mockCreate).not.toHaveBeenCalled();
    expect(audit[0]).toMatchObject({ audit: 'ignored', reason: 'AccountSid is not ACCOUNT_SID: webhook from another account' });
  });
});
