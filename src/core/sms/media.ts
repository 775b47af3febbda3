/** Twilio accepts at most 10 media URLs on one outbound message. */
export const MAX_MEDIA = 10;

/** The MediaUrl0…MediaUrlN of an inbound webhook, in order, only http(s) URLs, at most 10. */
export function inboundMediaUrls(event: Record<string, unknown>): string[] {
  const count = Math.min(Number.parseInt(String(event.NumMedia ?? '0'), 10) || 0, MAX_MEDIA);
  const urls: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const url = event[`MediaUrl${i}`];
    if (typeof url === 'string' && /^https?:\/\//.test(url)) urls.push(url);
  }
  return urls;
}
