import { pageCallOptions, pageStatusUrl, pageUrl, readPageRequest } from '../../../src/core/voice/page-call';

const BASE = 'https://relay-1234.twil.io';
const INBOUND = 'SM' + 'e5'.repeat(16);
const correlation = { leg: 'backup' as const, inboundSid: INBOUND, lastLeg: true };
const query = (url: string) => Object.fromEntries(new URL(url).searchParams);

describe('the page URLs', () => {
  it('carry the dispatch\'s correlation, and the Gather action its stage', () => {
    expect(pageUrl(BASE, correlation)).toBe(`${BASE}/voice/page?relay_leg=backup&relay_in=${INBOUND}&relay_last=1`);
    expect(pageUrl(BASE, correlation, 'pressed')).toBe(`${BASE}/voice/page?relay_leg=backup&relay_in=${INBOUND}&relay_last=1&relay_step=pressed`);
    expect(pageStatusUrl(BASE, correlation)).toBe(`${BASE}/voice/page-status?relay_leg=backup&relay_in=${INBOUND}&relay_last=1`);
  });

  it('read back as the request they make', () => {
    expect(readPageRequest(query(pageUrl(BASE, correlation)))).toEqual({ ...correlation, step: 'prompt' });
    expect(readPageRequest(query(pageUrl(BASE, correlation, 'pressed')))).toEqual({ ...correlation, step: 'pressed' });
    expect(readPageRequest({ relay_leg: 'primary', relay_last: '0' })).toBeUndefined();
  });
});

describe('pageCallOptions', () => {
  it('calls from the relay number, rings DIAL_TIMEOUT_SECONDS, asks for the end only, without AMD', () => {
    expect(pageCallOptions({ correlation, to: '+16195550122', relayNumber: '+16195550000', base: BASE, ringTimeoutSeconds: 25 })).toEqual({
      to: '+16195550122',
      from: '+16195550000',
      url: pageUrl(BASE, correlation),
      statusCallback: pageStatusUrl(BASE, correlation),
      statusCallbackEvent: ['completed'],
      timeout: 25,
    });
  });
});
