/**
 * Escalation with ALERT_WEBHOOK_URL (issues 11 and 13): the dispatcher's "not acknowledged" message
 * going out is the deadline passing, so the operator's channel hears of it too, exactly once.
 */
import { DISPATCH } from '../support/mock-runtime';
import { useTwoWayBed } from '../support/two-way-bed';

const HOOK = 'https://hooks.example.com/services/T0/B0/s3cr3t-t0k3n';
const bed = useTwoWayBed({ ACK_TIMEOUT_MINUTES: '15', MESSAGING_SERVICE_SID: `MG${'0'.repeat(31)}3`, ALERT_WEBHOOK_URL: HOOK });
let posted: Array<{ text: string }>;

beforeEach(() => {
  posted = [];
  jest.spyOn(globalThis, 'fetch').mockImplementation(async (_url, init) => {
    posted.push(JSON.parse(String(init?.body)));
    return new Response('ok');
  });
});

it('alerts once when the dispatcher\'s "not acknowledged" message goes out, its callbacks delivered twice', async () => {
  const b = bed();
  await b.inbound(DISPATCH, 'Gate code changed');
  const [, , notice] = b.sent();
  expect(posted).toEqual([]);
  await b.status(notice, 'queued');
  await b.status(notice, 'queued');
  await b.status(notice, 'delivered');
  expect(posted).toHaveLength(1);
  expect(posted[0].text).toContain('not acknowledged in time');
  expect(posted[0].text).toContain('#1');
  expect(posted[0].text).not.toContain('Gate code changed');
});

it.each(['the escalated copy', 'the primary'])('alerts once when %s is the last phone to fail', async (lastToFail) => {
  const b = bed();
  await b.inbound(DISPATCH, 'Gate code changed');
  const [forward, copy] = b.sent();
  b.fake.update.mockResolvedValue({});
  await b.status(copy, 'queued');
  if (lastToFail === 'the escalated copy') await b.status(forward, 'undelivered', '30003');
  await b.status(copy, 'undelivered', '30005');
  if (lastToFail === 'the primary') await b.status(forward, 'undelivered', '30003');
  expect(posted.map((p) => p.text)).toEqual([expect.stringContaining('no phone received')]);
});
