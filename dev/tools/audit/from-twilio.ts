import { readConfig } from '../../../src/core/config';
import { createRestClient } from '../../../src/core/twilio/client';
import { maskSid } from '../mask';
import { callFailure, describeFailure } from '../twilio-error';
import type { AuditLine } from './read-lines';
import { linesFromTwilio } from './twilio-match';
import { callLinesFromTwilio } from './twilio-calls';
import { readTwilioRecords } from './twilio-read';

/** Printed under the report's first line: what a rebuilt audit lacks next to the relay's logs. */
export const TWILIO_CANNOT_KNOW =
  "Rebuilt from Twilio's records, not the relay's logs: sends Twilio refused at once (21610 STOP, 21211…) leave no record, so a failover after one looks like a send to the backup alone; claims, duplicates, errors, loop suppression and notices are in the logs only; a redacted body hides the reply's code (the reply is matched to the phone's latest open dispatch); a screened call's last answered dial counts as connected, and a voicemail not texted as nobody-answered.";

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
 * `--from-twilio`: the audit lines rebuilt from Twilio's Message and Call records, read with the relay's own
 * API key (TWILIO_API_KEY / TWILIO_API_SECRET of the env file), never the Auth Token: a key can
 * read messages and nothing of the account's billing or keys. Throws a one-line reason.
 */
export async function auditLinesFromTwilio(source: TwilioSource): Promise<{ lines: AuditLine[]; name: string }> {
  const config = readConfig(source.env);
  const numbers = { relay: source.relayNumber, primary: config.primaryNumber, backup: config.backupNumber, messagingServiceSid: config.messagingServiceSid };
  try {
    const read = await readTwilioRecords(createRestClient(config), numbers, { since: source.since, pageSize: source.pageSize, retryDelayMs: source.retryDelayMs, progress: source.progress });
    const lines = [...linesFromTwilio(read.inbound, read.forwards, numbers, source.replyWindowMs), ...callLinesFromTwilio(read.calls, read.dials, read.forwards, numbers)];
    const counts = `${read.inbound.length} messages and ${read.calls.length} calls to the relay number, ${read.forwards.length} messages and ${read.dials.length} calls to the phones`;
    return { lines, name: `Twilio's records of account ${maskSid(config.accountSid)} (${counts}; API key ${maskSid(config.apiKey)})` };
  } catch (caught) {
    throw new Error(`reading Twilio's records failed: ${describeFailure(callFailure(caught))}`);
  }
}
