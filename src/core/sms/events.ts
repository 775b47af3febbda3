import { inboundMedia } from './media';

/** The parameters of Twilio's incoming-message webhook that the relay reads. */
export interface IncomingSmsEvent {
  MessageSid?: string;
  AccountSid?: string;
  From?: string;
  To?: string;
  Body?: string;
  NumMedia?: string;
  [key: string]: unknown;
}

/** Twilio's message status callback, plus our correlation query parameters (see correlation.ts). */
export interface StatusCallbackEvent {
  MessageSid?: string;
  MessageStatus?: string;
  AccountSid?: string;
  ErrorCode?: string;
  To?: string;
  From?: string;
  [key: string]: unknown;
}

export interface InboundMessage {
  sid: string;
  accountSid: string;
  from: string;
  to: string;
  text: string;
  mediaUrls: string[];
  /** Media the message had that are not in mediaUrls (past Twilio's 10, or not http(s)). */
  mediaDropped: number;
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

export function readInboundMessage(event: IncomingSmsEvent): InboundMessage {
  const media = inboundMedia(event);
  return {
    sid: str(event.MessageSid),
    accountSid: str(event.AccountSid),
    from: str(event.From),
    to: str(event.To),
    text: str(event.Body),
    mediaUrls: media.urls,
    mediaDropped: media.dropped,
  };
}

export interface StatusReport {
  messageSid: string;
  status: string;
  accountSid: string;
  errorCode?: string;
  to: string;
  /** The message's sender: the relay number, or the Messaging Service's pick. */
  from: string;
}

export function readStatusReport(event: StatusCallbackEvent): StatusReport {
  const errorCode = str(event.ErrorCode);
  return {
    messageSid: str(event.MessageSid),
    status: str(event.MessageStatus),
    accountSid: str(event.AccountSid),
    ...(errorCode && { errorCode }),
    to: str(event.To),
    from: str(event.From),
  };
}
