import type { StoredMessage } from './messages';

export interface CallbackRecord {
  url: string;
  messageSid: string;
  status: string;
  /** HTTP status the relay answered with, or the network error. */
  answer: number | string;
}

/** The form Twilio POSTs to a message's StatusCallback. */
export function statusCallbackParams(message: StoredMessage, status: string, errorCode?: number): Record<string, string> {
  return {
    AccountSid: message.accountSid,
    ApiVersion: '2010-04-01',
    MessageSid: message.sid,
    SmsSid: message.sid,
    MessageStatus: status,
    SmsStatus: status,
    To: message.to,
    From: message.from ?? '',
    ...(message.messagingServiceSid && { MessagingServiceSid: message.messagingServiceSid }),
    ...(errorCode !== undefined && { ErrorCode: String(errorCode) }),
  };
}
