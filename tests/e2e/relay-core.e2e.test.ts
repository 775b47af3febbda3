/**
 * The core path through the real twilio-run runtime (warm mode), with the SDK routed to the
 * project's emulator by TWILIO_API_BASE_URL: signed webhook in, REST calls out, status callbacks
 * back from the emulator to the URL the function gave.
 */
import { startEmulator, type Emulator } from '../../dev/emulator/server';
import { assetsWithWhitelist, FAKE, FAKE_WHITELIST, fakeEnv, inboundSms } from '../../dev/fixtures';
import { postSigned } from '../../dev/signed-post';
import { startTwilioRun, type TwilioRun } from '../../dev/twilio-run-process';
import { waitFor } from '../../dev/wait-for';
import { auditFile } from '../support/audit-file';

let emulator: Emulator;
let relay: TwilioRun;
const audit = auditFile();
const assets = assetsWithWhitelist(FAKE_WHITELIST);

beforeAll(async () => {
  emulator = await startEmulator({ accountSid: FAKE.accountSid, authToken: FAKE.authToken, apiKey: FAKE.apiKey, apiSecret: FAKE.apiSecret });
  relay = await startTwilioRun({ env: fakeEnv(emulator.url, { AUDIT_LOG_FILE: audit.path }), assetsFolder: assets.folder });
}, 60000);

afterAll(async () => {
  await relay?.stop();
  await emulator?.close();
  audit.remove();
  assets.remove();
});

beforeEach(() => {
  emulator.script[FAKE.primaryNumber] = { outcome: 'delivered' };
  emulator.script[FAKE.backupNumber] = { outcome: 'delivered' };
});

async function sendInbound(params: Record<string, string>) {
  const url = `${relay.url}/sms/incoming`;
  const answer = await postSigned(url, params, FAKE.authToken);
  await emulator.idle();
  return answer;
}

const creates = () => emulator.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/Messages.json'));

test('a whitelisted sender is forwarded to the primary once, authenticated with the API key', async () => {
  const before = creates().length;
  const sms = inboundSms(FAKE.dispatcher.number, 'Unit 7 to Main St');
  const answer = await sendInbound(sms);

  expect(answer).toEqual({ status: 200, text: '<?xml version="1.0" encoding="UTF-8"?><Response/>' });
  const sent = creates().slice(before);
  expect(sent).toHaveLength(1);
  expect(sent[0].authUser).toBe(FAKE.apiKey);
  expect(sent[0].host).toBe('api.twilio.com');
  expect(sent[0].params).toMatchObject({
    To: FAKE.primaryNumber,
    From: FAKE.relayNumber,
    Body: `From Dispatch (${FAKE.dispatcher.number}): Unit 7 to Main St`,
    StatusCallback: `${relay.url}/sms/status?relay_leg=primary&relay_in=${sms.MessageSid}&relay_last=0`,
  });
  await waitFor('the delivered audit line', () => audit.chain(sms.MessageSid).some((l) => l.audit === 'delivered'));
  expect(audit.chain(sms.MessageSid).map((l) => l.audit)).toEqual(['received', 'forwarded', 'status', 'delivered']);
  expect(emulator.callbacks.filter((c) => c.answer !== 200)).toEqual([]);
});

test('an undelivered primary leg is sent once to the backup, from the status callback', async () => {
  emulator.script[FAKE.primaryNumber] = { outcome: 'undelivered', errorCode: 30003 };
  const before = creates().length;
  const sms = inboundSms(FAKE.fieldUnit, 'Need backup at gate 4');
  await sendInbound(sms);

  await waitFor('the backup to be delivered', () => audit.chain(sms.MessageSid).some((l) => l.audit === 'delivered' && l.leg === 'backup'));
  const sent = creates().slice(before);
  expect(sent.map((r) => r.params.To)).toEqual([FAKE.primaryNumber, FAKE.backupNumber]);
  expect(sent[1].authUser).toBe(FAKE.apiKey);
  expect(sent[1].params.Body).toBe(`From ${FAKE.fieldUnit}: Need backup at gate 4`);
  expect(sent[1].params.StatusCallback).toBe(`${relay.url}/sms/status?relay_leg=backup&relay_in=${sms.MessageSid}&relay_last=1&relay_perr=30003`);
  expect(audit.chain(sms.MessageSid).map((l) => `${l.audit}:${l.leg ?? ''}`)).toEqual([
    'received:',
    'forwarded:primary',
    'status:primary',
    'failover:primary',
    'forwarded:backup',
    'status:backup',
    'delivered:backup',
  ]);
});

test('a sender not on the whitelist gets nothing sent and no reply', async () => {
  const before = creates().length;
  const sms = inboundSms(FAKE.stranger, 'hello?');
  const answer = await sendInbound(sms);

  expect(answer.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
  expect(creates().length).toBe(before);
  expect(audit.chain(sms.MessageSid).map((l) => [l.audit, l.reason])).toEqual([
    ['received', undefined],
    ['rejected', 'not-whitelisted'],
  ]);
});
