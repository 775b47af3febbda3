import { isAccepted, screenPrompt, spokenCaller } from '../../../src/core/voice/screen';

describe('screening', () => {
  it('names a whitelisted caller', () => {
    expect(screenPrompt({ number: '+16195550100', name: 'Dispatch' })).toBe('Relayed call from Dispatch. Press 1 to accept.');
  });

  it('spells out a number digit by digit, so it is not read as one huge number', () => {
    expect(spokenCaller({ number: '+16195550100' })).toBe('1 6 1 9 5 5 5 0 1 0 0');
  });

  it('accepts only the key 1', () => {
    expect(isAccepted('1')).toBe(true);
    expect(isAccepted(' 1 ')).toBe(true);
  });

  it.each([['2'], ['#'], [''], ['11'], [undefined], [1]])('does not accept %j (a voicemail greeting presses nothing)', (digits) => {
    expect(isAccepted(digits)).toBe(false);
  });
});
