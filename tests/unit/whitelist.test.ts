import { parseWhitelist, WhitelistError, type Whitelist } from '../../src/core/whitelist';

const senders = (...entries: unknown[]) => JSON.stringify({ senders: entries });

function errorOf(text: string): WhitelistError {
  try {
    parseWhitelist(text, 'US');
  } catch (error) {
    expect(error).toBeInstanceOf(WhitelistError);
    return error as WhitelistError;
  }
  throw new Error('parseWhitelist accepted the text');
}

const asObject = (whitelist: Whitelist) => Object.fromEntries(whitelist.senders);

describe('parseWhitelist', () => {
  it('reads bare strings and objects with names', () => {
    const whitelist = parseWhitelist(
      senders({ number: '+16195550100', name: 'Dispatch' }, '+18585550123', { number: '+16195550177' }),
      'US',
    );
    expect(asObject(whitelist)).toEqual({
      '+16195550100': { number: '+16195550100', name: 'Dispatch' },
      '+18585550123': { number: '+18585550123' },
      '+16195550177': { number: '+16195550177' },
    });
    expect(whitelist.skipped).toEqual([]);
  });

  it('normalizes local formats with the default region', () => {
    const whitelist = parseWhitelist(senders('(619) 555-0177', { number: '858.555.0123', name: 'Night desk' }), 'US');
    expect(asObject(whitelist)).toEqual({
      '+16195550177': { number: '+16195550177' },
      '+18585550123': { number: '+18585550123', name: 'Night desk' },
    });
  });

  it('reads national numbers of the configured region', () => {
    const whitelist = parseWhitelist(senders('020 7946 0958'), 'GB');
    expect([...whitelist.senders.keys()]).toEqual(['+442079460958']);
  });

  it('trims names and drops blank ones', () => {
    const whitelist = parseWhitelist(senders({ number: '+16195550100', name: '  Dispatch  ' }, { number: '+18585550123', name: '   ' }), 'US');
    expect(asObject(whitelist)).toStrictEqual({
      '+16195550100': { number: '+16195550100', name: 'Dispatch' },
      '+18585550123': { number: '+18585550123' },
    });
  });

  it('keeps the first of duplicate entries and reports the others', () => {
    const whitelist = parseWhitelist(
      senders({ number: '+16195550100', name: 'Dispatch' }, '+18585550123', { number: '(619) 555-0100', name: 'Impostor' }),
      'US',
    );
    expect(whitelist.senders.get('+16195550100')).toEqual({ number: '+16195550100', name: 'Dispatch' });
    expect(whitelist.senders.size).toBe(2);
    expect(whitelist.skipped).toEqual([{ index: 2, reason: '***0100 is listed more than once; the first entry is used' }]);
  });

  it('skips unusable entries with a reason and keeps the rest', () => {
    const whitelist = parseWhitelist(
      senders(
        '+16195550100',
        '12345',
        'ACME',
        'whatsapp:+18585550123',
        { number: '+18585550124', name: 42 },
        { name: 'No number' },
        16195550100,
        null,
        ['+16195550101'],
        '+1 619 555',
      ),
      'US',
    );
    expect([...whitelist.senders.keys()]).toEqual(['+16195550100']);
    expect(whitelist.skipped).toEqual([
      { index: 1, reason: '***2345 is not a valid phone number for region US' },
      { index: 2, reason: '*** is not a valid phone number for region US' },
      { index: 3, reason: '***0123 is not a valid phone number for region US' },
      { index: 4, reason: '"name" of ***0124 is not a string' },
      { index: 5, reason: 'not a phone number string or an object with a "number" string' },
      { index: 6, reason: 'not a phone number string or an object with a "number" string' },
      { index: 7, reason: 'not a phone number string or an object with a "number" string' },
      { index: 8, reason: 'not a phone number string or an object with a "number" string' },
      { index: 9, reason: '***9555 is not a valid phone number for region US' },
    ]);
  });

  it('never puts a full phone number in a skipped reason', () => {
    const whitelist = parseWhitelist(
      senders(
        '+16195550100',
        '+16195550100',
        '(619) 555-0100',
        'whatsapp:+18585550123',
        'tel:+18585550123',
        { number: '+18585550124', name: { first: 'x' } },
        '+4420794609581234',
        '+1 (858) 555-01',
      ),
      'US',
    );
    expect(whitelist.skipped).toHaveLength(7);
    for (const { reason } of whitelist.skipped) {
      expect(reason).not.toMatch(/\d{5,}/);
      expect(reason).not.toMatch(/619|858|4420/);
    }
  });

  it('refuses text that is not JSON', () => {
    expect(errorOf('{"senders": [').message).toMatch(/^whitelist is not valid JSON: /);
    expect(errorOf('').message).toMatch(/^whitelist is not valid JSON: /);
    expect(errorOf("{ senders: ['+16195550100'] }").message).toMatch(/^whitelist is not valid JSON: /);
  });

  it.each(['[]', '["+16195550100"]', '"+16195550100"', 'null', '42', 'true'])('refuses the document %s, which is not an object', (text) => {
    expect(errorOf(text).message).toBe('whitelist must be an object with a "senders" array');
  });

  it.each(['{}', '{"Senders": ["+16195550100"]}', '{"senders": "+16195550100"}', '{"senders": {"0": "+16195550100"}}', '{"senders": null}'])(
    'refuses %s, which has no "senders" array',
    (text) => {
      expect(errorOf(text).message).toBe('whitelist must be an object with a "senders" array');
    },
  );

  it('refuses an empty list', () => {
    expect(errorOf('{"senders": []}').message).toBe('whitelist has no usable sender');
  });

  it('refuses a list without any usable entry and says why each was skipped', () => {
    const error = errorOf(senders('12345', { number: '+16195550100', name: 7 }, 'whatsapp:+16195550100', {}));
    expect(error.name).toBe('WhitelistError');
    expect(error.message).toBe(
      'whitelist has no usable sender; skipped: ' +
        '#0 ***2345 is not a valid phone number for region US, ' +
        '#1 "name" of ***0100 is not a string, ' +
        '#2 ***0100 is not a valid phone number for region US, ' +
        '#3 not a phone number string or an object with a "number" string',
    );
  });
});

describe('names', () => {
  it('cuts a name longer than 40 characters, keeps the sender, and says so', () => {
    const whitelist = parseWhitelist(senders({ number: '+16195550100', name: 'N'.repeat(1600) }, { number: '+18585550123', name: 'x'.repeat(40) }), 'US');
    expect(whitelist.senders.get('+16195550100')).toEqual({ number: '+16195550100', name: `${'N'.repeat(39)}…` });
    expect(whitelist.senders.get('+18585550123')?.name).toBe('x'.repeat(40));
    expect(whitelist.cut).toEqual([{ index: 0, reason: 'name is 1600 characters long; at most 40: the relay cuts it' }]);
  });
});

describe('entries', () => {
  it('says which entries were written without +country, so their country was assumed', () => {
    const whitelist = parseWhitelist(senders('+16195550100', '1 (858) 555-0123'), 'DE');
    expect(whitelist.entries).toEqual([
      { index: 0, sender: { number: '+16195550100' }, regionAssumed: false },
      { index: 1, sender: { number: '+4918585550123' }, regionAssumed: true },
    ]);
  });
});
