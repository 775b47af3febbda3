/**
 * The relay's real REST client (twilio SDK, API key, loopback to the emulator) against an emulator
 * that checks every request with Twilio's OpenAPI description: what the relay sends must raise no
 * violation, and a request that breaks the contract is refused with 400 and recorded.
 */
import { loadTwilioSpecs } from '../../dev/contract/spec';
import { createContractCheck } from '../../dev/contract/validator';
import { startEmulator, type Emulator } from '../../dev/emulator/server';
import { FAKE, FAKE_ACCOUNT, fakeEnv } from '../../dev/fixtures';
import { readConfig } from '../../src/core/config';
import { deadlineIn } from '../../src/core/twilio/deadline';
import { createParams, fetchSentContent, sendMessage, type OutboundMessage } from '../../src/core/sms/messaging';
import { createRestClient, type RestClient } from '../../src/core/twilio/client';
import { findSent } from '../../src/core/sms/sent-lookup';
import { onTheWire } from './wire-form';

let emulator: Emulator;
let client: RestClient;

beforeAll(async () => {
  emulator = await startEmulator({
    ...FAKE_ACCOUNT,
    // No status callbacks: nothing listens at the StatusCallback URLs below.
    defaultDelivery: { outcome: 'silent' },
    contract: createContractCheck(loadTwilioSpecs()),
  });
  // A generous deadline: the client outlives one invocation here, and each call is still bounded by REQUEST_TIMEOUT_MS.
  client = createRestClient(readConfig(fakeEnv(emulator.url)), deadlineIn(120_000));
});

afterAll(() => emulator?.close());

const CALLBACK = `https://sms-relay-1234-dev.twil.io/sms/status?relay_leg=primary&relay_in=SM${'e5'.repeat(16)}&relay_last=0`;
const MEDIA = [1, 2, 3].map((i) => `https://example.com/photos/${i}.jpg`);

const message = (extra: Partial<OutboundMessage> = {}): OutboundMessage => ({
  to: FAKE.primaryNumber,
  from: FAKE.relayNumber,
  content: { body: `From Dispatch (${FAKE.dispatcher.number}): Unit 7 to Main St`, mediaUrl: [] },
  statusCallback: CALLBACK,
  ...extra,
});

async function send(outbound: OutboundMessage): Promise<string> {
  const result = await sendMessage(client, outbound, deadlineIn(8000));
  if (!result.ok) throw new Error(`send failed: ${JSON.stringify(result.failure)}; violations: ${emulator.violations.join('\n')}`);
  expect(emulator.requests.at(-1)?.params).toEqual(onTheWire(createParams(outbound)));
  return result.sid;
}

test('text, MMS, Messaging Service sends, a fetch and a media list all fit the contract', async () => {
  await send(message());
  const mms = await send(message({ content: { body: 'From +18585550123: photos', mediaUrl: MEDIA } }));
  await send(message({ messagingServiceSid: 'MG' + 'd4'.repeat(16) }));
  const sent = await fetchSentContent(client, mms, deadlineIn(8000));
  if (!sent.ok) throw new Error(sent.reason);

  expect(emulator.violations).toEqual([]);
  expect(sent.content.body).toBe('From +18585550123: photos');
  expect(sent.content.mediaUrl).toHaveLength(3);
  expect(emulator.requests.map((r) => `${r.method} ${r.host} ${r.path.replace(FAKE.accountSid, '{AC}').replace(mms, '{MM}')} ${r.authUser}`)).toEqual([
    `POST api.twilio.com /2010-04-01/Accounts/{AC}/Messages.json ${FAKE.apiKey}`,
    `POST api.twilio.com /2010-04-01/Accounts/{AC}/Messages.json ${FAKE.apiKey}`,
    `POST api.twilio.com /2010-04-01/Accounts/{AC}/Messages.json ${FAKE.apiKey}`,
    `GET api.twilio.com /2010-04-01/Accounts/{AC}/Messages/{MM}.json ${FAKE.apiKey}`,
    `GET api.twilio.com /2010-04-01/Accounts/{AC}/Messages/{MM}/Media.json ${FAKE.apiKey}`,
  ]);
  expect(emulator.requests[1].params.MediaUrl).toEqual(MEDIA);
});

test('the lookup after an ambiguous failure (Messages list by To and From, newest first) fits the contract', async () => {
  const outbound = message({ content: { body: `From Dispatch (${FAKE.dispatcher.number}): look me up`, mediaUrl: [] } });
  const attempt = new Date();
  const sid = await send(outbound);
  // Still queued (no date_sent yet): the lookup filters on date_created, so it finds it all the same.
  await expect(findSent(client, outbound, attempt, deadlineIn(8000))).resolves.toMatchObject({ kind: 'found', sid });
  // A message created before the attempt is another dispatch with the same text, not this one's lost answer.
  await expect(findSent(client, outbound, new Date(Date.now() + 2000), deadlineIn(8000))).resolves.toEqual({ kind: 'not-found' });

  expect(emulator.violations).toEqual([]);
  const lookup = emulator.requests.at(-1)!;
  expect(lookup).toMatchObject({ method: 'GET', path: `/2010-04-01/Accounts/${FAKE.accountSid}/Messages.json` });
  expect(lookup.params).toEqual({ To: FAKE.primaryNumber, From: FAKE.relayNumber, PageSize: '20' });
});

test('a request that breaks the contract is answered 400 and recorded', async () => {
  const messagesBefore = emulator.messages.size;
  const violationsBefore = emulator.violations.length;
  const response = await fetch(`${emulator.url}/2010-04-01/Accounts/${FAKE.accountSid}/Messages.json`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${FAKE.apiKey}:${FAKE.apiSecret}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Forwarded-Host': 'api.twilio.com',
    },
    body: new URLSearchParams({ To: FAKE.primaryNumber, From: FAKE.relayNumber, Bodyy: 'typo' }).toString(),
  });

  expect(response.status).toBe(400);
  expect(await response.json()).toMatchObject({ status: 400, message: expect.stringContaining('unknown parameter Bodyy') });
  const recorded = emulator.violations.slice(violationsBefore);
  expect(recorded).toEqual([
    expect.stringMatching(/^POST \/2010-04-01\/Accounts\/AC\w+\/Messages\.json: unknown parameter Bodyy \(did you mean Body\?\)/),
    expect.stringMatching(/one of Body, MediaUrl, ContentSid is required/),
  ]);
  expect(emulator.requests.at(-1)?.params).toMatchObject({ Bodyy: 'typo' });
  expect(emulator.messages.size).toBe(messagesBefore);
});
