import type { Deadline } from '../twilio/deadline';
import type { CodeHint } from './code-hint';
import { codeAddress } from './dispatch-maps';
import { MIN_SYNC_CALL_MS } from '../twilio/sync-call';
import type { SyncItems } from './sync-items';

/** A code's lock item: which dispatch holds it. Sync's TTL frees it when that dispatch's window closes. */
interface CodeLock {
  inboundSid: string;
}

/**
 * At most this many locks are tried for one dispatch: the sequential ones, then pseudo-random
 * ones. With half of all codes open, 8 random probes all miss about once in 256 dispatches, which
 * is then forwarded without a code (codes.ts); fewer would give up too often, more would let a
 * burst spend its writes on probes.
 */
export const MAX_PROBES = 12;

/**
 * The first probe is one create (a warm container's hint is usually right); when it meets a taken
 * code, the hint was wrong (a cold container, other containers' codes) and the next probes go
 * PARALLEL_PROBES at once, so that a dispatch's short bookkeeping share (two-way-deps.ts) still
 * finds a code when Sync answers in ~100 ms. A round winning more than one keeps the smallest and
 * frees the others (their locks expire within a second).
 */
export const PARALLEL_PROBES = 3;
/**
 * A code met taken on a first attempt (54208 with nothing of ours written before) is not read: it
 * is someone else's, held for an unknown time. It is skipped this long, then probed again (and read,
 * since its guessed hold lapsed: code-hint.ts), so that a freed code comes back.
 */
export const TAKEN_GUESS_MS = 10 * 60_000;
/** A freed lock (a probe won in vain, a record that took another code) expires this soon. */
const FREED_TTL_SECONDS = 1;

export const ttlUntil = (until: number, now: number) => Math.max(1, Math.ceil((until - now) / 1000));

export interface CodeLocks {
  allocate(inboundSid: string, openUntil: Date, part: Deadline): Promise<number | undefined>;
  /** Lets a code this invocation won for `inboundSid` go (its record was not created with it). */
  free(code: number, part: Deadline): Promise<void>;
}

/**
 * Codes as lock items `code:<n>` (dispatch-maps.ts), taken by an atomic create: 54208 on a first
 * attempt means taken; on a retried one the lock may be our own earlier attempt whose answer was
 * lost (or a retried webhook's), so it is read: naming this inbound SID makes it ours. Sync deletes
 * expired items only approximately (https://www.twilio.com/docs/sync/objects-ttl: "Sync's TTL
 * implementation sacrifices accurate firing times"), so a lock read past its expiry is taken over
 * with If-Match on its revision.
 */
export function syncCodeLocks(items: SyncItems, mapPrefix: string, hint: CodeHint, now: () => number = Date.now): CodeLocks {
  /** Codes won by this invocation, with their lock's revision (for `free`). */
  const won = new Map<number, { inboundSid: string; revision?: string }>();

  /** The code is ours now (with its lock's revision when known), or someone else's (undefined). */
  async function tryCode(code: number, inboundSid: string, until: number, part: Deadline): Promise<{ revision?: string } | undefined> {
    const at = codeAddress(mapPrefix, code);
    const lock: CodeLock = { inboundSid };
    const lapsed = hint.lapsed(code);
    const made = await items.tryCreate(at, lock, ttlUntil(until, now()), part);
    if (made.kind === 'created') return { revision: made.revision };
    if (made.kind === 'taken' && !lapsed) {
      hint.held(code, '', Math.min(until, now() + TAKEN_GUESS_MS));
      return undefined;
    }
    const current = await items.fetch<CodeLock>(at, part);
    if (!current) return undefined;
    if (current.data?.inboundSid === inboundSid) return { revision: current.revision };
    if (current.expires !== undefined && current.expires <= now()) {
      return (await items.update(at, lock, current.revision, ttlUntil(until, now()), part)) ? {} : undefined;
    }
    hint.held(code, current.data?.inboundSid ?? '', current.expires ?? until);
    return undefined;
  }

  async function free(code: number, part: Deadline) {
    const mine = won.get(code);
    if (!mine) return;
    won.delete(code);
    hint.held(code, '', now());
    const at = codeAddress(mapPrefix, code);
    const revision = mine.revision ?? (await items.fetch<CodeLock>(at, part))?.revision;
    if (revision !== undefined) await items.update(at, { inboundSid: '' }, revision, FREED_TTL_SECONDS, part);
  }

  /** The next `width` codes to try, each reserved against this container's other invocations. */
  function take(candidates: Iterator<number>, width: number): number[] {
    const batch: number[] = [];
    while (batch.length < width) {
      const next = candidates.next();
      if (next.done) break;
      if (hint.reserve(next.value)) batch.push(next.value);
    }
    return batch;
  }

  return {
    async allocate(inboundSid, openUntil, part) {
      const until = openUntil.getTime();
      const known = hint.heldBy(inboundSid, now());
      if (known !== undefined) return known;
      const candidates = hint.candidates(inboundSid, now())[Symbol.iterator]();
      let probes = 0;
      let width = 1;
      while (probes < MAX_PROBES && part.remaining() >= MIN_SYNC_CALL_MS) {
        const batch = take(candidates, Math.min(width, MAX_PROBES - probes));
        if (batch.length === 0) return undefined;
        probes += batch.length;
        const results = await Promise.allSettled(batch.map((code) => tryCode(code, inboundSid, until, part)));
        batch.forEach((code) => hint.release(code));
        const ours = batch.flatMap((code, i) => {
          const result = results[i];
          return result.status === 'fulfilled' && result.value !== undefined ? [{ code, revision: result.value.revision }] : [];
        });
        for (const { code, revision } of ours) won.set(code, { inboundSid, revision });
        if (ours.length > 0) {
          const [first, ...extra] = ours;
          hint.held(first.code, inboundSid, until);
          await Promise.allSettled(extra.map(({ code }) => free(code, part)));
          return first.code;
        }
        const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
        // Sync failing is for the caller to see; a probe cut short by the share only ends the search.
        if (failed && part.remaining() >= MIN_SYNC_CALL_MS) throw failed.reason;
        width = PARALLEL_PROBES;
      }
      return undefined;
    },
    free,
  };
}
