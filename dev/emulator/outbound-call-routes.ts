/**
 * Calls create, fetch and cancel (https://www.twilio.com/docs/voice/api/call-resource), for the
 * calls the relay places itself; call-routes.ts lists the calls of a test's scripted history.
 * The request is already checked against twilio-oai (the contract check); this adds what only
 * the emulator cannot do (Twiml, ApplicationSid, GET webhooks) as a loud 400, and Twilio's own
 * limit on Timeout (at most 600 s, default 60).
 */
import { list, single, type FormParams } from '../form';
import type { Callee, CalleeScript } from './callees';
import { callJson } from './call-routes';
import { playCall } from './call-twiml-runner';
import type { EmulatorClock } from './clock';
import { KNOWN_ERRORS, twilioError } from './errors';
import { endCall, placeCall, type CallRunDeps, type OutboundCall } from './outbound-call';
import type { Reply, Route } from './routes';
import { newSid } from './sids';

const CALLS_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Calls(?:\/(CA[0-9a-f]{32}))?\.json$/;
const DEFAULT_TIMEOUT_SECONDS = 60;
const MAX_TIMEOUT_SECONDS = 600;

export interface OutboundCallsOptions {
  authToken: string;
  clock: EmulatorClock;
  violations: string[];
  callees?: CalleeScript;
  /** Numbers without a script: a person who answers at once and presses nothing. */
  defaultCallee?: Callee;
  /** How many copies of each status callback to POST at once (the emulator's callbackCopies). */
  copies(): number;
  /** Keeps a call's work in progress where idle() waits for it. */
  track<T>(promise: Promise<T>): Promise<T>;
}

export interface OutboundCalls {
  calls: Map<string, OutboundCall>;
  callees: CalleeScript;
  route: Route;
  /** Runs what the emulator's clock has reached: rings answered or timed out. */
  releaseDue(now: number): void;
}

const notEmulated = (what: string): Reply => ({ status: 400, body: twilioError(400, 21000, `emulator: ${what} is not emulated`) });

function unsupported(params: FormParams): string | undefined {
  if (single(params.Twiml) !== undefined) return 'Twiml (pass Url)';
  if (single(params.ApplicationSid) !== undefined) return 'ApplicationSid (pass Url)';
  if ((single(params.Method) ?? 'POST').toUpperCase() !== 'POST') return 'Method GET';
  if ((single(params.StatusCallbackMethod) ?? 'POST').toUpperCase() !== 'POST') return 'StatusCallbackMethod GET';
  return undefined;
}

function newCall(accountSid: string, params: FormParams, now: number): OutboundCall {
  const timeout = single(params.Timeout);
  return {
    sid: newSid('CA'), accountSid, from: single(params.From)!, to: single(params.To)!, status: 'queued', direction: 'outbound-api',
    parentCallSid: null, startTime: new Date(now), endTime: null, duration: null,
    url: single(params.Url)!, statusCallback: single(params.StatusCallback),
    // https://www.twilio.com/docs/voice/api/call-resource (StatusCallbackEvent): none given, only "completed" is sent.
    events: new Set(list(params.StatusCallbackEvent).length ? list(params.StatusCallbackEvent).flatMap((e) => e.split(' ')) : ['completed']),
    timeoutSeconds: Math.min(timeout === undefined ? DEFAULT_TIMEOUT_SECONDS : Number(timeout), MAX_TIMEOUT_SECONDS),
    machineDetection: single(params.MachineDetection),
    log: [], callee: { outcome: 'human' }, talkedSeconds: 0, pressed: 0, answered: false, sequence: 0,
  };
}

/** The calls the relay places, their scripted callees, their route and their clock. */
export function outboundCalls(options: OutboundCallsOptions): OutboundCalls {
  const calls = new Map<string, OutboundCall>();
  const callees: CalleeScript = { ...options.callees };
  const rings = new Map<string, { dueAt: number; then: () => Promise<void> }>();
  const release = (sid: string) => {
    const ring = rings.get(sid);
    if (!ring) return;
    rings.delete(sid);
    void options.track(ring.then());
  };
  const deps: CallRunDeps = {
    authToken: options.authToken,
    callees,
    defaultCallee: options.defaultCallee ?? { outcome: 'human' },
    now: () => options.clock.now(),
    violations: options.violations,
    copies: options.copies,
    after(call, seconds, then) {
      if (seconds <= 0) return void options.track(then());
      rings.set(call.sid, { dueAt: options.clock.now() + seconds * 1000, then });
      // Real time has nobody to move it: a timer does. A manual clock waits for advance().
      if (!('advance' in options.clock)) setTimeout(() => release(call.sid), seconds * 1000).unref();
    },
    play: (call) => playCall(call, deps),
  };

  const route: Route = (request, accountSid) => {
    const match = CALLS_PATH.exec(request.path);
    if (!match || request.method !== 'POST' && !(request.method === 'GET' && match[2])) return undefined;
    const [, pathAccount, sid] = match;
    if (pathAccount !== accountSid) return { status: 404, body: twilioError(404, 20404, KNOWN_ERRORS[20404]) };
    if (!sid) {
      const missing = unsupported(request.params);
      if (missing) return notEmulated(missing);
      const call = newCall(accountSid, request.params, options.clock.now());
      calls.set(call.sid, call);
      // After the 201 is on its way, as at Twilio: the call is queued, then dialed.
      void options.track(new Promise((resolve) => setImmediate(resolve)).then(() => placeCall(call, deps)));
      return { status: 201, body: callJson(call) };
    }
    const call = calls.get(sid);
    if (!call) return { status: 404, body: twilioError(404, 20404, KNOWN_ERRORS[20404]) };
    const status = single(request.params.Status);
    // Update: canceled ends a queued or ringing call; otherwise nothing changes. (Status=completed,
    // hanging up a call in progress, is not emulated: the emulated calls run their TwiML at once.)
    if (request.method === 'POST' && status === 'canceled' && (call.status === 'queued' || call.status === 'ringing')) {
      rings.delete(sid);
      void options.track(endCall(call, 'canceled', deps));
    } else if (request.method === 'POST' && status !== undefined) {
      return notEmulated(`Status=${status} on a call that is ${call.status}`);
    }
    return { status: 200, body: callJson(call) };
  };

  return {
    calls,
    callees,
    route,
    releaseDue(now) {
      const due = [...rings.entries()].filter(([, ring]) => ring.dueAt <= now).sort((a, b) => a[1].dueAt - b[1].dueAt);
      for (const [sid] of due) release(sid);
    },
  };
}
