/**
 * Runs the TwiML of an answered outbound call as Twilio does, with the scripted callee listening:
 * the document at Url is fetched with a signed POST, its verbs run in order, and a <Gather>
 * action, <Redirect> or <Dial action> replaces the document with the one it answers.
 * - <Gather> (https://www.twilio.com/docs/voice/twiml/gather): its nested <Say>s are spoken, then
 *   it waits `timeout` seconds (default 5) for keys. numDigits reached: the Digits are POSTed to
 *   `action` (default: the current document's URL) and its answer is the new document. No key:
 *   Twilio goes on with the next verb after the <Gather>. A callee who hangs up sends no action.
 * - <Say>, <Pause length> (default 1 s), <Hangup>, <Redirect> (POST to its URL).
 * - <Dial callerId action> with a <Number> (https://www.twilio.com/docs/voice/twiml/dial): the
 *   number's callee decides DialCallStatus (completed, busy, no-answer, failed); with an action,
 *   that answer is the new document, without, Twilio goes on with the next verb.
 * - The end of the document hangs up. A failed fetch (not 200) ends the call (Twilio's 11200).
 * Only POST webhooks are emulated; the relay uses nothing else.
 */
import { postSigned } from '../signed-post';
import { calleeFor } from './callees';
import { callParams, endCall, type CallRunDeps, type OutboundCall } from './outbound-call';
import { readTwiml, type TwimlNode } from './twiml-read';

/** Text-to-speech at about 150 words a minute: what the call's duration counts for a <Say>. */
const spokenSeconds = (text: string) => Math.max(1, Math.ceil(text.split(/\s+/).filter(Boolean).length / 2.5));
const DEFAULT_GATHER_TIMEOUT_SECONDS = 5;
/** A document that keeps redirecting to itself would run forever here; Twilio's calls end by their TimeLimit. */
const MAX_DOCUMENTS = 50;

type Step = { next: { url: string; extra: Record<string, string> } } | { end: 'twiml' | 'callee' | 'end-of-document' | 'error' };

async function fetchDocument(call: OutboundCall, url: string, extra: Record<string, string>, deps: CallRunDeps): Promise<TwimlNode | undefined> {
  const params = { ...callParams(call), ...extra };
  const { status, text } = await postSigned(url, params, deps.authToken);
  call.log.push({ kind: 'webhook', url, params, answer: status });
  if (status !== 200) return undefined;
  try {
    return readTwiml(text);
  } catch (error) {
    deps.violations.push(`TwiML from ${url}: ${(error as Error).message}`);
    return undefined;
  }
}

const method = (verb: TwimlNode) => (verb.attributes.method ?? 'POST').toUpperCase();

/** A <Say> heard by the callee: false when the callee hangs up during it. */
function say(call: OutboundCall, verb: TwimlNode): boolean {
  call.log.push({ kind: 'say', text: verb.text });
  if (call.callee.outcome === 'hangs-up') return false;
  call.talkedSeconds += spokenSeconds(verb.text);
  return true;
}

function gather(call: OutboundCall, verb: TwimlNode, documentUrl: string): Step | undefined {
  for (const inner of verb.children) {
    if (inner.name === 'Say' && !say(call, inner)) return { end: 'callee' };
    if (inner.name === 'Pause') call.talkedSeconds += Number(inner.attributes.length ?? 1);
  }
  const presses = call.callee.outcome === 'human' ? (call.callee.presses ?? []) : [];
  const digits = presses[call.pressed];
  const wanted = Number(verb.attributes.numDigits ?? Number.POSITIVE_INFINITY);
  if (digits === undefined || digits.length < wanted) {
    // Nothing (or too little) pressed: the timeout runs out and the document goes on.
    if (digits !== undefined) call.pressed += 1;
    call.talkedSeconds += Number(verb.attributes.timeout ?? DEFAULT_GATHER_TIMEOUT_SECONDS);
    call.log.push({ kind: 'gather', digits: null });
    return undefined;
  }
  call.pressed += 1;
  call.log.push({ kind: 'gather', digits });
  return { next: { url: new URL(verb.attributes.action ?? documentUrl, documentUrl).href, extra: { Digits: digits, FinishedOnKey: '' } } };
}

function dial(call: OutboundCall, verb: TwimlNode, documentUrl: string, deps: CallRunDeps): Step | undefined {
  const number = (verb.children.find((child) => child.name === 'Number')?.text ?? verb.text).trim();
  const callee = calleeFor(deps.callees, number, deps.defaultCallee);
  const dialCallStatus = callee.outcome === 'busy' || callee.outcome === 'no-answer' || callee.outcome === 'failed' ? callee.outcome : 'completed';
  call.log.push({ kind: 'dial', number, ...(verb.attributes.callerId && { callerId: verb.attributes.callerId }), dialCallStatus });
  if (!verb.attributes.action) return undefined;
  return { next: { url: new URL(verb.attributes.action, documentUrl).href, extra: { DialCallStatus: dialCallStatus, DialCallDuration: '0' } } };
}

async function runVerbs(call: OutboundCall, document: TwimlNode, documentUrl: string, deps: CallRunDeps): Promise<Step> {
  for (const verb of document.children) {
    if (['Gather', 'Redirect'].includes(verb.name) || (verb.name === 'Dial' && verb.attributes.action)) {
      if (method(verb) !== 'POST') {
        deps.violations.push(`TwiML from ${documentUrl}: <${verb.name} method="${verb.attributes.method}"> is not emulated (POST only)`);
        return { end: 'error' };
      }
    }
    let step: Step | undefined;
    switch (verb.name) {
      case 'Say':
        if (!say(call, verb)) return { end: 'callee' };
        break;
      case 'Pause':
        call.talkedSeconds += Number(verb.attributes.length ?? 1);
        call.log.push({ kind: 'pause', seconds: Number(verb.attributes.length ?? 1) });
        break;
      case 'Gather':
        step = gather(call, verb, documentUrl);
        break;
      case 'Dial':
        step = dial(call, verb, documentUrl, deps);
        break;
      case 'Redirect':
        return { next: { url: new URL(verb.text.trim(), documentUrl).href, extra: {} } };
      case 'Hangup':
        return { end: 'twiml' };
      default:
        deps.violations.push(`TwiML from ${documentUrl}: <${verb.name}> is not emulated on an outbound call`);
        return { end: 'error' };
    }
    if (step) return step;
  }
  return { end: 'end-of-document' };
}

/** Plays the call from its Url until it ends, then ends it (completed) with its status callback. */
export async function playCall(call: OutboundCall, deps: CallRunDeps): Promise<void> {
  let next: { url: string; extra: Record<string, string> } = { url: call.url, extra: {} };
  for (let documents = 1; ; documents++) {
    if (documents > MAX_DOCUMENTS) {
      deps.violations.push(`call ${call.sid}: more than ${MAX_DOCUMENTS} TwiML documents, a loop?`);
      call.log.push({ kind: 'hangup', by: 'error' });
      return endCall(call, 'completed', deps);
    }
    const document = await fetchDocument(call, next.url, next.extra, deps);
    const step: Step = document ? await runVerbs(call, document, next.url, deps) : { end: 'error' };
    if ('end' in step) {
      call.log.push({ kind: 'hangup', by: step.end });
      return endCall(call, 'completed', deps);
    }
    next = step.next;
  }
}
