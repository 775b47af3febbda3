/**
 * Twilio's keywords through `npm start` with Sync on (two-way): Twilio answers STOP, START and HELP
 * itself, so the relay passes them to nobody, whoever sends them; an ordinary message still goes.
 */
import { FAKE, inboundSms } from '../../dev/fixtures';
import { useRelay } from '../support/relay-harness';

const h = useRelay('gated', { env: { SYNC_SERVICE_SID: FAKE.syncServiceSid } });

test.each([
  ['the dispatcher', 'STOP', FAKE.dispatcher.number],
  ['the primary', ' stop ', FAKE.primaryNumber],
  ['the dispatcher', 'Help', FAKE.dispatcher.number],
])('%s sending "%s" reaches nobody, audited as a keyword', async (_who, body, from) => {
  const before = h.creates().length;
  const sms = inboundSms(from, body);
  const answer = await h.sendInbound(sms);
  expect(answer).toEqual({ status: 200, text: '<?xml version="1.0" encoding="UTF-8"?><Response/>' });
  expect(h.creates().length).toBe(before);
  expect(h.audit.chain(sms.MessageSid).map((l) => l.audit)).toEqual(['received', 'keyword']);
});

test('a message that merely contains a keyword is still a dispatch', async () => {
  const sms = inboundSms(FAKE.dispatcher.number, 'Stop at the north gate');
  await h.sendInbound(sms);
  // Two-way is on with Sync: the forward carries the dispatch's code.
  expect(h.creates().at(-1)?.params).toMatchObject({ To: FAKE.primaryNumber, Body: expect.stringMatching(/^From Dispatch \(\+16195550100\) #\d{1,3}: Stop at the north gate$/) });
});
