/**
 * Load through the warm runtime with every primary leg failing: each message must reach the
 * backup exactly once, and a second batch with every webhook and every status callback
 * delivered twice must give exactly the same counts. LOAD_MESSAGES and LOAD_CONCURRENCY size it
 * (default 500 at 20, about half a minute on 2 cores). The emulator enforces Sync's documented
 * rate limit (20 writes/s per Map, items included, 10 s burst): no claim may fall back to
 * "unavailable" because of it. Traffic stays on 127.0.0.1.
 */
import { SYNC_OBJECT_LIMIT } from '../../dev/emulator/rate-limit';
import { FAKE, inboundSms } from '../../dev/fixtures';
import { waitFor } from '../../dev/wait-for';
import type { AuditLine } from '../support/audit-file';
import { useRelay } from '../support/relay-harness';

const MESSAGES = Number(process.env.LOAD_MESSAGES ?? 500);
const CONCURRENCY = Number(process.env.LOAD_CONCURRENCY ?? 20);
const h = useRelay('gated', { env: { SYNC_SERVICE_SID: FAKE.syncServiceSid }, emulator: { syncLimit: SYNC_OBJECT_LIMIT } });

/** Runs `work` for every item, at most `limit` at a time. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

function chainsBySid(lines: AuditLine[]): Map<string, string[]> {
  const chains = new Map<string, string[]>();
  for (const line of lines) if (line.inbound) chains.set(line.inbound, [...(chains.get(line.inbound) ?? []), `${line.audit}:${line.leg ?? ''}`]);
  return chains;
}

async function runBatch(label: string, copies: number) {
  const senders = [FAKE.dispatcher.number, FAKE.fieldUnit];
  const batch = Array.from({ length: MESSAGES }, (_, i) => inboundSms(senders[i % 2], `${label} #${i}`));
  const before = { primary: h.emulator.sentTo(FAKE.primaryNumber).length, backup: h.emulator.sentTo(FAKE.backupNumber).length };
  h.emulator.callbackCopies = copies;
  const started = Date.now();
  const throttledBefore = h.emulator.sync.limits.refused;
  const answers: Array<number | string> = [];
  await pool(batch.flatMap((sms) => Array(copies).fill(sms)), CONCURRENCY, async (sms) => answers.push((await h.sendInbound(sms)).status));
  const sids = new Set(batch.map((sms) => sms.MessageSid));
  await waitFor(`${label}: every backup delivered`, () => {
    const chains = chainsBySid(h.audit.lines());
    return [...sids].every((sid) => chains.get(sid)?.includes('delivered:backup'));
  }, 120000, 250);
  await h.emulator.idle();
  const seconds = (Date.now() - started) / 1000;

  const chains = chainsBySid(h.audit.lines());
  const incomplete = [...sids].filter((sid) => {
    const chain = chains.get(sid) ?? [];
    return !['received:', 'forwarded:primary', 'failover:primary', 'forwarded:backup', 'delivered:backup'].every((step) => chain.includes(step));
  });
  const sent = { primary: h.emulator.sentTo(FAKE.primaryNumber).length - before.primary, backup: h.emulator.sentTo(FAKE.backupNumber).length - before.backup };
  const mine = h.audit.lines().filter((l) => sids.has(l.inbound ?? ''));
  const errors = mine.filter((l) => l.level === 'error');
  const claimUnavailable = mine.filter((l) => l.audit === 'claim-unavailable');
  // Two-way is on (Sync): every dispatch should get its record; a code unless all 999 are open.
  const dispatchUnavailable = mine.filter((l) => l.audit === 'dispatch-unavailable');
  const coded = new Set(mine.filter((l) => l.audit === 'forwarded' && l.leg === 'primary' && typeof l.code === 'number').map((l) => l.inbound));
  const throttled = h.emulator.sync.limits.refused - throttledBefore;
  const failedCallbacks = h.emulator.callbacks.filter((c) => c.answer !== 200);
  console.info(
    `${label}: ${MESSAGES} messages × ${copies} at concurrency ${CONCURRENCY}: ${seconds.toFixed(1)} s wall, ` +
      `${sent.primary} primary + ${sent.backup} backup sends, ${incomplete.length} incomplete chains, ${errors.length} error lines, ` +
      `${claimUnavailable.length} claim-unavailable lines, ${throttled} Sync requests answered 429, ${failedCallbacks.length} callbacks not answered 200, ` +
      `${coded.size} forwards with a code, ${dispatchUnavailable.length} dispatch-unavailable lines`,
  );
  return { answers, sent, incomplete, errors, claimUnavailable, failedCallbacks, dispatchUnavailable };
}

beforeEach(() => {
  h.emulator.script[FAKE.primaryNumber] = { outcome: 'undelivered', errorCode: 30003 };
});

test(`${MESSAGES} messages, every primary failing: exactly ${MESSAGES} primary and ${MESSAGES} backup sends, every chain complete`, async () => {
  const result = await runBatch('load', 1);
  expect(result.answers.filter((status) => status !== 200)).toEqual([]);
  expect(result.sent).toEqual({ primary: MESSAGES, backup: MESSAGES });
  expect(result.incomplete).toEqual([]);
  expect(result.errors).toEqual([]);
  expect(result.claimUnavailable).toEqual([]);
  expect(result.dispatchUnavailable).toEqual([]);
  expect(result.failedCallbacks).toEqual([]);
}, 300000);

test(`the same with every webhook and every status callback delivered twice: still exactly ${MESSAGES} + ${MESSAGES}`, async () => {
  const result = await runBatch('load-duplicated', 2);
  expect(result.answers.filter((status) => status !== 200)).toEqual([]);
  expect(result.sent).toEqual({ primary: MESSAGES, backup: MESSAGES });
  expect(result.incomplete).toEqual([]);
  expect(result.errors).toEqual([]);
  expect(result.claimUnavailable).toEqual([]);
  expect(result.dispatchUnavailable).toEqual([]);
}, 300000);
