import type { Sender, Whitelist } from '../whitelist';

/** The key the answering phone presses to take a screened call. */
export const ACCEPT_DIGIT = '1';

/**
 * Spoken digit by digit: text-to-speech reads "+16195550100" as one huge number. A name, when the
 * whitelist has one, is what the answering person recognises fastest.
 */
export function spokenCaller(sender: Sender): string {
  return sender.name ?? sender.number.replace(/\D/g, '').split('').join(' ');
}

export function screenPrompt(sender: Sender): string {
  return `Relayed call from ${spokenCaller(sender)}. Press ${ACCEPT_DIGIT} to accept.`;
}

/** Only the accept key bridges: anything else, or nothing (a voicemail greeting), is not a yes. */
export function isAccepted(digits: unknown): boolean {
  return typeof digits === 'string' && digits.trim() === ACCEPT_DIGIT;
}

/** The whitelisted caller, or just their number if the whitelist no longer names them. */
export function callerSender(whitelist: Whitelist, caller: string): Sender {
  return whitelist.senders.get(caller) ?? { number: caller };
}
