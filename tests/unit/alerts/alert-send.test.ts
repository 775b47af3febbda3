import { postAlert, type Fetch } from '../../../src/core/alerts/alert-post';
import { alertOnce } from '../../../src/core/alerts/alerts';
import { alertRefusal, REFUSAL_ALERT_INTERVAL_MS, resetRefusalAlerts } from '../../../src/core/alerts/refusal-alert';
import { ConfigError } from '../../../src/core/config';
import { deadlineIn } from '../../../src/core/twilio/deadline';
import { NO_CLAIMS, type ClaimRecord, type Claims } from '../../../src/core/twilio/claims';
import type { AuditRecord } from '../../../src/core/twilio/audit';

const URL_WITH_TOKEN = new URL('https://hooks.example.com/services/T0/B0/t0k3n');
const PAYLOAD = { text: 'sms-relay: test', blocks: [] };
const INBOUND = `SM${'0'.repeat(31)}a`;
const noSleep = async () => undefined;

/** A receiver answering each POST with the next status of `statuses` (the last one repeats). */
function receiver(...statuses: number[]) {
  const calls: Array<{ url: string; body: unknown }> = [];
  const fetchImpl = jest.fn(async (url: unknown, init?: RequestInit) => {
    calls.push({ url: String(url), body: JSON.parse(String(init?.body)) });
    return new Response('ok', { status: statuses[Math.min(calls.length - 1, statuses.length - 1)] });
  }) as unknown as Fetch;
  return { fetchImpl, calls };
}

/** A receiver that never answers: the request ends only when its signal aborts it. */
const hangingFetch = jest.fn(
  (_url: unknown, init?: RequestInit) =>
    new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason))),
) as unknown as Fetch;

/** Claims in memory: a second claim of the same key is "taken". */
function memoryClaims(): Claims & { held: Map<string, ClaimRecord> } {
  const held = new Map<string, ClaimRecord>();
  return {
    enabled: true,
    held,
    claim: async (kind, sid, record) => {
      if (held.has(`${kind}:${sid}`)) return { kind: 'taken', previous: held.get(`${kind}:${sid}`) };
      held.set(`${kind}:${sid}`, record);
      return { kind: 'claimed' };
    },
    settle: async (kind, sid, record) => (held.set(`${kind}:${sid}`, record), true),
  };
}

describe('postAlert', () => {
  it('retries a receiver that answers 500, and stops at the first 200', async () => {
    const { fetchImpl, calls } = receiver(500, 200);
    expect(await postAlert(URL_WITH_TOKEN, PAYLOAD, deadlineIn(5000), fetchImpl, noSleep)).toEqual({ ok: true, attempts: 2 });
    expect(calls).toHaveLength(2);
    expect(calls[0]).toEqual({ url: URL_WITH_TOKEN.href, body: PAYLOAD });
  });

  it('retries a 4xx too, at most three times, and says why without the URL', async () => {
    const { fetchImpl, calls } = receiver(404);
    const outcome = await postAlert(URL_WITH_TOKEN, PAYLOAD, deadlineIn(5000), fetchImpl, noSleep);
    expect(outcome).toEqual({ ok: false, attempts: 3, reason: 'the receiver answered HTTP 404' });
    expect(calls).toHaveLength(3);
  });

  it('gives a hung receiver what is left of the deadline, and no more', async () => {
    const outcome = await postAlert(URL_WITH_TOKEN, PAYLOAD, deadlineIn(350), hangingFetch, noSleep);
    expect(outcome).toEqual({ ok: false, attempts: 1, reason: 'the receiver did not answer in time' });
  });

  it('does not start with less time than an attempt needs', async () => {
    const { fetchImpl, calls } = receiver(200);
    expect(await postAlert(URL_WITH_TOKEN, PAYLOAD, deadlineIn(100), fetchImpl)).toEqual({ ok: false, attempts: 0, reason: 'no time was left to send it' });
    expect(calls).toHaveLength(0);
  });
});

describe('alertOnce', () => {
  let records: AuditRecord[];
  const audit = (record: AuditRecord) => records.push(record);
  beforeEach(() => {
    records = [];
  });
  afterEach(() => jest.restoreAllMocks());

  it('sends one alert per dispatch and kind: the claim gates a second call', async () => {
    const { fetchImpl, calls } = receiver(200);
    jest.spyOn(globalThis, 'fetch').mockImplementation(fetchImpl);
    const claims = memoryClaims();
    const deps = { claims, audit, deadline: deadlineIn(5000), alert: { url: URL_WITH_TOKEN, includeText: false } };
    const facts = { inbound: INBOUND, leg: 'backup' as const, reason: 'no phone could be sent the message', text: 'secret text' };
    await alertOnce(deps, 'exhausted', facts);
    await alertOnce(deps, 'exhausted', facts);
    await alertOnce(deps, 'unacknowledged', facts);
    expect(calls.map((call) => (call.body as { text: string }).text.split(':')[1].trim())).toEqual(['dispatch lost', 'dispatch not acknowledged in time']);
    expect(claims.held.get(`ax:${INBOUND}`)?.state).toBe('sent');
    expect(records).toEqual([
      { event: 'alert', alert: 'exhausted', inbound: INBOUND, attempts: 1 },
      { event: 'alert', alert: 'unacknowledged', inbound: INBOUND, attempts: 1 },
    ]);
    expect(JSON.stringify(calls)).not.toContain('secret text');
  });

  it.each([
    ['won', 1],
    ['unavailable', 1],
    ['lost', 0],
  ] as const)('takes over a claim its dead holder left "sending": %s, %d alert(s)', async (outcome, alerts) => {
    const { fetchImpl, calls } = receiver(200);
    jest.spyOn(globalThis, 'fetch').mockImplementation(fetchImpl);
    const previous: ClaimRecord = { state: 'sending', leg: 'backup', at: new Date(0).toISOString() };
    const claims: Claims = { enabled: true, claim: async () => ({ kind: 'stale', previous, takeOver: async () => outcome }), settle: jest.fn(async () => true) };
    await alertOnce({ claims, audit, deadline: deadlineIn(5000), alert: { url: URL_WITH_TOKEN, includeText: false } }, 'exhausted', { inbound: INBOUND, leg: 'backup', reason: 'x' });
    expect(calls).toHaveLength(alerts);
    expect(claims.settle).toHaveBeenCalledTimes(outcome === 'won' ? 1 : 0);
  });

  it('does nothing without ALERT_WEBHOOK_URL', async () => {
    const spy = jest.spyOn(globalThis, 'fetch');
    await alertOnce({ claims: NO_CLAIMS, audit, deadline: deadlineIn(5000) }, 'exhausted', { inbound: INBOUND, leg: 'primary', reason: 'x' });
    expect(spy).not.toHaveBeenCalled();
    expect(records).toEqual([]);
  });
});

describe('alertRefusal', () => {
  const env = { ALERT_WEBHOOK_URL: URL_WITH_TOKEN.href };
  const error = new ConfigError(['PRIMARY_NUMBER is not a valid phone number: "+1619555"']);
  let records: AuditRecord[];
  const audit = (record: AuditRecord) => records.push(record);
  beforeEach(() => {
    records = [];
    resetRefusalAlerts();
  });

  it('alerts at most once per minute per container', async () => {
    const { fetchImpl, calls } = receiver(200);
    let now = 1_000_000;
    const clock = () => now;
    await alertRefusal(env, error, deadlineIn(5000), audit, clock, fetchImpl);
    now += REFUSAL_ALERT_INTERVAL_MS - 1;
    await alertRefusal(env, error, deadlineIn(5000), audit, clock, fetchImpl);
    expect(calls).toHaveLength(1);
    now += 1;
    await alertRefusal(env, error, deadlineIn(5000), audit, clock, fetchImpl);
    expect(calls).toHaveLength(2);
    expect((calls[0].body as { text: string }).text).toBe('sms-relay: relay refuses to work: not configured: PRIMARY_NUMBER is not a valid phone number: "***9555"');
    expect(records.map((record) => record.alert)).toEqual(['refused', 'refused']);
  });

  it('alerts only a configuration or whitelist error, and only with a valid URL', async () => {
    const { fetchImpl, calls } = receiver(200);
    await alertRefusal(env, new Error('a bug'), deadlineIn(5000), audit, Date.now, fetchImpl);
    await alertRefusal({ ALERT_WEBHOOK_URL: 'http://example.com/tok' }, error, deadlineIn(5000), audit, Date.now, fetchImpl);
    await alertRefusal({}, error, deadlineIn(5000), audit, Date.now, fetchImpl);
    expect(calls).toHaveLength(0);
  });
});
