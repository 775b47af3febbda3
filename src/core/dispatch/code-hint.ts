import { createHash } from 'node:crypto';
import { MAX_CODE, MIN_CODE } from './codes';

/**
 * What one container knows of the codes, so that picking one costs a create or two, not one per
 * open dispatch: the codes it allocated or saw taken (with when their locks expire) and the ones
 * being tried right now by its concurrent invocations. Only a hint: the lock's create in Sync is
 * what decides (codes.ts), so a wrong or missing hint costs probes, never a code given twice.
 */
export interface CodeHint {
  /**
   * The codes to try, in order: the smallest ones not known taken nor being tried (smallest first,
   * as GoAlert does), SEQUENTIAL_PROBES of them, then codes spread pseudo-randomly from a hash of
   * the inbound SID, so that a burst meeting many open codes finds a free one in a few probes.
   * Lazy: each next code is picked with what is known by then.
   */
  candidates(inboundSid: string, now: number): Iterable<number>;
  /** While true, no other invocation of this container is offered `code`. False when it already is being tried. */
  reserve(code: number): boolean;
  release(code: number): void;
  /** `holder` holds `code` until `until` (epoch ms). */
  held(code: number, holder: string, until: number): void;
  /** A code this container knows `inboundSid` holds: a repeated webhook gets it without asking Sync. */
  heldBy(inboundSid: string, now: number): number | undefined;
  /**
   * True once for a code this container knew held and whose lock has expired since: its lock may
   * still be there (Sync deletes expired items late), so a create meeting it reads it.
   */
  lapsed(code: number): boolean;
}

/** One probe, then one parallel round of three (sync-codes.ts): both among the smallest codes. */
export const SEQUENTIAL_PROBES = 4;
/** Coprime with 999 (= 27 × 37), so the spread visits every code once before repeating. */
const STRIDE = 409;
const CODES = MAX_CODE - MIN_CODE + 1;

export function newCodeHint(): CodeHint {
  const known = new Map<number, { holder: string; until: number }>();
  const trying = new Set<number>();
  const expired = new Set<number>();
  const free = (code: number, now: number) => {
    const lock = known.get(code);
    if (lock && lock.until <= now) {
      known.delete(code);
      expired.add(code);
    }
    return !trying.has(code) && !(lock && lock.until > now);
  };
  return {
    *candidates(inboundSid, now) {
      let sequential = 0;
      for (let code = MIN_CODE; code <= MAX_CODE && sequential < SEQUENTIAL_PROBES; code += 1) {
        if (!free(code, now)) continue;
        sequential += 1;
        yield code;
      }
      const start = createHash('sha256').update(inboundSid).digest().readUInt32BE(0) % CODES;
      for (let step = 0; step < CODES; step += 1) {
        const code = MIN_CODE + ((start + step * STRIDE) % CODES);
        if (free(code, now)) yield code;
      }
    },
    reserve(code) {
      if (trying.has(code)) return false;
      trying.add(code);
      return true;
    },
    release: (code) => void trying.delete(code),
    held(code, holder, until) {
      known.set(code, { holder, until });
      expired.delete(code);
    },
    lapsed: (code) => expired.delete(code),
    heldBy(inboundSid, now) {
      for (const [code, lock] of known) if (lock.holder === inboundSid && lock.until > now) return code;
      return undefined;
    },
  };
}

/** One hint per container and Sync Map set: the invocations of a warm container share it. */
const containerHints = new Map<string, CodeHint>();

export function containerCodeHint(serviceSid: string, mapPrefix: string): CodeHint {
  const id = `${serviceSid}/${mapPrefix}`;
  let hint = containerHints.get(id);
  if (!hint) containerHints.set(id, (hint = newCodeHint()));
  return hint;
}
