import { handler as incomingHandler } from '../../src/functions/sms/incoming.protected';
import { handler as statusHandler } from '../../src/functions/sms/status.protected';
import { resetRefusalAlerts } from '../../src/core/alerts/refusal-alert';
import {
  ACCOUNT_SID,
  BACKUP,
  BACKUP_OUT_SID,
  captureConsole,
  DISPATCH,
  INBOUND_SID,
  invoke,
  makeContext,
  PRIMARY,
  RELAY,
  twilioError,
  useHandlerTestBed,
  type FakeClient,
} from '../support/mock-runtime';

const SYNC = `IS${'0'.repeat(31)}5`;
const HOOK = 'https://hooks.example.com/services/T0/B0/s3cr3t-t0k3n';
const withAlerts = (overrides: Record<string, string | undefined> = {}) => makeContext({ ALERT_WEBHOOK_URL: HOOK, ...overrides });

const incoming = () => ({ MessageSid: INBOUND_SID, SmsSid: INBOUND_SID, AccountSid: ACCOUNT_SID, From: DISPATCH, To: RELAY, Body: 'Gate code is 4411', NumMedia: '0' });
const backupStatus = (status: string) => ({
  MessageSid: BACKUP_OUT_SID,
  MessageStatus: status,
  AccountSid: ACCOUNT_SID,
  From: RELAY,
  To: BACKUP,
  ErrorCode: status === 'delivered' ? undefined : '30007',
  relay_leg: 'backup',
  relay_in: INBOUND_SID,
  relay_last: '1',
  relay_perr: '30003',
});

const bed = useHandlerTestBed();
let fake: FakeClient;
let audit: ReturnType<typeof captureConsole>;
let posted: Array<{ url: string; body: { text: string; blocks: unknown[] } }>;
let order: string[];

beforeEach(() => {
  ({ fake, audit } = bed());
  resetRefusalAlerts();
  posted = [];
  order = [];
  jest.spyOn(globalThis, 'fetch').mockImplementation(async (url, init) => {
    order.push('alert');
    posted.push({ url: String(url), body: JSON.parse(String(init?.body)) });
    return new Response('ok');
  });
});

describe('alerts (ALERT_WEBHOOK_URL)', () => {
  it('alerts once when Twilio refuses both phones, after both sends, with masked numbers and no text', async () => {
    fake.create.mockImplementation(async () => {
      order.push('send');
      throw twilioError(400, 21610, `Attempt to send to unsubscribed recipient ${PRIMARY}`);
    });
    await invoke(incomingHandler, withAlerts(), incoming());
    expect(order).toEqual(['send', 'send', 'alert']);
    expect(posted).toHaveLength(1);
    expect(posted[0].url).toBe(HOOK);
    expect(posted[0].body.text).toBe(`sms-relay: dispatch lost: no phone got it: no phone could be sent the message (Twilio refused backup: 21610) (inbound ${INBOUND_SID}, backup ***${BACKUP.slice(-4)}, phone backup, error 21610)`);
    expect(JSON.stringify(posted)).not.toContain('4411');
  });

  it('alerts an exhausted status callback once, also when Twilio delivers it twice (Sync claims)', async () => {
    const context = withAlerts({ SYNC_SERVICE_SID: SYNC, TWO_WAY: 'false' });
    await invoke(statusHandler, context, backupStatus('undelivered'));
    await invoke(statusHandler, context, backupStatus('undelivered'));
    expect(posted.map((post) => post.body.text)).toEqual([
      `sms-relay: dispatch lost: no phone got it: no phone received the message (backup undelivered, error 30007) (inbound ${INBOUND_SID}, phone backup, error 30007)`,
    ]);
  });

  it('sends nothing for a delivered message, nor without ALERT_WEBHOOK_URL', async () => {
    await invoke(statusHandler, withAlerts(), backupStatus('delivered'));
    await invoke(statusHandler, makeContext(), backupStatus('undelivered'));
    expect(posted).toEqual([]);
  });

  it('alerts a configuration error once per minute, never naming the webhook URL in the audit', async () => {
    const broken = withAlerts({ PRIMARY_NUMBER: undefined });
    const first = await invoke(incomingHandler, broken, incoming());
    await invoke(incomingHandler, broken, incoming());
    expect((first.payload as { statusCode: number }).statusCode).toBe(500);
    expect(posted.map((post) => post.body.text)).toEqual(['sms-relay: relay refuses to work: not configured: PRIMARY_NUMBER is not set']);
    const lines = audit.lines().map((line) => line.raw);
    expect(lines.join('\n')).not.toContain('s3cr3t');
    expect(audit.records()).toContainEqual({ audit: 'alert', level: 'info', alert: 'refused', attempts: 1 });
  });
});
