import { readVoiceConfig, UNAVAILABLE_MESSAGE, VOICEMAIL_MESSAGE } from '../../../src/core/voice/config';
import { problemsOf as problemsOfConfig } from '../../support/config-problems';

const problemsOf = (env: Record<string, string>) => problemsOfConfig(readVoiceConfig, env);

describe('readVoiceConfig', () => {
  it('has a default for every variable', () => {
    expect(readVoiceConfig({})).toEqual({
      dialTimeoutSeconds: 20,
      voicemail: false,
      screenCalls: false,
      unavailableMessage: 'Sorry, nobody can take your call right now.',
      callerIdMode: 'caller',
    });
  });

  it('treats blank variables as unset, as the configure-env placeholders leave them', () => {
    expect(readVoiceConfig({ DIAL_TIMEOUT_SECONDS: ' ', VOICEMAIL: '', SCREEN_CALLS: '', CALLER_ID_MODE: '' })).toEqual(
      readVoiceConfig({}),
    );
  });

  it('reads every variable', () => {
    expect(
      readVoiceConfig({
        DIAL_TIMEOUT_SECONDS: '35',
        VOICEMAIL: 'TRUE',
        SCREEN_CALLS: 'true',
        VOICE_UNAVAILABLE_MESSAGE: '  Dispatch is closed.  ',
        CALLER_ID_MODE: 'Relay',
      }),
    ).toEqual({
      dialTimeoutSeconds: 35,
      voicemail: true,
      screenCalls: true,
      unavailableMessage: 'Dispatch is closed.',
      callerIdMode: 'relay',
    });
  });

  it('tells a caller who may leave a voicemail to do so, unless the message is configured', () => {
    expect(readVoiceConfig({ VOICEMAIL: 'true' }).unavailableMessage).toBe(
      'Sorry, nobody can take your call right now. Please leave a message after the tone.',
    );
    expect(VOICEMAIL_MESSAGE.startsWith(UNAVAILABLE_MESSAGE)).toBe(true);
    expect(readVoiceConfig({ VOICEMAIL: 'false' }).unavailableMessage).toBe(UNAVAILABLE_MESSAGE);
  });

  it.each(['5', '600'])('accepts DIAL_TIMEOUT_SECONDS=%s, the ends of Twilio\'s range', (value) => {
    expect(readVoiceConfig({ DIAL_TIMEOUT_SECONDS: value }).dialTimeoutSeconds).toBe(Number(value));
  });

  it.each(['4', '601', '0', '-10', '20.5', 'twenty', '1e1', '0x14'])('refuses DIAL_TIMEOUT_SECONDS=%s, naming it', (value) => {
    expect(problemsOf({ DIAL_TIMEOUT_SECONDS: value })).toEqual([
      `DIAL_TIMEOUT_SECONDS must be a whole number of seconds from 5 to 600, got "${value}"`,
    ]);
  });

  it.each(['VOICEMAIL', 'SCREEN_CALLS'])('refuses %s values other than true or false, naming it', (name) => {
    expect(problemsOf({ [name]: 'yes' })).toEqual([`${name} must be true or false, got "yes"`]);
  });

  it('refuses an unknown CALLER_ID_MODE, naming it', () => {
    expect(problemsOf({ CALLER_ID_MODE: 'pstn' })).toEqual(['CALLER_ID_MODE must be "caller" or "relay", got "pstn"']);
  });

  it('reports every problem at once', () => {
    expect(problemsOf({ DIAL_TIMEOUT_SECONDS: '1', VOICEMAIL: '1', SCREEN_CALLS: 'on', CALLER_ID_MODE: 'x' })).toHaveLength(4);
  });
});
