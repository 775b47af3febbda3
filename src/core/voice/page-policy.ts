import { ACKNOWLEDGE_DIGIT } from './page-twiml';

/**
 * The only place that knows what a page call's events mean (not wired yet). Every event may come
 * twice or late: these decide what the event says, the dispatch record's claims decide whether it
 * still acts (an escalation at most once, an acknowledgement at most once).
 */
export type GatherDecision = 'acknowledge' | 'reprompt';

/** The page's <Gather> action: 1 acknowledges; any other key hears the prompt once more. */
export function decidePageDigits(digits: unknown): GatherDecision {
  return typeof digits === 'string' && digits.trim() === ACKNOWLEDGE_DIGIT ? 'acknowledge' : 'reprompt';
}

export type PageEndDecision =
  /** Not over yet (initiated, ringing, in-progress): nothing to do. */
  | { action: 'wait' }
  /** Over, and the phone pressed 1 during it: the acknowledgement already did everything. */
  | { action: 'done' }
  /** Over without an acknowledgement: the next phone gets it now (or the dispatcher is told). */
  | { action: 'escalate'; reason: string };

/** Statuses of a call still under way (https://www.twilio.com/docs/voice/api/call-resource#call-status-values). */
const UNDER_WAY = new Set(['queued', 'initiated', 'ringing', 'in-progress']);
/** The call ended without anybody being reached. */
const NOT_ANSWERED = new Set(['busy', 'no-answer', 'failed', 'canceled']);

export interface PageCallEnd {
  /** CallStatus of the status callback, as sent. */
  callStatus: string;
  /** AnsweredBy, with MachineDetection (https://www.twilio.com/docs/voice/answering-machine-detection). */
  answeredBy?: string;
  /** Whether the dispatch record holds this phone's acknowledgement by this call. */
  acknowledged: boolean;
}

/**
 * A page's status callback. Pressed 1 → done. Busy, no-answer, failed, canceled, answered by a
 * machine (machine_*, fax: a greeting cannot press 1), or completed without the press (hung up,
 * or the prompt said twice to silence) → escalate. An unknown status cannot be trusted as an
 * answer: escalate, as the dial policy tries the next phone.
 */
export function decidePageEnd(end: PageCallEnd): PageEndDecision {
  const status = end.callStatus.trim().toLowerCase();
  if (UNDER_WAY.has(status)) return { action: 'wait' };
  if (end.acknowledged) return { action: 'done' };
  if (NOT_ANSWERED.has(status)) return { action: 'escalate', reason: status };
  const by = (end.answeredBy ?? '').toLowerCase();
  if (status === 'completed' && (by.startsWith('machine') || by === 'fax')) return { action: 'escalate', reason: `answered by ${by}` };
  if (status === 'completed') return { action: 'escalate', reason: 'ended without pressing 1' };
  return { action: 'escalate', reason: status ? `unknown CallStatus "${status}"` : 'CallStatus missing' };
}
