import { ConfigError, envText, type RelayEnv } from '../config';

/** Whose number the answering phone sees: the original caller's, or the relay number's. */
export type CallerIdMode = 'caller' | 'relay';

/** What the voice webhooks need beyond RelayConfig, validated, with defaults. */
export interface VoiceConfig {
  dialTimeoutSeconds: number;
  voicemail: boolean;
  screenCalls: boolean;
  unavailableMessage: string;
  callerIdMode: CallerIdMode;
}

/** The range Twilio accepts for <Dial timeout>. */
export const MIN_DIAL_TIMEOUT_SECONDS = 5;
export const MAX_DIAL_TIMEOUT_SECONDS = 600;
export const DEFAULT_DIAL_TIMEOUT_SECONDS = 20;

export const UNAVAILABLE_MESSAGE = 'Sorry, nobody can take your call right now.';
/** Without VOICE_UNAVAILABLE_MESSAGE, a caller who may leave a message is told so. */
export const VOICEMAIL_MESSAGE = `${UNAVAILABLE_MESSAGE} Please leave a message after the tone.`;

/** A true/false variable (unset: false); anything else is a problem naming the variable. */
export function readFlag(env: RelayEnv, name: string, problems: string[]): boolean {
  const raw = envText(env, name);
  const value = raw?.toLowerCase();
  if (value !== undefined && value !== 'true' && value !== 'false') problems.push(`${name} must be true or false, got "${raw}"`);
  return value === 'true';
}

/** Reads the voice variables, reporting every problem at once, each naming its variable. */
export function readVoiceConfig(env: RelayEnv): VoiceConfig {
  const problems: string[] = [];
  const flag = (name: string) => readFlag(env, name, problems);

  const timeoutText = envText(env, 'DIAL_TIMEOUT_SECONDS');
  // Digits only: Number() would also take "1e1" or "0x14", which nobody means as seconds.
  const dialTimeoutSeconds =
    timeoutText === undefined ? DEFAULT_DIAL_TIMEOUT_SECONDS : /^\d+$/.test(timeoutText) ? Number(timeoutText) : Number.NaN;
  if (
    !Number.isInteger(dialTimeoutSeconds) ||
    dialTimeoutSeconds < MIN_DIAL_TIMEOUT_SECONDS ||
    dialTimeoutSeconds > MAX_DIAL_TIMEOUT_SECONDS
  ) {
    problems.push(
      `DIAL_TIMEOUT_SECONDS must be a whole number of seconds from ${MIN_DIAL_TIMEOUT_SECONDS} to ${MAX_DIAL_TIMEOUT_SECONDS}, got "${timeoutText}"`,
    );
  }

  const modeText = envText(env, 'CALLER_ID_MODE') ?? 'caller';
  const callerIdMode = modeText.toLowerCase();
  if (callerIdMode !== 'caller' && callerIdMode !== 'relay') {
    problems.push(`CALLER_ID_MODE must be "caller" or "relay", got "${modeText}"`);
  }

  const voicemail = flag('VOICEMAIL');
  const screenCalls = flag('SCREEN_CALLS');
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    dialTimeoutSeconds,
    voicemail,
    screenCalls,
    unavailableMessage: envText(env, 'VOICE_UNAVAILABLE_MESSAGE') ?? (voicemail ? VOICEMAIL_MESSAGE : UNAVAILABLE_MESSAGE),
    callerIdMode: callerIdMode as CallerIdMode,
  };
}
