/** Degraded mode: the number's SmsFallbackUrl, called by Twilio when /sms/incoming failed. */
import { FAKE, inboundSms } from '../../dev/fixtures';
import { postSigned } from '../../dev/signed-post';
import { waitFor } from '../../dev/wait-for';
import { useRelay } from '../support/relay-harness';

// Sync is configured but down: the fallback must not need it.
const h = useRelay('gated', { env: { SYNC_SERVICE_SID: FAKE.syncServiceSid } });
const fallback = (params: Record<string, string>) => postSigned(`${h.relay.url}/sms/fallback`, params, FAKE.authToken);

test('an authorized message goes to the backup, marked, without Sync', async () => {
  h.emulator.faults.push({ match: (r) => r.path.startsWith('/v1/Services/'), fault: { kind: 'status', status: 503 }, times: Infinity });
  const sms = { ...inboundSms(FAKE.dispatcher.number, 'Main path is down'), ErrorCode: '11200', ErrorUrl: `${h.relay.url}/sms/incoming` };
  const answer = await fallback(sms);
  await h.emulator.idle();

  expect(answer).toEqual({ status: 200, text: '<?xml version="1.0" encoding="UTF-8"?><Response/>' });
  expect(h.creates().map((r) => [r.params.To, r.params.Body])).toEqual([
    [FAKE.backupNumber, `[relay fallback: main path failed] From Dispatch (${FAKE.dispatcher.number}): Main path is down`],
  ]);
  await waitFor('the backup delivery', () => h.audit.chain(sms.MessageSid).some((l) => l.audit === 'delivered'));
  // The fallback asks Sync nothing. With Sync set two-way is on, so the backup's status callback
  // (another function) looks for the dispatch's record, and only that: a read, which fails here.
  const dispatchRecord = `/Items/d:${sms.MessageSid}`;
  const sync = h.emulator.requests.filter((r) => r.path.startsWith('/v1/Services/'));
  expect(sync.filter((r) => r.method !== 'GET' || !r.path.endsWith(dispatchRecord))).toEqual([]);
  expect(h.audit.chain(sms.MessageSid)).toContainEqual(expect.objectContaining({ audit: 'dispatch-unavailable', level: 'warn' }));
  expect(h.audit.chain(sms.MessageSid)[0]).toMatchObject({ audit: 'fallback', level: 'error', errorCode: '11200' });
});

test('an unknown sender gets nothing, an unsigned request gets 401', async () => {
  const before = h.creates().length;
  await fallback(inboundSms(FAKE.stranger, 'hi'));
  const unsigned = await postSigned(`${h.relay.url}/sms/fallback`, inboundSms(FAKE.dispatcher.number, 'spoof'), null);
  expect(unsigned.status).toBe(401);
  expect(h.creates().length).toBe(before);
});
