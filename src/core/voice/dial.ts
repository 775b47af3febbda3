import type { Leg } from '../legs';
import { toE164, type CountryCode } from '../phone';
import { numberForLeg, type Destinations } from '../sms/routing';
import type { CallerIdMode, VoiceConfig } from './config';
import type { DialDecision } from './policy';
import { dialActionUrl, screenUrl, voicemailUrl } from './urls';

/** Twilio transcribes recordings of at most two minutes; a longer voicemail would arrive as no text. */
export const VOICEMAIL_MAX_SECONDS = 120;

export interface LegRequest {
  leg: Leg;
  lastLeg: boolean;
  /** The caller as Twilio reports it (event.From of the caller's leg). */
  caller: string;
  /** The relay number the call came in on (event.To of the caller's leg). */
  relayNumber: string;
  /** Where Twilio reaches this service, e.g. https://relay-1234.twil.io */
  base: string;
}

/** One leg's <Dial>, as data: voice-twiml renders it. */
export interface DialPlan {
  leg: Leg;
  number: string;
  callerId: string;
  timeoutSeconds: number;
  action: string;
  /** The <Number url> screening prompt, only when SCREEN_CALLS=true. */
  screenUrl?: string;
}

/** The end of the line: the spoken message, then a voicemail when VOICEMAIL=true. */
export interface UnavailablePlan {
  message: string;
  voicemail?: { action: string; transcribeCallback: string; maxLengthSeconds: number };
}

/**
 * The caller ID the answering phone sees. Twilio accepts on <Dial> only "the calling number, called
 * number, or a validated outgoing number" (error 13214, https://www.twilio.com/docs/api/errors/13214),
 * so both choices here are always allowed: "caller" shows who is really calling (the point of a
 * relay), "relay" shows the relay number for carriers that distrust forwarded caller IDs. A caller
 * whose number is not E.164 (withheld, "anonymous") never gets this far, but falls back to the relay
 * number all the same: Twilio passes an invalid caller ID on, and the far carrier may then refuse the call.
 */
export function callerIdFor(mode: CallerIdMode, caller: string, relayNumber: string, region: CountryCode): string {
  return (mode === 'caller' && toE164(caller, region)) || relayNumber;
}

export function planDial(request: LegRequest, voice: VoiceConfig, destinations: Destinations): DialPlan {
  const { leg, lastLeg, base } = request;
  const callerId = callerIdFor(voice.callerIdMode, request.caller, request.relayNumber, destinations.defaultRegion);
  const caller = toE164(request.caller, destinations.defaultRegion) ?? request.caller;
  return {
    leg,
    number: numberForLeg(leg, destinations),
    callerId,
    timeoutSeconds: voice.dialTimeoutSeconds,
    action: dialActionUrl(base, leg, lastLeg),
    ...(voice.screenCalls && { screenUrl: screenUrl(base, leg, lastLeg, caller) }),
  };
}

export function planUnavailable(voice: VoiceConfig, base: string): UnavailablePlan {
  return {
    message: voice.unavailableMessage,
    ...(voice.voicemail && {
      voicemail: {
        action: voicemailUrl(base, 'recorded'),
        transcribeCallback: voicemailUrl(base, 'transcribed'),
        maxLengthSeconds: VOICEMAIL_MAX_SECONDS,
      },
    }),
  };
}

/** What follows the end of a leg's <Dial>, as data: voice-twiml renders it. */
export type NextStep =
  | { action: 'connected'; reason: string }
  | { action: 'failover'; reason: string; dial: DialPlan }
  | { action: 'exhausted'; reason: string; unavailable: UnavailablePlan };

/** The failover always rings the backup, as its last leg: a call never loops back to the primary. */
export function planNextStep(
  decision: DialDecision,
  request: Omit<LegRequest, 'leg' | 'lastLeg'>,
  voice: VoiceConfig,
  destinations: Destinations,
): NextStep {
  switch (decision.action) {
    case 'connected':
      return { action: 'connected', reason: decision.reason };
    case 'failover':
      return { ...decision, action: 'failover', dial: planDial({ ...request, leg: 'backup', lastLeg: true }, voice, destinations) };
    case 'exhausted':
      return { ...decision, action: 'exhausted', unavailable: planUnavailable(voice, request.base) };
  }
}
