import type { Deadline } from '../twilio/deadline';
import type { RestClient } from '../twilio/client';
import { fetchSentContent, type ForwardContent } from './messaging';

/** What the backup is sent when a primary message ends undelivered. */
export interface FailoverContent {
  from: string;
  content: ForwardContent;
  /** The dispatch could not be re-read: `content` is a notice with the inbound SID, and `reason` says why. */
  notice?: { reason: string };
}

/** A notice invents no text: it names the message so a person can look it up in the Twilio Console. */
export function unreadableNotice(inboundSid: string, primarySid: string): string {
  return `[relay notice] A dispatch did not reach the primary phone and could not be re-read. Look up message ${inboundSid} (primary copy ${primarySid}) in the Twilio Console.`;
}

export interface FailedPrimary {
  inboundSid: string;
  /** The primary leg's message, whose status callback reported the failure. */
  messageSid: string;
  /** Its sender (the callback's From): where the notice is sent from when the read fails. */
  from: string;
}

/**
 * The content for the backup: `stored` when the caller has it (no read needed), else the primary
 * message re-read from Twilio; when that read fails, a notice, so the backup is reached anyway.
 */
export async function failoverContent(client: RestClient, primary: FailedPrimary, deadline: Deadline, stored?: { from: string; content: ForwardContent }): Promise<FailoverContent> {
  if (stored) return stored;
  const sent = await fetchSentContent(client, primary.messageSid, deadline);
  if (sent.ok) return { from: sent.from, content: sent.content };
  return { from: primary.from, content: { body: unreadableNotice(primary.inboundSid, primary.messageSid), mediaUrl: [] }, notice: { reason: sent.reason } };
}
