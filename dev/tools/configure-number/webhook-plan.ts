/** The relay number's Messaging webhooks, as the IncomingPhoneNumbers API names them. */
export interface MessagingWebhooks {
  SmsUrl: string;
  SmsMethod: string;
  SmsFallbackUrl: string;
  SmsFallbackMethod: string;
}

export interface Change {
  param: keyof MessagingWebhooks;
  from: string;
  to: string;
}

export interface Plan {
  changes: Change[];
  /** URL changes that would replace a webhook of something else (another service, an old deploy). */
  elsewhere: Change[];
}

export const INCOMING_PATH = '/sms/incoming';
export const FALLBACK_PATH = '/sms/fallback';

/** What Twilio puts on a number it has just sold you (https://demo.twilio.com/welcome/sms/reply): nothing to protect. */
const isTwilioDefault = (url: string) => URL.canParse(url) && new URL(url).hostname === 'demo.twilio.com';

/** The service's origin: https only, no path, query or credentials (the relay's paths are appended). */
export function parseBaseUrl(text: string): string {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (!url || url.protocol !== 'https:' || url.username || url.password || url.pathname !== '/' || url.search || url.hash) {
    throw new Error(`--base-url must be the service's https origin, such as https://sms-relay-1234-dev.twil.io (no path, query or credentials), got "${text}"`);
  }
  return url.origin;
}

export function desiredWebhooks(base: string, withFallback: boolean): Partial<MessagingWebhooks> {
  return {
    SmsUrl: `${base}${INCOMING_PATH}`,
    SmsMethod: 'POST',
    ...(withFallback && { SmsFallbackUrl: `${base}${FALLBACK_PATH}`, SmsFallbackMethod: 'POST' }),
  };
}

/** What must change, and which of those changes overwrite a webhook that points elsewhere. */
export function planWebhooks(current: MessagingWebhooks, desired: Partial<MessagingWebhooks>): Plan {
  const changes = (Object.entries(desired) as Array<[keyof MessagingWebhooks, string]>)
    .filter(([param, to]) => current[param] !== to)
    .map(([param, to]) => ({ param, from: current[param], to }));
  const elsewhere = changes.filter(({ param, from }) => param.endsWith('Url') && from !== '' && !isTwilioDefault(from));
  return { changes, elsewhere };
}
