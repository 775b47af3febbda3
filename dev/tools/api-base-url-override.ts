import { parseApiBaseUrl } from '../../src/core/twilio/api-base-url';

/**
 * TWILIO_API_BASE_URL from the tool's own process environment: the admin tools' tests point them at
 * the project's emulator this way. The same loopback-only rule as the relay's applies, so the
 * account credentials the tools carry can never be sent to another host by a typo.
 */
export function apiBaseUrlFromEnvironment(env: NodeJS.ProcessEnv = process.env): URL | undefined {
  const raw = env.TWILIO_API_BASE_URL?.trim();
  return raw ? parseApiBaseUrl(raw) : undefined;
}

export const emulatorNotice = (url: URL) => `TWILIO_API_BASE_URL is set: talking to ${url.origin} (a local emulator), not to Twilio.`;
