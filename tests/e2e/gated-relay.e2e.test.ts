/**
 * What `npm start` gives: the functions on the real runtime behind the signature gate, against
 * the emulator. Every assertion is on what reached the emulator (the stand-in for Twilio's API)
 * and on the audit trail.
 */
import { FAKE, inboundSms } from '../../dev/fixtures';
import { postSigned } from '../../dev/signed-post';
import { waitFor } from '../../dev/wait-for';
import { useRelay } from '../support/relay-harness';

const h = useRelay('gated');
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

async function forwardedBody(from: string, text: string, media: string[] = []) {
  const before = h.creates().length;
  await h.sendInbound(inboundSms(from, text, media));
  const sent = h.creates().slice(before);
  expect(sent).toHaveLength(1);
  return sent[0].params;
}

describe('signatures', () => {
  const url = () => `${h.relay.url}/sms/incoming`;

  test.each([
    ['no signature', null, undefined],
    ['a signature made with another key', 'wrong-auth-token', undefined],
    ['a signature for another URL', FAKE.authToken, 'http://localhost:1/sms/incoming'],
  ])('%s: 401 and nothing sent', async (_, key, signedUrl) => {
    const before = h.creates().length;
    const answer = await postSigned(url(), inboundSms(FAKE.dispatcher.number, 'spoof'), key, signedUrl ?? url());
    expect(answer.status).toBe(401);
    expect(answer.text).toMatch(/^Unauthorized: X-Twilio-Signature/);
    expect(h.creates().length).toBe(before);
  });

  test('a signed request whose parameters were altered afterwards: 401', async () => {
    const sms = inboundSms(FAKE.stranger, 'hi');
    const signature = require('twilio').getExpectedTwilioSignature(FAKE.authToken, url(), sms);
    const tampered = { ...sms, From: FAKE.dispatcher.number };
    const response = await fetch(url(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature },
      body: new URLSearchParams(tampered).toString(),
    });
    expect(response.status).toBe(401);
  });

  test('the private whitelist asset is never served: 403', async () => {
    const response = await fetch(`${h.relay.url}/whitelist.json`);
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain(FAKE.dispatcher.number);
  });
});

describe('what the gate checked is what the function gets', () => {
  const url = () => `${h.relay.url}/sms/incoming`;
  const sent = async (answer: Promise<{ status: number | string; text: string }>) => {
    const before = h.creates().length;
    const { status, text } = await answer;
    await h.emulator.idle();
    return { status, text, sent: h.creates().length - before };
  };

  test('a webhook URL with its own query string (?site=north), correctly signed, is forwarded; one signed for ?site=south is not', async () => {
    const sms = () => inboundSms(FAKE.dispatcher.number, 'north station');
    expect(await sent(postSigned(`${url()}?site=north`, sms(), FAKE.authToken))).toMatchObject({ status: 200, sent: 1 });
    expect(await sent(postSigned(`${url()}?site=north`, sms(), FAKE.authToken, `${url()}?site=south`))).toMatchObject({ status: 401, sent: 0 });
  });

  test('a correctly signed form whose Content-Type is spelled Application/x-www-form-urlencoded is forwarded', async () => {
    const sms = inboundSms(FAKE.dispatcher.number, 'mixed case');
    const signature = require('twilio').getExpectedTwilioSignature(FAKE.authToken, url(), sms);
    const answer = fetch(url(), {
      method: 'POST',
      headers: { 'Content-Type': 'Application/x-www-form-urlencoded', 'X-Twilio-Signature': signature },
      body: new URLSearchParams(sms).toString(),
    }).then(async (r) => ({ status: r.status, text: await r.text() }));
    expect(await sent(answer)).toMatchObject({ status: 200, sent: 1 });
  });

  test('error answers show no stack trace and no path of this machine', async () => {
    const signedJson = '{"MessageSid": ';
    const jsonUrl = `${url()}?bodySHA256=${require('twilio').getExpectedBodyHash(signedJson)}`;
    const signature = require('twilio').getExpectedTwilioSignature(FAKE.authToken, jsonUrl, {});
    const answers = await Promise.all([
      fetch(jsonUrl, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Twilio-Signature': signature }, body: signedJson }),
      fetch(`${h.relay.url}/no/such/function`),
      // express cannot decode this path: its finalhandler page holds the stack trace
      fetch(`${h.relay.url}/sms/%`),
    ]);
    expect(answers.map((r) => r.status)).toEqual([400, 404, 400]);
    for (const text of await Promise.all(answers.map((r) => r.text()))) {
      expect(text).not.toMatch(/ at |\/home\/|\/work\/|\.js\b|node_modules/);
    }
  });
});

describe('forwarding', () => {
  test('whitelisted → one primary send as the API key; delivered → nothing more', async () => {
    const before = h.creates().length;
    const sms = inboundSms(FAKE.dispatcher.number, 'Structure fire, 4th and Elm');
    await h.sendInbound(sms);
    await waitFor('delivered', () => h.audit.chain(sms.MessageSid).some((l) => l.audit === 'delivered'));
    const sent = h.creates().slice(before);
    expect(sent.map((r) => [r.authUser, r.params.To])).toEqual([[FAKE.apiKey, FAKE.primaryNumber]]);
  });

  test('primary undelivered → one backup send; backup fails → exhausted, no third send', async () => {
    h.emulator.script[FAKE.primaryNumber] = { outcome: 'undelivered', errorCode: 30003 };
    h.emulator.script[FAKE.backupNumber] = { outcome: 'failed', errorCode: 30008 };
    const before = h.creates().length;
    const sms = inboundSms(FAKE.dispatcher.number, 'Evacuate sector 2');
    await h.sendInbound(sms);
    const exhausted = await waitFor('exhausted', () => h.audit.chain(sms.MessageSid).find((l) => l.audit === 'exhausted'));
    await h.emulator.idle();

    expect(h.creates().slice(before).map((r) => r.params.To)).toEqual([FAKE.primaryNumber, FAKE.backupNumber]);
    expect(exhausted).toMatchObject({ level: 'error', leg: 'backup', errorCode: '30008', primaryErrorCode: '30003' });
  });

  test('primary refused at once (21610: recipient opted out) → backup right away', async () => {
    h.emulator.script[FAKE.primaryNumber] = { outcome: 'refuse', status: 400, code: 21610 };
    const before = h.creates().length;
    const sms = inboundSms(FAKE.fieldUnit, 'Road closed');
    await h.sendInbound(sms);

    expect(h.creates().slice(before).map((r) => r.params.To)).toEqual([FAKE.primaryNumber, FAKE.backupNumber]);
    expect(h.audit.chain(sms.MessageSid).map((l) => `${l.audit}:${l.leg ?? ''}:${l.errorCode ?? ''}`).slice(0, 4)).toEqual([
      'received::',
      'send-failed:primary:21610',
      'failover:backup:21610',
      'forwarded:backup:',
    ]);
  });

  test('unknown sender → nothing sent', async () => {
    const before = h.creates().length;
    await h.sendInbound(inboundSms(FAKE.stranger, 'who is this'));
    expect(h.creates().length).toBe(before);
  });

  test('MMS with 3 media → the 3 media URLs are forwarded, in order', async () => {
    const media = [1, 2, 3].map((n) => `https://api.twilio.com/2010-04-01/Accounts/${FAKE.accountSid}/Messages/MM${'0'.repeat(31)}${n}/Media/ME${'0'.repeat(31)}${n}`);
    const params = await forwardedBody(FAKE.dispatcher.number, 'photos of the scene', media);
    expect(params.MediaUrl).toEqual(media);
  });

  test('media-only MMS is forwarded too', async () => {
    const media = [`https://api.twilio.com/2010-04-01/Accounts/${FAKE.accountSid}/Messages/MM${'1'.repeat(32)}/Media/ME${'1'.repeat(32)}`];
    const params = await forwardedBody(FAKE.dispatcher.number, '', media);
    expect(params.Body).toBe(`From Dispatch (${FAKE.dispatcher.number}): (media only)`);
    expect(params.MediaUrl).toBe(media[0]);
  });

  test('a 1,600-character emoji body arrives as a valid body of at most 1,600 characters', async () => {
    const params = await forwardedBody(FAKE.dispatcher.number, '🚒'.repeat(800));
    const body = params.Body as string;
    expect(body.length).toBeLessThanOrEqual(1600);
    expect(body).toMatch(/^From Dispatch \(\+16195550100\): (?:🚒)+ …\[truncated\]$/u);
    expect(LONE_SURROGATE.test(body)).toBe(false);
  });

  test('TwiML in a body is relayed as plain text, never interpreted', async () => {
    const text = '<Response><Message to="+15555550100">pwned</Message></Response> & <Redirect/>';
    const params = await forwardedBody(FAKE.dispatcher.number, text);
    expect(params.Body).toBe(`From Dispatch (${FAKE.dispatcher.number}): ${text}`);
    expect(h.creates().filter((r) => r.params.To === '+15555550100')).toEqual([]);
  });
});
