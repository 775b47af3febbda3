/**
 * Calls of every outcome, played through the real voice handlers (incoming, next, transcription)
 * on the mock runtime, so the audit tool is tested on the very lines the relay writes. Call these
 * inside a test that registered useHandlerTestBed(): its captured console holds the lines.
 */
import { handler as incoming } from '../../src/functions/voice/incoming.protected';
import { handler as next } from '../../src/functions/voice/next.protected';
import { handler as transcription } from '../../src/functions/voice/transcription.protected';
import { ACCOUNT_SID, DISPATCH, RELAY, STRANGER, twilioError, type HandlerTestBed } from './mock-runtime';
import { voiceWebhook } from './voice-calls';

const callSid = (tag: string) => `CA${tag.padStart(32, '0')}`;
export const CALL = {
  byPrimary: callSid('c1'),
  byBackup: callSid('c2'),
  voicemail: callSid('c3'),
  rejected: callSid('c4'),
  unanswered: callSid('c5'),
  voicemailUntexted: callSid('c6'),
};

const VOICEMAIL = { VOICEMAIL: 'true' };
const hooks = {
  incoming: voiceWebhook(incoming, '/voice/incoming').answer,
  next: voiceWebhook(next, '/voice/next').answer,
  transcription: voiceWebhook(transcription, '/voice/transcription').answer,
};

const base = (sid: string, from = DISPATCH) => ({ CallSid: sid, AccountSid: ACCOUNT_SID, From: from, To: RELAY });
const ring = (sid: string, from?: string) => hooks.incoming({ ...base(sid, from), CallStatus: 'ringing' });
const dialEnded = (sid: string, leg: 'primary' | 'backup', status: string, env: Record<string, string> = {}) =>
  hooks.next({ ...base(sid), relay_leg: leg, relay_last: leg === 'backup' ? '1' : '0', CallStatus: 'in-progress', DialCallStatus: status, DialCallDuration: '42' }, env);
const voicemailLeft = async (sid: string) => {
  await hooks.transcription({ ...base(sid), relay_step: 'recorded', RecordingDuration: '12' }, VOICEMAIL);
  await hooks.transcription({ ...base(sid), relay_step: 'transcribed', TranscriptionStatus: 'completed', TranscriptionText: 'Tow truck needed.' }, VOICEMAIL);
};

/** Plays one call of each outcome in order and returns the captured audit lines as AUDIT_LOG_FILE would hold them. */
export async function playCalls(bed: HandlerTestBed): Promise<string> {
  let sent = 0;
  bed.fake.create.mockImplementation(async () => ({ sid: `SM${String((sent += 1)).padStart(32, '0')}`, status: 'queued' }));

  await ring(CALL.byPrimary);
  await dialEnded(CALL.byPrimary, 'primary', 'completed');

  await ring(CALL.byBackup);
  await dialEnded(CALL.byBackup, 'primary', 'no-answer');
  await dialEnded(CALL.byBackup, 'backup', 'completed');

  await ring(CALL.voicemail);
  await dialEnded(CALL.voicemail, 'primary', 'busy', VOICEMAIL);
  await dialEnded(CALL.voicemail, 'backup', 'no-answer', VOICEMAIL);
  await voicemailLeft(CALL.voicemail);

  await ring(CALL.rejected, STRANGER);

  await ring(CALL.unanswered);
  await dialEnded(CALL.unanswered, 'primary', 'no-answer');
  await dialEnded(CALL.unanswered, 'backup', 'busy');

  await ring(CALL.voicemailUntexted);
  await dialEnded(CALL.voicemailUntexted, 'primary', 'no-answer', VOICEMAIL);
  await dialEnded(CALL.voicemailUntexted, 'backup', 'no-answer', VOICEMAIL);
  bed.fake.create.mockRejectedValue(twilioError(400, 21610, 'Attempt to send to unsubscribed recipient'));
  await voicemailLeft(CALL.voicemailUntexted);

  return bed.audit.lines().map((line) => line.raw).join('\n') + '\n';
}
