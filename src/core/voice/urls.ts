import { callbackUrl, legQuery, readLegParams, type LegParams } from '../twilio/callback-urls';
import type { Leg } from '../legs';

export const VOICE_NEXT_PATH = '/voice/next';
export const VOICE_SCREEN_PATH = '/voice/screen';
export const VOICE_TRANSCRIPTION_PATH = '/voice/transcription';

/** On screening URLs: the caller's E.164 number, so the prompt can name them. */
export const PARAM_CALLER = 'relay_caller';
/** Which stage of a two-step webhook a request is (screening, voicemail). */
export const PARAM_STEP = 'relay_step';

export type VoiceStep =
  /** The screening <Gather> ended: Digits says whether the call was accepted. */
  | 'result'
  /** The <Record> action: the caller finished (or abandoned) the voicemail. */
  | 'recorded'
  /** The transcription callback of that recording. */
  | 'transcribed';

/** The <Dial action> of a leg: Twilio requests it when that leg's <Dial> ends. */
export function dialActionUrl(base: string, leg: Leg, lastLeg: boolean): string {
  return callbackUrl(base, VOICE_NEXT_PATH, legQuery(leg, lastLeg));
}

/** The <Number url> prompt of a screened leg, or (with step "result") its <Gather action>. */
export function screenUrl(base: string, leg: Leg, lastLeg: boolean, caller: string, step?: 'result'): string {
  return callbackUrl(base, VOICE_SCREEN_PATH, {
    ...legQuery(leg, lastLeg),
    [PARAM_CALLER]: caller,
    ...(step && { [PARAM_STEP]: step }),
  });
}

export function voicemailUrl(base: string, step: 'recorded' | 'transcribed'): string {
  return callbackUrl(base, VOICE_TRANSCRIPTION_PATH, { [PARAM_STEP]: step });
}

export function readStep(event: Record<string, unknown>): VoiceStep | undefined {
  const step = event[PARAM_STEP];
  return step === 'result' || step === 'recorded' || step === 'transcribed' ? step : undefined;
}

export interface ScreenRequest extends LegParams {
  /** The caller's E.164 number, as /voice/incoming or /voice/next wrote it into the URL. */
  caller: string;
}

export function readScreenRequest(event: Record<string, unknown>): ScreenRequest | undefined {
  const legParams = readLegParams(event);
  const caller = event[PARAM_CALLER];
  if (!legParams || typeof caller !== 'string' || !/^\+\d{6,15}$/.test(caller)) return undefined;
  return { ...legParams, caller };
}
