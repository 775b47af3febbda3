import RequestClient from 'twilio/lib/base/RequestClient';
import type { RelayConfig } from '../../src/core/config';
import { sendMessage } from '../../src/core/messaging';
import { createRestClient, REQUEST_TIMEOUT_MS } from '../../src/core/twilio-client';

const ACCOUNT = `AC${'0'.repeat(31)}1`;
const KEY = `SK${'0'.repeat(31)}2`;
const SECRET = 'fake-api-secret-0123456789abcdef';
const SENT = `SM${'0'.repeat(31)}b`;

const config = (apiBaseUrl?: string): RelayConfig => ({
  accountSid: ACCOUNT,
  apiKey: KEY,
  apiSecret: SECRET,
  primaryNumber: '+16195550101',
  backupNumber: '+16195550102',
  defaultRegion: 'US',
  ...(apiBaseUrl && { apiBaseUrl: new URL(apiBaseUrl) }),
});

const outbound = {
  to: '+16195550101',
  from: '+16195550199',
  content: { body: 'hello', mediaUrl: [] },
  statusCallback: 'https://relay-1234-dev.twil.io/sms/status?relay_leg=primary',
};

// No request leaves the process: the transport underneath the SDK is replaced.
let request: jest.SpyInstance;
beforeEach(() => {
  request = jest.spyOn(RequestClient.prototype, 'request').mockResolvedValue({
    statusCode: 201,
    body: JSON.stringify({ sid: SENT, status: 'queued' }),
    headers: {},
  } as never);
});
afterEach(() => request.mockRestore());

describe('createRestClient', () => {
  it('authenticates with the API key, for the configured account', async () => {
    const client = createRestClient(config());
    expect(client.accountSid).toBe(ACCOUNT);
    await expect(sendMessage(client, outbound)).resolves.toEqual({ ok: true, sid: SENT, status: 'queued' });
    expect(request).toHaveBeenCalledTimes(1);
    const opts = request.mock.calls[0][0];
    expect(opts.method).toBe('post');
    expect(opts.uri).toBe(`https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Messages.json`);
    expect(opts.username).toBe(KEY);
    expect(opts.password).toBe(SECRET);
    expect(opts.data).toMatchObject({ To: '+16195550101', From: '+16195550199', Body: 'hello', StatusCallback: outbound.statusCallback });
  });

  it('bounds each request with a timeout', () => {
    expect(REQUEST_TIMEOUT_MS).toBe(4000);
    const client = createRestClient(config());
    expect((client.httpClient as unknown as { defaultTimeout: number }).defaultTimeout).toBe(4000);
  });

  it('routes every request to the loopback emulator when TWILIO_API_BASE_URL is set', async () => {
    const client = createRestClient(config('http://127.0.0.1:4010/'));
    await sendMessage(client, outbound);
    const opts = request.mock.calls[0][0];
    expect(opts.uri).toBe(`http://127.0.0.1:4010/2010-04-01/Accounts/${ACCOUNT}/Messages.json`);
    expect(opts.headers['X-Forwarded-Host']).toBe('api.twilio.com');
    expect(opts.username).toBe(KEY);
    expect((client.httpClient as unknown as { defaultTimeout: number }).defaultTimeout).toBe(4000);
  });

  it('keeps the query string when routing to the emulator', async () => {
    request.mockResolvedValue({ statusCode: 200, body: JSON.stringify({ media_list: [], meta: {} }), headers: {} } as never);
    const client = createRestClient(config('http://localhost:4010'));
    await client.messages(SENT).media.list({ limit: 10 });
    const opts = request.mock.calls[0][0];
    expect(opts.uri).toMatch(new RegExp(`^http://localhost:4010/2010-04-01/Accounts/${ACCOUNT}/Messages/${SENT}/Media\\.json`));
    expect(opts.params).toEqual({ PageSize: 10 });
  });

  it('turns a Twilio error answer into a refusal with its code', async () => {
    request.mockResolvedValue({
      statusCode: 400,
      body: JSON.stringify({ code: 21610, message: 'Attempt to send to unsubscribed recipient', status: 400 }),
      headers: {},
    } as never);
    await expect(sendMessage(createRestClient(config()), outbound)).resolves.toEqual({
      ok: false,
      failure: { code: 21610, httpStatus: 400, message: 'Attempt to send to unsubscribed recipient' },
    });
  });
});
