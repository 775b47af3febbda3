/**
 * One outbound call's life as Twilio runs it: dialing, ringing, the callee's answer (callees.ts),
 * the TwiML at Url (call-twiml-runner.ts), the end; and the status callbacks in between.
 *
 * Status callbacks (https://www.twilio.com/docs/voice/api/call-resource, StatusCallbackEvent, and
 * https://support.twilio.com/hc/en-us/articles/223132267-Tracking-the-Status-of-an-Outbound-Twilio-Voice-Call):
 * only the events asked for in StatusCallbackEvent are sent, and without any, only "completed".
 * initiated is sent with CallStatus "initiated", ringing with "ringing", answered with
 * "in-progress", completed with the final status: completed, busy, no-answer, failed or canceled,
 * and CallDuration (seconds; 0 for a call never answered). Each carries CallbackSource
 * "call-progress-events", a SequenceNumber from 0 and a Timestamp (RFC 2822).
 */
import { postSigned } from '../signed-post';
import { answeredBy, calleeFor, pickupSeconds, type Callee, type CalleeScript } from './callees';
import type { StoredCall } from './call-routes';

export type CallLogEntry =
  | { kind: 'callback'; event: string; callStatus: string; answer: number | string }
  /** A voice webhook: the TwiML fetched from Url, a <Gather> or <Dial> action, a <Redirect>. */
  | { kind: 'webhook'; url: string; params: Record<string, string>; answer: number | string }
  | { kind: 'say'; text: string }
  /** A <Gather> ended: the key pressed, or null when it timed out (or the callee hung up). */
  | { kind: 'gather'; digits: string | null }
  | { kind: 'pause'; seconds: number }
  | { kind: 'dial'; number: string; callerId?: string; dialCallStatus: string }
  | { kind: 'hangup'; by: 'twiml' | 'callee' | 'end-of-document' | 'error' };

/** A call made with Calls create: the listable Call plus what Twilio was asked to do with it. */
export interface OutboundCall extends StoredCall {
  url: string;
  statusCallback?: string;
  events: Set<string>;
  timeoutSeconds: number;
  machineDetection?: string;
  /** What happened on the call, in order: what a test asserts on. */
  log: CallLogEntry[];
  callee: Callee;
  /** Seconds of speech, pauses and Gather timeouts since the answer: the CallDuration. */
  talkedSeconds: number;
  /** How many of the callee's presses were used. */
  pressed: number;
  answered: boolean;
  sequence: number;
}

export interface CallRunDeps {
  authToken: string;
  callees: CalleeScript;
  defaultCallee: Callee;
  now(): number;
  /** How many copies of each status callback to POST at once: Twilio may deliver one twice. */
  copies(): number;
  /** Where a TwiML or emulation problem is reported (the emulator's violations). */
  violations: string[];
  /** Runs `then` once the emulator's clock is `seconds` further on (at once for 0). */
  after(call: OutboundCall, seconds: number, then: () => Promise<void>): void;
  /** Plays the TwiML of an answered call (call-twiml-runner.ts); resolves when the call is over. */
  play(call: OutboundCall): Promise<void>;
}

const FINAL = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);
const rfc2822 = (ms: number) => new Date(ms).toUTCString().replace('GMT', '+0000');

/** The parameters Twilio sends to every webhook of the call (voice requests and status callbacks). */
export function callParams(call: OutboundCall): Record<string, string> {
  const by = answeredBy(call.callee, call.machineDetection);
  return {
    AccountSid: call.accountSid,
    ApiVersion: '2010-04-01',
    CallSid: call.sid,
    CallStatus: call.status,
    Called: call.to,
    Caller: call.from,
    Direction: call.direction,
    From: call.from,
    To: call.to,
    // AMD's verdict exists once the call was answered (https://www.twilio.com/docs/voice/answering-machine-detection).
    ...(by && call.answered && { AnsweredBy: by }),
  };
}

async function statusCallback(call: OutboundCall, event: string, deps: CallRunDeps, extra: Record<string, string> = {}): Promise<void> {
  if (!call.statusCallback || !call.events.has(event)) return;
  const params: Record<string, string> = {
    ...callParams(call),
    CallbackSource: 'call-progress-events',
    SequenceNumber: String(call.sequence++),
    Timestamp: rfc2822(deps.now()),
    ...extra,
  };
  const url = call.statusCallback;
  const answers = await Promise.all(Array.from({ length: deps.copies() }, () => postSigned(url, params, deps.authToken)));
  for (const { status: answer } of answers) call.log.push({ kind: 'callback', event, callStatus: params.CallStatus, answer });
}

/** Ends the call once (a second end, e.g. a cancel racing the ring timeout, changes nothing). */
export async function endCall(call: OutboundCall, status: string, deps: CallRunDeps): Promise<void> {
  if (FINAL.has(call.status)) return;
  call.status = status;
  const duration = status === 'completed' ? Math.ceil(call.talkedSeconds) : 0;
  call.duration = duration;
  call.endTime = new Date(deps.now() + duration * 1000);
  await statusCallback(call, 'completed', deps, { CallDuration: String(duration) });
}

async function answer(call: OutboundCall, deps: CallRunDeps): Promise<void> {
  if (call.status !== 'ringing') return;
  call.status = 'in-progress';
  call.answered = true;
  await statusCallback(call, 'answered', deps);
  await deps.play(call);
}

/** Dials: initiated, ringing, then the callee's answer, busy, failure, or the ring timeout. */
export async function placeCall(call: OutboundCall, deps: CallRunDeps): Promise<void> {
  call.callee = calleeFor(deps.callees, call.to, deps.defaultCallee);
  // The Call resource stays "queued" until it rings; the initiated callback says "initiated".
  await statusCallback(call, 'initiated', deps, { CallStatus: 'initiated' });
  if (call.callee.outcome === 'failed') return endCall(call, 'failed', deps);
  call.status = 'ringing';
  await statusCallback(call, 'ringing', deps);
  if (call.callee.outcome === 'busy') return endCall(call, 'busy', deps);
  const pickup = pickupSeconds(call.callee);
  if (pickup === undefined || pickup >= call.timeoutSeconds) deps.after(call, call.timeoutSeconds, () => endCall(call, 'no-answer', deps));
  else deps.after(call, pickup, () => answer(call, deps));
}
