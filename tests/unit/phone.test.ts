import { isRegion, maskNumber, maskNumbersIn, toE164 } from '../../src/core/phone';

describe('toE164', () => {
  it.each([
    ['+16195550100', 'US', '+16195550100'],
    ['  +16195550100  ', 'US', '+16195550100'],
    ['(619) 555-0177', 'US', '+16195550177'],
    ['619.555.0177', 'US', '+16195550177'],
    ['1-619-555-0100', 'US', '+16195550100'],
    ['+1 619 555 0100', 'US', '+16195550100'],
    ['6195550100', 'US', '+16195550100'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['+44 20 7946 0958', 'US', '+442079460958'],
  ] as const)('normalizes %j (region %s) to %s', (raw, region, expected) => {
    expect(toE164(raw, region)).toBe(expected);
  });

  it.each([
    ['12345', 'short code'],
    ['ACME', 'alphanumeric sender ID'],
    ['whatsapp:+16195550100', 'channel prefix'],
    ['tel:+16195550100', 'URI scheme'],
    ['+1619555O100', 'letter O instead of zero'],
    ['', 'empty'],
    ['   ', 'blank'],
    ['+1 619 555', 'too short'],
    ['+4420794609581234', 'too long'],
    ['020 7946 0958', 'a UK national number read as US'],
  ])('refuses %j (%s)', (raw) => {
    expect(toE164(raw, 'US')).toBeUndefined();
  });
});

describe('isRegion', () => {
  it('accepts supported upper-case ISO codes', () => {
    expect(isRegion('US')).toBe(true);
    expect(isRegion('GB')).toBe(true);
    expect(isRegion('DE')).toBe(true);
  });

  it('refuses unknown codes and non-ISO aliases', () => {
    expect(isRegion('XX')).toBe(false);
    expect(isRegion('UK')).toBe(false);
    expect(isRegion('USA')).toBe(false);
    expect(isRegion('')).toBe(false);
  });
});

describe('maskNumber', () => {
  it('keeps only the last four digits', () => {
    expect(maskNumber('+16195550100')).toBe('***0100');
    expect(maskNumber('(619) 555-0177')).toBe('***0177');
    expect(maskNumber('whatsapp:+16195550123')).toBe('***0123');
  });

  it('hides short values entirely', () => {
    expect(maskNumber('1234')).toBe('***');
    expect(maskNumber('ACME')).toBe('***');
    expect(maskNumber('')).toBe('***');
  });

  it('shows four digits of a five-digit short code', () => {
    expect(maskNumber('12345')).toBe('***2345');
  });
});

describe('maskNumbersIn', () => {
  it('masks every number-like run in free text', () => {
    expect(maskNumbersIn("The 'To' number +16195550101 is not a valid phone number.")).toBe(
      "The 'To' number ***0101 is not a valid phone number.",
    );
    expect(maskNumbersIn('from +1 619 555 0100 to 858-555-0123')).toBe('from ***0100 to ***0123');
  });

  it('leaves short codes such as Twilio error codes alone', () => {
    expect(maskNumbersIn('error 21610 (HTTP 400)')).toBe('error 21610 (HTTP 400)');
    expect(maskNumbersIn('no digits here')).toBe('no digits here');
  });

  it('masks a number however it is written, followed by letters or inside a word too', () => {
    expect(maskNumbersIn('call 6195550100x now')).toBe('call ***0100x now');
    expect(maskNumbersIn('tel:6195550100ext12')).toBe('tel:***0100ext12');
    expect(maskNumbersIn('whatsapp:+16195550100')).toBe('whatsapp:***0100');
    expect(maskNumbersIn('(619) 555-0100, 619.555.0177 or +49 30 901820')).toBe('***0100, ***0177 or ***1820');
    expect(maskNumbersIn('number=+16195550100&x=1')).toBe('number=***0100&x=1');
    expect(maskNumbersIn('French 06.12.34.56.78 or 06 12 34 56 78')).toBe('French ***5678 or ***5678');
  });

  it('leaves IP addresses, dates, times and SIDs as they are', () => {
    const untouched = [
      'connect ECONNREFUSED 127.0.0.1:4010',
      'from 192.168.100.200 and 10.0.0.1',
      'at 2026-11-28T13:05:00.123Z',
      'on 2026-11-28 13:05:00 UTC',
      'on 28.11.2026 at 13:05',
      'took 13:05:00.1234567',
      'twilio 6.3.1 on node 20.19.43',
      'ETIMEDOUT after 7000 ms',
      `message SM${'0'.repeat(24)}61955501 and CA${'1'.repeat(32)}`,
      'https://api.twilio.com/2010-04-01/Accounts/AC00000000000000000000000000000001/Messages.json',
    ];
    for (const text of untouched) expect(maskNumbersIn(text)).toBe(text);
  });

  it('masks a number next to an IP address, a date or a time, and leaves those', () => {
    expect(maskNumbersIn('6195550100 at 13:05 from 10.0.0.1 on 2026-11-28')).toBe('***0100 at 13:05 from 10.0.0.1 on 2026-11-28');
    expect(maskNumbersIn('2026-11-28 6195550100')).toBe('2026-11-28 ***0100');
  });
});
