export const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Parses TWILIO_API_BASE_URL. Only loopback addresses are accepted: the SDK sends the API key
 * to this URL on every call, so a typo must never be able to ship credentials to another host.
 */
export function parseApiBaseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // The value is not echoed: it may carry a password.
    throw new Error('TWILIO_API_BASE_URL is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`TWILIO_API_BASE_URL must use http or https, got "${url.protocol}"`);
  }
  if (!LOOPBACK_HOSTS.has(url.hostname)) {
    throw new Error(
      `TWILIO_API_BASE_URL may only point at this machine (127.0.0.1, localhost or [::1]), got host "${url.hostname}"`,
    );
  }
  if (url.username || url.password) {
    throw new Error('TWILIO_API_BASE_URL must not carry credentials');
  }
  if (url.search || url.hash) {
    throw new Error('TWILIO_API_BASE_URL must not carry a query or fragment');
  }
  return url;
}
