import { ConfigError, envText, type RelayEnv } from '../config';
import { SCHEDULE_MAX_AHEAD_SECONDS, SCHEDULE_MIN_AHEAD_SECONDS } from '../twilio/schedule-window';
import type { TwoWayConfig } from './two-way-config';

/**
 * Issue 11: ACK_TIMEOUT_MINUTES. Unset: off, the relay is exactly two-way's. Set: a dispatch
 * nobody acknowledged within it goes to the backup, and after twice it the dispatcher hears so,
 * both as messages scheduled on Twilio at the first forward (no timer of ours).
 */
export type EscalationConfig =
  | { enabled: false }
  | { enabled: true; timeoutMinutes: number; messagingServiceSid: string };

/**
 * SendAt is fixed at the forward, but Twilio checks it when the create arrives: after the
 * primary's send, the function's own work, the SDK cutting SendAt to whole seconds and any
 * clock skew. A Twilio Function runs at most 10 s; a minute leaves room for all of it.
 */
export const REQUEST_LATENCY_MARGIN_SECONDS = 60;

/** 7: the shortest whole-minute timeout still more than 300 s ahead when the create arrives a minute late. */
export const MIN_ACK_TIMEOUT_MINUTES = Math.floor((SCHEDULE_MIN_AHEAD_SECONDS + REQUEST_LATENCY_MARGIN_SECONDS) / 60) + 1;
/** 25,200 (17.5 days): the dispatcher's message, at twice the timeout, must still fit the 35 days. */
export const MAX_ACK_TIMEOUT_MINUTES = Math.floor(SCHEDULE_MAX_AHEAD_SECONDS / 60 / 2);

/**
 * Reads ACK_TIMEOUT_MINUTES against what it needs: two-way (acknowledgements live in Sync) and
 * MESSAGING_SERVICE_SID (Twilio schedules only through a Messaging Service,
 * https://www.twilio.com/docs/api/errors/35118). Every problem at once, each naming its variable.
 * Also: the escalation must happen while the dispatch's reply window is open, or the backup's
 * answer would find no dispatch to acknowledge.
 */
export function readEscalationConfig(env: RelayEnv, twoWay: TwoWayConfig): EscalationConfig {
  const value = envText(env, 'ACK_TIMEOUT_MINUTES');
  if (value === undefined) return { enabled: false };
  const problems: string[] = [];
  // Digits only, as REPLY_WINDOW_HOURS: Number() would also take "1e1" or "0x10".
  const minutes = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(minutes) || minutes < MIN_ACK_TIMEOUT_MINUTES || minutes > MAX_ACK_TIMEOUT_MINUTES) {
    problems.push(
      `ACK_TIMEOUT_MINUTES must be a whole number of minutes from ${MIN_ACK_TIMEOUT_MINUTES} to ${MAX_ACK_TIMEOUT_MINUTES}, got "${value}": ` +
        `Twilio schedules a message more than ${SCHEDULE_MIN_AHEAD_SECONDS} s and at most 35 days ahead, ` +
        `the relay leaves ${REQUEST_LATENCY_MARGIN_SECONDS} s for its own request, and the dispatcher's message comes at twice the timeout`,
    );
  } else if (2 * minutes > twoWay.replyWindowHours * 60) {
    problems.push(
      `ACK_TIMEOUT_MINUTES (${minutes}) is more than half of REPLY_WINDOW_HOURS (${twoWay.replyWindowHours}): ` +
        'the dispatcher\'s "not acknowledged" message, at twice the timeout, would come after the dispatch closed',
    );
  }
  if (!twoWay.enabled) problems.push('ACK_TIMEOUT_MINUTES needs two-way dispatch: set SYNC_SERVICE_SID (and leave TWO_WAY unset or true)');
  const messagingServiceSid = envText(env, 'MESSAGING_SERVICE_SID');
  if (messagingServiceSid === undefined) {
    problems.push('ACK_TIMEOUT_MINUTES needs MESSAGING_SERVICE_SID: Twilio schedules messages only through a Messaging Service (error 35118)');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { enabled: true, timeoutMinutes: minutes, messagingServiceSid: messagingServiceSid! };
}
