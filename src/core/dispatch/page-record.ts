import type { Leg } from '../legs';
import type { DispatchRecord } from './record';

/**
 * PAGE_BY_CALL: how each phone's page call ended, in the dispatch record. The record's If-Match
 * write makes the end's decision atomic: a status callback delivered twice, or one racing the
 * press of 1, escalates at most once per phone (the press writes `ack` in the same record).
 */
export interface PageEnd {
  /** The page call's CallSid. */
  call: string;
  outcome: 'acknowledged' | 'escalated';
  at: string;
}

export type Pages = Partial<Record<Leg, PageEnd>>;

/**
 * The end of `leg`'s page: escalated unless the dispatch is acknowledged (by this call or any
 * reply). The same record back when that phone's page has already ended (a repeated callback).
 */
export function pageEnded(record: DispatchRecord, leg: Leg, call: string, at: Date): DispatchRecord {
  if (record.pages?.[leg]) return record;
  const outcome = record.ack ? 'acknowledged' : 'escalated';
  return { ...record, pages: { ...record.pages, [leg]: { call, outcome, at: at.toISOString() } } };
}

/** The phone after `leg` in the dispatch's chain, which its unacknowledged page escalates to. */
export function nextLeg(record: DispatchRecord, leg: Leg): Leg | undefined {
  const index = record.chain.indexOf(leg);
  return index < 0 ? undefined : record.chain[index + 1];
}
