import type { Leg } from '../legs';
import type { InboundMessage } from '../sms/events';
import { buildForwardBody } from '../sms/forward-body';
import { forwardAlongLegs, type ForwardDeps, type ForwardJob, type ForwardOutcome } from '../sms/forwarding';
import type { Deadline } from '../twilio/deadline';
import type { Sender } from '../whitelist';
import { sendExhaustedNotice } from './dispatch-notices';
import { alertOnce, dispatchFacts } from '../alerts/alerts';
import { scheduleEscalation } from './escalation-schedule';
import { pageForwarded } from './page-end';
import { forwardBody } from './notices';
import { createDispatch, isExhausted, legFailed, legSent, openUntilOf, type DispatchRecord } from './record';
import { codeShare, DISPATCH_BOOKKEEPING_MS, withStore, type TwoWayDeps } from './two-way-deps';

export interface DispatchJob {
  message: InboundMessage;
  sender: Sender;
  /** The phones to try, in order (routing's decision). */
  legs: Leg[];
  callbackBase: string;
}

/**
 * A whitelisted sender's message, forwarded along its legs. One-way (no `twoWay`): exactly as the
 * relay always did. Two-way: it becomes a dispatch first, a record with a code (codes.ts), and the
 * forward shows the code; a repeated webhook gets the existing record, so the same code. When the
 * store fails, the message is forwarded without a code at once (audit dispatch-unavailable): a
 * dispatch never waits on, or is lost to, its bookkeeping.
 */
export async function relayDispatch(deps: ForwardDeps, twoWay: TwoWayDeps | undefined, job: DispatchJob): Promise<void> {
  const { message } = job;
  const base = { inboundSid: message.sid, legs: job.legs, stage: 'inbound' as const, from: message.to, callbackBase: job.callbackBase };
  const record = twoWay && (await createRecord(twoWay, job));
  if (!twoWay || !record) {
    await forwardAlongLegs(deps, { ...base, content: { body: buildForwardBody(job.sender, message.text, message.mediaUrls.length), mediaUrl: message.mediaUrls } });
    return;
  }
  const outcome = await forwardRecorded(twoWay, record, base);
  // With ACK_TIMEOUT_MINUTES: after the forward, so that it takes no time from a send.
  await scheduleEscalation(twoWay, record, outcome, base);
  // PAGE_BY_CALL: last, so that the page's end finds the scheduled copies it may cancel.
  await pageForwarded(twoWay, record, outcome, base);
}

/**
 * Records being created in this container, by inbound SID: copies of one webhook that arrive
 * together share one creation, so they cannot each take a code (only one would be used, and the
 * other stay locked for the whole reply window).
 */
const creating = new Map<string, Promise<DispatchRecord | undefined>>();

function createRecord(deps: TwoWayDeps, job: DispatchJob): Promise<DispatchRecord | undefined> {
  const sid = job.message.sid;
  const pending = creating.get(sid);
  if (pending) return pending;
  const created = withStore(deps, sid, 'forwarded without a code', (share) => findOrCreate(deps, job, share), DISPATCH_BOOKKEEPING_MS).finally(() => creating.delete(sid));
  creating.set(sid, created);
  return created;
}

/**
 * A repeated webhook (a Twilio retry, a replay) finds its record, and its code. The look-up and
 * the code run at once, so that both fit the dispatch's short bookkeeping share; a code taken in
 * vain when a repeat finds its record is let go (store.releaseCode, and store.create when the
 * record exists or cannot be written).
 */
async function findOrCreate(deps: TwoWayDeps, job: DispatchJob, share: Deadline): Promise<DispatchRecord> {
  const { message } = job;
  const at = new Date();
  const openUntil = openUntilOf(at, deps.twoWay.replyWindowHours);
  const [existing, code] = await Promise.all([deps.store.get(message.sid, share), deps.store.allocateCode(message.sid, openUntil, codeShare(share))]);
  if (existing) {
    if (code !== undefined && code !== existing.code) await deps.store.releaseCode(code, share);
    return existing;
  }
  const record = createDispatch({ inboundSid: message.sid, code, sender: job.sender, text: message.text, mediaUrl: message.mediaUrls, chain: job.legs, at, windowHours: deps.twoWay.replyWindowHours });
  return deps.store.create(record, share);
}

/**
 * Forwards a dispatch's content, rebuilt from its record (the failover sends the backup what the
 * primary got, with no Messages read), then notes in the record which phone took it and which
 * refused; when that leaves every phone failed, the dispatcher is told (once: the "nx" claim).
 */
export async function forwardRecorded(
  deps: TwoWayDeps,
  record: DispatchRecord,
  job: Omit<ForwardJob, 'content' | 'code' | 'onRefused' | 'inboundSid'>,
): Promise<ForwardOutcome> {
  const refused: Array<{ leg: Leg; errorCode: string }> = [];
  const outcome = await forwardAlongLegs(deps, {
    ...job,
    inboundSid: record.inboundSid,
    content: { body: forwardBody(record), mediaUrl: record.mediaUrl },
    ...(record.code !== undefined && { code: record.code }),
    onRefused: (leg, errorCode) => refused.push({ leg, errorCode }),
    deferAlert: true,
  });
  if (refused.length === 0 && outcome.kind !== 'forwarded') return outcome;
  const at = new Date();
  const updated = await withStore(deps, record.inboundSid, 'its phones are not noted in the record', (share) =>
    deps.store.update(
      record.inboundSid,
      (current) => {
        const failed = refused.reduce((next, { leg, errorCode }) => legFailed(next, leg, errorCode, at), current);
        return outcome.kind === 'forwarded' ? legSent(failed, outcome.leg, outcome.sid, at) : failed;
      },
      share,
    ),
  );
  if (updated && isExhausted(updated)) await sendExhaustedNotice(deps, updated, job.from);
  // After the notice: the sends come first (alerts.ts).
  if (outcome.kind === 'exhausted') await alertOnce(deps, 'exhausted', dispatchFacts(updated ?? record, 'no phone could be sent the message'));
  return outcome;
}
