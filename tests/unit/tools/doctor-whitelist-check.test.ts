import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { whitelistFindings } from '../../../dev/tools/doctor/whitelist-check';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sms-relay-doctor-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const file = (content: string) => {
  const path = join(dir, 'whitelist.private.json');
  writeFileSync(path, content);
  return path;
};

describe('whitelistFindings', () => {
  it('counts the valid senders', () => {
    const path = file(JSON.stringify({ senders: [{ number: '+16195550100', name: 'Dispatch' }, '(858) 555-0123'] }));
    expect(whitelistFindings(path, 'US')).toEqual([
      { level: 'ok', text: `whitelist ${path}: 2 valid senders (region US for numbers without +country)` },
      { level: 'ok', text: 'whitelist entry #0: ***0100 [US]' },
      { level: 'ok', text: 'whitelist entry #1: ***0123 [US, assumed from region US: written without +country]' },
    ]);
  });

  it('shows the country each number was read as, so a US number read as German is seen', () => {
    const path = file(JSON.stringify({ senders: ['+16195550100', '1 (858) 555-0123'] }));
    expect(whitelistFindings(path, 'DE').map((f) => f.text)).toContain('whitelist entry #1: ***0123 [DE, assumed from region DE: written without +country]');
  });

  it('refuses a name longer than 40 characters', () => {
    const path = file(JSON.stringify({ senders: [{ number: '+16195550100', name: 'N'.repeat(1600) }] }));
    expect(whitelistFindings(path, 'US').filter((f) => f.level === 'error')).toEqual([
      { level: 'error', text: 'whitelist entry #0: name is 1600 characters long; at most 40: the relay cuts it; shorten it' },
    ]);
  });

  it('reports every rejected entry as an error, and a repeated number as a warning', () => {
    const path = file(JSON.stringify({ senders: ['+16195550100', 'whatsapp:+16195550101', 42, { number: '+16195550102', name: 7 }, '619-555-0100'] }));
    expect(whitelistFindings(path, 'US').map((f) => `${f.level} ${f.text}`)).toEqual([
      expect.stringMatching(/^ok .*: 1 valid sender \(/),
      'ok whitelist entry #0: ***0100 [US]',
      'error whitelist entry #1 rejected: ***0101 is not a valid phone number for region US',
      'error whitelist entry #2 rejected: not a phone number string or an object with a "number" string',
      'error whitelist entry #3 rejected: "name" of ***0102 is not a string',
      'warn whitelist entry #4: ***0100 is listed more than once; the first entry is used',
    ]);
  });

  it.each([
    ['{"senders": [', /is not valid JSON/],
    ['["+16195550100"]', /must be an object with a "senders" array/],
    ['{"senders": []}', /has no usable sender/],
  ])('says a malformed whitelist (%s) makes the relay forward nothing', (content, why) => {
    const [finding] = whitelistFindings(file(content), 'US');
    expect(finding.level).toBe('error');
    expect(finding.text).toMatch(why);
    expect(finding.text).toMatch(/the relay would forward nothing$/);
  });

  it('reports a missing file', () => {
    expect(whitelistFindings(join(dir, 'nope.json'), 'US')).toEqual([{ level: 'error', text: expect.stringContaining('cannot be read (ENOENT): without it the relay forwards nothing') }]);
  });
});
