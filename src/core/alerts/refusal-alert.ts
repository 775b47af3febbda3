import { ConfigError, envText, type RelayEnv } from '../config';
import type { Audit } from '../twilio/audit';
import type { Deadline } from '../twilio/deadline';
import { WhitelistError } from '../whitelist';
import { readAlertTarget } from './alert-config';
import { sendAlert } from './alerts';
import type { Fetch } from './alert-post';

/** At most one "refused" alert per minute per container: a broken configuration fails every request. */
export const REFUSAL_ALERT_INTERVAL_MS = 60_000;
/**
 * A refusal's alert runs before the handler's 500, which is what hands the message to the
 * fallback URL (the degraded send): it may hold that answer this long, and no longer.
 */
export const REFUSAL_ALERT_MS = 1500;

let lastRefusalAlert = Number.NEGATIVE_INFINITY;

/** Tests only: forget the last refusal alert, as a fresh container would. */
export function resetRefusalAlerts(): void {
  lastRefusalAlert = Number.NEGATIVE_INFINITY;
}

/**
 * Alerts that the relay refuses to work: a configuration or whitelist error (anything else is a
 * bug, not an operator's fix, and is only audited). Reads ALERT_WEBHOOK_URL itself, since the
 * rest of the configuration may be what is broken; an invalid URL cannot alert. Never throws.
 */
export async function alertRefusal(env: RelayEnv, error: unknown, deadline: Deadline, audit: Audit, now: () => number = Date.now, fetchImpl?: Fetch): Promise<void> {
  if (!(error instanceof ConfigError) && !(error instanceof WhitelistError)) return;
  let target;
  try {
    target = readAlertTarget(envText(env, 'ALERT_WEBHOOK_URL'), envText(env, 'ALERT_INCLUDE_TEXT'));
  } catch {
    return;
  }
  if (!target || now() - lastRefusalAlert < REFUSAL_ALERT_INTERVAL_MS) return;
  lastRefusalAlert = now();
  const reason = error instanceof ConfigError ? `not configured: ${error.problems.join('; ')}` : `whitelist unusable, nothing forwarded: ${error.message}`;
  await sendAlert(target, 'refused', { reason }, deadline.within(REFUSAL_ALERT_MS), audit, fetchImpl);
}
