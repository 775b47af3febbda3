import { pageUrl, type PageRequest } from '../voice/page-call';
import { decidePageDigits } from '../voice/page-policy';
import { pagePrompt } from '../voice/page-twiml';
import { codeLabel, fitToBody } from '../sms/forward-body';
import { acknowledgeDispatch } from './acknowledgement';
import { hasReached } from './record';
import { sendOnce } from './send-once';
import { withStore, type TwoWayDeps } from './two-way-deps';

/** What the page call plays next (page-twiml.ts builds it). */
export type PageAnswer =
  | { kind: 'prompt' | 'reprompt'; prompt: string; action: string }
  | { kind: 'acknowledged' }
  /** No open record to read out (expired, or the store failed): the call just ends, and its end escalates. */
  | { kind: 'hangup' };

/** "#7 acknowledged by Primary (call)" to the dispatcher. */
export const acknowledgedByCall = (code: number | undefined, name: string): string => fitToBody('', `${code === undefined ? 'Your message was' : codeLabel(code)} acknowledged by ${name} (call)`);

/**
 * The page's webhook (VOICE_PAGE_PATH). The prompt: the dispatch read from its record. The Gather
 * action: 1 acknowledges exactly as a text reply does (acknowledgement.ts), and the dispatcher is
 * told, claimed on the CallSid ("rp", as a reply on its MessageSid), so an action delivered twice
 * tells them once; another key hears the prompt once more.
 */
export async function answerPage(deps: TwoWayDeps, request: PageRequest, call: { sid: string; from: string }, digits: unknown, base: string): Promise<PageAnswer> {
  const { inboundSid, leg } = request;
  const record = await withStore(deps, inboundSid, 'the page has nothing to read out', (share) => deps.store.get(inboundSid, share));
  if (!record) return { kind: 'hangup' };
  const line = { inbound: inboundSid, ...(record.code !== undefined && { code: record.code }), leg, outbound: call.sid };
  const prompt = pagePrompt({ sender: record.sender, ...(record.code !== undefined && { code: record.code }), text: record.text });
  const action = pageUrl(base, request, 'pressed');
  if (request.step === 'prompt') {
    deps.audit({ ...line, event: 'page-answered' });
    return { kind: 'prompt', prompt, action };
  }
  if (decidePageDigits(digits) === 'reprompt') {
    deps.audit({ ...line, event: 'page-answered', reason: 'another key than 1: the prompt once more' });
    return { kind: 'reprompt', prompt, action };
  }
  // A page goes only to a phone the text reached; acknowledge() refuses any other.
  if (!hasReached(record, leg)) deps.audit({ ...line, event: 'ignored', level: 'warn', reason: 'pressed 1 for a dispatch the phone\'s text did not reach' });
  // As a text reply: the dispatcher first (claimed on the CallSid), then the record; a repeated
  // action finds the claim taken and writes no second `acknowledged` line. Taken by the other
  // phone already: the dispatcher hears nothing more, the person still that it counted.
  const takenByOther = record.ack !== undefined && record.ack.replySid !== call.sid;
  const message = { to: record.sender.number, from: call.from, messagingServiceSid: deps.destinations.messagingServiceSid, content: { body: acknowledgedByCall(record.code, deps.twoWay.names[leg]), mediaUrl: [] } };
  const sent = takenByOther || !hasReached(record, leg) ? undefined : await sendOnce(deps, { kind: 'rp', sid: call.sid, leg, message, line: { inbound: inboundSid, ...(record.code !== undefined && { code: record.code }), reply: call.sid } });
  if (sent?.kind === 'sent') deps.audit({ ...line, event: 'replied', reply: call.sid, outbound: sent.sid, to: record.sender.number, reason: 'acknowledged by call' });
  await acknowledgeDispatch(deps, record, { leg, by: call.sid, from: call.from, via: 'call', redelivered: sent?.kind === 'duplicate' });
  return { kind: 'acknowledged' };
}
