/**
 * The core path through the plain `twilio-run start` CLI (warm mode), with the SDK routed to the
 * project's emulator by TWILIO_API_BASE_URL: signed webhook in, REST calls out, status callbacks
 * back from the emulator to the URL the function gave. No gate runs in front here, so the
 * functions' own local signature check is what refuses unsigned requests.
 */
import { FAKE, inboundSms } from '../../dev/fixtures';
import { postSigned } from '../../dev/signed-post';
import { waitFor } from '../../dev/wait-for';
import { useRelay } from '../support/relay-harness';

const h = useRelay('twilio-run');
const TWIML_EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

test('a whitelisted sender is forwarded to the primary once, authenticated with the API key', async () => {
  const before = h.creates().length;
  const sms = inboundSms(FAKE.dispatcher.number, 'Unit 7 to Main St');
  const answer = await h.sendInbound(sms);

  expect(answer).toEqual({ status: 200, text: TWIML_EMPTY });
  const sent = h.creates().slice(before);
  expect(sent).toHaveLength(1);
  expect(sent[0].authUser).toBe(FAKE.apiKey);
  expect(sent[0].host).toBe('api.twilio.com');
  expect(sent[0].params).toMatchObject({
    To: FAKE.primaryNumber,
    From: FAKE.relayNumber,
    Body: `From Dispatch (${FAKE.dispatcher.number}): Unit 7 to Main St`,
    StatusCallback: `${h.relay.url}/sms/status?relay_leg=primary&relay_in=${sms.MessageSid}&relay_last=0`,
  });
  await waitFor('the delivered audit line', () => h.audit.chain(sms.MessageSid).some((l) => l.audit === 'delivered'));
  expect(h.audit.chain(sms.MessageSid).map((l) => l.audit)).toEqual(['received', 'forwarded', 'pending', 'delivered']);
  expect(h.emulator.callbacks.filter((c) => c.answer !== 200)).toEqual([]);
});

test('an undelivered primary leg is sent once to the backup, from the status callback', async () => {
  h.emulator.script[FAKE.primaryNumber] = { outcome: 'undelivered', errorCode: 30003 };
  const before = h.creates().length;
  const sms = inboundSms(FAKE.fieldUnit, 'Need backup at gate 4');
  await h.sendInbound(sms);

  await waitFor('the backup to be delivered', () => h.audit.chain(sms.MessageSid).some((l) => l.audit === 'delivered' && l.leg === 'backup'));
  const sent = h.creates().slice(before);
  expect(sent.map((r) => r.params.To)).toEqual([FAKE.primaryNumber, FAKE.backupNumber]);
  expect(sent[1].authUser).toBe(FAKE.apiKey);
  expect(sent[1].params.Body).toBe(`From ${FAKE.fieldUnit}: Need backup at gate 4`);
  expect(sent[1].params.StatusCallback).toBe(`${h.relay.url}/sms/status?relay_leg=backup&relay_in=${sms.MessageSid}&relay_last=1&relay_perr=30003`);
  expect(h.audit.chain(sms.MessageSid).map((l) => `${l.audit}:${l.leg ?? ''}`)).toEqual([
    'received:',
    'forwarded:primary',
    'pending:primary',
    'failover:primary',
    'forwarded:backup',
    'pending:backup',
    'delivered:backup',
  ]);
});

test('a sender not on the whitelist gets nothing sent and no reply', async () => {
  const before = h.creates().length;
  const sms = inboundSms(FAKE.stranger, 'hello?');
  const answer = await h.sendInbound(sms);

  expect(answer.text).toBe(TWIML_EMPTY);
  expect(h.creates().length).toBe(before);
  expect(h.audit.chain(sms.MessageSid).map((l) => [l.audit, l.reason])).toEqual([
    ['received', undefined],
    ['rejected', 'not-whitelisted'],
  ]);
});

test('without a gate, the functions themselves refuse unsigned and mis-signed requests locally', async () => {
  const before = h.creates().length;
  const sms = inboundSms(FAKE.dispatcher.number, 'spoofed');
  const unsigned = await postSigned(`${h.relay.url}/sms/incoming`, sms, null);
  const wrongKey = await postSigned(`${h.relay.url}/sms/incoming`, sms, 'not-the-auth-token');
  const forgedCallback = await postSigned(
    `${h.relay.url}/sms/status?relay_leg=primary&relay_in=${sms.MessageSid}&relay_last=0`,
    { MessageSid: sms.MessageSid, MessageStatus: 'undelivered', AccountSid: FAKE.accountSid },
    FAKE.authToken,
    `${h.relay.url}/sms/status?relay_leg=backup&relay_in=${sms.MessageSid}&relay_last=1`,
  );

  expect([unsigned.status, wrongKey.status, forgedCallback.status]).toEqual([401, 401, 401]);
  expect(h.creates().length).toBe(before);
});
