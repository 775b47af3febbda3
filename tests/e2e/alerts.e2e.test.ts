/**
 * Alerts through `npm start`, two-way on (Sync), against a loopback receiver standing in for a
 * Slack incoming webhook: one alert per exhausted chain (also with every callback delivered
 * twice), none for a delivered dispatch, a receiver that fails first still gets it once, a
 * receiver that hangs holds back no send, and the webhook URL (a token in its path) is in no log
 * line and no audit line.
 */
import { FAKE, inboundSms } from '../../dev/fixtures';
import { startAlertReceiver, type AlertReceiver } from '../support/alert-receiver';
import { useRelay, type Harness } from '../support/relay-harness';

const env: Record<string, string> = { SYNC_SERVICE_SID: FAKE.syncServiceSid };
const oneWayEnv: Record<string, string> = { SYNC_SERVICE_SID: FAKE.syncServiceSid, TWO_WAY: 'false' };
let receiver: AlertReceiver;
// Runs before the describes' own beforeAll (useRelay), so that each relay starts with the receiver's URL.
beforeAll(async () => {
  receiver = await startAlertReceiver();
  env.ALERT_WEBHOOK_URL = oneWayEnv.ALERT_WEBHOOK_URL = receiver.url;
});
afterAll(() => receiver?.close());

const REFUSED = { outcome: 'refuse', status: 400, code: 21610 } as const;
const UNDELIVERED = { outcome: 'undelivered', errorCode: 30003 } as const;
const alertsFor = (sid: string) => receiver.alerts.filter((alert) => alert.body.text.includes(sid));

/** The relay under test, its callbacks sent once again after each test. */
function relayWithAlerts(relayEnv: Record<string, string>): Harness {
  const h = useRelay('gated', { env: relayEnv });
  afterEach(() => {
    h.emulator.callbackCopies = 1;
  });
  return h;
}

/** Twilio refuses both phones at once (21610); returns how many sends the relay had made when the alert arrived. */
function refuseBoth(h: Harness): () => number {
  h.emulator.script[FAKE.primaryNumber] = REFUSED;
  h.emulator.script[FAKE.backupNumber] = REFUSED;
  let sendsBefore = -1;
  const creates = h.creates().length;
  receiver.onRequest = () => (sendsBefore = h.creates().length - creates);
  return () => sendsBefore;
}

/** Both phones undelivered (30003), every status callback posted twice: the alerts of that dispatch. */
async function undeliveredTwice(h: Harness, text: string) {
  h.emulator.script[FAKE.primaryNumber] = UNDELIVERED;
  h.emulator.script[FAKE.backupNumber] = UNDELIVERED;
  h.emulator.callbackCopies = 2;
  const sms = inboundSms(FAKE.dispatcher.number, text);
  await h.sendInbound(sms);
  return alertsFor(sms.MessageSid).map((alert) => alert.body.text);
}

const ONE_CALLBACK_ALERT = [expect.stringContaining('no phone received the message (backup undelivered, error 30003)')];

/** The secret URL's token is in neither the relay's output (which does hold its alert lines) nor its audit file. */
function expectNoSecret(h: Harness): void {
  expect(h.relay.output()).toContain('"audit":"alert"');
  expect(h.relay.output()).not.toContain(receiver.token);
  expect(JSON.stringify(h.audit.lines())).not.toContain(receiver.token);
}

afterEach(() => {
  receiver.answers.length = 0;
  receiver.hang = false;
  receiver.onRequest = undefined;
});

describe('two-way (Sync)', () => {
  const h = relayWithAlerts(env);
  const noticesToDispatcher = () => h.emulator.sentTo(FAKE.dispatcher.number).length;

  test('both phones refused at once: one alert, after the dispatcher\'s exhausted notice, masked and without the text', async () => {
    refuseBoth(h);
    let noticesBefore = -1;
    receiver.onRequest = () => (noticesBefore = noticesToDispatcher());
    const sms = inboundSms(FAKE.dispatcher.number, 'alert me 4411');
    const notices = noticesToDispatcher();
    await h.sendInbound(sms);

    const [alert, ...more] = alertsFor(sms.MessageSid);
    expect(more).toEqual([]);
    expect(alert.path).toBe(new URL(receiver.url).pathname);
    expect(alert.body.text).toMatch(/^sms-relay: dispatch lost: no phone got it: no phone could be sent the message \(dispatch #\d+, inbound SM\w+, sender \*\*\*0100, phone backup, error 21610\)$/);
    expect(JSON.stringify(alert.body)).not.toContain('4411');
    expect(JSON.stringify(alert.body)).not.toContain(FAKE.dispatcher.number.slice(1));
    expect(noticesBefore).toBe(notices + 1);
    expect(h.audit.chain(sms.MessageSid).filter((line) => line.audit === 'alert')).toEqual([expect.objectContaining({ alert: 'exhausted', attempts: 1 })]);
  });

  test('both phones undelivered, every status callback delivered twice: one alert', async () => {
    expect(await undeliveredTwice(h, 'lost twice')).toEqual(ONE_CALLBACK_ALERT);
    expect(h.emulator.sentTo(FAKE.backupNumber).filter((m) => m.body.includes('lost twice'))).toHaveLength(1);
  });

  test('a delivered dispatch, and one delivered by the backup after the primary failed: no alert', async () => {
    const delivered = inboundSms(FAKE.dispatcher.number, 'fine');
    await h.sendInbound(delivered);
    h.emulator.script[FAKE.primaryNumber] = UNDELIVERED;
    const failedOver = inboundSms(FAKE.dispatcher.number, 'fine on the backup');
    await h.sendInbound(failedOver);

    expect(h.emulator.sentTo(FAKE.backupNumber).filter((m) => m.body.includes('fine on the backup'))).toHaveLength(1);
    expect([...alertsFor(delivered.MessageSid), ...alertsFor(failedOver.MessageSid)]).toEqual([]);
  });

  test('a receiver that answers 500, then 200: the alert arrives once', async () => {
    refuseBoth(h);
    receiver.answers.push(500);
    const sms = inboundSms(FAKE.dispatcher.number, 'retry the alert');
    await h.sendInbound(sms);

    expect(alertsFor(sms.MessageSid)).toHaveLength(1);
    expect(receiver.answers).toEqual([]);
    expect(h.audit.chain(sms.MessageSid).find((line) => line.audit === 'alert')).toMatchObject({ alert: 'exhausted', attempts: 2 });
  });

  test('a receiver that hangs: the sends were made before it was asked, and the webhook is still answered', async () => {
    receiver.hang = true;
    const sendsBefore = refuseBoth(h);
    const held = receiver.held;
    // Another sender: the dispatcher already had its one exhausted notice of these 10 minutes above.
    const sms = inboundSms(FAKE.fieldUnit, 'hang the alert');
    const answer = await h.sendInbound(sms);

    // Primary, backup, and the dispatcher's notice: all three before the alert was posted.
    expect(sendsBefore()).toBe(3);
    expect(answer.status).toBe(200);
    expect(receiver.held).toBeGreaterThan(held);
    expect(h.audit.chain(sms.MessageSid).find((line) => line.audit === 'alert')).toMatchObject({ level: 'error', reason: 'exhausted alert not delivered: the receiver did not answer in time' });

    // The next dispatch is forwarded as ever.
    receiver.hang = false;
    delete h.emulator.script[FAKE.primaryNumber];
    const next = inboundSms(FAKE.dispatcher.number, 'after the hang');
    await h.sendInbound(next);
    expect(h.emulator.sentTo(FAKE.primaryNumber).filter((m) => m.body.includes('after the hang'))).toHaveLength(1);
  });

  test('the webhook URL is in no log line and no audit line', () => expectNoSecret(h));
});

describe('one-way (TWO_WAY=false, Sync claims)', () => {
  const h = relayWithAlerts(oneWayEnv);

  test('both phones refused at once: one alert, after both sends', async () => {
    const sendsBefore = refuseBoth(h);
    const sms = inboundSms(FAKE.dispatcher.number, 'one-way 4411');
    await h.sendInbound(sms);

    expect(sendsBefore()).toBe(2);
    expect(alertsFor(sms.MessageSid).map((alert) => alert.body.text)).toEqual([
      expect.stringMatching(/^sms-relay: dispatch lost: no phone got it: no phone could be sent the message \(Twilio refused backup: 21610\) \(inbound SM\w+, backup \*\*\*\d{4}, phone backup, error 21610\)$/),
    ]);
    expect(JSON.stringify(receiver.alerts)).not.toContain('4411');
  });

  test('both phones undelivered, every status callback delivered twice: one alert', async () => {
    expect(await undeliveredTwice(h, 'one-way lost twice')).toEqual(ONE_CALLBACK_ALERT);
  });

  test('the webhook URL is in no log line and no audit line', () => expectNoSecret(h));
});
