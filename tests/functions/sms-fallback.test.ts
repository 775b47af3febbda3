import { getExpectedTwilioSignature } from 'twilio';
import { handler } from '../../src/functions/sms/fallback.protected';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  BACKUP,
  BACKUP_OUT_SID,
  captureConsole,
  DISPATCH,
  DOMAIN,
  INBOUND_SID,
  installRuntime,
  invoke,
  makeContext,
  MockResponse,
  OTHER_ACCOUNT_SID,
  PRIMARY,
  PRIMARY_OUT_SID,
  RELAY,
  STRANGER,
  twilioError,
  useHandlerTestBed,
  type FakeClient,
} from '../support/mock-runtime';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';
const NOTE = '[relay fallback: main path failed] ';
const SYNC = `IS${'0'.repeat(31)}5`;

/** The inbound webhook as Twilio re-posts it to the number's fallback URL, with what went wrong. */
const fallback = (overrides: Record<string, string | undefined> = {}) => ({
  MessageSid: INBOUND_SID,
  SmsSid: INBOUND_SID,
  AccountSid: ACCOUNT_SID,
  From: DISPATCH,
  To: RELAY,
  Body: 'Gate code is 4411',
  NumMedia: '0',
  ErrorCode: '11200',
  ErrorUrl: `https://${DOMAIN}/sms/incoming`,
  ...overrides,
});

const fallbackLine = (errorCode: string | null = '11200', from = '***0100') => ({
  audit: 'fallback',
  level: 'error',
  inbound: INBOUND_SID,
  from,
  ...(errorCode !== null && { errorCode }),
  reason: 'main handler failed; degraded mode',
});

const bed = useHandlerTestBed();
let fake: FakeClient;
let createRestClient: jest.SpyInstance;
let audit: ReturnType<typeof captureConsole>;

beforeEach(() => {
  ({ fake, createRestClient, audit } = bed());
  fake.create.mockResolvedValue({ sid: BACKUP_OUT_SID, status: 'queued' });
});

describe('sms/fallback', () => {
  it('sends an authorized sender\'s message once, to the backup, marked as a fallback', async () => {
    const { error, payload } = await invoke(handler, makeContext(), fallback());
    expect(error).toBeNull();
    expect(String(payload)).toBe(EMPTY_TWIML);
    expect(createRestClient).toHaveBeenCalledTimes(1);
    expect(fake.create.mock.calls).toStrictEqual([
      [
        {
          to: BACKUP,
          from: RELAY,
          body: '[relay fallback: main path failed] From Dispatch (+16195550100): Gate code is 4411',
          statusCallback: `https://${DOMAIN}/sms/status?relay_leg=backup&relay_in=${INBOUND_SID}&relay_last=1`,
        },
      ],
    ]);
    expect(fake.create.mock.calls[0][0].body.startsWith(`${NOTE}From Dispatch (+16195550100): `)).toBe(true);
    expect(audit.records()).toEqual([
      fallbackLine(),
      { audit: 'whitelist', level: 'info', reason: '3 sender(s) loaded' },
      { audit: 'forwarded', level: 'info', inbound: INBOUND_SID, outbound: BACKUP_OUT_SID, leg: 'backup', to: '***0102', status: 'queued', attempts: 1 },
    ]);
    expect(audit.lines().map((line) => line.method)).toEqual(['error', 'info', 'info']);
  });

  it('never writes the body or a full number to the audit log', async () => {
    await invoke(handler, makeContext(), fallback());
    const raw = audit.lines().map((line) => line.raw).join('\n');
    expect(raw).not.toContain('4411');
    for (const digits of ['6195550100', '6195550101', '6195550102', '6195550199']) expect(raw).not.toContain(digits);
  });

  it('omits the error code when Twilio gives none', async () => {
    await invoke(handler, makeContext(), fallback({ ErrorCode: undefined }));
    expect(audit.records()[0]).toEqual(fallbackLine(null));
    expect(fake.create).toHaveBeenCalledTimes(1);
  });

  it('sends the backup phone\'s own message to the primary', async () => {
    installRuntime({ whitelist: JSON.stringify({ senders: [DISPATCH, { number: BACKUP, name: 'Backup' }] }) });
    fake.create.mockResolvedValue({ sid: PRIMARY_OUT_SID, status: 'queued' });
    await invoke(handler, makeContext(), fallback({ From: BACKUP, Body: 'on my way' }));
    expect(fake.create.mock.calls).toStrictEqual([
      [
        {
          to: PRIMARY,
          from: RELAY,
          body: '[relay fallback: main path failed] From Backup (+16195550102): on my way',
          statusCallback: `https://${DOMAIN}/sms/status?relay_leg=primary&relay_in=${INBOUND_SID}&relay_last=1`,
        },
      ],
    ]);
    expect(audit.records().at(-1)).toMatchObject({ audit: 'forwarded', leg: 'primary', to: '***0101' });
  });

  it('sends the primary phone\'s own message to the backup', async () => {
    await invoke(handler, makeContext(), fallback({ From: PRIMARY, Body: 'note to self' }));
    expect(fake.create.mock.calls.map(([params]) => [params.to, params.body])).toEqual([[BACKUP, `${NOTE}From +16195550101: note to self`]]);
  });

  it('sends nothing for a sender who is not whitelisted', async () => {
    const { payload } = await invoke(handler, makeContext(), fallback({ From: STRANGER }));
    expect(String(payload)).toBe(EMPTY_TWIML);
    expect(createRestClient).not.toHaveBeenCalled();
    expect(fake.create).not.toHaveBeenCalled();
    expect(audit.records().at(-1)).toEqual({ audit: 'rejected', level: 'info', inbound: INBOUND_SID, from: '***0150', reason: 'not-whitelisted' });
  });

  it('sends nothing for a message from the relay number itself', async () => {
    await invoke(handler, makeContext(), fallback({ From: RELAY }));
    expect(fake.create).not.toHaveBeenCalled();
    expect(audit.records().at(-1)).toMatchObject({ audit: 'rejected', reason: 'from-relay-number' });
  });

  it('sends nothing on an invalid whitelist, logs an error and still answers empty TwiML', async () => {
    installRuntime({ whitelist: `{"senders": [${DISPATCH}]}` });
    const { error, payload } = await invoke(handler, makeContext(), fallback());
    expect(error).toBeNull();
    expect(String(payload)).toBe(EMPTY_TWIML);
    expect(createRestClient).not.toHaveBeenCalled();
    expect(fake.create).not.toHaveBeenCalled();
    const last = audit.lines().at(-1)!;
    expect(last.method).toBe('error');
    expect(last.record.audit).toBe('error');
    expect(last.record.inbound).toBe(INBOUND_SID);
    expect(last.record.reason).toMatch(/^failing closed, nothing forwarded: whitelist is not valid JSON: /);
  });

  it('sends nothing when the whitelist asset is missing', async () => {
    installRuntime({ whitelist: null });
    const { payload } = await invoke(handler, makeContext(), fallback());
    expect(String(payload)).toBe(EMPTY_TWIML);
    expect(fake.create).not.toHaveBeenCalled();
    expect(audit.records().at(-1)).toMatchObject({ audit: 'error', level: 'error' });
  });

  it('sends nothing for a webhook from another account', async () => {
    const { error, payload } = await invoke(handler, makeContext(), fallback({ AccountSid: OTHER_ACCOUNT_SID }));
    expect(error).toBeNull();
    expect(String(payload)).toBe(EMPTY_TWIML);
    expect(createRestClient).not.toHaveBeenCalled();
    expect(fake.create).not.toHaveBeenCalled();
    expect(audit.records().at(-1)).toEqual({ audit: 'rejected', level: 'error', inbound: INBOUND_SID, reason: 'AccountSid is not ACCOUNT_SID: webhook from another account' });
  });

  it('logs an error line when the config is incomplete, and still answers empty TwiML', async () => {
    const { payload } = await invoke(handler, makeContext({ BACKUP_NUMBER: undefined }), fallback());
    expect(String(payload)).toBe(EMPTY_TWIML);
    expect(fake.create).not.toHaveBeenCalled();
    expect(audit.records()).toEqual([
      fallbackLine(),
      { audit: 'error', level: 'error', inbound: INBOUND_SID, reason: 'relay not configured: BACKUP_NUMBER is not set' },
    ]);
  });

  it('logs an exhausted error line when Twilio refuses the one send', async () => {
    fake.create.mockReset().mockRejectedValue(twilioError(400, 21610, 'Attempt to send to unsubscribed recipient'));
    const { payload } = await invoke(handler, makeContext(), fallback());
    expect(String(payload)).toBe(EMPTY_TWIML);
    expect(fake.create).toHaveBeenCalledTimes(1);
    const last = audit.lines().at(-1)!;
    expect(last.method).toBe('error');
    expect(last.record).toMatchObject({ audit: 'exhausted', level: 'error', leg: 'backup', errorCode: '21610' });
  });

  it('never uses Sync, even with SYNC_SERVICE_SID set', async () => {
    const { payload } = await invoke(handler, makeContext({ SYNC_SERVICE_SID: SYNC }), fallback());
    expect(String(payload)).toBe(EMPTY_TWIML);
    expect(createRestClient).toHaveBeenCalledTimes(1);
    expect(createRestClient.mock.calls[0]).toHaveLength(2);
    expect(fake.sync.create).not.toHaveBeenCalled();
    expect(fake.create).toHaveBeenCalledTimes(1);
    expect(audit.records().map((record) => record.audit)).not.toContain('claim-unavailable');
  });

  it('refuses an unsigned request on the local development server', async () => {
    const context = { ...makeContext(), DOMAIN_NAME: 'localhost:3000', PATH: '/sms/fallback' };
    const { payload } = await invoke(handler, context, fallback());
    expect((payload as MockResponse).statusCode).toBe(401);
    expect(fake.create).not.toHaveBeenCalled();
  });

  it('accepts a signed request on the local development server', async () => {
    const context = { ...makeContext(), DOMAIN_NAME: 'localhost:3000', PATH: '/sms/fallback' };
    const params = fallback();
    const signature = getExpectedTwilioSignature(AUTH_TOKEN, 'http://localhost:3000/sms/fallback', params);
    await invoke(handler, context, { ...params, request: { headers: { 'x-twilio-signature': signature }, cookies: {} } });
    expect(fake.create.mock.calls[0][0].statusCallback).toBe(`http://localhost:3000/sms/status?relay_leg=backup&relay_in=${INBOUND_SID}&relay_last=1`);
  });
});
