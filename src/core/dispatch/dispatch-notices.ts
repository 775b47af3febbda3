import type { Leg } from '../legs';
import { numberForLeg } from '../sms/routing';
import { cancelCopies } from './escalation-cancel';
import { PAUSE_MINUTES } from './loop-breaker';
import { exhaustedNotice, heldNotice, takenNotice } from './notices';
import { noticeSent, type DispatchRecord, type NoticeKind } from './record';
import { sendOnce } from './send-once';
import type { TwoWayDeps } from './two-way-deps';
import { withStore } from './two-way-deps';

/** Who a one-time notice goes to and what it says. */
interface Notice {
  kind: NoticeKind;
  to: string;
  body: string;
  /** The phone the notice is about: the one told "taken", or the chain's last for "exhausted". */
  leg: Leg;
}

/**
 * Sends a dispatch's one-time notice: the claim ("tk" / "nx" on the inbound SID) is the gate, so
 * a callback or webhook delivered twice, or the status path and the incoming path both seeing the
 * chain exhausted, send it once; the record then notes it (noticeSent) for the audit tool.
 */
async function sendNotice(deps: TwoWayDeps, record: DispatchRecord, from: string, notice: Notice, gate?: () => Promise<boolean>): Promise<void> {
  const line = { inbound: record.inboundSid, ...(record.code !== undefined && { code: record.code }) };
  const message = { to: notice.to, from, messagingServiceSid: deps.destinations.messagingServiceSid, content: { body: notice.body, mediaUrl: [] } };
  const sent = await sendOnce(deps, { kind: notice.kind === 'taken' ? 'tk' : 'nx', sid: record.inboundSid, leg: notice.leg, message, line, gate });
  if (sent.kind !== 'sent') return;
  const where = notice.kind === 'taken' ? { leg: notice.leg } : { to: notice.to };
  deps.audit({ ...line, event: 'notice', notice: notice.kind, ...where, outbound: sent.sid });
  const at = new Date();
  await withStore(deps, record.inboundSid, `the ${notice.kind} notice is not noted in the record`, (share) =>
    deps.store.update(record.inboundSid, (current) => noticeSent(current, notice.kind, at), share),
  );
}

/** "#7 taken by Primary" to the other phone the dispatch reached, once. */
export function sendTakenNotice(deps: TwoWayDeps, record: DispatchRecord, from: string, answeredBy: Leg, notify: Leg): Promise<void> {
  const body = takenNotice(record, deps.twoWay.names[answeredBy]);
  return sendNotice(deps, record, from, { kind: 'taken', to: numberForLeg(notify, deps.destinations), body, leg: notify });
}

/**
 * A dispatcher gets at most one exhausted notice per this many minutes: a dispatcher's phone that
 * auto-answers every text would otherwise answer each notice with a new dispatch, exhausted again
 * when both phones refuse (21610), at machine pace. Only relayed replies pass the loop breaker.
 */
export const EXHAUSTED_NOTICE_MINUTES = 10;

/**
 * To the dispatcher, once, when every phone of the chain failed; and at most once per dispatcher
 * in each EXHAUSTED_NOTICE_MINUTES window (the "nd" claim on its digits and the window), later
 * ones audited loop-suppressed. Its scheduled "not acknowledged" (escalation) is canceled first
 * either way: the dispatcher gets one clear message, not two.
 */
export async function sendExhaustedNotice(deps: TwoWayDeps, record: DispatchRecord, from: string): Promise<void> {
  const ended = await cancelCopies(deps, record, 'exhausted');
  const body = exhaustedNotice(ended, deps.twoWay.names);
  const leg = record.chain[record.chain.length - 1];
  const to = record.sender.number;
  const gate = async () => {
    const window = Math.floor(Date.now() / (EXHAUSTED_NOTICE_MINUTES * 60_000));
    const claim = await deps.claims.claim('nd', `${to.replace(/\D/g, '')}-${window}`, { state: 'sent', leg, at: new Date().toISOString() }, deps.deadline.within(deps.deadline.remaining() / 3));
    if (claim.kind !== 'taken' && claim.kind !== 'stale') return true;
    const reason = `the dispatcher had an exhausted notice in the last ${EXHAUSTED_NOTICE_MINUTES} minutes: not sent again (an auto-responder would answer it)`;
    deps.audit({ event: 'loop-suppressed', level: 'warn', inbound: record.inboundSid, ...(record.code !== undefined && { code: record.code }), notice: 'exhausted', to, reason });
    return false;
  };
  return sendNotice(deps, ended, from, { kind: 'exhausted', to, body, leg }, gate);
}

/**
 * To the phone whose reply started a loop pause, so that a person is not silenced unawares: the
 * "lh" claim on that reply's SID sends it once, and a pause starts only once (loop-breaker.ts).
 */
export async function sendHeldNotice(deps: TwoWayDeps, record: DispatchRecord, replySid: string, from: string, leg: Leg): Promise<void> {
  const line = { inbound: record.inboundSid, ...(record.code !== undefined && { code: record.code }), reply: replySid };
  const message = { to: numberForLeg(leg, deps.destinations), from, messagingServiceSid: deps.destinations.messagingServiceSid, content: { body: heldNotice(record, PAUSE_MINUTES), mediaUrl: [] } };
  const sent = await sendOnce(deps, { kind: 'lh', sid: replySid, leg, message, line });
  if (sent.kind === 'sent') deps.audit({ ...line, event: 'notice', notice: 'held', leg, outbound: sent.sid });
}
