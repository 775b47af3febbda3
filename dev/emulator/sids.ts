import { randomBytes } from 'node:crypto';

/** A Twilio-shaped SID: two-letter prefix and 32 lower-case hex digits. */
export function newSid(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}
