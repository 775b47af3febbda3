import { handler } from '../../src/functions/voice/transcription.protected';
import {
  ACCOUNT_SID,
  BACKUP,
  BACKUP_OUT_SID,
  DISPATCH,
  OTHER_ACCOUNT_SID,
  PRIMARY,
  PRIMARY_OUT_SID,
  RELAY,
  STRANGER,
  twilioError,
} from '../support/mock-runtime';
import { CALL_SID, HANGUP, useVoiceTestBed, voiceWebhook, XML } from '../support/voice-calls';

const { answer } = voiceWebhook(handler, '/voice/transcription');

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
const EMPTY = `${XML}<Response/>`;
const NO_TEXT = 'Voicemail from Dispatch (+16195550100): (no transcription; the recording is in the Twilio Console)';

const bed = useVoiceTestBed();
beforeEach(() => {
  bed.fake().create.mockImplementation(async (params: { to: string }) => ({ sid: params.to === PRIMARY ? PRIMARY_OUT_SID : BACKUP_OUT_SID, status: 'queued' }));
});

describe('POST /voice/transcription?relay_step=recorded (the <Record> action)', () => {
  it('hangs up and audits the recording, without its URL', async () => {
    const event = voicemail('recorded', { RecordingDuration: '14', RecordingUrl: 'https://api.twilio.com/x' });
    expect(String(await answer(event))).toBe(HANGUP);
    expect(bed.audit()).toEqual([{ audit: 'voicemail', level: 'info', inbound: CALL_SID, duration: 14, reason: 'recorded' }]);
    expect(bed.fake().create).not.toHaveBeenCalled();
  });
});

describe('POST /voice/transcription?relay_step=transcribed (the transcription callback)', () => {
  it('texts the transcription to the primary and the backup, never auditing the text', async () => {
    expect(String(await answer(transcribed()))).toBe(EMPTY);
    const body = 'Voicemail from Dispatch (+16195550100): Truck 7 needs a tow. Call me.';
    expect(bed.fake().create.mock.calls).toStrictEqual([[{ to: PRIMARY, from: RELAY, body }], [{ to: BACKUP, from: RELAY, body }]]);
    expect(bed.audit()).toEqual([
      { audit: 'whitelist', level: 'info', reason: '3 sender(s) loaded' },
      { audit: 'voicemail', level: 'info', inbound: CALL_SID, reason: 'transcribed' },
      { audit: 'forwarded', level: 'info', inbound: CALL_SID, leg: 'primary', outbound: PRIMARY_OUT_SID, status: 'queued', to: '***0101', attempts: 1, reason: 'voicemail transcription' },
      { audit: 'forwarded', level: 'info', inbound: CALL_SID, leg: 'backup', outbound: BACKUP_OUT_SID, status: 'queued', to: '***0102', attempts: 1, reason: 'voicemail transcription' },
    ]);
    expect(JSON.stringify(bed.audit())).not.toContain('Truck');
  });

  it('sends through the Messaging Service when one is configured', async () => {
    const MG = `MG${'3'.repeat(32)}`;
    await answer(transcribed(), { MESSAGING_SERVICE_SID: MG });
    expect(bed.fake().create.mock.calls[0][0]).toStrictEqual({ to: PRIMARY, messagingServiceSid: MG, body: expect.any(String) });
  });

  it('still tells both phones about a voicemail whose transcription failed', async () => {
    await answer(transcribed({ TranscriptionStatus: 'failed', TranscriptionText: '' }));
    expect(bed.fake().create.mock.calls.map(([params]) => params.body)).toEqual([NO_TEXT, NO_TEXT]);
    expect(bed.audit()[1]).toMatchObject({ audit: 'voicemail', reason: 'transcription failed' });
  });

  it("does not text the caller's own phone (a voicemail left by the primary goes to the backup only)", async () => {
    await answer(transcribed({ From: PRIMARY }));
    expect(bed.fake().create.mock.calls.map(([params]) => params.to)).toEqual([BACKUP]);
  });

  it('texts the other phone when one send is refused, and audits the refusal', async () => {
    bed.fake().create.mockImplementation(async (params: { to: string }) => {
      if (params.to === PRIMARY) throw twilioError(400, 21610, `Attempt to send to unsubscribed recipient ${PRIMARY}`);
      return { sid: BACKUP_OUT_SID, status: 'queued' };
    });
    expect(String(await answer(transcribed()))).toBe(EMPTY);
    expect(bed.audit()).toContainEqual({
      audit: 'send-failed',
      level: 'warn',
      inbound: CALL_SID,
      leg: 'primary',
      to: '***0101',
      attempts: 1,
      errorCode: '21610',
      reason: 'Attempt to send to unsubscribed recipient ***0101',
    });
    expect(bed.audit()).toContainEqual(expect.objectContaining({ audit: 'forwarded', leg: 'backup' }));
  });

  it('relays nothing for a caller the whitelist does not hold', async () => {
    expect(String(await answer(transcribed({ From: STRANGER })))).toBe(EMPTY);
    expect(bed.fake().create).not.toHaveBeenCalled();
    expect(bed.audit().at(-1)).toEqual({
      audit: 'ignored',
      level: 'warn',
      inbound: CALL_SID,
      reason: 'transcription of a caller the relay does not put through: not-whitelisted',
    });
  });

  it('answers 400 to a request without a step', async () => {
    const { relay_step: _step, ...event } = transcribed();
    expect(await answer(event)).toMatchObject({ statusCode: 400 });
    expect(bed.fake().create).not.toHaveBeenCalled();
  });

  it('sends nothing for a webhook from another account', async () => {
    await answer(transcribed({ AccountSid: OTHER_ACCOUNT_SID }));
    expect(bed.fake().create).not.toHaveBeenCalled();
    expect(bed.audit()[0]).toMatchObject({ audit: 'ignored', reason: 'AccountSid is not ACCOUNT_SID: webhook from another account' });
  });

  it('refuses an unsigned request off *.twil.io', async () => {
    expect(await answer(transcribed(), { DOMAIN_NAME: 'localhost:3000' })).toMatchObject({ statusCode: 401 });
    expect(bed.fake().create).not.toHaveBeenCalled();
  });
});
