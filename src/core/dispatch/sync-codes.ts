import type { Deadline } from '../twilio/deadline';
import { REST_RETRY } from '../twilio/retry';
import type { CodeHint } from './code-hint';
import { codeAddress } from './dispatch-maps';
import type { SyncItems } from './sync-items';

/** A code's lock item: which dispatch holds it. Sync's TTL frees it when that dispatch's window closes. */
interface CodeLock {
  inboundSid: string;
}

/**
 * At most this many locks are tried for one dispatch: the sequential ones, then pseudo-random
 * ones. With half of all codes open, 9 random probes all miss about once in 500 dispatches, which
 * is then forwarded without a code (codes.ts); fewer would give up too often, more would let a
 * burst spend its writes on probes.
 */
export const MAX_PROBES = 12;

export const ttlUntil = (until: number, now: number) => Math.max(1, Math.ceil((until - now) / 1000));

export interface CodeLocks {
  allocate(inboundSid: string, openUntil: Date, part: Deadline): Promise<number | undefined>;
  holderOf(code: number, part: Deadline): Promise<string | undefined>;
}

/**
 * Codes as lock items `code:<n>` (dispatch-maps.ts), taken by an atomic create: 54208 means taken,
 * unless the lock names this very inbound SID (a retried webhook, or our own create whose answer
 * was lost), which makes it ours. Sync deletes expired items only approximately
 * (https://www.twilio.com/docs/sync/objects-ttl: "Sync's TTL implementation sacrifices accurate
 * firing times"), so a lock found past its expiry is taken over with If-Match on its revision.
 */
export function syncCodeLocks(items: SyncItems, mapPrefix: string, hint: CodeHint, now: () => number = Date.now): CodeLocks {
  /** The code is ours now (true), someone else's (false). */
  async function tryCode(code: number, inboundSid: string, until: number, part: Deadline): Promise<boolean> {
    const at = codeAddress(mapPrefix, code);
    const lock: CodeLock = { inboundSid };
    if (await items.create(at, lock, ttlUntil(until, now()), part)) return true;
    const current = await items.fetch<CodeLock>(at, part);
    if (!current) return false;
    if (current.data?.inboundSid === inboundSid) return true;
    if (current.expires !== undefined && current.expires <= now()) return items.update(at, lock, current.revision, ttlUntil(until, now()), part);
    hint.held(code, current.data?.inboundSid ?? '', current.expires ?? until);
    return false;
  }

  return {
    async allocate(inboundSid, openUntil, part) {
      const until = openUntil.getTime();
      const known = hint.heldBy(inboundSid, now());
      if (known !== undefined) return known;
      let probes = 0;
      for (const code of hint.candidates(inboundSid, now())) {
        if (probes >= MAX_PROBES || part.remaining() < REST_RETRY.minAttemptMs) return undefined;
        if (!hint.reserve(code)) continue;
        probes += 1;
        try {
          if (await tryCode(code, inboundSid, until, part)) {
            hint.held(code, inboundSid, until);
            return code;
          }
        } finally {
          hint.release(code);
        }
      }
      return undefined;
    },
    async holderOf(code, part) {
      const lock = await items.fetch<CodeLock>(codeAddress(mapPrefix, code), part);
      if (!lock || (lock.expires !== undefined && lock.expires <= now())) return undefined;
      return lock.data?.inboundSid;
    },
  };
}
