import type { Leg } from '../legs';
import { toE164, type CountryCode } from '../phone';
import type { InboundMessage } from '../sms/events';
import { numberForLeg } from '../sms/routing';
import { sendHeldNotice } from './dispatch-notices';
import { decideReply, replyHash } from './loop-breaker';
import { replyBody, unknownCodeAnswer } from './notices';
import { PASSIVE_RESET, passiveAnswer } from './passive-answers';
import { acknowledgeDispatch } from './acknowledgement';
import { hasReached, type DispatchRecord } from './record';
import { parseMessage, type ParsedReply } from './reply-grammar';
import { openDispatchesFor, routeReply, type ReplyRoute } from './reply-routing';
import { sendOnce } from './send-once';
import { withStore, type TwoWayDeps } from './two-way-deps';
import { withUnnotedSends } from './unnoted-sends';

/** The leg whose phone sent a message (PRIMARY_NUMBER or BACKUP_NUMBER), or undefined for anyone else. */
export function replyingLeg(from: string, config: { primaryNumber: string; backupNumber: string; defaultRegion: CountryCode }): Leg | undefined {
  const number = toE164(from, config.defaultRegion);
  return number === config.primaryNumber ? 'primary' : number === config.backupNumber ? 'backup' : undefined;
}

/**
 * What became of a message from the primary or backup phone: `reply` (relayed, or answered as an
 * unknown code), `not-a-reply` (the phone has no open dispatch and named no code), or
 * `store-unavailable` (it may have been a reply, and nobody can tell). For the last two the caller
 * handles it as the one-way relay does; a rejected `store-unavailable` may be a lost reply.
 */
export type ReplyHandling = 'reply' | 'not-a-reply' | 'store-unavailable';

export async function handleReply(deps: TwoWayDeps, reply: InboundMessage, leg: Leg): Promise<ReplyHandling> {
  const parsed = parseMessage(reply.text, reply.mediaUrls.length);
  // Keywords never get here (the handler answers them first); a keyword is no reply either way.
  if (parsed.kind !== 'reply') return 'not-a-reply';
  const now = new Date();
  const stored = await withStore(deps, reply.sid, 'handled as a new message, not as a reply', (share) => deps.store.openRecords(now, share));
  if (!stored) return 'store-unavailable';
  const records = await withUnnotedSends(deps, stored, leg, now);
  const route = routeReply(parsed, openDispatchesFor(records, leg, now));
  if (route.kind === 'not-a-reply') return 'not-a-reply';
  const passive = passiveCount(records, leg, now);
  if (route.kind === 'unknown-code') await answerUnknownCode(deps, reply, leg, route, passive);
  else await answerDispatch(deps, reply, leg, parsed, records, records.find((record) => record.inboundSid === route.inboundSid)!, passive);
  return 'reply';
}

/** The phone's unknown-code answers so far: the newest note among its open dispatches (record.ts, passive). */
function passiveCount(records: readonly DispatchRecord[], leg: Leg, now: Date): { count: number; latest?: DispatchRecord } {
  const mine = openDispatchesFor(records, leg, now).map((open) => records.find((record) => record.inboundSid === open.inboundSid)!);
  const latest = mine.reduce<DispatchRecord | undefined>((a, b) => (!a || Date.parse(b.forwardedAt) > Date.parse(a.forwardedAt) ? b : a), undefined);
  const notes = mine.flatMap((record) => (record.passive?.[leg] ? [record.passive[leg]!] : []));
  const newest = notes.reduce<{ at: string; count: number } | undefined>((a, b) => (!a || b.at > a.at ? b : a), undefined);
  return { count: newest?.count ?? 0, latest };
}

const withPassive = (record: DispatchRecord, leg: Leg, count: number, at: Date): DispatchRecord => ({
  ...record,
  passive: { ...record.passive, [leg]: { at: at.toISOString(), count } },
});

async function answerDispatch(deps: TwoWayDeps, reply: InboundMessage, leg: Leg, parsed: ParsedReply, records: readonly DispatchRecord[], record: DispatchRecord, passive: { count: number }) {
  const now = new Date();
  const code = record.code;
  const line = { inbound: record.inboundSid, ...(code !== undefined && { code }), reply: reply.sid, leg };
  const to = record.sender.number;
  const message = { to, from: reply.to, messagingServiceSid: deps.destinations.messagingServiceSid, content: { body: replyBody(code, deps.twoWay.names[leg], parsed.text, parsed.mediaCount), mediaUrl: reply.mediaUrls } };
  // The loop breaker decides once per reply: after the "rp" claim is won, so a redelivery does not
  // count twice. The pair's dispatches ("to-phone") are its open records that reached this phone.
  const dispatches = records.filter((open) => open.sender.number === to && hasReached(open, leg)).map((open) => new Date(open.forwardedAt));
  // A hash of the text shows an auto-responder repeating itself; an explicit code is a person's choice.
  const mark = { hash: replyHash(parsed.text), explicit: parsed.code !== undefined };
  let pauseStarted = false;
  const gate = async () => {
    let relay = true;
    await withStore(deps, record.inboundSid, 'the loop breaker is skipped for this reply', (share) =>
      deps.store.updateLoop(to, leg, (state) => {
        const decision = decideReply(state, dispatches, now, mark);
        relay = decision.relay;
        pauseStarted = decision.loopStarted;
        return decision.state;
      }, share),
    );
    if (!relay) deps.audit({ ...line, event: 'loop-suppressed', reason: 'auto-responders: this pair\'s replies are held back for a while' });
    return relay;
  };
  const sent = await sendOnce(deps, { kind: 'rp', sid: reply.sid, leg, message, line: { inbound: record.inboundSid, ...(code !== undefined && { code }), reply: reply.sid }, gate, about: record.inboundSid });
  if (sent.kind === 'held') {
    if (pauseStarted) await sendHeldNotice(deps, record, reply.sid, reply.to, leg);
    return;
  }
  if (sent.kind === 'sent') deps.audit({ event: 'replied', ...line, outbound: sent.sid, to });
  if (sent.kind === 'duplicate') {
    // A redelivery: acknowledge what the first delivery routed to (routing redone from today's
    // records could pick another dispatch), and nothing when the first delivery held the reply.
    const previous = sent.previous;
    if (previous?.errorCode === 'held') return;
    const routed = previous?.about === undefined ? record : records.find((open) => open.inboundSid === previous.about);
    if (!routed) return;
    await acknowledgeReply(deps, reply, leg, routed, passive, true);
    return;
  }
  await acknowledgeReply(deps, reply, leg, record, passive, false);
}

/** Notes the reply's acknowledgement in the record (audit `acknowledged` the first time) and sends "taken" when owed. */
async function acknowledgeReply(deps: TwoWayDeps, reply: InboundMessage, leg: Leg, record: DispatchRecord, passive: { count: number }, redelivered: boolean) {
  const now = new Date();
  // A reply that reached a dispatch lets the phone's unknown-code answers start again.
  await acknowledgeDispatch(deps, record, { leg, by: reply.sid, from: reply.to, redelivered }, (acked) => (passive.count === 0 ? acked : withPassive(acked, leg, PASSIVE_RESET, now)));
}

async function answerUnknownCode(deps: TwoWayDeps, reply: InboundMessage, leg: Leg, route: Extract<ReplyRoute, { kind: 'unknown-code' }>, passive: { count: number; latest?: DispatchRecord }) {
  const line = { inbound: reply.sid, leg, code: route.code };
  const message = { to: numberForLeg(leg, deps.destinations), from: reply.to, messagingServiceSid: deps.destinations.messagingServiceSid, content: { body: unknownCodeAnswer(route.code, route.openCodes), mediaUrl: [] } };
  const decision = passiveAnswer(passive.count);
  // No open dispatch holds the count: at most one answer per phone per window (the "ux" claim),
  // so that an echoing auto-responder cannot loop on the answer itself.
  const gate = async () => decision.answer && (passive.latest !== undefined || (await firstInWindow(deps, leg)));
  const sent = await sendOnce(deps, { kind: 'uc', sid: reply.sid, leg, message, line: { inbound: reply.sid, code: route.code }, gate });
  if (sent.kind === 'duplicate') return;
  const outcome = {
    sent: 'it was sent its open codes',
    held: passive.latest ? `not answered: ${passive.count} answers sent since its last reply reached a dispatch` : `not answered: it was answered in the last ${NO_OPEN_ANSWER_MINUTES} minutes`,
    failed: 'the answer could not be sent',
  }[sent.kind];
  const outbound = sent.kind === 'sent' ? { outbound: sent.sid } : {};
  deps.audit({ event: 'reply-unmatched', ...line, ...outbound, reason: `no open dispatch with this code on this phone: ${outcome}; nothing went to a dispatcher` });
  if (sent.kind !== 'sent') return;
  const latest = passive.latest;
  if (!latest) return;
  const at = new Date();
  await withStore(deps, reply.sid, 'the phone\'s count of answers is not noted', (share) => deps.store.update(latest.inboundSid, (current) => withPassive(current, leg, decision.count, at), share));
}

/** A phone with no open dispatch gets at most one unknown-code answer in this many minutes. */
export const NO_OPEN_ANSWER_MINUTES = 10;

async function firstInWindow(deps: TwoWayDeps, leg: Leg): Promise<boolean> {
  const window = Math.floor(Date.now() / (NO_OPEN_ANSWER_MINUTES * 60_000));
  const claim = await deps.claims.claim('ux', `${leg}-${window}`, { state: 'sent', leg, at: new Date().toISOString() }, deps.deadline.within(deps.deadline.remaining() / 3));
  return claim.kind !== 'taken' && claim.kind !== 'stale';
}
