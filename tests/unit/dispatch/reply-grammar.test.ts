import { parseMessage } from '../../../src/core/dispatch/reply-grammar';

describe('parseMessage', () => {
  it('reads "#7 text" as an answer to 7', () => {
    expect(parseMessage('#7 On my way')).toEqual({ kind: 'reply', code: 7, text: 'On my way', mediaCount: 0 });
    expect(parseMessage('#999 ok')).toEqual({ kind: 'reply', code: 999, text: 'ok', mediaCount: 0 });
    expect(parseMessage('#07 ok')).toEqual({ kind: 'reply', code: 7, text: 'ok', mediaCount: 0 });
  });

  it('ignores leading and trailing whitespace, and a separator after the code', () => {
    expect(parseMessage('  #7   On my way  \n')).toEqual({ kind: 'reply', code: 7, text: 'On my way', mediaCount: 0 });
    expect(parseMessage('#7: On my way')).toEqual({ kind: 'reply', code: 7, text: 'On my way', mediaCount: 0 });
    expect(parseMessage('#7 - On my way')).toEqual({ kind: 'reply', code: 7, text: 'On my way', mediaCount: 0 });
    expect(parseMessage('#7,ok')).toEqual({ kind: 'reply', code: 7, text: 'ok', mediaCount: 0 });
    expect(parseMessage('#7\nsecond line')).toEqual({ kind: 'reply', code: 7, text: 'second line', mediaCount: 0 });
  });

  it('accepts one space between # and the digits ("# 7", as autocorrect writes it)', () => {
    expect(parseMessage('# 7 ok')).toEqual({ kind: 'reply', code: 7, text: 'ok', mediaCount: 0 });
  });

  it('reads a message without a code as an answer without one, text kept verbatim inside', () => {
    expect(parseMessage('On my way')).toEqual({ kind: 'reply', text: 'On my way', mediaCount: 0 });
    expect(parseMessage(' Gate 7, 2 min ')).toEqual({ kind: 'reply', text: 'Gate 7, 2 min', mediaCount: 0 });
  });

  it('does not read digits glued to text, or four digits, as a code', () => {
    expect(parseMessage('#7abc')).toEqual({ kind: 'reply', text: '#7abc', mediaCount: 0 });
    expect(parseMessage('#1234 is the gate code')).toEqual({ kind: 'reply', text: '#1234 is the gate code', mediaCount: 0 });
    expect(parseMessage('#  7 two spaces')).toEqual({ kind: 'reply', text: '#  7 two spaces', mediaCount: 0 });
    expect(parseMessage('7 ok')).toEqual({ kind: 'reply', text: '7 ok', mediaCount: 0 });
  });

  it('keeps a code outside 1..999 as written, for routing to answer as unknown', () => {
    expect(parseMessage('#0 ok')).toEqual({ kind: 'reply', code: 0, text: 'ok', mediaCount: 0 });
  });

  it('reads a bare code, with or without media, as an answer with no text', () => {
    expect(parseMessage('#7')).toEqual({ kind: 'reply', code: 7, text: '', mediaCount: 0 });
    expect(parseMessage(' #7 ', 2)).toEqual({ kind: 'reply', code: 7, text: '', mediaCount: 2 });
  });

  it('reads a media-only message as an answer without code or text', () => {
    expect(parseMessage('', 1)).toEqual({ kind: 'reply', text: '', mediaCount: 1 });
    expect(parseMessage('  ', 3)).toEqual({ kind: 'reply', text: '', mediaCount: 3 });
  });

  it("reads exactly one of Twilio's keywords, in any case, as a keyword and nothing else", () => {
    expect(parseMessage('STOP')).toEqual({ kind: 'keyword', keyword: { word: 'STOP', kind: 'opt-out' } });
    expect(parseMessage(' stop ')).toEqual({ kind: 'keyword', keyword: { word: 'STOP', kind: 'opt-out' } });
    expect(parseMessage('Start')).toEqual({ kind: 'keyword', keyword: { word: 'START', kind: 'opt-in' } });
    expect(parseMessage('info', 1)).toEqual({ kind: 'keyword', keyword: { word: 'INFO', kind: 'help' } });
  });

  it('reads a keyword after a code, or inside a sentence, as an ordinary reply', () => {
    expect(parseMessage('#7 stop')).toEqual({ kind: 'reply', code: 7, text: 'stop', mediaCount: 0 });
    expect(parseMessage('yes, coming')).toEqual({ kind: 'reply', text: 'yes, coming', mediaCount: 0 });
  });
});
