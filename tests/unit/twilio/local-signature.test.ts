import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { checkLocalSignature, type CallContext } from '../../../src/core/twilio/local-signature';
import * as localRuntime from '../../../src/core/twilio/local-runtime';

const TOKEN = 'local-auth-token';
const STATUS_PATH = '/sms/status';
const SID = 'SM' + 'a'.repeat(32);

function context(extra: Partial<CallContext> = {}): CallContext {
  return { DOMAIN_NAME: 'localhost:3000', PATH: STATUS_PATH, AUTH_TOKEN: TOKEN, ...extra };
}

/** The event the runtime builds: `request` first, then the query, then the body (constructEvent). */
function signedEvent(url: string, body: Record<string, string>, query: Record<string, string>, key = TOKEN, host = 'localhost:3000') {
  return { request: { headers: { host, 'x-twilio-signature': getExpectedTwilioSignature(key, url, body) }, cookies: {} }, ...query, ...body };
}

const body = { MessageSid: SID, MessageStatus: 'undelivered', AccountSid: 'AC' + 'b'.repeat(32) };
const query = { relay_leg: 'primary', relay_in: SID, relay_last: '0' };
const url = `http://localhost:3000${STATUS_PATH}?relay_leg=primary&relay_in=${SID}&relay_last=0`;
const check = (ctx: CallContext, event: Record<string, unknown>, path = STATUS_PATH) => checkLocalSignature(ctx, event, path);

afterEach(() => jest.restoreAllMocks());

describe('checkLocalSignature', () => {
  it('accepts a request signed for the URL with its correlation query', () => {
    expect(check(context(), signedEvent(url, body, query))).toEqual({ ok: true });
  });

  it('uses the Host the client called (127.0.0.1 as well as localhost)', () => {
    const viaIp = url.replace('localhost', '127.0.0.1');
    expect(check(context(), signedEvent(viaIp, body, query, TOKEN, '127.0.0.1:3000'))).toEqual({ ok: true });
  });

  it('uses PUBLIC_BASE_URL behind a tunnel', () => {
    const tunnel = `https://abc.ngrok.app${STATUS_PATH}?relay_leg=primary&relay_in=${SID}&relay_last=0`;
    const event = signedEvent(tunnel, body, query, TOKEN, 'abc.ngrok.app');
    expect(check(context({ PUBLIC_BASE_URL: 'https://abc.ngrok.app' }), event)).toEqual({ ok: true });
  });

  it('refuses a signature made with another key', () => {
    expect(check(context(), signedEvent(url, body, query, 'other'))).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses a correlation query changed after signing (backup leg swapped in)', () => {
    const event = { ...signedEvent(url, body, query), relay_leg: 'backup', relay_last: '1' };
    expect(check(context(), event)).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses an extra parameter added after signing', () => {
    const event = { ...signedEvent(url, body, query), MessageStatus: 'failed' };
    expect(check(context(), event)).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses a request without the header', () => {
    const event = { request: { headers: { host: 'localhost:3000' } }, ...query, ...body };
    expect(check(context(), event)).toEqual({ ok: false, status: 401, reason: 'X-Twilio-Signature header missing' });
  });

  it('refuses everything when AUTH_TOKEN is missing, unless unsigned local requests are allowed explicitly', () => {
    const event = signedEvent(url, body, query);
    expect(check(context({ AUTH_TOKEN: '' }), event)).toMatchObject({ ok: false, reason: expect.stringContaining('AUTH_TOKEN is not set') });
    expect(check(context({ AUTH_TOKEN: '', ALLOW_UNSIGNED_LOCAL: 'true' }), {})).toEqual({ ok: true });
  });

  it('checks under a tunnel host too (twilio-run --ngrok sets DOMAIN_NAME to it)', () => {
    expect(check(context({ DOMAIN_NAME: 'abc.ngrok.app' }), { request: { headers: {} } })).toMatchObject({ ok: false });
  });

  it('leaves deployed requests to Twilio, which checks them before the function runs', () => {
    expect(check(context({ DOMAIN_NAME: 'sms-relay-1234-dev.twil.io', AUTH_TOKEN: undefined }), {})).toEqual({ ok: true });
  });
});

describe('checkLocalSignature never throws', () => {
  it.each(['a b', '[', 'exa mple.com:3000'])('a Host no URL can be built from (%j) is a 400, not an exception', (host) => {
    const event = signedEvent(url, body, query, TOKEN, host);
    expect(check(context(), event)).toEqual({ ok: false, status: 400, reason: expect.stringContaining('Host header') });
  });

  it('parameters larger than any Twilio webhook are a 400, before any hashing', () => {
    const big = { ...body, Body: 'x'.repeat(70 * 1024) };
    expect(check(context(), signedEvent(url, big, query))).toEqual({ ok: false, status: 400, reason: expect.stringContaining('larger than any Twilio webhook') });
  });

  it('a Host that makes another valid URL is just a signature mismatch', () => {
    expect(check(context(), signedEvent(url, body, query, TOKEN, 'a/b'))).toMatchObject({ ok: false, status: 401 });
  });
});

describe('query strings of the operator\'s own (a webhook URL such as /sms/incoming?site=north)', () => {
  const sms = { MessageSid: SID, From: '+16195550100', Body: 'hi', AccountSid: 'AC' + 'b'.repeat(32) };
  const siteUrl = 'http://localhost:3000/sms/incoming?site=north&shift=night';

  it('accepts a correctly signed URL with unknown query keys', () => {
    expect(check(context(), signedEvent(siteUrl, sms, { site: 'north', shift: 'night' }), '/sms/incoming')).toEqual({ ok: true });
  });

  it.each([
    ['typed unencoded', "http://localhost:3000/sms/incoming?team=O'Brien/north&shift=night"],
    ['form-encoded', 'http://localhost:3000/sms/incoming?team=O%27Brien%2Fnorth&shift=night'],
    ['with %20 for a space', 'http://localhost:3000/sms/incoming?team=north%20east&shift=night'],
    ['with + for a space', 'http://localhost:3000/sms/incoming?team=north+east&shift=night'],
  ])('accepts a query value %s', (_, signedUrl) => {
    const team = new URL(signedUrl).searchParams.get('team')!;
    expect(check(context(), signedEvent(signedUrl, sms, { team, shift: 'night' }), '/sms/incoming')).toEqual({ ok: true });
  });

  it('never reads an encoded & or = back as a separator: a value cannot stand for several signed keys', () => {
    const event = signedEvent('http://localhost:3000/sms/incoming?a=1&b=2', sms, { a: '1&b=2' });
    expect(check(context(), event, '/sms/incoming')).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses it when a query value was changed, or moved to the body with another value', () => {
    const changed = { ...signedEvent(siteUrl, sms, { site: 'north', shift: 'night' }), site: 'south' };
    expect(check(context(), changed, '/sms/incoming')).toMatchObject({ ok: false, status: 401 });
    const unsignedQuery = signedEvent('http://localhost:3000/sms/incoming', sms, { site: 'north' });
    expect(check(context(), unsignedQuery, '/sms/incoming')).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses a signature for another path, whatever context.PATH says', () => {
    const event = signedEvent(siteUrl, sms, { site: 'north', shift: 'night' });
    expect(check(context({ PATH: '/sms/fallback' }), event, '/sms/fallback')).toMatchObject({ ok: false, status: 401 });
    expect(check(context({ PATH: '/usr/bin:/bin' }), event, '/sms/incoming')).toEqual({ ok: true });
  });
});

describe('on a local runtime (the env file cannot switch the check off)', () => {
  it('refuses DOMAIN_NAME=*.twil.io with a 500 naming the variable, instead of skipping the check', () => {
    jest.spyOn(localRuntime, 'calledByLocalRuntime').mockReturnValue(true);
    expect(check(context({ DOMAIN_NAME: 'relay-1234-dev.twil.io' }), {})).toEqual({ ok: false, status: 500, reason: expect.stringMatching(/^DOMAIN_NAME is set to relay-1234-dev\.twil\.io in the environment of a local run/) });
  });

  it('checks a localhost request as before', () => {
    jest.spyOn(localRuntime, 'calledByLocalRuntime').mockReturnValue(true);
    expect(check(context(), signedEvent(url, body, query))).toEqual({ ok: true });
    expect(check(context(), { request: { headers: {} } })).toMatchObject({ ok: false, status: 401 });
  });
});

describe('calledByLocalRuntime', () => {
  it('is false when nothing of a local runtime is on the call stack (jest, or Twilio)', () => {
    expect(localRuntime.calledByLocalRuntime()).toBe(false);
  });
});
