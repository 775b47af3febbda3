import {
  baseUrlFor,
  isMessageSid,
  PARAM_INBOUND,
  PARAM_LAST,
  PARAM_LEG,
  PARAM_PRIMARY_ERROR,
  readCorrelation,
  statusCallbackUrl,
  type Correlation,
} from '../../../src/core/twilio/callback-urls';
import { isLeg, LEGS } from '../../../src/core/legs';

const INBOUND = `SM${'0'.repeat(31)}a`;

/** What the runtime hands the status function for a request to url: the query as an object. */
function eventFrom(url: string): Record<string, unknown> {
  return Object.fromEntries(new URL(url).searchParams);
}

describe('baseUrlFor', () => {
  it('uses http for the local development server', () => {
    expect(baseUrlFor('localhost:3000')).toBe('http://localhost:3000');
    expect(baseUrlFor('127.0.0.1:3000')).toBe('http://127.0.0.1:3000');
    expect(baseUrlFor('[::1]:3000')).toBe('http://[::1]:3000');
    expect(baseUrlFor('localhost')).toBe('http://localhost');
  });

  it('uses https for a deployed service', () => {
    expect(baseUrlFor('relay-1234-dev.twil.io')).toBe('https://relay-1234-dev.twil.io');
    expect(baseUrlFor('localhost.example.com')).toBe('https://localhost.example.com');
    expect(baseUrlFor('127.0.0.1.nip.io')).toBe('https://127.0.0.1.nip.io');
  });

  it('prefers a public base URL, without trailing slashes', () => {
    expect(baseUrlFor('localhost:3000', 'https://abc123.ngrok.app/')).toBe('https://abc123.ngrok.app');
    expect(baseUrlFor('localhost:3000', 'https://abc123.ngrok.app//')).toBe('https://abc123.ngrok.app');
    expect(baseUrlFor('relay-1234-dev.twil.io', 'https://tunnel.example.com')).toBe('https://tunnel.example.com');
    expect(baseUrlFor('localhost:3000', '')).toBe('http://localhost:3000');
  });
});

describe('statusCallbackUrl', () => {
  it('carries the correlation as lower-case prefixed query parameters', () => {
    expect([PARAM_LEG, PARAM_INBOUND, PARAM_LAST, PARAM_PRIMARY_ERROR]).toEqual(['relay_leg', 'relay_in', 'relay_last', 'relay_perr']);
    expect(statusCallbackUrl('https://relay-1234-dev.twil.io', '/sms/status', { leg: 'primary', inboundSid: INBOUND, lastLeg: false })).toBe(
      `https://relay-1234-dev.twil.io/sms/status?relay_leg=primary&relay_in=${INBOUND}&relay_last=0`,
    );
    expect(
      statusCallbackUrl('http://localhost:3000', '/sms/status', { leg: 'backup', inboundSid: INBOUND, lastLeg: true, primaryError: '21610' }),
    ).toBe(`http://localhost:3000/sms/status?relay_leg=backup&relay_in=${INBOUND}&relay_last=1&relay_perr=21610`);
  });
});

describe('readCorrelation', () => {
  it.each<Correlation>([
    { leg: 'primary', inboundSid: INBOUND, lastLeg: false },
    { leg: 'primary', inboundSid: INBOUND, lastLeg: true },
    { leg: 'backup', inboundSid: INBOUND, lastLeg: true },
    { leg: 'backup', inboundSid: `MM${'f'.repeat(32)}`, lastLeg: true, primaryError: '21610' },
    { leg: 'backup', inboundSid: INBOUND, lastLeg: true, primaryError: 'network' },
    { leg: 'backup', inboundSid: INBOUND, lastLeg: true, primaryError: 'undelivered' },
  ])('round-trips %j through the callback URL', (correlation) => {
    const url = statusCallbackUrl('https://relay-1234-dev.twil.io', '/sms/status', correlation);
    expect(readCorrelation(eventFrom(url))).toStrictEqual(correlation);
  });

  it('reads the correlation among Twilio\'s own parameters', () => {
    expect(
      readCorrelation({
        MessageSid: `SM${'0'.repeat(31)}b`,
        MessageStatus: 'undelivered',
        relay_leg: 'primary',
        relay_in: INBOUND,
        relay_last: '0',
      }),
    ).toStrictEqual({ leg: 'primary', inboundSid: INBOUND, lastLeg: false });
  });

  it('makes a backup leg the last, whatever relay_last says', () => {
    expect(readCorrelation({ relay_leg: 'backup', relay_in: INBOUND, relay_last: '0' })).toStrictEqual({
      leg: 'backup',
      inboundSid: INBOUND,
      lastLeg: true,
    });
  });

  it.each<[string, Record<string, unknown>]>([
    ['no parameters', {}],
    ['missing leg', { relay_in: INBOUND, relay_last: '0' }],
    ['unknown leg', { relay_leg: 'tertiary', relay_in: INBOUND, relay_last: '0' }],
    ['upper-case leg', { relay_leg: 'PRIMARY', relay_in: INBOUND, relay_last: '0' }],
    ['leg given twice', { relay_leg: ['primary', 'backup'], relay_in: INBOUND, relay_last: '0' }],
    ['missing inbound SID', { relay_leg: 'primary', relay_last: '0' }],
    ['short inbound SID', { relay_leg: 'primary', relay_in: 'SM123', relay_last: '0' }],
    ['account SID as inbound SID', { relay_leg: 'primary', relay_in: `AC${'0'.repeat(32)}`, relay_last: '0' }],
    ['non-hex inbound SID', { relay_leg: 'primary', relay_in: `SM${'g'.repeat(32)}`, relay_last: '0' }],
    ['missing last', { relay_leg: 'primary', relay_in: INBOUND }],
    ['last "true"', { relay_leg: 'primary', relay_in: INBOUND, relay_last: 'true' }],
    ['last "2"', { relay_leg: 'primary', relay_in: INBOUND, relay_last: '2' }],
    ['last as a number', { relay_leg: 'primary', relay_in: INBOUND, relay_last: 1 }],
  ])('is undefined for %s', (_label, event) => {
    expect(readCorrelation(event)).toBeUndefined();
  });

  it.each(['21610', '30003', 'network', 'failed', 'a'.repeat(16), 'under_score'])('keeps relay_perr %j', (primaryError) => {
    expect(readCorrelation({ relay_leg: 'backup', relay_in: INBOUND, relay_last: '1', relay_perr: primaryError })?.primaryError).toBe(primaryError);
  });

  it.each(['', 'a b', '<script>', 'a'.repeat(17), '21610;drop', 'ünï', '30003\n'])('drops relay_perr %j', (primaryError) => {
    expect(readCorrelation({ relay_leg: 'backup', relay_in: INBOUND, relay_last: '1', relay_perr: primaryError })).toStrictEqual({
      leg: 'backup',
      inboundSid: INBOUND,
      lastLeg: true,
    });
  });

  it('drops a non-string relay_perr', () => {
    expect(readCorrelation({ relay_leg: 'backup', relay_in: INBOUND, relay_last: '1', relay_perr: 21610 })).toStrictEqual({
      leg: 'backup',
      inboundSid: INBOUND,
      lastLeg: true,
    });
  });
});

describe('isMessageSid', () => {
  it('accepts SMS and MMS SIDs', () => {
    expect(isMessageSid(`SM${'0'.repeat(32)}`)).toBe(true);
    expect(isMessageSid(`MM${'abcdef0123456789'.repeat(2)}`)).toBe(true);
  });

  it('refuses anything else', () => {
    expect(isMessageSid(undefined)).toBe(false);
    expect(isMessageSid(123)).toBe(false);
    expect(isMessageSid('')).toBe(false);
    expect(isMessageSid(`SM${'0'.repeat(31)}`)).toBe(false);
    expect(isMessageSid(`SM${'0'.repeat(33)}`)).toBe(false);
    expect(isMessageSid(`MG${'0'.repeat(32)}`)).toBe(false);
    expect(isMessageSid(` SM${'0'.repeat(32)}`)).toBe(false);
  });
});

describe('legs', () => {
  it('are primary then backup', () => {
    expect(LEGS).toEqual(['primary', 'backup']);
    expect(isLeg('primary')).toBe(true);
    expect(isLeg('backup')).toBe(true);
    expect(isLeg('Primary')).toBe(false);
    expect(isLeg(undefined)).toBe(false);
  });
});
