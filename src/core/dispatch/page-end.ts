import type { Leg } from '../legs';
import { codeLabel, fitToBody } from '../sms/forward-body';
import type { ForwardOutcome } from '../sms/forwarding';
import { decidePageEnd } from '../voice/page-policy';
import { cancelCopies } from './escalation-cancel';
import { failoverRecorded } from './escalation-status';
import { quoteOf } from './notices';
import { placePage, type PageJob } from './page-dispatch';
import { nextLeg, pageEnded } from './page-record';
import { hasReached, type DispatchRecord } from './record';
import { sendOnce } from './send-once';
import { withStore, type TwoWayDeps } from './two-way-deps';

/**
 * PAGE_BY_CALL's loop (docs/calls.md "Paging"): the phone a dispatch was forwarded to is also
 * called; a call that ends without the press of 1 escalates at once to the next phone (its text
 * now, the scheduled copy canceled, and a page the same way), and after the chain's last phone
 * the dispatcher is told, once.
 */

/** After the forward: the phone that took the dispatch is paged; a page that cannot be placed escalates as a failed call. */
export async function pageForwarded(deps: TwoWayDeps, record: DispatchRecord, outcome: ForwardOutcome, job: PageJob): Promise<void> {
  if (!deps.paging || outcome.kind !== 'forwarded') return;
  await pageOrEscalate(deps, record, outcome.leg, job);
}

async function pageOrEscalate(deps: TwoWayDeps, record: DispatchRecord, leg: Leg, job: PageJob): Promise<void> {
  const placed = await placePage(deps, record, leg, job);
  if (placed.kind === 'failed') await escalate(deps, record, leg, placed.reason, job);
}

export interface PageCallEnd {
  call: string;
  callStatus: string;
  answeredBy?: string;
}

/**
 * A page's status callback. The record decides atomically (pageEnded): pressed 1 (or any reply
 * acknowledged it) → done; otherwise the first callback of this phone's page escalates, and a
 * repeated one, or one after the press won, does nothing more.
 */
export async function endPage(deps: TwoWayDeps, about: { inboundSid: string; leg: Leg }, end: PageCallEnd, job: PageJob): Promise<void> {
  const { inboundSid, leg } = about;
  const probe = decidePageEnd({ ...end, acknowledged: false });
  const line = { inbound: inboundSid, leg, outbound: end.call, status: end.callStatus };
  if (probe.action === 'wait') return deps.audit({ ...line, event: 'status' });
  let first = false;
  const record = await withStore(deps, inboundSid, 'the page\'s end is not noted: nothing escalates', (share) =>
    deps.store.update(inboundSid, (current) => {
      const ended = pageEnded(current, leg, end.call, new Date());
      first = ended !== current && ended.pages?.[leg]?.outcome === 'escalated';
      return ended;
    }, share),
  );
  const decision = decidePageEnd({ ...end, acknowledged: !!record?.ack });
  if (!record || !first || decision.action !== 'escalate') {
    return deps.audit({ ...line, event: 'status', ...(record && { code: record.code }), reason: record?.ack ? 'acknowledged: nothing escalates' : 'this page already ended' });
  }
  await escalate(deps, record, leg, decision.reason, job);
}

/** The next phone gets the dispatch now and is paged; after the last one, the dispatcher hears nobody acknowledged. */
async function escalate(deps: TwoWayDeps, record: DispatchRecord, leg: Leg, reason: string, job: PageJob): Promise<void> {
  const next = nextLeg(record, leg);
  const line = { inbound: record.inboundSid, ...(record.code !== undefined && { code: record.code }), leg };
  deps.audit({ ...line, event: 'page-escalated', level: 'warn', reason: `${reason}: ${next ? `${next} texted and paged now` : 'the dispatcher is told'}` });
  if (!next) return tellNobody(deps, record, leg, job);
  const sent = await failoverRecorded(deps, record, { legs: [next], stage: 'failover', from: job.from, callbackBase: job.callbackBase });
  // Twilio refused the next phone's text: it has not got the dispatch, so a press there could not
  // acknowledge it. The dispatcher hears now that nobody took it by call, unless this phone's text
  // failed too: then every phone failed, and the exhausted notice has said so.
  if (sent?.kind === 'exhausted') return hasReached(record, leg) ? tellNobody(deps, record, next, job) : undefined;
  await pageOrEscalate(deps, record, next, job);
}

/** To the dispatcher, once: `#7: nobody acknowledged by call`. */
export function nobodyNotice(record: DispatchRecord): string {
  return record.code === undefined ? fitToBody('Your message was not acknowledged by call: ', quoteOf(record)) : fitToBody('', `${codeLabel(record.code)}: nobody acknowledged by call`);
}

/**
 * The chain's last page ended unacknowledged. The scheduled copies are canceled first (the
 * dispatcher gets one clear message, not also "not acknowledged" later); the text path still
 * lets the phones reply. Claimed ("pn"), so a repeated callback tells them once.
 */
async function tellNobody(deps: TwoWayDeps, record: DispatchRecord, leg: Leg, job: PageJob): Promise<void> {
  const ended = await cancelCopies(deps, record, 'exhausted');
  const line = { inbound: record.inboundSid, ...(record.code !== undefined && { code: record.code }) };
  const message = { to: record.sender.number, from: job.from, messagingServiceSid: deps.destinations.messagingServiceSid, content: { body: nobodyNotice(ended), mediaUrl: [] } };
  const sent = await sendOnce(deps, { kind: 'pn', sid: record.inboundSid, leg, message, line });
  if (sent.kind === 'sent') deps.audit({ ...line, event: 'notice', notice: 'unpaged', to: record.sender.number, outbound: sent.sid });
}
