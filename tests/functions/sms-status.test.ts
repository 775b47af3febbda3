import { getExpectedTwilioSignature } from 'twilio';
import { handler } from '../../src/functions/sms/status.protected';
import { claimMapName } from '../../src/core/twilio/claim-maps';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  BACKUP,
  BACKUP_OUT_SID,
  captureConsole,
  DOMAIN,
  INBOUND_SID,
  installRuntime,
  instantRetries,
  invoke,
  makeContext,
  MockResponse,
  OTHER_ACCOUNT_SID,
  PRIMARY,
  PRIMARY_OUT_SID,
  RELAY,
  twilioError,
  duplicateLine,
  useHandlerTestBed,
  type FakeClient,
} from '../support/mock-runtime';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';
const SENT_BODY = 'From Dispatch (+16195550100): Gate code is 4411 <b>&amp;</b>';
const MEDIA_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${PRIMARY_OUT_SID}/Media/ME${'1'.repeat(32)}`;

/** A status callback of the primary leg, as Twilio posts it to the URL the relay gave. */
const primaryStatus = (status: string, overrides: Record<string, string | undefined> = {}) => ({
  MessageSid: PRIMARY_OUT_SID,
  SmsSid: PRIMARY_OUT_SID,
  MessageStatus: status,
  SmsStatus: status,
  AccountSid: ACCOUNT_SID,
  From: RELAY,
  To: PRIMARY,
  ApiVersion: '2010-04-01',
  relay_leg: 'primary',
  relay_in: INBOUND_SID,
  relay_last: '0',
  ...overrides,
});

const backupStatus = (status: string, overrides: Record<string, string | undefined> = {}) =>
  primaryStatus(status, {
    MessageSid: BACKUP_OUT_SID,
    SmsSid: BACKUP_OUT_SID,
    To: BACKUP,
    relay_leg: 'backup',
    relay_last: '1',
    relay_perr: '30003',
    ...overrides,
  });

/** The audit line of an undelivered primary leg that fails over (ErrorCode 30003). */
const PRIMARY_FAILOVER_LINE = {
  audit: 'failover',
  level: 'warn',
  inbound: INBOUND_SID,
  outbound: PRIMARY_OUT_SID,
  leg: 'primary',
  status: 'undelivered',
  errorCode: '30003',
  reason: 'primary not delivered',
};

const bed = useHandlerTestBed();
let fake: FakeClient;
let createRestClient: jest.SpyInstance;
let audit: ReturnType<typeof captureConsole>;

beforeEach(() => {
  ({ fake, createRestClient, audit } = bed());
  fake.fetch.mockResolvedValue({ sid: PRIMARY_OUT_SID, from: RELAY, to: PRIMARY, body: SENT_BODY, numMedia: '0', status: 'undelivered' });
  fake.create.mockResolvedValue({ sid: BACKUP_OUT_SID, status: 'queued' });
});

describe('sms/status', () => {
  it('sends an undelivered primary message to the backup phone', async () => {
    const { error, payload } = await invoke(handler, makeContext(), primaryStatus('undelivered', { ErrorCode: '30003' }));
    expect(error).toBeNull();
    expect(String(payload)).toBe(EMPTY_TWIML);
    expect(fake.messages).toHaveBeenCalledWith(PRIMARY_OUT_SID);
    expect(fake.fetch).toHaveBeenCalledTimes(1);
    expect(fake.listMedia).not.toHaveBeenCalled();
    expect(fake.create.mock.calls).toStrictEqual([
      [
        {
          to: BACKUP,
          from: RELAY,
          body: SENT_BODY,
          statusCallback: `https://${DOMAIN}/sms/status?relay_leg=backup&relay_in=${INBOUND_SID}&relay_last=1&relay_perr=30003`,
        },
      ],
    ]);
    expect(audit.records()).toEqual([
      PRIMARY_FAILOVER_LINE,
      { audit: 'forwarded', level: 'info', inbound: INBOUND_SID, outbound: BACKUP_OUT_SID, leg: 'backup', to: '***0102', status: 'queued', primaryErrorCode: '30003', attempts: 1 },
    ]);
    expect(audit.lines().map((line) => line.method)).toEqual(['warn', 'info']);
    expect(createRestClient).toHaveBeenCalledTimes(1);
    expect(fake.sync.create).not.toHaveBeenCalled();
  });

  it('records the status as the primary error when Twilio gives no ErrorCode', async () => {
    await invoke(handler, makeContext(), primaryStatus('failed'));
    expect(fake.create).toHaveBeenCalledTimes(1);
    expect(fake.create.mock.calls[0][0].statusCallback).toBe(
      `https://${DOMAIN}/sms/status?relay_leg=backup&relay_in=${INBOUND_SID}&relay_last=1&relay_perr=failed`,
    );
  });

  it('re-sends the media of an MMS', async () => {
    fake.fetch.mockResolvedValue({ sid: PRIMARY_OUT_SID, from: RELAY, body: 'From Dispatch (+16195550100): (media only)', numMedia: '1' });
    fake.listMedia.mockResolvedValue([{ uri: `${MEDIA_PATH}.json` }]);
    await invoke(handler, makeContext(), primaryStatus('undelivered', { ErrorCode: '30005' }));
    expect(fake.listMedia).toHaveBeenCalledWith(PRIMARY_OUT_SID, { limit: 10 });
    expect(fake.create.mock.calls).toStrictEqual([
      [
        {
          to: BACKUP,
          from: RELAY,
          body: 'From Dispatch (+16195550100): (media only)',
          mediaUrl: [`https://api.twilio.com${MEDIA_PATH}`],
          statusCallback: `https://${DOMAIN}/sms/status?relay_leg=backup&relay_in=${INBOUND_SID}&relay_last=1&relay_perr=30005`,
        },
      ],
    ]);
  });

  it('ends the chain when the backup fails: exhausted, nothing sent', async () => {
    const { payload } = await invoke(handler, makeContext(), backupStatus('failed', { ErrorCode: '30007' }));
    expect(String(payload)).toBe(EMPTY_TWIML);
    expect(createRestClient).not.toHaveBeenCalled();
    expect(fake.fetch).not.toHaveBeenCalled();
    expect(fake.create).not.toHaveBeenCalled();
    expect(audit.records()).toEqual([
      {
        audit: 'exhausted',
        level: 'error',
        inbound: INBOUND_SID,
        outbound: BACKUP_OUT_SID,
        leg: 'backup',
        status: 'failed',
        errorCode: '30007',
        primaryErrorCode: '30003',
        reason: 'no phone received the message',
      },
    ]);
    expect(audit.lines()[0].method).toBe('error');
  });

  it('never loops back to the primary, even when a backup callback claims not to be last', async () => {
    await invoke(handler, makeContext(), backupStatus('undelivered', { relay_last: '0' }));
    expect(fake.create).not.toHaveBeenCalled();
    expect(audit.records()[0]).toMatchObject({ audit: 'exhausted', leg: 'backup' });
  });

  it('ends the chain when a lone primary fails (the backup was the sender)', async () => {
    await invoke(handler, makeContext(), primaryStatus('undelivered', { relay_last: '1', ErrorCode: '30003' }));
    expect(fake.create).not.toHaveBeenCalled();
    expect(audit.records()).toEqual([
      {
        audit: 'exhausted',
        level: 'error',
        inbound: INBOUND_SID,
        outbound: PRIMARY_OUT_SID,
        leg: 'primary',
        status: 'undelivered',
        errorCode: '30003',
        reason: 'no phone received the message',
      },
    ]);
  });

  it.each(['delivered', 'read'])('audits %s as delivered and sends nothing', async (status) => {
    const { payload } = await invoke(handler, makeContext(), primaryStatus(status));
    expect(String(payload)).toBe(EMPTY_TWIML);
    expect(createRestClient).not.toHaveBeenCalled();
    expect(fake.create).not.toHaveBeenCalled();
    expect(audit.records()).toEqual([
      { audit: 'delivered', level: 'info', inbound: INBOUND_SID, outbound: PRIMARY_OUT_SID, leg: 'primary', status },
    ]);
  });

  it('audits "sent" as pending, awaiting a receipt, and sends nothing', async () => {
    const { payload } = await invoke(handler, makeContext(), primaryStatus('sent'));
    expect(String(payload)).toBe(EMPTY_TWIML);
    expect(createRestClient).not.toHaveBeenCalled();
    expect(fake.create).not.toHaveBeenCalled();
    expect(fake.fetch).not.toHaveBeenCalled();
    expect(audit.records()).toEqual([
      {
        audit: 'pending',
        level: 'info',
        inbound: INBOUND_SID,
        outbound: PRIMARY_OUT_SID,
        leg: 'primary',
        status: 'sent',
        reason: 'the carrier has it; awaiting a delivery receipt, which some carriers never send',
      },
    ]);
  });

  it.each(['queued', 'sending', 'accepted', 'something-new'])('only audits %s', async (status) => {
    const { payload } = await invoke(handler, makeContext(), primaryStatus(status));
    expect(String(payload)).toBe(EMPTY_TWIML);
    expect(fake.create).not.toHaveBeenCalled();
    expect(fake.fetch).not.toHaveBeenCalled();
    expect(audit.records()).toEqual([{ audit: 'status', level: 'info', inbound: INBOUND_SID, outbound: PRIMARY_OUT_SID, leg: 'primary', status }]);
  });

  it('does not fail over again on a late "sent" after "undelivered"', async () => {
    await invoke(handler, makeContext(), primaryStatus('undelivered', { ErrorCode: '30003' }));
    await invoke(handler, makeContext(), primaryStatus('sent'));
    expect(fake.create).toHaveBeenCalledTimes(1);
    expect(fake.fetch).toHaveBeenCalledTimes(1);
    expect(audit.records().map((record) => record.audit)).toEqual(['failover', 'forwarded', 'pending']);
  });

  it('ignores a delivered backup without sending', async () => {
    await invoke(handler, makeContext(), backupStatus('delivered'));
    expect(fake.create).not.toHaveBeenCalled();
    expect(audit.records()).toEqual([
      { audit: 'delivered', level: 'info', inbound: INBOUND_SID, outbound: BACKUP_OUT_SID, leg: 'backup', status: 'delivered' },
    ]);
  });

  it.each<[string, Record<string, string | undefined>]>([
    ['without correlation parameters', { relay_leg: undefined, relay_in: undefined, relay_last: undefined }],
    ['with an unknown leg', { relay_leg: 'tertiary' }],
    ['with a malformed inbound SID', { relay_in: 'SM123' }],
    ['without a MessageSid', { MessageSid: undefined }],
    ['with a malformed MessageSid', { MessageSid: 'SMnot-a-sid' }],
  ])('ignores a callback %s', async (_label, overrides) => {
    const { error, payload } = await invoke(handler, makeContext(), primaryStatus('undelivered', overrides));
    expect(error).toBeNull();
    expect(String(payload)).toBe(EMPTY_TWIML);
    expect(createRestClient).not.toHaveBeenCalled();
    expect(fake.create).not.toHaveBeenCalled();
    expect(audit.records()).toEqual([{ audit: 'ignored', level: 'warn', reason: 'not a status callback of a relayed message' }]);
  });

  it('ignores a callback from another account', async () => {
    const { payload } = await invoke(handler, makeContext(), primaryStatus('undelivered', { AccountSid: OTHER_ACCOUNT_SID, ErrorCode: '30003' }));
    expect(String(payload)).toBe(EMPTY_TWIML);
    expect(createRestClient).not.toHaveBeenCalled();
    expect(fake.create).not.toHaveBeenCalled();
    expect(audit.records()).toEqual([
      {
        audit: 'ignored',
        level: 'warn',
        inbound: INBOUND_SID,
        outbound: PRIMARY_OUT_SID,
        leg: 'primary',
        status: 'undelivered',
        errorCode: '30003',
        reason: 'AccountSid is not ACCOUNT_SID: callback from another account',
      },
    ]);
  });

  it('answers 500 and logs an error when the config is incomplete', async () => {
    const { payload } = await invoke(handler, makeContext({ BACKUP_NUMBER: undefined }), primaryStatus('undelivered'));
    const response = payload as MockResponse;
    expect(response).toBeInstanceOf(MockResponse);
    expect(response.statusCode).toBe(500);
    expect(response.body).toBe('relay error: see the audit log');
    expect(response.headers).toEqual({ 'Content-Type': 'text/plain' });
    expect(fake.create).not.toHaveBeenCalled();
    expect(audit.records()).toEqual([
      { audit: 'error', level: 'error', inbound: INBOUND_SID, reason: 'relay not configured: BACKUP_NUMBER is not set' },
    ]);
  });

  it('logs an exhausted line when Twilio refuses the backup during failover', async () => {
    fake.create.mockReset().mockRejectedValue(twilioError(400, 21610, 'Attempt to send to unsubscribed recipient'));
    const { payload } = await invoke(handler, makeContext(), primaryStatus('undelivered', { ErrorCode: '30003' }));
    expect(String(payload)).toBe(EMPTY_TWIML);
    expect(fake.create).toHaveBeenCalledTimes(1);
    expect(audit.records().slice(1)).toEqual([
      { audit: 'send-failed', level: 'warn', inbound: INBOUND_SID, leg: 'backup', to: '***0102', errorCode: '21610', attempts: 1, reason: 'Attempt to send to unsubscribed recipient' },
      {
        audit: 'exhausted',
        level: 'error',
        inbound: INBOUND_SID,
        leg: 'backup',
        errorCode: '21610',
        primaryErrorCode: '30003',
        reason: 'no phone could be sent the message',
      },
    ]);
  });

  it.each([
    ['a 404', () => twilioError(404, 20404, 'The requested resource was not found'), 1],
    ['5xx three times', () => twilioError(503, 20503, 'Service Unavailable'), 3],
  ])('still reaches the backup, with a marked notice and the inbound SID, when the primary message cannot be re-read (%s)', async (_label, error, fetches) => {
    instantRetries();
    fake.fetch.mockImplementation(async () => {
      throw error();
    });
    fake.create.mockResolvedValue({ sid: BACKUP_OUT_SID, status: 'queued' });
    const { payload } = await invoke(handler, makeContext(), primaryStatus('undelivered', { ErrorCode: '30003' }));
    expect(String(payload)).toBe(EMPTY_TWIML);
    expect(fake.fetch).toHaveBeenCalledTimes(fetches);
    expect(fake.create).toHaveBeenCalledTimes(1);
    const sent = fake.create.mock.calls[0][0];
    expect(sent).toMatchObject({ to: BACKUP, from: RELAY });
    // A notice, never a guess at the text: it names the inbound message to look up.
    expect(sent.body).toMatch(/^\[relay notice\] /);
    expect(sent.body).toContain(INBOUND_SID);
    const lines = audit.records();
    expect(lines.map((l) => l.audit)).toEqual(['failover', 'failover', 'forwarded']);
    expect(lines[1]).toMatchObject({ level: 'error', content: 'notice', inbound: INBOUND_SID, reason: expect.stringContaining('the backup gets a notice with the inbound SID, not the text') });
    expect(lines[2]).toMatchObject({ leg: 'backup', content: 'notice', outbound: BACKUP_OUT_SID, primaryErrorCode: '30003' });
  });

  it('retries a fetch that failed with a 5xx, then fails over', async () => {
    instantRetries();
    fake.fetch.mockReset()
      .mockRejectedValueOnce(twilioError(503, 20503, 'Service Unavailable'))
      .mockResolvedValueOnce({ sid: PRIMARY_OUT_SID, from: RELAY, body: SENT_BODY, numMedia: '0' });
    const { payload } = await invoke(handler, makeContext(), primaryStatus('undelivered', { ErrorCode: '30003' }));
    expect(String(payload)).toBe(EMPTY_TWIML);
    expect(fake.fetch).toHaveBeenCalledTimes(2);
    expect(fake.create).toHaveBeenCalledTimes(1);
  });

  it('retries the backup send after a 5xx', async () => {
    instantRetries();
    fake.create.mockReset().mockRejectedValueOnce(twilioError(500, 20500, 'Internal Server Error')).mockResolvedValueOnce({ sid: BACKUP_OUT_SID, status: 'queued' });
    await invoke(handler, makeContext(), primaryStatus('undelivered', { ErrorCode: '30003' }));
    expect(fake.create.mock.calls.map(([params]) => params.to)).toEqual([BACKUP, BACKUP]);
    expect(audit.records().at(-1)).toMatchObject({ audit: 'forwarded', leg: 'backup', attempts: 2 });
  });

  it('does not need the whitelist', async () => {
    installRuntime({ whitelist: null });
    await invoke(handler, makeContext(), primaryStatus('undelivered'));
    expect(fake.create).toHaveBeenCalledTimes(1);
  });

  it('accepts a signed callback on the local development server', async () => {
    const context = { ...makeContext(), DOMAIN_NAME: 'localhost:3000', PATH: '/sms/status' };
    const { relay_leg, relay_in, relay_last, ...posted } = primaryStatus('undelivered', { ErrorCode: '30003' });
    const url = `http://localhost:3000/sms/status?relay_leg=${relay_leg}&relay_in=${relay_in}&relay_last=${relay_last}`;
    const signature = getExpectedTwilioSignature(AUTH_TOKEN, url, posted);
    await invoke(handler, context, { request: { headers: { 'x-twilio-signature': signature }, cookies: {} }, relay_leg, relay_in, relay_last, ...posted });
    expect(fake.create.mock.calls[0][0].statusCallback).toBe(
      `http://localhost:3000/sms/status?relay_leg=backup&relay_in=${INBOUND_SID}&relay_last=1&relay_perr=30003`,
    );
  });
});

describe('sms/status with Sync claims (SYNC_SERVICE_SID), one-way (TWO_WAY=false)', () => {
  const SYNC = `IS${'0'.repeat(31)}5`;
  // Two-way's own use of Sync (dispatch records) is tested in sms-two-way-*.test.ts.
  const withSync = () => makeContext({ SYNC_SERVICE_SID: SYNC, TWO_WAY: 'false' });
  // The Map of the claims of INBOUND_SID: one of the 16 "relay-claims-<k>" (claim-maps.ts).
  const MAP = claimMapName('relay-claims', INBOUND_SID);
  const held = () => fake.sync.items(SYNC, MAP);

  it('claims "fo:<inbound>" before the backup send and settles it as sent', async () => {
    await invoke(handler, withSync(), primaryStatus('undelivered', { ErrorCode: '30003' }));
    expect(createRestClient).toHaveBeenCalledTimes(1);
    expect(fake.sync.create.mock.calls).toEqual([
      [SYNC, MAP, { key: `fo:${INBOUND_SID}`, data: { state: 'sending', leg: 'backup', at: expect.any(String), by: expect.any(String) }, itemTtl: 604800 }],
    ]);
    expect(fake.create).toHaveBeenCalledTimes(1);
    expect(held().get(`fo:${INBOUND_SID}`)).toEqual({ state: 'sent', leg: 'backup', sid: BACKUP_OUT_SID, at: expect.any(String), by: expect.any(String) });
  });

  it('does not send the backup when Sync already holds "fo:<inbound>": a duplicate line instead', async () => {
    held().set(`fo:${INBOUND_SID}`, { state: 'sent', leg: 'backup', sid: BACKUP_OUT_SID, at: '2024-05-06T07:08:09.010Z' });
    const { error, payload } = await invoke(handler, withSync(), primaryStatus('undelivered', { ErrorCode: '30003' }));
    expect(error).toBeNull();
    expect(String(payload)).toBe(EMPTY_TWIML);
    expect(fake.create).not.toHaveBeenCalled();
    expect(fake.sync.update).not.toHaveBeenCalled();
    expect(audit.records()).toEqual([
      PRIMARY_FAILOVER_LINE,
      duplicateLine('fo', 'backup', BACKUP_OUT_SID),
    ]);
  });

  it('fails over only once when the same undelivered callback arrives twice', async () => {
    await invoke(handler, withSync(), primaryStatus('undelivered', { ErrorCode: '30003' }));
    await invoke(handler, withSync(), primaryStatus('undelivered', { ErrorCode: '30003' }));
    expect(fake.create).toHaveBeenCalledTimes(1);
    expect(audit.records().map((record) => record.audit)).toEqual(['failover', 'forwarded', 'failover', 'duplicate']);
  });

  it('uses no Sync for statuses that send nothing', async () => {
    await invoke(handler, withSync(), primaryStatus('delivered'));
    await invoke(handler, withSync(), primaryStatus('sent'));
    await invoke(handler, withSync(), backupStatus('failed', { ErrorCode: '30007' }));
    expect(createRestClient).not.toHaveBeenCalled();
    expect(fake.sync.create).not.toHaveBeenCalled();
  });
});
