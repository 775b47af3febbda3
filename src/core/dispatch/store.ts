import type { Deadline } from '../twilio/deadline';
import type { Leg } from '../legs';
import type { LoopState } from './loop-breaker';
import type { DispatchRecord } from './record';

/**
 * Where two-way keeps its dispatches: the records (record.ts) and the codes that name them. The
 * Sync implementation (sync-store.ts) holds Sync's write limit and updates only with If-Match;
 * the handlers see this interface alone, so their tests can use an in-memory one.
 *
 * Every method may throw when Sync cannot be reached within its share of `deadline`: the caller
 * then carries on one-way (a dispatch must never wait on its bookkeeping) and audits why.
 */
export interface DispatchStore {
  /** The record, or undefined when there is none (a one-way dispatch, an expired one, or not created yet). */
  get(inboundSid: string, deadline?: Deadline): Promise<DispatchRecord | undefined>;
  /**
   * Creates the record, with Sync's TTL at its openUntil. When one exists already (a repeated
   * webhook got there first), that one is returned instead: the caller uses its code. A code this
   * store allocated for the record is let go when the record is not written with it.
   */
  create(record: DispatchRecord, deadline?: Deadline): Promise<DispatchRecord>;
  /**
   * Reads the record, applies `change` (a pure transition of record.ts) and writes it with
   * If-Match on the revision read; on a revision mismatch it reads and applies again, so the
   * last call of `change` is the one whose result was written. A change that returns the same
   * object writes nothing. Undefined when there is no record.
   */
  update(inboundSid: string, change: (record: DispatchRecord) => DispatchRecord, deadline?: Deadline): Promise<DispatchRecord | undefined>;
  /**
   * A code (1..999) for a new dispatch, unique among the dispatches still open (their reply
   * window), held for `inboundSid` until `openUntil`; undefined when none is free.
   */
  allocateCode(inboundSid: string, openUntil: Date, deadline?: Deadline): Promise<number | undefined>;
  /**
   * Lets go a code this store allocated that no record names (a repeated webhook found its record,
   * with another code): else it stays locked for the whole reply window. Never throws.
   */
  releaseCode(code: number, deadline?: Deadline): Promise<void>;
  /** Every record still open at `now`: what a reply without a code, or with an unknown one, is matched against. */
  openRecords(now: Date, deadline?: Deadline): Promise<DispatchRecord[]>;
  /**
   * The loop breaker's state of one (dispatcher, leg) pair (loop-breaker.ts), updated as `update`
   * does: read, apply `change`, write with If-Match, re-apply on a revision mismatch; a change
   * that returns the same object writes nothing. Returns the state last applied (NO_LOOP when
   * there was none); the caller keeps the decision of its last `change` call. Kept for
   * LOOP_TTL_SECONDS after its last write.
   */
  updateLoop(dispatcher: string, leg: Leg, change: (state: LoopState) => LoopState, deadline?: Deadline): Promise<LoopState>;
}

/**
 * A pair's loop state only matters for TURN_SECONDS after its last message, or until its pause
 * (PAUSE_MINUTES) ends: an hour keeps it well past both and lets Sync delete idle pairs.
 */
export const LOOP_TTL_SECONDS = 3600;
