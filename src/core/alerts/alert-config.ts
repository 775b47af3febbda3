import { LOOPBACK_HOSTS } from '../twilio/api-base-url';

/** Where alerts go (ALERT_WEBHOOK_URL) and whether they may carry the message text (ALERT_INCLUDE_TEXT). */
export interface AlertTarget {
  url: URL;
  includeText: boolean;
}

/**
 * Parses ALERT_WEBHOOK_URL. The URL is the secret (a Slack incoming webhook's path is its token,
 * https://api.slack.com/messaging/webhooks), so it is never echoed. https only: the alert carries
 * dispatch facts across the internet; plain http only to this machine, for the tests' receiver.
 */
export function parseAlertWebhookUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('ALERT_WEBHOOK_URL is not a valid URL');
  }
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp) {
    throw new Error('ALERT_WEBHOOK_URL must use https (plain http only to 127.0.0.1, localhost or [::1], for tests)');
  }
  if (url.username || url.password) throw new Error('ALERT_WEBHOOK_URL must not carry credentials');
  return url;
}

/** The alert target from the raw variables; undefined when ALERT_WEBHOOK_URL is unset. Throws on a bad URL. */
export function readAlertTarget(webhookUrl: string | undefined, includeText: string | undefined): AlertTarget | undefined {
  if (!webhookUrl) return undefined;
  return { url: parseAlertWebhookUrl(webhookUrl), includeText: includeText?.toLowerCase() === 'true' };
}
