import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { checkLocalSignature, type CallContext } from '../../../src/core/twilio/local-signature';
import { CORRELATION_PARAMS } from '../../../src/core/twilio/callback-urls';

const TOKEN = 'local-auth-token';
const STATUS_PATH = '/sms/status';
const SID = 'SM' + 'a'.repeat(32);

function context(extra: Partial<CallContext> = {}): CallContext {
  return { DOMAIN_NAME: 'localhost:3000', PATH: STATUS_PATH, AUTH_TOKEN: TOKEN, ...extra };
}

/** The event the runtime builds: query and body merged, headers under `request`. */
function signedEvent(url: string, body: Record<string, string>, query: Record<string, string>, key = TOKEN, host = 'localhost:3000') {
  return { ...query, ...body, request: { headers: { host, 'x-twilio-signature': getExpectedTwilioSignature(key, url, body) }, cookies: {} } };
}

const body = { MessageSid: SID, MessageStatus: 'undelivered', AccountSid: 'AC' + 'b'.repeat(32) };
const query = { relay_leg: 'primary', relay_in: SID, relay_last: '0' };
const url = `http://localhost:3000${STATUS_PATH}?relay_leg=primary&relay_in=${SID}&relay_last=0`;

describe('checkLocalSignature', () => {
  it('accepts a request signed for the URL with its correlation query', () => {
    expect(checkLocalSignature(context(), signedEvent(url, body, query), CORRELATION_PARAMS)).toEqual({ ok: true });
  });

  it('uses the Host the client called (127.0.0.1 as well as localhost)', () => {
    const viaIp = url.replace('localhost', '127.0.0.1');
    expect(checkLocalSignature(context(), signedEvent(viaIp, body, query, TOKEN, '127.0.0.1:3000'), CORRELATION_PARAMS)).toEqual({ ok: true });
  });

  it('uses PUBLIC_BASE_URL behind a tunnel', () => {
    const tunnel = `https://abc.ngrok.app${STATUS_PATH}?relay_leg=primary&relay_in=${SID}&relay_last=0`;
    const event = signedEvent(tunnel, body, query, TOKEN, 'abc.ngrok.app');
    expect(checkLocalSignature(context({ PUBLIC_BASE_URL: 'https://abc.ngrok.app' }), event, CORRELATION_PARAMS)).toEqual({ ok: true });
  });

  it('refuses a signature made with another key', () => {
    expect(checkLocalSignature(context(), signedEvent(url, body, query, 'other'), CORRELATION_PARAMS)).toMatchObject({ ok: false });
  });

  it('refuses a correlation query changed after signing (backup leg swapped in)', () => {
    const event = { ...signedEvent(url, body, query), relay_leg: 'backup', relay_last: '1' };
    expect(checkLocalSignature(context(), event, CORRELATION_PARAMS)).toMatchObject({ ok: false });
  });

  it('refuses an extra parameter added after signing', () => {
    const event = { ...signedEvent(url, body, query), MessageStatus: 'failed' };
    expect(checkLocalSignature(context(), event, CORRELATION_PARAMS)).toMatchObject({ ok: false });
  });

  it('refuses a request without the header', () => {
    const event = { ...query, ...body, request: { headers: { host: 'localhost:3000' } } };
    expect(checkLocalSignature(context(), event, CORRELATION_PARAMS)).toEqual({ ok: false, reason: 'X-Twilio-Signature header missing' });
  });

  it('refuses everything when AUTH_TOKEN is missing, unless unsigned local requests are allowed explicitly', () => {
    const event = signedEvent(url, body, query);
    expect(checkLocalSignature(context({ AUTH_TOKEN: '' }), event, CORRELATION_PARAMS)).toMatchObject({ ok: false, reason: expect.stringContaining('AUTH_TOKEN is not set') });
    expect(checkLocalSignature(context({ AUTH_TOKEN: '', ALLOW_UNSIGNED_LOCAL: 'true' }), {}, CORRELATION_PARAMS)).toEqual({ ok: true });
  });

  it('checks under a tunnel host too (twilio-run --ngrok sets DOMAIN_NAME to it)', () => {
    expect(checkLocalSignature(context({ DOMAIN_NAME: 'abc.ngrok.app' }), { request: { headers: {} } }, CORRELATION_PARAMS)).toMatchObject({ ok: false });
  });

  it('leaves deployed requests to Twilio, which checks them before the function runs', () => {
    expect(checkLocalSignature(context({ DOMAIN_NAME: 'sms-relay-1234-dev.twil.io', AUTH_TOKEN: undefined }), {}, CORRELATION_PARAMS)).toEqual({ ok: true });
  });
});
