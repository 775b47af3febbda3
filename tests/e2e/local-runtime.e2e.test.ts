/**
 * The functions' own guard on plain `twilio-run start` (no gate in front, as under the Twilio CLI's
 * serverless:start): what a request or an env file can do to a local runtime.
 */
import { request } from 'node:http';
import { FAKE, inboundSms } from '../../dev/fixtures';
import { postSigned } from '../../dev/signed-post';
import { useRelay, type Harness } from '../support/relay-harness';

/** A POST with a Host header fetch() would never send. */
function postWithHost(url: string, host: string): Promise<number | string> {
  return new Promise((resolve) => {
    const body = new URLSearchParams(inboundSms(FAKE.dispatcher.number, 'bad host')).toString();
    const req = request(url, { method: 'POST', headers: { host, 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'anything' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', (error) => resolve(error.message));
    req.end(body);
  });
}

async function forwards(h: Harness, url: string, signUrl = url) {
  const before = h.creates().length;
  const answer = await postSigned(url, inboundSms(FAKE.dispatcher.number, 'signed'), FAKE.authToken, signUrl);
  await h.emulator.idle();
  return { status: answer.status, sent: h.creates().length - before };
}

describe('warm twilio-run (--no-fork-process --no-live: a crash would end the runtime)', () => {
  const h = useRelay('twilio-run');

  test('a malformed Host header gets a 400, and the next signed request is served', async () => {
    expect(await postWithHost(`${h.relay.url}/sms/incoming`, 'a b')).toBe(400);
    expect(await forwards(h, `${h.relay.url}/sms/incoming`)).toEqual({ status: 200, sent: 1 });
    expect(h.relay.process.exitCode).toBeNull();
  });

  test('a webhook URL with a query string of its own, correctly signed, is served; one signed for another value is not', async () => {
    const url = `${h.relay.url}/sms/incoming?site=north`;
    expect(await forwards(h, url)).toEqual({ status: 200, sent: 1 });
    expect(await forwards(h, url, `${h.relay.url}/sms/incoming?site=south`)).toEqual({ status: 401, sent: 0 });
  });
});

describe('PATH in the env file (twilio-run --load-local-env puts the shell\'s there), a process per request', () => {
  const h = useRelay('twilio-run', { fork: true, env: { PATH: '/usr/local/bin:/usr/bin:/bin' } });

  test('a correctly signed webhook is still served: the function checks its own route, not context.PATH', async () => {
    expect(await forwards(h, `${h.relay.url}/sms/incoming`)).toEqual({ status: 200, sent: 1 });
  });

  test('the query string survives the trip to the forked process: signed ?site=north is served, one signed for ?site=south is not', async () => {
    const url = `${h.relay.url}/sms/incoming?site=north`;
    expect(await forwards(h, url)).toEqual({ status: 200, sent: 1 });
    expect(await forwards(h, url, `${h.relay.url}/sms/incoming?site=south`)).toEqual({ status: 401, sent: 0 });
  });
});

describe('DOMAIN_NAME=*.twil.io in the env file, with a process per request (twilio-run\'s default)', () => {
  const h = useRelay('twilio-run', { fork: true, env: { DOMAIN_NAME: 'relay-1234-dev.twil.io' } });

  test('does not pass for "deployed": an unsigned POST is refused, nothing is sent, the audit names the variable', async () => {
    const unsigned = await postSigned(`${h.relay.url}/sms/incoming`, inboundSms(FAKE.dispatcher.number, 'forged'), null);
    expect(unsigned.status).toBe(500);
    expect(h.creates()).toEqual([]);
    expect(h.audit.lines().pop()).toMatchObject({ audit: 'rejected', level: 'error', reason: expect.stringContaining('DOMAIN_NAME is set to relay-1234-dev.twil.io') });
  });
});
