import { inboundMedia, MAX_MEDIA } from '../../../src/core/sms/media';

const inboundMediaUrls = (event: Record<string, unknown>) => inboundMedia(event).urls;
const url = (i: number) => `https://api.twilio.com/2010-04-01/Accounts/AC${'0'.repeat(31)}1/Messages/MM${'0'.repeat(31)}a/Media/ME${String(i).padStart(32, '0')}`;

describe('inboundMedia', () => {
  it('is capped at Twilio\'s 10 media per message', () => {
    expect(MAX_MEDIA).toBe(10);
  });

  it('returns nothing for a text message', () => {
    expect(inboundMediaUrls({ NumMedia: '0', MediaUrl0: url(0) })).toEqual([]);
    expect(inboundMediaUrls({})).toEqual([]);
  });

  it('returns MediaUrl0..N-1 in order', () => {
    expect(inboundMediaUrls({ NumMedia: '2', MediaUrl1: url(1), MediaUrl0: url(0), MediaUrl2: url(2) })).toEqual([url(0), url(1)]);
  });

  it('reads at most 10 URLs', () => {
    const event: Record<string, unknown> = { NumMedia: '12' };
    for (let i = 0; i < 12; i += 1) event[`MediaUrl${i}`] = url(i);
    expect(inboundMedia(event)).toEqual({ urls: Array.from({ length: 10 }, (_, i) => url(i)), dropped: 2 });
  });

  it('counts every medium it does not return, so none is dropped silently', () => {
    expect(inboundMedia({ NumMedia: '3', MediaUrl0: 'javascript:alert(1)', MediaUrl1: url(1) })).toEqual({ urls: [url(1)], dropped: 2 });
    expect(inboundMedia({ NumMedia: '1', MediaUrl0: url(0) })).toEqual({ urls: [url(0)], dropped: 0 });
  });

  it('skips missing and non-http URLs', () => {
    expect(
      inboundMediaUrls({ NumMedia: '4', MediaUrl0: 'javascript:alert(1)', MediaUrl1: url(1), MediaUrl3: 'file:///etc/passwd' }),
    ).toEqual([url(1)]);
    expect(inboundMediaUrls({ NumMedia: '1', MediaUrl0: 'http://example.com/a.jpg' })).toEqual(['http://example.com/a.jpg']);
  });

  it('treats a malformed or negative NumMedia as zero', () => {
    expect(inboundMediaUrls({ NumMedia: 'two', MediaUrl0: url(0) })).toEqual([]);
    expect(inboundMediaUrls({ NumMedia: '-1', MediaUrl0: url(0) })).toEqual([]);
    expect(inboundMediaUrls({ NumMedia: '', MediaUrl0: url(0) })).toEqual([]);
  });
});
