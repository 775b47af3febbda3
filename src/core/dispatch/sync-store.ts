import type { RelayConfig } from '../config';
import { CLAIM_BUDGET_MS } from '../twilio/claims';
import type { RestClient } from '../twilio/client';
import type { Deadline } from '../twilio/deadline';
import { REST_RETRY } from '../twilio/retry';
import { containerCodeHint, type CodeHint } from './code-hint';
import { dispatchMapNames, loopAddress, RECORD_KEY_PREFIX, recordAddress, type ItemAddress } from './dispatch-maps';
import { NO_LOOP, type LoopState } from './loop-breaker';
import { isOpen, type DispatchRecord } from './record';
import { LOOP_TTL_SECONDS, type DispatchStore } from './store';
import { syncCodeLocks, ttlUntil } from './sync-codes';
import { syncItems, SyncUnavailable, type SyncItems } from './sync-items';

/**
 * Each method gets at most this long (of its share, or of the invocation's deadline), as a claim
 * does: two-way's bookkeeping must never eat a send's time.
 */
export const STORE_BUDGET_MS = CLAIM_BUDGET_MS;

interface Rewrite<T> {
  /** What a missing item starts from; without it, a missing item is left missing. */
  initial?: T;
  /** The TTL of a created item, and of an updated one when `refresh`. */
  ttlSeconds: (value: T) => number;
  refresh: boolean;
}

/**
 * Read, apply `change`, write with If-Match on the revision read; on 54205 (or a create meeting
 * 54208) read and apply again, until the write lands or the share runs out
 * (https://www.twilio.com/docs/sync/mutation-and-conflict-resolution). The same object back
 * from `change` writes nothing. Undefined when the item is missing and there is no `initial`.
 */
async function rewrite<T>(items: SyncItems, at: ItemAddress, change: (value: T) => T, how: Rewrite<T>, part: Deadline): Promise<T | undefined> {
  for (;;) {
    const current = await items.fetch<T>(at, part);
    if (!current && how.initial === undefined) return undefined;
    const before = current ? current.data : (how.initial as T);
    const after = change(before);
    if (after === before) return before;
    const written = current
      ? await items.update(at, after, current.revision, how.refresh ? how.ttlSeconds(after) : undefined, part)
      : await items.create(at, after, how.ttlSeconds(after), part);
    if (written) return after;
    if (part.remaining() < REST_RETRY.minAttemptMs) throw new SyncUnavailable(`Sync unavailable: ${at.key} kept changing under its update`);
  }
}

/**
 * DispatchStore on Sync Map Items (layout and write arithmetic: dispatch-maps.ts): records
 * `d:<inboundSid>` and code locks `code:<n>` with Sync's TTL at the dispatch's openUntil, the
 * loop breaker's pair states `lp:<leg>:<digits>` for LOOP_TTL_SECONDS after their last write.
 * Records change only through `rewrite` (If-Match). `hint` is the container's (code-hint.ts);
 * tests pass their own to play another container, `now` the clock expiry is judged by.
 */
export function syncDispatchStore(
  client: RestClient,
  serviceSid: string,
  mapPrefix: string,
  deadline: Deadline,
  hint: CodeHint = containerCodeHint(serviceSid, mapPrefix),
  now: () => number = Date.now,
): DispatchStore {
  const items = syncItems(client, serviceSid, STORE_BUDGET_MS);
  const codes = syncCodeLocks(items, mapPrefix, hint, now);
  const budget = (part: Deadline = deadline) => part.within(STORE_BUDGET_MS);
  const open = (record: DispatchRecord | undefined) => (record && isOpen(record, new Date(now())) ? record : undefined);
  const recordTtl = (record: DispatchRecord) => ttlUntil(Date.parse(record.openUntil), now());

  return {
    async get(inboundSid, part) {
      return open((await items.fetch<DispatchRecord>(recordAddress(mapPrefix, inboundSid), budget(part)))?.data);
    },
    async create(record, part) {
      const share = budget(part);
      const at = recordAddress(mapPrefix, record.inboundSid);
      // A code won for a record that is not written with it would stay locked for the whole window.
      const freeCode = () => (record.code === undefined ? undefined : codes.free(record.code, share).catch(() => undefined));
      try {
        if (await items.create(at, record, recordTtl(record), share)) return record;
        // A repeated webhook got there first (or this create's own answer was lost): that one counts.
        const existing = await items.fetch<DispatchRecord>(at, share);
        if (!existing) throw new SyncUnavailable(`Sync unavailable: ${at.key} exists but cannot be read`);
        if (existing.data.code !== record.code) await freeCode();
        return existing.data;
      } catch (error) {
        await freeCode();
        throw error;
      }
    },
    update: (inboundSid, change, part) =>
      rewrite(items, recordAddress(mapPrefix, inboundSid), change, { ttlSeconds: recordTtl, refresh: false }, budget(part)),
    allocateCode: (inboundSid, openUntil, part) => codes.allocate(inboundSid, openUntil, budget(part)),
    releaseCode: (code, part) => codes.free(code, budget(part)).catch(() => undefined),
    async openRecords(at, part) {
      const share = budget(part);
      const maps = await Promise.all(dispatchMapNames(mapPrefix).map((map) => items.list<DispatchRecord>(map, share)));
      return maps
        .flat()
        .filter((item) => item.key.startsWith(RECORD_KEY_PREFIX) && (item.expires === undefined || item.expires > now()) && isOpen(item.data, at))
        .map((item) => item.data);
    },
    async updateLoop(dispatcher, leg, change, part) {
      const how = { initial: NO_LOOP, ttlSeconds: () => LOOP_TTL_SECONDS, refresh: true };
      return (await rewrite<LoopState>(items, loopAddress(mapPrefix, dispatcher, leg), change, how, budget(part))) ?? NO_LOOP;
    },
  };
}

/** The relay's store when Sync is configured (two-way needs it), else undefined: relayServices' counterpart. */
export function dispatchStoreFor(config: RelayConfig, client: RestClient, deadline: Deadline): DispatchStore | undefined {
  return config.sync ? syncDispatchStore(client, config.sync.serviceSid, config.sync.map, deadline) : undefined;
}
