import { parseSince } from '../../../dev/tools/audit/since';

const NOW = new Date('2026-11-28T14:00:00Z');

describe('parseSince', () => {
  it.each([
    ['30m', '2026-11-28T13:30:00.000Z'],
    ['2h', '2026-11-28T12:00:00.000Z'],
    ['7d', '2026-11-21T14:00:00.000Z'],
    ['1w', '2026-11-21T14:00:00.000Z'],
    ['2H', '2026-11-28T12:00:00.000Z'],
  ])('takes %s as a duration back from now', (text, iso) => {
    expect(parseSince(text, NOW).toISOString()).toBe(iso);
  });

  it.each([
    ['2026-11-28T13:00:00Z', '2026-11-28T13:00:00.000Z'],
    ['2026-11-28T15:00:00+02:00', '2026-11-28T13:00:00.000Z'],
    ['2026-11-28', '2026-11-28T00:00:00.000Z'],
  ])('takes %s as an ISO time', (text, iso) => {
    expect(parseSince(text, NOW).toISOString()).toBe(iso);
  });

  it.each(['yesterday', '2h30', '-2h', '11/28/2026', '2026-13-45'])('refuses %s with one line saying what it takes', (text) => {
    expect(() => parseSince(text, NOW)).toThrow(`--since must be an ISO time such as 2026-11-28T13:00:00Z or a duration such as 30m, 2h, 7d; got "${text}"`);
  });
});
