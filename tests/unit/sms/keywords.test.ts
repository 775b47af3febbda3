import { keywordOf } from '../../../src/core/sms/keywords';

describe('keywordOf', () => {
  it.each([
    ['STOP', 'opt-out'],
    ['STOPALL', 'opt-out'],
    ['UNSUBSCRIBE', 'opt-out'],
    ['CANCEL', 'opt-out'],
    ['END', 'opt-out'],
    ['QUIT', 'opt-out'],
    ['REVOKE', 'opt-out'],
    ['OPTOUT', 'opt-out'],
    ['START', 'opt-in'],
    ['YES', 'opt-in'],
    ['UNSTOP', 'opt-in'],
    ['HELP', 'help'],
    ['INFO', 'help'],
  ])('knows %s as %s', (word, kind) => {
    expect(keywordOf(word)).toEqual({ word, kind });
  });

  it('ignores case and surrounding whitespace', () => {
    expect(keywordOf('stop')).toEqual({ word: 'STOP', kind: 'opt-out' });
    expect(keywordOf('  Stop \n')).toEqual({ word: 'STOP', kind: 'opt-out' });
    expect(keywordOf('\tyEs ')).toEqual({ word: 'YES', kind: 'opt-in' });
    expect(keywordOf(' help')).toEqual({ word: 'HELP', kind: 'help' });
  });

  it('takes only the whole message, as Twilio does ("STOP PLEASE" is not a keyword)', () => {
    expect(keywordOf('STOP PLEASE')).toBeUndefined();
    expect(keywordOf('please cancel')).toBeUndefined();
    expect(keywordOf('Yes, on my way')).toBeUndefined();
    expect(keywordOf('#7 stop')).toBeUndefined();
    expect(keywordOf('STOP.')).toBeUndefined();
    expect(keywordOf('')).toBeUndefined();
  });
});
