/**
 * The parameters of Twilio's voice webhooks that the relay reads: the incoming call, the <Dial>
 * action, the screening <Gather>, the <Record> action and its transcription callback. Each
 * carries the standard call parameters; our own relay_* query parameters are merged in too.
 */
export interface VoiceEvent {
  CallSid?: string;
  /** STIR/SHAKEN verification of the incoming call, when it carried a PASSporT (attestation.ts). */
  StirVerstat?: string;
  /** On a dialed phone's leg (the screening prompt): the caller's call. */
  ParentCallSid?: string;
  AccountSid?: string;
  From?: string;
  To?: string;
  /** The caller's leg; with answerOnBridge it stays "ringing" until a dialed phone is bridged. */
  CallStatus?: string;
  DialCallStatus?: string;
  DialCallDuration?: string;
  DialBridged?: string;
  Digits?: string;
  RecordingDuration?: string;
  TranscriptionStatus?: string;
  TranscriptionText?: string;
  [key: string]: unknown;
}

export interface CallFacts {
  sid: string;
  /** The caller's call SID, which every audit line of the call carries: ParentCallSid on a dialed phone's leg. */
  chainSid: string;
  accountSid: string;
  /** The caller (on a screening request: the caller ID the answering phone was shown). */
  from: string;
  /** The relay number (on a screening request: the phone being screened). */
  to: string;
}

/** What Twilio reports when a <Dial> ends. */
export interface DialResult {
  /** DialCallStatus as sent, lower-cased; "" when missing. */
  status: string;
  /** DialBridged as sent: "true", "false", or "" when missing. */
  bridged: string;
  /** CallStatus of the caller's own leg. */
  callerStatus: string;
  durationSeconds?: number;
}

export interface Transcription {
  completed: boolean;
  text: string;
}

const CALL_SID = /^CA[0-9a-f]{32}$/i;

export function isCallSid(value: unknown): value is string {
  return typeof value === 'string' && CALL_SID.test(value);
}

const str = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

function seconds(value: unknown): number | undefined {
  const text = str(value);
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

export function readCall(event: VoiceEvent): CallFacts {
  const sid = str(event.CallSid);
  const parentSid = str(event.ParentCallSid);
  return {
    sid,
    chainSid: isCallSid(parentSid) ? parentSid : sid,
    accountSid: str(event.AccountSid),
    from: str(event.From),
    to: str(event.To),
  };
}

export function readDialResult(event: VoiceEvent): DialResult {
  const durationSeconds = seconds(event.DialCallDuration);
  return {
    status: str(event.DialCallStatus).toLowerCase(),
    bridged: str(event.DialBridged).toLowerCase(),
    callerStatus: str(event.CallStatus).toLowerCase(),
    ...(durationSeconds !== undefined && { durationSeconds }),
  };
}

export function readRecordingSeconds(event: VoiceEvent): number | undefined {
  return seconds(event.RecordingDuration);
}

export function readTranscription(event: VoiceEvent): Transcription {
  return { completed: str(event.TranscriptionStatus).toLowerCase() === 'completed', text: str(event.TranscriptionText) };
}
