import type { RelayConfig } from '../../../src/core/config';
import { sendAlert } from '../../../src/core/alerts/alerts';
import { deadlineIn, FUNCTION_BUDGET_MS } from '../../../src/core/twilio/deadline';
import type { AuditRecord } from '../../../src/core/twilio/audit';
import { error, ok, type Finding } from '../findings';
import { maskSecret } from '../mask';

/** ALERT_WEBHOOK_URL on screen: its origin, and the rest as a secret (a Slack webhook's path is its token). */
export const maskedAlertUrl = (url: URL) => `${url.origin}/… (${maskSecret(url.href)})`;

/** Whether alerts are on, where they go (masked), and whether they carry the message text. */
export function alertFinding(config: RelayConfig): Finding {
  if (!config.alert) return ok('alerts off: ALERT_WEBHOOK_URL is not set (set it so that a lost dispatch reaches a person at once: docs/alerts.md)');
  const text = config.alert.includeText ? 'with the message text (ALERT_INCLUDE_TEXT=true)' : 'without the message text';
  return ok(`alerts go to ${maskedAlertUrl(config.alert.url)}, ${text}`);
}

/** --test-alert: posts one "test" alert through the relay's own code, retried within the relay's 7 s budget. */
export async function testAlertFinding(config: RelayConfig): Promise<Finding> {
  if (!config.alert) return error('--test-alert: ALERT_WEBHOOK_URL is not set');
  let failure: string | undefined;
  const audit = (record: AuditRecord) => {
    if (record.level === 'error') failure = record.reason;
  };
  const sent = await sendAlert(config.alert, 'test', { reason: 'if you read this, the relay\'s alerts reach you' }, deadlineIn(FUNCTION_BUDGET_MS), audit);
  const where = maskedAlertUrl(config.alert.url);
  return sent ? ok(`test alert accepted by ${where}`) : error(`test alert to ${where} failed: ${failure}`);
}
