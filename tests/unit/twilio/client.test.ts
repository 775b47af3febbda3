import RequestClient from 'twilio/lib/base/RequestClient';
import type { RelayConfig } from '../../../src/core/config';
import { deadlineIn, runWithin } from '../../../src/core/twilio/deadline';
import { sendMessage } from '../../../src/core/sms/messaging';
import { createRestClient, REQUEST_TIMEOUT_MS } from '../../../src/core/twilio/client';
import { fakeClock, instantRetries } from '../../support/mock-runtime';

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
afterEach(() => jest.restoreAllMocks());

describe('createRestClient', () => {
  it('authenticates with the API key, for the configured account', async () => {
    const client = createRestClient(config());
    expect(client.accountSid).toBe(ACCOUNT);
    await expect(sendMessage(client, outbound, deadlineIn(8000))).resolves.toEqual({ ok: true, sid: SENT, status: 'queued', attempts: 1 });
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
    await sendMessage(client, outbound, deadlineIn(8000));
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
    await expect(sendMessage(createRestClient(config()), outbound, deadlineIn(8000))).resolves.toEqual({
      ok: false,
      failure: { code: 21610, httpStatus: 400, message: 'Attempt to send to unsubscribed recipient', retryable: false },
      unknown: false,
      attempts: 1,
    });
    expect(request).toHaveBeenCalledTimes(1);
  });

  it('creates once more, on the last leg, after a 503 that a lookup through the SDK did not find, and reports the attempts', async () => {
    instantRetries();
    const emptyPage = { messages: [], next_page_uri: null, page: 0, page_size: 50, start: 0, end: 0, uri: '/x', first_page_uri: '/x', previous_page_uri: null };
    request
      .mockResolvedValueOnce({ statusCode: 503, body: JSON.stringify({ code: 20503, message: 'Service Unavailable', status: 503 }), headers: {} } as never)
      .mockResolvedValueOnce({ statusCode: 200, body: JSON.stringify(emptyPage), headers: {} } as never)
      .mockResolvedValueOnce({ statusCode: 201, body: JSON.stringify({ sid: SENT, status: 'queued' }), headers: {} } as never);
    await expect(sendMessage(createRestClient(config()), outbound, deadlineIn(8000))).resolves.toEqual({ ok: true, sid: SENT, status: 'queued', recreated: true, attempts: 2 });
    expect(request.mock.calls.map(([opts]) => opts.method)).toEqual(['post', 'get', 'post']);
  });
});

describe('createRestClient time-outs', () => {
  it('cuts each request\'s time-out to what the invocation\'s deadline has left', async () => {
    const clock = fakeClock();
    const client = createRestClient(config(), deadlineIn(8000, clock.now));
    await client.messages(SENT).fetch().catch(() => undefined);
    expect(request.mock.calls[0][0].timeout).toBe(REQUEST_TIMEOUT_MS);
    clock.advance(5500);
    await client.messages(SENT).fetch().catch(() => undefined);
    expect(request.mock.calls[1][0].timeout).toBe(2500);
    clock.advance(10_000);
    await client.messages(SENT).fetch().catch(() => undefined);
    // Never 0, which axios would read as "no time-out at all".
    expect(request.mock.calls[2][0].timeout).toBe(1);
  });

  it('cuts a request to the deadline of the work in progress (a claim, a leg), not only the invocation\'s', async () => {
    const client = createRestClient(config(), deadlineIn(8000));
    const frozen = () => 0;
    await runWithin(deadlineIn(1500, frozen), () => client.messages(SENT).fetch().catch(() => undefined));
    expect(request.mock.calls[0][0].timeout).toBe(1500);
  });

  it('cuts the time-out on the emulator route as well', async () => {
    const clock = fakeClock();
    const client = createRestClient(config('http://127.0.0.1:4010/'), deadlineIn(3000, clock.now));
    await client.messages(SENT).fetch().catch(() => undefined);
    expect(request.mock.calls[0][0]).toMatchObject({ timeout: 3000, uri: `http://127.0.0.1:4010/2010-04-01/Accounts/${ACCOUNT}/Messages/${SENT}.json` });
  });
});

describe('createRestClient without a deadline', () => {
  // A client kept longer than one invocation (the contract test's, a CLI's) has no invocation
  // deadline to run out: each call is bounded by REQUEST_TIMEOUT_MS alone, never a 1 ms time-out.
  it('still gives a request REQUEST_TIMEOUT_MS once the client is older than 8 s', async () => {
    let now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    const client = createRestClient(config());
    now += 9000;
    await client.messages(SENT).fetch().catch(() => undefined);
    expect(request.mock.calls[0][0].timeout).toBe(REQUEST_TIMEOUT_MS);
  });
});
