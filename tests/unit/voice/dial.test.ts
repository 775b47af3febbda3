import { callerIdFor } from '../../../src/core/voice/dial';
import { readCall, readRecordingSeconds } from '../../../src/core/voice/events';
import { dialActionUrl, readScreenRequest, readStep, screenUrl, voicemailUrl } from '../../../src/core/voice/urls';

const CALL = `CA${'a'.repeat(32)}`;
const PARENT = `CA${'b'.repeat(32)}`;

describe('callerIdFor', () => {
  it('shows the caller in "caller" mode, in E.164', () => {
    expect(callerIdFor('caller', '(858) 555-0123', '+16195550199', 'US')).toBe('+18585550123');
  });

  it('shows the relay number in "relay" mode', () => {
    expect(callerIdFor('relay', '+18585550123', '+16195550199', 'US')).toBe('+16195550199');
  });

  it.each(['anonymous', '+266696687', ''])('falls back to the relay number for a caller ID "%s" Twilio may not pass on', (caller) => {
    expect(callerIdFor('caller', caller, '+16195550199', 'US')).toBe('+16195550199');
  });
});

describe('voice URLs', () => {
  const base = 'http://localhost:3000';

  it('carry the leg on the <Dial> action', () => {
    expect(dialActionUrl(base, 'primary', false)).toBe('http://localhost:3000/voice/next?relay_leg=primary&relay_last=0');
  });

  it('carry leg and caller on the screening URLs, and the step on the <Gather> action', () => {
    expect(screenUrl(base, 'backup', true, '+18585550123')).toBe(
      'http://localhost:3000/voice/screen?relay_leg=backup&relay_last=1&relay_caller=%2B18585550123',
    );
    expect(screenUrl(base, 'backup', true, '+18585550123', 'result')).toBe(
      'http://localhost:3000/voice/screen?relay_leg=backup&relay_last=1&relay_caller=%2B18585550123&relay_step=result',
    );
  });

  it('name the voicemail step', () => {
    expect(voicemailUrl(base, 'transcribed')).toBe('http://localhost:3000/voice/transcription?relay_step=transcribed');
  });

  it('are read back from the event the runtime merges query and body into', () => {
    expect(readScreenRequest({ relay_leg: 'backup', relay_last: '0', relay_caller: '+18585550123' })).toEqual({
      leg: 'backup',
      lastLeg: true,
      caller: '+18585550123',
    });
    expect(readStep({ relay_step: 'recorded' })).toBe('recorded');
  });

  it.each([
    { relay_leg: 'tertiary', relay_last: '0', relay_caller: '+18585550123' },
    { relay_leg: 'primary', relay_last: '0' },
    { relay_leg: 'primary', relay_last: '0', relay_caller: 'Dispatch' },
    { relay_leg: 'primary', relay_caller: '+18585550123' },
  ])('refuse a screening request that is not ours: %j', (event) => {
    expect(readScreenRequest(event)).toBeUndefined();
  });

  it('refuse an unknown step', () => {
    expect(readStep({ relay_step: 'result2' })).toBeUndefined();
    expect(readStep({})).toBeUndefined();
  });
});

describe('readCall', () => {
  it('chains a dialed phone\'s leg to the caller\'s call through ParentCallSid', () => {
    expect(readCall({ CallSid: CALL, ParentCallSid: PARENT, AccountSid: 'AC1', From: '+1', To: '+2' })).toEqual({
      sid: CALL,
      chainSid: PARENT,
      accountSid: 'AC1',
      from: '+1',
      to: '+2',
    });
    expect(readCall({ CallSid: CALL }).chainSid).toBe(CALL);
  });

  it('reads a recording\'s length in seconds', () => {
    expect(readRecordingSeconds({ RecordingDuration: '17' })).toBe(17);
    expect(readRecordingSeconds({})).toBeUndefined();
  });
});
