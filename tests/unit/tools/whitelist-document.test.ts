import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../dev/project-root';
import { addSender, formatDocument, readDocument, removeSender, WhitelistEditError } from '../../../dev/tools/whitelist/whitelist-document';
import { parseWhitelist } from '../../../src/core/whitelist';

const COMMITTED = readFileSync(join(PROJECT_ROOT, 'src', 'assets', 'whitelist.private.json'), 'utf8');
const doc = (senders: unknown[], extra: Record<string, unknown> = {}) => ({ ...extra, senders });

describe('readDocument', () => {
  it.each([
    ['{"senders": [', /^w\.json is not valid JSON \(.*\): fix it by hand first; nothing changed$/],
    ['{"senders": {}}', /^w\.json is not an object with a "senders" array/],
    ['null', /^w\.json is not an object with a "senders" array/],
  ])('refuses to edit a malformed file (%s)', (text, message) => {
    expect(() => readDocument(text, 'w.json')).toThrow(WhitelistEditError);
    expect(() => readDocument(text, 'w.json')).toThrow(message);
  });
});

describe('formatDocument', () => {
  it('writes the committed whitelist back exactly as it is laid out', () => {
    expect(formatDocument(readDocument(COMMITTED, 'w.json')).trimEnd()).toBe(COMMITTED.trimEnd());
  });

  it('keeps other keys and writes an empty list as []', () => {
    expect(formatDocument(doc([], { comment: 'night shift' }))).toBe('{\n  "comment": "night shift",\n  "senders": []\n}\n');
  });
});

describe('addSender', () => {
  it('adds the number in E.164, with its name, and the relay reads the result', () => {
    const { document, number } = addSender(readDocument(COMMITTED, 'w.json'), '(619) 555-0177', 'US', ' Night desk ');
    expect(number).toBe('+16195550177');
    expect(document.senders.at(-1)).toEqual({ number: '+16195550177', name: 'Night desk' });
    expect(parseWhitelist(formatDocument(document), 'US').senders.get('+16195550177')).toEqual({ number: '+16195550177', name: 'Night desk' });
  });

  it('adds a bare string when there is no name, also to an empty list', () => {
    expect(addSender(doc([]), '+16195550177', 'US').document.senders).toEqual(['+16195550177']);
  });

  it('refuses a duplicate however either one is written, naming the entry already there', () => {
    const document = doc([{ number: '619-555-0100', name: 'Dispatch' }]);
    expect(() => addSender(document, '+1 (619) 555 0100', 'US')).toThrow('+16195550100 is already on the whitelist (entry #0, Dispatch): nothing changed');
  });

  it.each(['12345', 'whatsapp:+16195550177', 'Dispatch'])('refuses "%s", which is not a phone number', (raw) => {
    expect(() => addSender(doc([]), raw, 'US')).toThrow(`"${raw}" is not a valid phone number (region US): write it in E.164, e.g. +16195550100`);
  });

  it('uses the region for numbers without a country code', () => {
    expect(addSender(doc([]), '0491 570 156', 'AU').number).toBe('+61491570156');
  });

  it('refuses an empty --name', () => {
    expect(() => addSender(doc([]), '+16195550177', 'US', '  ')).toThrow('--name must not be empty');
  });
});

describe('removeSender', () => {
  const two = doc([{ number: '+16195550100', name: 'Dispatch' }, '858-555-0123']);

  it('removes a number however it is written', () => {
    expect(removeSender(two, '+18585550123', 'US')).toEqual({ document: doc([{ number: '+16195550100', name: 'Dispatch' }]), removed: 1, label: '+18585550123' });
  });

  it('removes an unparseable entry written exactly so', () => {
    expect(removeSender(doc(['+16195550100', 'call Bob']), 'call Bob', 'US').document.senders).toEqual(['+16195550100']);
  });

  it('refuses a number that is not there', () => {
    expect(() => removeSender(two, '+16195550199', 'US')).toThrow('+16195550199 is not on the whitelist: nothing changed');
  });

  it('refuses to remove the last valid sender unless forced', () => {
    const one = doc(['+16195550100', 'call Bob']);
    expect(() => removeSender(one, '+16195550100', 'US')).toThrow('pass --force to do it anyway');
    expect(removeSender(one, '+16195550100', 'US', true).document.senders).toEqual(['call Bob']);
  });
});
