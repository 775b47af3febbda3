import type { DialPlan, NextStep, UnavailablePlan } from './dial';

/**
 * The part of the twilio package's VoiceResponse builder this module uses. Handlers pass the
 * runtime's own Twilio.twiml.VoiceResponse: the runtime serialises a response as XML only when it
 * is an instance of its own twilio copy (anything else is sent as JSON). Tests pass
 * require('twilio').twiml.VoiceResponse. TwiML is never built from strings.
 */
export interface VoiceTwiml {
  dial(attributes: {
    /** Absent only when calling back: a call to the dispatcher ends when they hang up. */
    action?: string;
    timeout: number;
    callerId: string;
    answerOnBridge: boolean;
  }): { number(attributes: { url?: string }, phoneNumber: string): unknown };
  gather(attributes: { numDigits: number; action: string }): { say(message: string): unknown };
  say(message: string): unknown;
  record(attributes: {
    action: string;
    maxLength: number;
    playBeep: boolean;
    transcribe: boolean;
    transcribeCallback: string;
  }): unknown;
  hangup(): unknown;
  reject(): unknown;
}

export type VoiceResponseClass<R extends VoiceTwiml> = new () => R;

/** Refuses the call before it is answered: the caller is never connected, nobody is charged for it. */
export function rejectTwiml<R extends VoiceTwiml>(VoiceResponse: VoiceResponseClass<R>): R {
  const response = new VoiceResponse();
  response.reject();
  return response;
}

export function hangupTwiml<R extends VoiceTwiml>(VoiceResponse: VoiceResponseClass<R>): R {
  const response = new VoiceResponse();
  response.hangup();
  return response;
}

/**
 * Rings one phone. answerOnBridge: the caller hears ringing (and is not billed as answered) until a
 * phone is actually connected, which is also what lets voice-policy tell a screened-out pickup apart.
 */
export function dialTwiml<R extends VoiceTwiml>(VoiceResponse: VoiceResponseClass<R>, plan: DialPlan): R {
  const response = new VoiceResponse();
  response
    .dial({ action: plan.action, timeout: plan.timeoutSeconds, callerId: plan.callerId, answerOnBridge: true })
    .number(plan.screenUrl ? { url: plan.screenUrl } : {}, plan.number);
  return response;
}

/**
 * The message, then optionally a voicemail. Twilio requests <Record action> when the recording ends;
 * without it Twilio would request this same URL again. The <Hangup/> after <Record> is reached when
 * the caller leaves no message at all (Twilio then skips the action and goes on with the document).
 */
export function unavailableTwiml<R extends VoiceTwiml>(VoiceResponse: VoiceResponseClass<R>, plan: UnavailablePlan): R {
  const response = new VoiceResponse();
  response.say(plan.message);
  if (plan.voicemail) {
    response.record({
      action: plan.voicemail.action,
      maxLength: plan.voicemail.maxLengthSeconds,
      playBeep: true,
      // A transcribeCallback alone no longer starts a transcription: transcribe must be set too
      // (https://www.twilio.com/docs/voice/twiml/changelog).
      transcribe: true,
      transcribeCallback: plan.voicemail.transcribeCallback,
    });
  }
  response.hangup();
  return response;
}

/**
 * The whisper the answering phone hears before the caller is connected. <Number url> documents may
 * hold only <Say>, <Play>, <Gather> and <Hangup>. No key pressed: <Gather> falls through to <Hangup/>,
 * the phone is dropped unbridged, and the <Dial> action moves on to the next phone.
 */
export function screenPromptTwiml<R extends VoiceTwiml>(
  VoiceResponse: VoiceResponseClass<R>,
  prompt: { text: string; action: string },
): R {
  const response = new VoiceResponse();
  response.gather({ numDigits: 1, action: prompt.action }).say(prompt.text);
  response.hangup();
  return response;
}

/** Accepted: an empty document ends the whisper and Twilio bridges the call. Otherwise drop this phone. */
export function screenResultTwiml<R extends VoiceTwiml>(VoiceResponse: VoiceResponseClass<R>, accepted: boolean): R {
  const response = new VoiceResponse();
  if (!accepted) response.hangup();
  return response;
}

/** The answer to a <Dial> action: hang up after a conversation, ring the next phone, or give up. */
export function nextStepTwiml<R extends VoiceTwiml>(VoiceResponse: VoiceResponseClass<R>, step: NextStep): R {
  switch (step.action) {
    case 'connected':
      return hangupTwiml(VoiceResponse);
    case 'failover':
      return dialTwiml(VoiceResponse, step.dial);
    case 'exhausted':
      return unavailableTwiml(VoiceResponse, step.unavailable);
  }
}

/**
 * Calling back (PAGE_BY_CALL): the leg phone is put through to the dispatcher, showing the relay
 * number (callerId), so the dispatcher's own number stays private to the phone
 * (https://www.twilio.com/docs/voice/twiml/dial#callerid).
 */
export function callbackTwiml<R extends VoiceTwiml>(VoiceResponse: VoiceResponseClass<R>, call: { to: string; callerId: string; timeoutSeconds: number }): R {
  const response = new VoiceResponse();
  response.dial({ callerId: call.callerId, timeout: call.timeoutSeconds, answerOnBridge: true }).number({}, call.to);
  return response;
}
