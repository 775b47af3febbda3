/**
 * Twilio accepts at most 10 media URLs on one outbound message (error 21623,
 * https://www.twilio.com/docs/api/errors/21623).
 */
export const MAX_MEDIA = 10;

export interface InboundMedia {
  /** MediaUrl0…MediaUrlN of an inbound webhook, in order, only http(s) URLs, at most 10. */
  urls: string[];
  /** How many of the NumMedia the message had are not in `urls`: audited, never dropped silently. */
  dropped: number;
}

export function inboundMedia(event: Record<string, unknown>): InboundMedia {
  const declared = Math.max(Number.parseInt(String(event.NumMedia ?? '0'), 10) || 0, 0);
  const urls: string[] = [];
  for (let i = 0; i < declared && urls.length < MAX_MEDIA; i += 1) {
    const url = event[`MediaUrl${i}`];
    if (typeof url === 'string' && /^https?:\/\//.test(url)) urls.push(url);
  }
  return { urls, dropped: declared - urls.length };
}
