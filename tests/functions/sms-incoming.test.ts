import { getExpectedTwilioSignature } from 'twilio';
import * as relayServicesModule from '../../src/core/twilio/relay-services';
import * as twilioClient from '../../src/core/twilio/client';
import { claimMapName } from '../../src/core/twilio/claim-maps';
import { handler } from '../../src/functions/sms/incoming.protected';
import {
  ACCOUNT_SID,
  API_SECRET,
  AUTH_TOKEN,
  BACKUP,
  BACKUP_OUT_SID,
  captureConsole,
  CORE_PATH,
  DISPATCH,
  DOMAIN,
  INBOUND_SID,
  installRuntime,
  instantRetries,
  invoke,
  makeContext,
  MockResponse,
  networkError,
  OTHER_ACCOUNT_SID,
  PRIMARY,
  PRIMARY_OUT_SID,
  RELAY,
  SECOND_SENDER,
  STRANGER,
  twilioError,
  duplicateLine,
  useHandlerTestBed,
  type FakeClient,
} from '../support/mock-runtime';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';
const PRIMARY_CALLBACK = `https://${DOMAIN}/sms/status?relay_leg=primary&relay_in=${INBOUND_SID}&relay_last=0`;
const MEDIA_0 = `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM${'0'.repeat(31)}a/Media/ME${'1'.repeat(32)}`;
const MEDIA_1 = `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM${'0'.repeat(31)}a/Media/ME${'2'.repeat(32)}`;

const incoming = (overrides: Record<string, string | undefined> = {}) => ({
  MessageSid: INBOUND_SID,
  SmsSid: INBOUND_SID,
  AccountSid: ACCOUNT_SID,
  From: DISPATCH,
  To: RELAY,
  Body: 'Gate code is 4411 <b>&amp;</b>',
  NumMedia: '0',
  NumSegments: '1',
  ...overrides,
});

const bed = useHandlerTestBed();
let fake: FakeClient;
let createRestClient: jest.SpyInstance;
let audit: ReturnType<typeof captureConsole>;

beforeEach(() => {
  ({ fake, createRestClient, audit } = bed());
});

describe('the test set-up', () => {
  it('loads the same core module instance as the handler', () => {
    // The handler reaches createRestClient through relayServices (src/core/twilio/relay-services.ts).
    expect(require(CORE_PATH).relayServices).toBe(relayServicesModule.relayServices);
    expect(jest.isMockFunction(twilioClient.createRestClient)).toBe(true);
  });
});

describe('sms/incoming', () => {
  it('forwards a whitelisted sender\'s text to the primary phone and answers with empty TwiML', async () => {
    fake.create.mockResolvedValue({ sid: PRIMARY_OUT_SID, status: 'queued' });
    const { error, payload } = await invoke(handler, makeContext(), incoming());
    expect(error).toBeNull();
    expect(String(payload)).toBe(EMPTY_TWIML);
    expect(createRestClient).toHaveBeenCalledTimes(1);
    expect(createRestClient.mock.calls[0][0]).toMatchObject({ accountSid: ACCOUNT_SID, primaryNumber: PRIMARY, backupNumber: BACKUP });
    // The invocation's time budget: 7 s, well under Twilio's 10-second limit.
    const deadline = createRestClient.mock.calls[0][1];
    expect(deadline.remaining()).toBeGreaterThan(6000);
    expect(deadline.remaining()).toBeLessThanOrEqual(7000);
    expect(fake.sync.create).not.toHaveBeenCalled();
    expect(fake.create.mock.calls).toStrictEqual([
      [
        {
          to: PRIMARY,
          from: RELAY,
          body: 'From Dispatch (+16195550100): Gate code is 4411 <b>&amp;</b>',
          statusCallback: PRIMARY_CALLBACK,
        },
      ],
    ]);
    expect(audit.records()).toEqual([
      { audit: 'received', level: 'info', inbound: INBOUND_SID, from: '***0100', to: '***0199', media: 0 },
      { audit: 'whitelist', level: 'info', reason: '3 sender(s) loaded' },
      { audit: 'forwarded', level: 'info', inbound: INBOUND_SID, outbound: PRIMARY_OUT_SID, leg: 'primary', to: '***0101', status: 'queued', attempts: 1 },
    ]);
    expect(audit.lines().map((line) => line.method)).toEqual(['info', 'info', 'info']);
  });

  it('never writes the body, a full number or a secret to the audit log', async () => {
    fake.create.mockRejectedValueOnce(twilioError(400, 21610, `Attempt to send to unsubscribed recipient ${PRIMARY}`)).mockResolvedValueOnce({
      sid: BACKUP_OUT_SID,
      status: 'queued',
    });
    await invoke(handler, makeContext(), incoming());
    const raw = audit.lines().map((line) => line.raw).join('\n');
    expect(audit.lines()).toHaveLength(5);
    expect(raw).not.toContain('Gate code');
    expect(raw).not.toContain('4411');
    for (const digits of ['6195550100', '6195550101', '6195550102', '6195550199']) expect(raw).not.toContain(digits);
    expect(raw).not.toContain(API_SECRET);
    expect(raw).not.toContain(AUTH_TOKEN);
  });

  it('uses the bare number for a sender without a name', async () => {
    fake.create.mockResolvedValue({ sid: PRIMARY_OUT_SID, status: 'queued' });
    await invoke(handler, makeContext(), incoming({ From: SECOND_SENDER, Body: 'hi' }));
    expect(fake.create.mock.calls[0][0].body).toBe('From +18585550123: hi');
  });

  it('keeps the text of a message from a sender whose whitelist name is far too long', async () => {
    installRuntime({ whitelist: JSON.stringify({ senders: [{ number: DISPATCH, name: 'D'.repeat(2000) }] }) });
    fake.create.mockResolvedValue({ sid: PRIMARY_OUT_SID, status: 'queued' });
    await invoke(handler, makeContext(), incoming({ Body: 'Truck 7 needs a tow' }));
    expect(fake.create.mock.calls[0][0].body).toBe(`From ${'D'.repeat(39)}… (+16195550100): Truck 7 needs a tow`);
  });

  it('audits how many media it could not forward: past the 10 Twilio sends, or not an http(s) URL', async () => {
    fake.create.mockResolvedValue({ sid: PRIMARY_OUT_SID, status: 'queued' });
    const media = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`MediaUrl${i}`, i === 3 ? 'ftp://example.com/x' : `${MEDIA_0}?n=${i}`]));
    await invoke(handler, makeContext(), incoming({ NumMedia: '12', ...media }));
    expect(fake.create.mock.calls[0][0].mediaUrl).toHaveLength(10);
    expect(audit.records()[0]).toEqual({ audit: 'received', level: 'info', inbound: INBOUND_SID, from: '***0100', to: '***0199', media: 10, mediaDropped: 2 });
  });

  it('forwards an MMS with its media URLs and "(media only)" for an empty body', async () => {
    fake.create.mockResolvedValue({ sid: PRIMARY_OUT_SID, status: 'queued' });
    await invoke(
      handler,
      makeContext(),
      incoming({ MessageSid: `MM${'0'.repeat(31)}a`, Body: '', NumMedia: '2', MediaUrl0: MEDIA_0, MediaUrl1: MEDIA_1, MediaContentType0: 'image/jpeg' }),
    );
    expect(fake.create.mock.calls).toStrictEqual([
      [
        {
          to: PRIMARY,
          from: RELAY,
          body: 'From Dispatch (+16195550100): (media only)',
          mediaUrl: [MEDIA_0, MEDIA_1],
          statusCallback: `https://${DOMAIN}/sms/status?relay_leg=primary&relay_in=MM${'0'.repeat(31)}a&relay_last=0`,
        },
      ],
    ]);
    expect(audit.records()[0]).toEqual({ audit: 'received', level: 'info', inbound: `MM${'0'.repeat(31)}a`, from: '***0100', to: '***0199', media: 2 });
  });

  it('sends through the Messaging Service when one is configured', async () => {
    fake.create.mockResolvedValue({ sid: PRIMARY_OUT_SID, status: 'accepted' });
    await invoke(handler, makeContext({ MESSAGING_SERVICE_SID: `MG${'0'.repeat(31)}3` }), incoming({ Body: 'x' }));
    expect(fake.create.mock.calls[0][0]).toStrictEqual({
      to: PRIMARY,
      messagingServiceSid: `MG${'0'.repeat(31)}3`,
      body: 'From Dispatch (+16195550100): x',
      statusCallback: PRIMARY_CALLBACK,
    });
  });

  it('uses an http callback URL on the local development server (signed request)', async () => {
    fake.create.mockResolvedValue({ sid: PRIMARY_OUT_SID, status: 'queued' });
    const context = { ...makeContext(), DOMAIN_NAME: 'localhost:3000', PATH: '/sms/incoming' };
    const params = incoming();
    const signature = getExpectedTwilioSignature(AUTH_TOKEN, 'http://localhost:3000/sms/incoming', params);
    await invoke(handler, context, { ...params, request: { headers: { 'x-twilio-signature': signature }, cookies: {} } });
    expect(fake.create.mock.calls[0][0].statusCallback).toBe(`http://localhost:3000/sms/status?relay_leg=primary&relay_in=${INBOUND_SID}&relay_last=0`);
  });

  it('sends to the backup at once when Twilio refuses the primary', async () => {
    fake.create
      .mockRejectedValueOnce(twilioError(400, 21610, 'Attempt to send to unsubscribed recipient'))
      .mockResolvedValueOnce({ sid: BACKUP_OUT_SID, status: 'queued' });
    const { payload } = await invoke(handler, makeContext(), incoming());
    expect(String(payload)).toBe(EMPTY_TWIML);
    expect(fake.create).toHaveBeenCalledTimes(2);
    expect(fake.create.mock.calls[1][0]).toStrictEqual({
      to: BACKUP,
      from: RELAY,
      body: 'From Dispatch (+16195550100): Gate code is 4411 <b>&amp;</b>',
      statusCallback: `https://${DOMAIN}/sms/status?relay_leg=backup&relay_in=${INBOUND_SID}&relay_last=1&relay_perr=21610`,
    });
    expect(audit.records().slice(2)).toEqual([
      { audit: 'send-failed', level: 'warn', inbound: INBOUND_SID, leg: 'primary', to: '***0101', errorCode: '21610', attempts: 1, reason: 'Attempt to send to unsubscribed recipient' },
      { audit: 'failover', level: 'warn', inbound: INBOUND_SID, leg: 'backup', errorCode: '21610', reason: 'primary send refused' },
      { audit: 'forwarded', level: 'info', inbound: INBOUND_SID, outbound: BACKUP_OUT_SID, leg: 'backup', to: '***0102', status: 'queued', primaryErrorCode: '21610', attempts: 1 },
    ]);
    expect(audit.lines().slice(2).map((line) => line.method)).toEqual(['warn', 'warn', 'info']);
  });

  it('fails over after a network error on the primary that a lookup does not find, never creating it there again', async () => {
    instantRetries();
    fake.create.mockImplementation(async (params: { to: string }) => {
      if (params.to === PRIMARY) throw networkError('ECONNRESET', 'socket hang up');
      return { sid: BACKUP_OUT_SID, status: 'queued' };
    });
    await invoke(handler, makeContext(), incoming());
    expect(fake.create.mock.calls.map(([params]) => params.to)).toEqual([PRIMARY, BACKUP]);
    expect(fake.create.mock.calls[1][0].statusCallback).toBe(`https://${DOMAIN}/sms/status?relay_leg=backup&relay_in=${INBOUND_SID}&relay_last=1&relay_perr=network`);
    // Twilio may have created it: unknown, never a refusal.
    expect(audit.records().find((record) => record.audit === 'send-unknown')).toMatchObject({ errorCode: 'network', attempts: 1 });
    expect(audit.records().map((record) => record.audit)).not.toContain('send-failed');
  });

  it('retries a 429 on the primary (Twilio never processed it) and sends only there once it succeeds', async () => {
    instantRetries();
    fake.create.mockRejectedValueOnce(twilioError(429, 20429, 'Too Many Requests')).mockResolvedValueOnce({ sid: PRIMARY_OUT_SID, status: 'queued' });
    const { payload } = await invoke(handler, makeContext(), incoming());
    expect(String(payload)).toBe(EMPTY_TWIML);
    expect(fake.create.mock.calls.map(([params]) => params.to)).toEqual([PRIMARY, PRIMARY]);
    expect(fake.list).not.toHaveBeenCalled();
    expect(audit.records().slice(2)).toEqual([
      { audit: 'forwarded', level: 'info', inbound: INBOUND_SID, outbound: PRIMARY_OUT_SID, leg: 'primary', to: '***0101', status: 'queued', attempts: 2 },
    ]);
  });

  it('logs an error line when both phones are refused, and still answers with empty TwiML', async () => {
    fake.create
      .mockRejectedValueOnce(twilioError(400, 21610, 'Attempt to send to unsubscribed recipient'))
      .mockRejectedValueOnce(twilioError(400, 21612, 'The To phone number is not currently reachable'));
    const { error, payload } = await invoke(handler, makeContext(), incoming());
    expect(error).toBeNull();
    expect(String(payload)).toBe(EMPTY_TWIML);
    expect(fake.create).toHaveBeenCalledTimes(2);
    const last = audit.lines().at(-1)!;
    expect(last.method).toBe('error');
    const { ts: _ts, ...exhausted } = last.record;
    expect(exhausted).toEqual({
      audit: 'exhausted',
      level: 'error',
      inbound: INBOUND_SID,
      leg: 'backup',
      errorCode: '21612',
      primaryErrorCode: '21610',
      reason: 'no phone could be sent the message',
    });
  });

  it('rejects a sender who is not whitelisted, without sending', async () => {
    const { payload } = await invoke(handler, makeContext(), incoming({ From: STRANGER }));
    expect(String(payload)).toBe(EMPTY_TWIML);
    expect(createRestClient).not.toHaveBeenCalled();
    expect(fake.create).not.toHaveBeenCalled();
    expect(audit.records().at(-1)).toEqual({ audit: 'rejected', level: 'info', inbound: INBOUND_SID, from: '***0150', reason: 'not-whitelisted' });
  });

  it.each([
    ['12345', 'a short code', '***2345'],
    ['ACME', 'an alphanumeric sender', '***'],
  ])('rejects %s (%s) as unparseable', async (from, _label, masked) => {
    const { payload } = await invoke(handler, makeContext(), incoming({ From: from }));
    expect(String(payload)).toBe(EMPTY_TWIML);
    expect(fake.create).not.toHaveBeenCalled();
    expect(audit.records().at(-1)).toEqual({ audit: 'rejected', level: 'info', inbound: INBOUND_SID, from: masked, reason: 'unparseable-sender' });
  });

  it('rejects a message from the relay number itself', async () => {
    await invoke(handler, makeContext(), incoming({ From: RELAY }));
    expect(fake.create).not.toHaveBeenCalled();
    expect(audit.records().at(-1)).toMatchObject({ audit: 'rejected', reason: 'from-relay-number' });
  });

  it('sends a message from the primary phone only to the backup', async () => {
    fake.create.mockResolvedValue({ sid: BACKUP_OUT_SID, status: 'queued' });
    await invoke(handler, makeContext(), incoming({ From: PRIMARY, Body: 'note to self' }));
    expect(fake.create.mock.calls).toStrictEqual([
      [
        {
          to: BACKUP,
          from: RELAY,
          body: 'From +16195550101: note to self',
          statusCallback: `https://${DOMAIN}/sms/status?relay_leg=backup&relay_in=${INBOUND_SID}&relay_last=1`,
        },
      ],
    ]);
    expect(audit.records().slice(2)).toEqual([
      { audit: 'ignored', level: 'info', inbound: INBOUND_SID, leg: 'primary', reason: "loop guard: the sender is this leg's own phone" },
      { audit: 'forwarded', level: 'info', inbound: INBOUND_SID, outbound: BACKUP_OUT_SID, leg: 'backup', to: '***0102', status: 'queued', attempts: 1 },
    ]);
  });

  it('answers 400 to a request without a MessageSid, without reading the config', async () => {
    const { error, payload } = await invoke(handler, makeContext({ PRIMARY_NUMBER: undefined }), incoming({ MessageSid: undefined }));
    expect(error).toBeNull();
    expect(payload).toBeInstanceOf(MockResponse);
    const response = payload as MockResponse;
    expect(response.statusCode).toBe(400);
    expect(response.body).toBe('MessageSid missing or malformed');
    expect(response.headers).toEqual({ 'Content-Type': 'text/plain' });
    expect(createRestClient).not.toHaveBeenCalled();
    expect(audit.records()).toEqual([
      { audit: 'ignored', level: 'warn', reason: 'not a Twilio message webhook: MessageSid missing or malformed' },
    ]);
    expect(audit.lines()[0].method).toBe('warn');
  });

  it('answers 400 to a malformed MessageSid', async () => {
    const { payload } = await invoke(handler, makeContext(), incoming({ MessageSid: 'SM123' }));
    expect((payload as MockResponse).statusCode).toBe(400);
    expect(fake.create).not.toHaveBeenCalled();
  });

  it('answers 500 and logs an error naming the variable when the config is incomplete', async () => {
    const { error, payload } = await invoke(handler, makeContext({ PRIMARY_NUMBER: undefined }), incoming());
    expect(error).toBeNull();
    const response = payload as MockResponse;
    expect(response.statusCode).toBe(500);
    expect(response.body).toBe('relay error: see the audit log');
    expect(createRestClient).not.toHaveBeenCalled();
    expect(audit.records()).toEqual([
      { audit: 'received', level: 'info', inbound: INBOUND_SID, from: '***0100', to: '***0199', media: 0 },
      { audit: 'error', level: 'error', inbound: INBOUND_SID, reason: 'relay not configured: PRIMARY_NUMBER is not set' },
    ]);
    expect(audit.lines()[1].method).toBe('error');
  });

  it('keeps secrets out of the log when the API secret is the Auth Token', async () => {
    const { payload } = await invoke(handler, makeContext({ TWILIO_API_SECRET: AUTH_TOKEN }), incoming());
    expect((payload as MockResponse).statusCode).toBe(500);
    const raw = audit.lines().map((line) => line.raw).join('\n');
    expect(raw).toContain('TWILIO_API_SECRET equals AUTH_TOKEN');
    expect(raw).not.toContain(AUTH_TOKEN);
  });

  it('fails closed on an invalid whitelist: 500, nothing sent', async () => {
    installRuntime({ whitelist: `{"senders": [${DISPATCH}]}` });
    const { payload } = await invoke(handler, makeContext(), incoming());
    expect((payload as MockResponse).statusCode).toBe(500);
    expect(createRestClient).not.toHaveBeenCalled();
    expect(fake.create).not.toHaveBeenCalled();
    const last = audit.lines().at(-1)!;
    expect(last.method).toBe('error');
    expect(last.record.audit).toBe('error');
    expect(last.record.reason).toMatch(/^failing closed, nothing forwarded: whitelist is not valid JSON: /);
    expect(last.raw).not.toContain('6195550100');
  });

  it('fails closed when the whitelist has no usable sender', async () => {
    installRuntime({ whitelist: '{"senders": ["whatsapp:+16195550100"]}' });
    const { payload } = await invoke(handler, makeContext(), incoming());
    expect((payload as MockResponse).statusCode).toBe(500);
    expect(fake.create).not.toHaveBeenCalled();
    expect(audit.records().at(-1)).toEqual({
      audit: 'error',
      level: 'error',
      inbound: INBOUND_SID,
      reason: 'failing closed, nothing forwarded: whitelist has no usable sender; skipped: #0 ***0100 is not a valid phone number for region US',
    });
  });

  it('fails closed when the whitelist asset is missing', async () => {
    installRuntime({ whitelist: null });
    const { payload } = await invoke(handler, makeContext(), incoming());
    expect((payload as MockResponse).statusCode).toBe(500);
    expect(fake.create).not.toHaveBeenCalled();
    expect(audit.records().at(-1)).toMatchObject({
      audit: 'error',
      reason: 'failing closed, nothing forwarded: private asset /whitelist.json is missing (src/assets/whitelist.private.json)',
    });
  });

  it('rejects a webhook from another account', async () => {
    const { error, payload } = await invoke(handler, makeContext(), incoming({ AccountSid: OTHER_ACCOUNT_SID }));
    expect(error).toBeNull();
    expect(String(payload)).toBe(EMPTY_TWIML);
    expect(createRestClient).not.toHaveBeenCalled();
    expect(fake.create).not.toHaveBeenCalled();
    expect(audit.records().at(-1)).toEqual({
      audit: 'rejected',
      level: 'error',
      inbound: INBOUND_SID,
      reason: 'AccountSid is not ACCOUNT_SID: webhook from another account',
    });
  });

  it('rejects a webhook without an AccountSid', async () => {
    await invoke(handler, makeContext(), incoming({ AccountSid: undefined }));
    expect(fake.create).not.toHaveBeenCalled();
    expect(audit.records().at(-1)).toMatchObject({ audit: 'rejected', level: 'error' });
  });

  it('parses and audits the whitelist once per container', async () => {
    const { open } = installRuntime();
    fake.create.mockResolvedValue({ sid: PRIMARY_OUT_SID, status: 'queued' });
    await invoke(handler, makeContext(), incoming());
    await invoke(handler, makeContext(), incoming({ MessageSid: `SM${'0'.repeat(31)}d` }));
    expect(open).toHaveBeenCalledTimes(1);
    expect(audit.records().filter((record) => record.audit === 'whitelist')).toHaveLength(1);
    expect(fake.create).toHaveBeenCalledTimes(2);
  });

  it('answers 500 when sending throws something unexpected', async () => {
    createRestClient.mockImplementation(() => {
      throw new Error('twilio package missing');
    });
    const { payload } = await invoke(handler, makeContext(), incoming());
    expect((payload as MockResponse).statusCode).toBe(500);
    expect(audit.records().at(-1)).toEqual({ audit: 'error', level: 'error', inbound: INBOUND_SID, reason: 'unexpected error: twilio package missing' });
  });
});

describe('sms/incoming with Sync claims (SYNC_SERVICE_SID), one-way (TWO_WAY=false)', () => {
  const SYNC = `IS${'0'.repeat(31)}5`;
  // Two-way's own use of Sync (dispatch records, codes) is tested in sms-two-way-*.test.ts.
  const withSync = (overrides: Record<string, string | undefined> = {}) => makeContext({ SYNC_SERVICE_SID: SYNC, TWO_WAY: 'false', ...overrides });
  // The Map of the claims of INBOUND_SID: one of the 16 "relay-claims-<k>" (claim-maps.ts).
  const MAP = claimMapName('relay-claims', INBOUND_SID);
  const held = () => fake.sync.items(SYNC, MAP);

  it('claims "in:<sid>" on the relay client, sends, and settles the claim as sent', async () => {
    fake.create.mockResolvedValue({ sid: PRIMARY_OUT_SID, status: 'queued' });
    const { payload } = await invoke(handler, withSync(), incoming());
    expect(String(payload)).toBe(EMPTY_TWIML);
    expect(createRestClient).toHaveBeenCalledTimes(1);
    expect(fake.sync.create.mock.calls).toEqual([
      [SYNC, MAP, { key: `in:${INBOUND_SID}`, data: { state: 'sending', leg: 'primary', at: expect.any(String), by: expect.any(String) }, itemTtl: 604800 }],
    ]);
    expect(fake.create).toHaveBeenCalledTimes(1);
    expect(held().get(`in:${INBOUND_SID}`)).toEqual({ state: 'sent', leg: 'primary', sid: PRIMARY_OUT_SID, at: expect.any(String), by: expect.any(String) });
    expect(audit.records().at(-1)).toMatchObject({ audit: 'forwarded', outbound: PRIMARY_OUT_SID });
  });

  it('uses the Maps SYNC_MAP names', async () => {
    fake.create.mockResolvedValue({ sid: PRIMARY_OUT_SID, status: 'queued' });
    await invoke(handler, withSync({ SYNC_MAP: 'dispatch-claims' }), incoming());
    expect(fake.sync.create.mock.calls[0].slice(0, 2)).toEqual([SYNC, claimMapName('dispatch-claims', INBOUND_SID)]);
  });

  it('sends a repeated webhook only once, with a duplicate line naming the first send', async () => {
    fake.create.mockResolvedValue({ sid: PRIMARY_OUT_SID, status: 'queued' });
    await invoke(handler, withSync(), incoming());
    const { error, payload } = await invoke(handler, withSync(), incoming());
    expect(error).toBeNull();
    expect(String(payload)).toBe(EMPTY_TWIML);
    expect(fake.create).toHaveBeenCalledTimes(1);
    expect(audit.records().at(-1)).toEqual(duplicateLine('in', 'primary', PRIMARY_OUT_SID));
  });

  // The reason quotes the earlier SID; number masking in audit reasons must not touch digits inside a word.
  it('keeps the earlier SID readable in a duplicate line\'s reason', async () => {
    fake.create.mockResolvedValue({ sid: PRIMARY_OUT_SID, status: 'queued' });
    await invoke(handler, withSync(), incoming());
    await invoke(handler, withSync(), incoming());
    const reason = String(audit.records().at(-1)!.reason);
    expect(reason).not.toContain('***');
    expect(reason).toContain(PRIMARY_OUT_SID);
  });

  it('does not send the backup again when a repeated webhook finds "fo" taken too', async () => {
    held().set(`fo:${INBOUND_SID}`, { state: 'sent', leg: 'backup', sid: BACKUP_OUT_SID, at: 'earlier' });
    fake.create.mockRejectedValue(twilioError(400, 21610, 'Attempt to send to unsubscribed recipient'));
    await invoke(handler, withSync(), incoming());
    expect(fake.create.mock.calls.map(([params]) => params.to)).toEqual([PRIMARY]);
    expect(audit.records().slice(-1)).toEqual([
      duplicateLine('fo', 'backup', BACKUP_OUT_SID),
    ]);
  });

  it('sends anyway, with a claim-unavailable warning, when Sync is down, and then leaves Sync alone', async () => {
    instantRetries();
    fake.sync.create.mockRejectedValue(twilioError(503, 20503, 'Service Unavailable'));
    fake.create.mockResolvedValue({ sid: PRIMARY_OUT_SID, status: 'queued' });
    const { payload } = await invoke(handler, withSync(), incoming());
    expect(String(payload)).toBe(EMPTY_TWIML);
    expect(fake.create).toHaveBeenCalledTimes(1);
    expect(fake.sync.create).toHaveBeenCalledTimes(3);
    expect(fake.sync.update).not.toHaveBeenCalled();
    const warning = audit.lines().find((line) => line.record.audit === 'claim-unavailable')!;
    expect(warning.method).toBe('warn');
    const { ts: _ts, ...record } = warning.record;
    expect(record).toEqual({
      audit: 'claim-unavailable',
      level: 'warn',
      inbound: INBOUND_SID,
      leg: 'primary',
      reason: 'Sync unavailable: Service Unavailable; sending without a claim',
    });
    expect(audit.records().at(-1)).toMatchObject({ audit: 'forwarded', outbound: PRIMARY_OUT_SID });
  });

  it('makes no Sync call for a rejected sender', async () => {
    await invoke(handler, withSync(), incoming({ From: STRANGER }));
    expect(createRestClient).not.toHaveBeenCalled();
    expect(fake.sync.create).not.toHaveBeenCalled();
  });
});
