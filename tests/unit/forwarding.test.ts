import { forwardAlongLegs, STATUS_PATH, type ForwardJob } from '../../src/core/forwarding';
import type { AuditRecord } from '../../src/core/audit';
import { makeFakeClient, networkError, twilioError } from '../support/mock-runtime';

const INBOUND = `SM${'0'.repeat(31)}a`;
const PRIMARY_OUT = `SM${'0'.repeat(31)}b`;
const BACKUP_OUT = `SM${'0'.repeat(31)}c`;
const PRIMARY = '+16195550101';
const BACKUP = '+16195550102';
const RELAY = '+16195550199';
const BASE = 'https://relay-1234-dev.twil.io';
const BODY = 'From Dispatch (+16195550100): Gate code changed';

const callback = (query: string) => `${BASE}/sms/status?relay_leg=${query}`;

function setup(destinations: { messagingServiceSid?: string } = {}) {
  const fake = makeFakeClient();
  const records: AuditRecord[] = [];
  const deps = {
    client: fake.client,
    audit: (record: AuditRecord) => records.push(record),
    destinations: { primaryNumber: PRIMARY, backupNumber: BACKUP, ...destinations },
  };
  return { fake, records, deps };
}

const job = (overrides: Partial<ForwardJob> = {}): ForwardJob => ({
  inboundSid: INBOUND,
  legs: ['primary', 'backup'],
  content: { body: BODY, mediaUrl: [] },
  from: RELAY,
  callbackBase: BASE,
  ...overrides,
});

describe('forwardAlongLegs', () => {
  it('posts status callbacks to /sms/status', () => {
    expect(STATUS_PATH).toBe('/sms/status');
  });

  it('sends to the primary only, when the primary accepts', async () => {
    const { fake, records, deps } = setup();
    fake.create.mockResolvedValue({ sid: PRIMARY_OUT, status: 'queued' });
    await expect(forwardAlongLegs(deps, job())).resolves.toEqual({ kind: 'forwarded', leg: 'primary', sid: PRIMARY_OUT });
    expect(fake.create).toHaveBeenCalledTimes(1);
    expect(fake.create).toHaveBeenCalledWith({
      to: PRIMARY,
      from: RELAY,
      body: BODY,
      statusCallback: callback(`primary&relay_in=${INBOUND}&relay_last=0`),
    });
    expect(records).toEqual([
      { event: 'forwarded', inbound: INBOUND, outbound: PRIMARY_OUT, leg: 'primary', to: PRIMARY, status: 'queued', primaryErrorCode: undefined },
    ]);
  });

  it('sends media and uses the Messaging Service when configured', async () => {
    const { fake, deps } = setup({ messagingServiceSid: `MG${'0'.repeat(31)}3` });
    fake.create.mockResolvedValue({ sid: PRIMARY_OUT, status: 'accepted' });
    const mediaUrl = ['https://api.twilio.com/2010-04-01/Accounts/x/Messages/y/Media/z'];
    await forwardAlongLegs(deps, job({ content: { body: BODY, mediaUrl } }));
    expect(fake.create.mock.calls).toEqual([
      [
        {
          to: PRIMARY,
          messagingServiceSid: `MG${'0'.repeat(31)}3`,
          body: BODY,
          mediaUrl,
          statusCallback: callback(`primary&relay_in=${INBOUND}&relay_last=0`),
        },
      ],
    ]);
  });

  it('fails over to the backup at once when Twilio refuses the primary', async () => {
    const { fake, records, deps } = setup();
    fake.create
      .mockRejectedValueOnce(twilioError(400, 21610, 'Attempt to send to unsubscribed recipient'))
      .mockResolvedValueOnce({ sid: BACKUP_OUT, status: 'queued' });
    await expect(forwardAlongLegs(deps, job())).resolves.toEqual({ kind: 'forwarded', leg: 'backup', sid: BACKUP_OUT });
    expect(fake.create).toHaveBeenCalledTimes(2);
    expect(fake.create.mock.calls[1]).toEqual([
      { to: BACKUP, from: RELAY, body: BODY, statusCallback: callback(`backup&relay_in=${INBOUND}&relay_last=1&relay_perr=21610`) },
    ]);
    expect(records.map((r) => r.event)).toEqual(['send-failed', 'failover', 'forwarded']);
    expect(records).toEqual([
      { event: 'send-failed', level: 'warn', inbound: INBOUND, leg: 'primary', to: PRIMARY, errorCode: '21610', reason: 'Attempt to send to unsubscribed recipient' },
      { event: 'failover', level: 'warn', inbound: INBOUND, leg: 'backup', errorCode: '21610', reason: 'primary send refused' },
      { event: 'forwarded', inbound: INBOUND, outbound: BACKUP_OUT, leg: 'backup', to: BACKUP, status: 'queued', primaryErrorCode: '21610' },
    ]);
  });

  it('fails over on a network error', async () => {
    const { fake, records, deps } = setup();
    fake.create.mockRejectedValueOnce(networkError('ECONNRESET', 'socket hang up')).mockResolvedValueOnce({ sid: BACKUP_OUT, status: 'queued' });
    await expect(forwardAlongLegs(deps, job())).resolves.toEqual({ kind: 'forwarded', leg: 'backup', sid: BACKUP_OUT });
    expect(fake.create.mock.calls[1][0].statusCallback).toBe(callback(`backup&relay_in=${INBOUND}&relay_last=1&relay_perr=network`));
    expect(records[0]).toEqual({
      event: 'send-failed',
      level: 'warn',
      inbound: INBOUND,
      leg: 'primary',
      to: PRIMARY,
      errorCode: 'network',
      reason: 'ECONNRESET: socket hang up',
    });
    expect(records[1]).toMatchObject({ event: 'failover', leg: 'backup', errorCode: 'network' });
  });

  it('uses the HTTP status as the error code when Twilio gives none', async () => {
    const { fake, records, deps } = setup();
    fake.create.mockRejectedValueOnce(Object.assign(new Error('Service Unavailable'), { status: 503 })).mockResolvedValueOnce({ sid: BACKUP_OUT, status: 'queued' });
    await forwardAlongLegs(deps, job());
    expect(records[0]).toMatchObject({ event: 'send-failed', errorCode: '503' });
    expect(fake.create.mock.calls[1][0].statusCallback).toBe(callback(`backup&relay_in=${INBOUND}&relay_last=1&relay_perr=503`));
  });

  it('reports exhaustion with both codes when both legs are refused', async () => {
    const { fake, records, deps } = setup();
    fake.create
      .mockRejectedValueOnce(twilioError(400, 21610, 'Attempt to send to unsubscribed recipient'))
      .mockRejectedValueOnce(twilioError(400, 21211, "The 'To' number +16195550102 is not a valid phone number."));
    await expect(forwardAlongLegs(deps, job())).resolves.toEqual({ kind: 'exhausted' });
    expect(fake.create).toHaveBeenCalledTimes(2);
    expect(records.map((r) => r.event)).toEqual(['send-failed', 'failover', 'send-failed', 'exhausted']);
    expect(records[2]).toEqual({
      event: 'send-failed',
      level: 'warn',
      inbound: INBOUND,
      leg: 'backup',
      to: BACKUP,
      errorCode: '21211',
      reason: "The 'To' number ***0102 is not a valid phone number.",
    });
    expect(records[3]).toEqual({
      event: 'exhausted',
      level: 'error',
      inbound: INBOUND,
      leg: 'backup',
      errorCode: '21211',
      primaryErrorCode: '21610',
      reason: 'no phone could be sent the message',
    });
  });

  it('marks a lone primary leg as the last, and exhausts without a backup send', async () => {
    const { fake, records, deps } = setup();
    fake.create.mockRejectedValueOnce(twilioError(400, 21610, 'unsubscribed'));
    await expect(forwardAlongLegs(deps, job({ legs: ['primary'] }))).resolves.toEqual({ kind: 'exhausted' });
    expect(fake.create).toHaveBeenCalledTimes(1);
    expect(fake.create.mock.calls[0][0]).toMatchObject({ to: PRIMARY, statusCallback: callback(`primary&relay_in=${INBOUND}&relay_last=1`) });
    expect(records.map((r) => r.event)).toEqual(['send-failed', 'exhausted']);
    expect(records[1]).toEqual({
      event: 'exhausted',
      level: 'error',
      inbound: INBOUND,
      leg: 'primary',
      errorCode: '21610',
      primaryErrorCode: undefined,
      reason: 'no phone could be sent the message',
    });
  });

  it('carries the error of an earlier failed primary to the backup (status-callback failover)', async () => {
    const { fake, records, deps } = setup();
    fake.create.mockResolvedValueOnce({ sid: BACKUP_OUT, status: 'queued' });
    await forwardAlongLegs(deps, job({ legs: ['backup'], primaryError: '30003' }));
    expect(fake.create.mock.calls).toEqual([
      [{ to: BACKUP, from: RELAY, body: BODY, statusCallback: callback(`backup&relay_in=${INBOUND}&relay_last=1&relay_perr=30003`) }],
    ]);
    expect(records).toEqual([
      { event: 'forwarded', inbound: INBOUND, outbound: BACKUP_OUT, leg: 'backup', to: BACKUP, status: 'queued', primaryErrorCode: '30003' },
    ]);
  });

  it('reports the earlier primary error when the lone backup is refused', async () => {
    const { fake, records, deps } = setup();
    fake.create.mockRejectedValueOnce(twilioError(400, 21610, 'unsubscribed'));
    await expect(forwardAlongLegs(deps, job({ legs: ['backup'], primaryError: '30003' }))).resolves.toEqual({ kind: 'exhausted' });
    expect(records[1]).toMatchObject({ event: 'exhausted', leg: 'backup', errorCode: '21610', primaryErrorCode: '30003' });
  });
});
