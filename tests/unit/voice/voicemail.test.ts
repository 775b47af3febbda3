import { MAX_BODY_LENGTH } from '../../../src/core/sms/forward-body';
import { readTranscription } from '../../../src/core/voice/events';
import { NO_TRANSCRIPTION_TEXT, voicemailBody } from '../../../src/core/voice/voicemail';

const dispatch = { number: '+16195550100', name: 'Dispatch' };

describe('voicemailBody', () => {
  it('prefixes the transcription with who called', () => {
    expect(voicemailBody(dispatch, readTranscription({ TranscriptionStatus: 'completed', TranscriptionText: 'Call me back.' }))).toBe(
      'Voicemail from Dispatch (+16195550100): Call me back.',
    );
  });

  it('still announces a voicemail whose transcription failed or is empty', () => {
    const expected = `Voicemail from +16195550100: ${NO_TRANSCRIPTION_TEXT}`;
    expect(voicemailBody({ number: '+16195550100' }, readTranscription({ TranscriptionStatus: 'failed', TranscriptionText: 'x' }))).toBe(expected);
    expect(voicemailBody({ number: '+16195550100' }, readTranscription({ TranscriptionStatus: 'completed', TranscriptionText: ' ' }))).toBe(expected);
  });

  it('stays within the SMS body limit, like a relayed message', () => {
    const body = voicemailBody(dispatch, { completed: true, text: 'a'.repeat(2000) });
    expect(body).toHaveLength(MAX_BODY_LENGTH);
    expect(body.endsWith(' …[truncated]')).toBe(true);
  });
});
