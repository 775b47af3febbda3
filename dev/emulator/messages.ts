import { list, single, type FormParams } from '../form';
import { newSid } from './sids';

export interface StoredMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  mediaUrls: string[];
  mediaSids: string[];
  status: string;
  errorCode: number | null;
  statusCallback?: string;
  createdAt: Date;
  /** When the carrier took it ("sent"): null while Twilio still queues it, as Twilio's date_sent. */
  sentAt: Date | null;
  /** A scheduled message's SendAt: the emulator's clock sends it then (scheduling.ts). */
  sendAt: Date | null;
  /** "inbound" for a message someone sent to one of the account's numbers (a test's scripted history); else created here through the API. */
  direction?: 'inbound' | 'outbound-api';
  /** When its status last changed (date_updated); the creation time unless set. */
  updatedAt?: Date;
}

/** Statuses a message reaches only after it was sent to the carrier. */
const SENT_OR_LATER = new Set(['sent', 'delivered', 'undelivered', 'read', 'partially_delivered']);

export function setStatus(message: StoredMessage, status: string, errorCode?: number): void {
  message.status = status;
  message.errorCode = errorCode ?? null;
  message.updatedAt = new Date();
  if (SENT_OR_LATER.has(status)) message.sentAt ??= new Date();
}

export function createMessage(accountSid: string, params: FormParams): StoredMessage {
  const mediaUrls = list(params.MediaUrl);
  const messagingServiceSid = single(params.MessagingServiceSid) ?? null;
  // Only a create that scheduling.ts let through gets here with ScheduleType: its SendAt is valid.
  const sendAt = single(params.ScheduleType) === 'fixed' ? new Date(Date.parse(single(params.SendAt) ?? '')) : null;
  return {
    sid: newSid(mediaUrls.length > 0 ? 'MM' : 'SM'),
    accountSid,
    to: single(params.To) ?? '',
    from: single(params.From) ?? null,
    messagingServiceSid,
    body: single(params.Body) ?? '',
    mediaUrls,
    mediaSids: mediaUrls.map(() => newSid('ME')),
    // https://www.twilio.com/docs/messaging/guides/outbound-message-status-in-status-callbacks#initial-status-of-a-message-resource
    status: sendAt ? 'scheduled' : messagingServiceSid ? 'accepted' : 'queued',
    errorCode: null,
    statusCallback: single(params.StatusCallback),
    createdAt: new Date(),
    sentAt: null,
    sendAt,
  };
}

const API = '/2010-04-01';

/** The Message resource as the 2010-04-01 API renders it (snake_case JSON). */
export function messageJson(message: StoredMessage) {
  const uri = `${API}/Accounts/${message.accountSid}/Messages/${message.sid}`;
  const date = message.createdAt.toUTCString();
  const updated = (message.updatedAt ?? message.createdAt).toUTCString();
  return {
    account_sid: message.accountSid,
    api_version: '2010-04-01',
    body: message.body,
    date_created: date,
    date_sent: message.sentAt?.toUTCString() ?? null,
    date_updated: updated,
    direction: message.direction ?? 'outbound-api',
    error_code: message.errorCode,
    error_message: null,
    from: message.from,
    messaging_service_sid: message.messagingServiceSid,
    num_media: String(message.mediaUrls.length),
    num_segments: String(Math.max(1, Math.ceil(message.body.length / 153))),
    price: null,
    price_unit: 'USD',
    sid: message.sid,
    status: message.status,
    subresource_uris: { media: `${uri}/Media.json` },
    to: message.to,
    uri: `${uri}.json`,
  };
}

export function mediaListJson(message: StoredMessage) {
  const base = `${API}/Accounts/${message.accountSid}/Messages/${message.sid}/Media`;
  return {
    media_list: message.mediaSids.map((sid) => ({
      account_sid: message.accountSid,
      content_type: 'image/jpeg',
      date_created: message.createdAt.toUTCString(),
      date_updated: message.createdAt.toUTCString(),
      parent_sid: message.sid,
      sid,
      uri: `${base}/${sid}.json`,
    })),
    end: Math.max(0, message.mediaSids.length - 1),
    first_page_uri: `${base}.json?PageSize=50&Page=0`,
    next_page_uri: null,
    page: 0,
    page_size: 50,
    previous_page_uri: null,
    start: 0,
    uri: `${base}.json?PageSize=50&Page=0`,
  };
}
