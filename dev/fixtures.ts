import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from './project-root';

/**
 * A complete, well-formed but fake configuration: what the demo and the end-to-end tests run
 * with. Nothing here is a credential of any real account (built, not written, so no file holds
 * a SID-shaped literal).
 */
export const FAKE = {
  accountSid: 'AC' + 'a1'.repeat(16),
  authToken: 'demo-auth-token-' + '0'.repeat(16),
  apiKey: 'SK' + 'b2'.repeat(16),
  apiSecret: 'demo-api-secret-' + '1'.repeat(16),
  syncServiceSid: 'IS' + 'c3'.repeat(16),
  relayNumber: '+16195550000',
  primaryNumber: '+16195550111',
  backupNumber: '+16195550122',
  dispatcher: { number: '+16195550100', name: 'Dispatch' },
  fieldUnit: '+18585550123',
  stranger: '+16195550199',
};

/** What the emulator needs to act as that fake account: spread into startEmulator's options. */
export const FAKE_ACCOUNT = { accountSid: FAKE.accountSid, authToken: FAKE.authToken, apiKey: FAKE.apiKey, apiSecret: FAKE.apiSecret };

export const FAKE_WHITELIST = { senders: [FAKE.dispatcher, FAKE.fieldUnit] };

/** The relay's environment for a run against the emulator at `apiBaseUrl`. */
export function fakeEnv(apiBaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ACCOUNT_SID: FAKE.accountSid,
    AUTH_TOKEN: FAKE.authToken,
    TWILIO_API_KEY: FAKE.apiKey,
    TWILIO_API_SECRET: FAKE.apiSecret,
    PRIMARY_NUMBER: FAKE.primaryNumber,
    BACKUP_NUMBER: FAKE.backupNumber,
    TWILIO_API_BASE_URL: apiBaseUrl,
    ...extra,
  };
}

/**
 * An assets folder holding a given whitelist, inside the project (twilio-run takes the folder
 * relative to the project), under the git-ignored .cache/.
 */
export function assetsWithWhitelist(content: unknown): { folder: string; remove(): void } {
  mkdirSync(join(PROJECT_ROOT, '.cache'), { recursive: true });
  const dir = mkdtempSync(join(PROJECT_ROOT, '.cache', 'assets-'));
  writeFileSync(join(dir, 'whitelist.private.json'), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return { folder: relative(PROJECT_ROOT, dir), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

let counter = 0;
/** A fresh inbound MessageSid: SM + 32 hex. */
export function inboundSid(): string {
  counter += 1;
  return 'SM' + (Date.now().toString(16) + counter.toString(16)).padStart(32, '0').slice(-32);
}

/** The form Twilio POSTs to the Messaging webhook for an SMS (or MMS with media URLs). */
export type InboundSms = Record<string, string> & { MessageSid: string };

export function inboundSms(from: string, body: string, media: string[] = [], sid = inboundSid()): InboundSms {
  return {
    ToCountry: 'US',
    SmsMessageSid: sid,
    NumMedia: String(media.length),
    SmsSid: sid,
    SmsStatus: 'received',
    Body: body,
    To: FAKE.relayNumber,
    NumSegments: '1',
    MessageSid: sid,
    AccountSid: FAKE.accountSid,
    From: from,
    ApiVersion: '2010-04-01',
    ...Object.fromEntries(media.map((url, i) => [`MediaUrl${i}`, url])),
    ...Object.fromEntries(media.map((_, i) => [`MediaContentType${i}`, 'image/jpeg'])),
  };
}
