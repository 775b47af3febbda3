/**
 * The same project under the Twilio CLI, as its users start it: `twilio serverless:start`
 * (@twilio-labs/plugin-serverless 3.1.3 with its own twilio-run 3.5.x, loading the project's
 * @twilio/runtime-handler). No gate runs there: the functions' own signature check does the job.
 * The first run installs the CLI into .cache (about a minute, from the npm registry).
 */
import { FAKE, inboundSms } from '../../dev/fixtures';
import { postSigned } from '../../dev/signed-post';
import { waitFor } from '../../dev/wait-for';
import { useRelay } from '../support/relay-harness';

const h = useRelay('twilio-cli');

test('whitelisted → primary; undelivered → backup, through the CLI runtime', async () => {
  h.emulator.script[FAKE.primaryNumber] = { outcome: 'undelivered', errorCode: 30005 };
  const before = h.creates().length;
  const sms = inboundSms(FAKE.dispatcher.number, 'CLI runtime check');
  const answer = await h.sendInbound(sms);

  expect(answer).toEqual({ status: 200, text: '<?xml version="1.0" encoding="UTF-8"?><Response/>' });
  await waitFor('the backup delivery', () => h.audit.chain(sms.MessageSid).some((l) => l.audit === 'delivered' && l.leg === 'backup'));
  const sent = h.creates().slice(before);
  expect(sent.map((r) => [r.authUser, r.params.To])).toEqual([
    [FAKE.apiKey, FAKE.primaryNumber],
    [FAKE.apiKey, FAKE.backupNumber],
  ]);
});

test('an unsigned POST to a protected function gets 401 here too (the CLI runtime checks nothing itself)', async () => {
  const before = h.creates().length;
  const answer = await postSigned(`${h.relay.url}/sms/incoming`, inboundSms(FAKE.dispatcher.number, 'spoof'), null);
  expect(answer.status).toBe(401);
  expect(h.creates().length).toBe(before);
});

test('the private whitelist asset is not served', async () => {
  const response = await fetch(`${h.relay.url}/whitelist.json`);
  expect(response.status).toBe(403);
});
