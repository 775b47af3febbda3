import { readConfig } from '../../../src/core/config';
import { createRestClient } from '../../../src/core/twilio/client';
import { maskSid } from '../mask';
import { callFailure, describeFailure } from '../twilio-error';
import type { AuditLine } from './read-lines';
import { linesFromTwilio } from './twilio-match';
import { readTwilioMessages } from './twilio-read';

/** Printed under the report's first line: what a rebuilt audit lacks next to the relay's logs. */
export const TWILIO_CANNOT_KNOW =
  "Rebuilt from Twilio's records, not the relay's logs: sends Twilio refused at once (21610 STOP, 21211…) leave no record, so a failover after one looks like a send to the backup alone; claims, duplicates, errors, loop suppression and notices are in the logs only; a redacted body hides the reply's code (the reply is matched to the phone's latest open dispatch).";

export interface TwilioSource {
  env: Record<string, string>;
  relayNumber: string;
  since: Date;
  replyWindowMs: number;
  pageSize?: number;
  retryDelayMs?: number;
  /** Progress on a terminal (stderr), else nothing. */
  progress?: (read: number) => void;
}

/**
 * `--from-twilio`: the audit lines rebuilt from Twilio's Message records, read with the relay's own
 * API key (TWILIO_API_KEY / TWILIO_API_SECRET of the env file), never the Auth Token: a key can
 * read messages and nothing of the account's billing or keys. Throws a one-line reason.
 */
export async function auditLinesFromTwilio(source: TwilioSource): Promise<{ lines: AuditLine[]; name: string }> {
  const config = readConfig(source.env);
  const numbers = { relay: source.relayNumber, primary: config.primaryNumber, backup: config.backupNumber, messagingServiceSid: config.messagingServiceSid };
  try {
    const { inbound, forwards } = await readTwilioMessages(createRestClient(config), numbers, { since: source.since, pageSize: source.pageSize, retryDelayMs: source.retryDelayMs, progress: source.progress });
    const lines = linesFromTwilio(inbound, forwards, numbers, source.replyWindowMs);
    return { lines, name: `Twilio's Messages records of account ${maskSid(config.accountSid)} (${inbound.length} to the relay number, ${forwards.length} to the phones; API key ${maskSid(config.apiKey)})` };
  } catch (caught) {
    throw new Error(`reading Twilio's Messages failed: ${describeFailure(callFailure(caught))}`);
  }
}
