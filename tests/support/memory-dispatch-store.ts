import type { DispatchStore } from '../../src/core/dispatch/store';
import { LOOP_TTL_SECONDS } from '../../src/core/dispatch/store';
import { NO_LOOP, type LoopState } from '../../src/core/dispatch/loop-breaker';
import { isOpen, type DispatchRecord } from '../../src/core/dispatch/record';
import { MAX_CODE, MIN_CODE } from '../../src/core/dispatch/codes';

interface Entry<T> {
  value: T;
  revision: number;
  /** Epoch ms: invisible from then on, as Sync's TTL makes an item. */
  expires: number;
}

export interface MemoryDispatchStore extends DispatchStore {
  /** How many writes (creates and updates) reached the store: a no-op change adds none. */
  readonly writes: number;
  /** Every record stored, expired ones included, for assertions. */
  readonly records: ReadonlyMap<string, DispatchRecord>;
}

/**
 * DispatchStore in memory, with the Sync store's semantics (sync-store.ts) for handler tests:
 * create returns the record that exists already; update reads, applies, and re-applies when
 * another update wrote in between (the If-Match race: between its read and its write it yields,
 * so concurrent updates really interleave); a change returning the same object writes nothing;
 * records and code locks vanish at openUntil; the smallest free code is taken, and a code held
 * by the same inboundSid is returned again (a retried webhook). `now` is the clock expiry is
 * judged by (a test's fake time).
 */
export function memoryDispatchStore(now: () => number = Date.now): MemoryDispatchStore {
  const records = new Map<string, Entry<DispatchRecord>>();
  const codes = new Map<number, Entry<string>>();
  const loops = new Map<string, Entry<LoopState>>();
  let writes = 0;
  const live = <K, T>(table: Map<K, Entry<T>>, key: K) => {
    const entry = table.get(key);
    return entry && entry.expires > now() ? entry : undefined;
  };
  // openUntil is fixed at creation, so a record's expiry never moves.
  const recordTtl = (record: DispatchRecord) => Date.parse(record.openUntil);
  const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

  async function change<K, T>(table: Map<K, Entry<T>>, key: K, apply: (value: T) => T, fallback: T | undefined, expires: (value: T) => number) {
    for (;;) {
      const read = live(table, key);
      if (!read && fallback === undefined) return undefined;
      const before = read ? read.value : (fallback as T);
      const after = apply(before);
      if (after === before) return before;
      await yieldTurn();
      const current = live(table, key);
      if ((current?.revision ?? 0) !== (read?.revision ?? 0)) continue;
      writes += 1;
      table.set(key, { value: after, revision: (read?.revision ?? 0) + 1, expires: expires(after) });
      return after;
    }
  }
  return {
    get writes() {
      return writes;
    },
    get records() {
      return new Map([...records].map(([key, entry]) => [key, entry.value]));
    },
    async get(inboundSid) {
      return live(records, inboundSid)?.value;
    },
    async create(record) {
      const existing = live(records, record.inboundSid);
      if (existing) return existing.value;
      writes += 1;
      records.set(record.inboundSid, { value: record, revision: 1, expires: recordTtl(record) });
      return record;
    },
    update: (inboundSid, apply) => change(records, inboundSid, apply, undefined, recordTtl),
    async allocateCode(inboundSid, openUntil) {
      for (let code = MIN_CODE; code <= MAX_CODE; code += 1) {
        const holder = live(codes, code);
        if (holder?.value === inboundSid) return code;
        if (holder) continue;
        writes += 1;
        codes.set(code, { value: inboundSid, revision: 1, expires: openUntil.getTime() });
        return code;
      }
      return undefined;
    },
    async releaseCode(code) {
      codes.delete(code);
    },
    async openRecords(at) {
      return [...records.values()].filter((entry) => entry.expires > now() && isOpen(entry.value, at)).map((entry) => entry.value);
    },
    async updateLoop(dispatcher, leg, apply) {
      const state = await change(loops, `${leg}:${dispatcher}`, apply, NO_LOOP, () => now() + LOOP_TTL_SECONDS * 1000);
      return state ?? NO_LOOP;
    },
  };
}
