/** A whitelist asset that is not valid JSON: nothing is forwarded, the main path and the fallback say why. */
import { FAKE, inboundSms } from '../../dev/fixtures';
import { postSigned } from '../../dev/signed-post';
import { useRelay } from '../support/relay-harness';

const h = useRelay('gated', { whitelist: '{"senders": ["+16195550100", ' });

test('the main handler fails closed: HTTP 500 (Twilio error 11200), nothing sent, an error line saying why', async () => {
  const sms = inboundSms(FAKE.dispatcher.number, 'should not be relayed');
  const answer = await h.sendInbound(sms);

  expect(answer.status).toBe(500);
  expect(h.creates()).toEqual([]);
  expect(h.audit.chain(sms.MessageSid).pop()).toMatchObject({
    audit: 'error',
    level: 'error',
    reason: expect.stringContaining('failing closed, nothing forwarded: whitelist is not valid JSON'),
  });
});

test('the fallback cannot check the sender either, so it sends nothing and logs an error', async () => {
  const sms = { ...inboundSms(FAKE.dispatcher.number, 'fallback too'), ErrorCode: '11200', ErrorUrl: 'https://relay/sms/incoming' };
  const answer = await postSigned(`${h.relay.url}/sms/fallback`, sms, FAKE.authToken);

  expect(answer.status).toBe(200);
  expect(h.creates()).toEqual([]);
  expect(h.audit.chain(sms.MessageSid).map((l) => l.audit)).toEqual(['fallback', 'error']);
});
