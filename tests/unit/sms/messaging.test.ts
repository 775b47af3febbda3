import { deadlineIn } from '../../../src/core/twilio/deadline';
import { createParams, fetchSentContent, sendMessage, type OutboundMessage } from '../../../src/core/sms/messaging';
import { fakeClock, instantRetries, makeFakeClient, networkError, twilioError } from '../../support/mock-runtime';

const ACCOUNT = `AC${'0'.repeat(31)}1`;
const SENT = `SM${'0'.repeat(31)}b`;
const MG = `MG${'0'.repeat(31)}3`;
const CALLBACK = `https://relay-1234-dev.twil.io/sms/status?relay_leg=primary&relay_in=SM${'0'.repeat(31)}a&relay_last=0`;

/** A fresh invocation's budget. */
const budget = () => deadlineIn(8000);

afterEach(() => jest.restoreAllMocks());

const message = (overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
  to: '+16195550101',
  from: '+16195550199',
  content: { body: 'From Dispatch (+16195550100): hi', mediaUrl: [] },
  statusCallback: CALLBACK,
  ...overrides,
});

describe('createParams', () => {
  it('sends from the relay number, without mediaUrl for a text', () => {
    expect(createParams(message())).toStrictEqual({
      to: '+16195550101',
      from: '+16195550199',
      body: 'From Dispatch (+16195550100): hi',
      statusCallback: CALLBACK,
    });
  });

  it('sends through the Messaging Service instead of from, when one is set', () => {
    expect(createParams(message({ messagingServiceSid: MG }))).toStrictEqual({
      to: '+16195550101',
      messagingServiceSid: MG,
      body: 'From Dispatch (+16195550100): hi',
      statusCallback: CALLBACK,
    });
  });

  it('treats an empty Messaging Service SID as none', () => {
    expect(createParams(message({ messagingServiceSid: '' }))).toHaveProperty('from', '+16195550199');
  });

  it('passes the media URLs along', () => {
    const mediaUrl = ['https://api.twilio.com/a', 'https://api.twilio.com/b'];
    expect(createParams(message({ content: { body: 'x', mediaUrl } }))).toStrictEqual({
      to: '+16195550101',
      from: '+16195550199',
      body: 'x',
      mediaUrl,
      statusCallback: CALLBACK,
    });
  });
});

describe('sendMessage', () => {
  it('returns the SID and status of the created message, in one attempt', async () => {
    const fake = makeFakeClient();
    fake.create.mockResolvedValue({ sid: SENT, status: 'queued' });
    await expect(sendMessage(fake.client, message(), budget())).resolves.toStrictEqual({ ok: true, sid: SENT, status: 'queued', attempts: 1 });
    expect(fake.create).toHaveBeenCalledTimes(1);
    expect(fake.create).toHaveBeenCalledWith(createParams(message()));
  });

  it('returns a refusal as a value, without retrying it', async () => {
    const fake = makeFakeClient();
    fake.create.mockRejectedValue(twilioError(400, 21610, 'Attempt to send to unsubscribed recipient'));
    await expect(sendMessage(fake.client, message(), budget())).resolves.toStrictEqual({
      ok: false,
      failure: { code: 21610, httpStatus: 400, message: 'Attempt to send to unsubscribed recipient', retryable: false },
      unknown: false,
      attempts: 1,
    });
    expect(fake.create).toHaveBeenCalledTimes(1);
  });

  it('retries what Twilio certainly never processed blindly, up to 3 attempts, and looks nothing up', async () => {
    instantRetries();
    const fake = makeFakeClient();
    fake.create.mockRejectedValue(networkError('ECONNREFUSED', 'connect ECONNREFUSED'));
    await expect(sendMessage(fake.client, message(), budget())).resolves.toMatchObject({ ok: false, unknown: false, attempts: 3 });
    expect(fake.create).toHaveBeenCalledTimes(3);
    expect(fake.list).not.toHaveBeenCalled();
  });

  it.each([
    // Twilio never processes a 429, and a refused connection never carried the request: no lookup.
    ['a 429', twilioError(429, 20429, 'Too Many Requests')],
    ['a refused connection', networkError('ECONNREFUSED', 'connect ECONNREFUSED')],
  ])('retries %s blindly and returns the message created by the retry', async (_label, error) => {
    instantRetries();
    const fake = makeFakeClient();
    fake.create.mockRejectedValueOnce(error).mockResolvedValueOnce({ sid: SENT, status: 'queued' });
    await expect(sendMessage(fake.client, message(), budget(), { nextLeg: true })).resolves.toStrictEqual({ ok: true, sid: SENT, status: 'queued', attempts: 2 });
    expect(fake.create.mock.calls).toEqual([[createParams(message())], [createParams(message())]]);
    expect(fake.list).not.toHaveBeenCalled();
  });

  describe.each([
    ['a 503', twilioError(503, 20503, 'Service Unavailable')],
    ['a reset connection', networkError('ECONNRESET', 'socket hang up')],
    ['a time-out', networkError('ECONNABORTED', 'timeout of 3000ms exceeded')],
  ])('after %s that a lookup does not find', (_label, error) => {
    it('with a next leg: creates nothing more to this phone, the outcome unknown', async () => {
      instantRetries();
      const fake = makeFakeClient();
      fake.create.mockRejectedValueOnce(error).mockResolvedValueOnce({ sid: SENT, status: 'queued' });
      await expect(sendMessage(fake.client, message(), budget(), { nextLeg: true })).resolves.toMatchObject({
        ok: false,
        unknown: true,
        cause: 'a lookup did not find it, and Twilio may still be creating it',
        attempts: 1,
      });
      expect(fake.create).toHaveBeenCalledTimes(1);
      expect(fake.list).toHaveBeenCalledTimes(1);
    });

    it('on the last leg: creates it once more, and says the phone may get it twice', async () => {
      instantRetries();
      const fake = makeFakeClient();
      fake.create.mockRejectedValueOnce(error).mockResolvedValueOnce({ sid: SENT, status: 'queued' });
      await expect(sendMessage(fake.client, message(), budget())).resolves.toStrictEqual({ ok: true, sid: SENT, status: 'queued', recreated: true, attempts: 2 });
      expect(fake.list).toHaveBeenCalledTimes(1);
    });

    it('on the last leg: only once more, then unknown', async () => {
      instantRetries();
      const fake = makeFakeClient();
      fake.create.mockRejectedValue(error);
      await expect(sendMessage(fake.client, message(), budget())).resolves.toMatchObject({ ok: false, unknown: true, attempts: 2 });
      expect(fake.create).toHaveBeenCalledTimes(2);
    });
  });

  it('does not retry when the deadline leaves no time for another attempt', async () => {
    const clock = fakeClock();
    const fake = makeFakeClient();
    fake.create.mockRejectedValue(twilioError(503, 20503, 'Service Unavailable'));
    // 300 ms left: less than the shortest back-off (0) plus the 400 ms an attempt needs.
    const result = await sendMessage(fake.client, message(), deadlineIn(300, clock.now));
    expect(result).toMatchObject({ ok: false, attempts: 1, failure: { httpStatus: 503 } });
    expect(fake.create).toHaveBeenCalledTimes(1);
  });
});

describe('fetchSentContent', () => {
  it('returns the body verbatim and lists no media for a text', async () => {
    const fake = makeFakeClient();
    const body = 'From Dispatch (+16195550100):  <b>&amp;</b> 😀 ';
    fake.fetch.mockResolvedValue({ sid: SENT, from: '+16195550199', body, numMedia: '0' });
    await expect(fetchSentContent(fake.client, SENT, budget())).resolves.toStrictEqual({ ok: true, from: '+16195550199', content: { body, mediaUrl: [] } });
    expect(fake.messages).toHaveBeenCalledWith(SENT);
    expect(fake.fetch).toHaveBeenCalledWith(SENT);
    expect(fake.listMedia).not.toHaveBeenCalled();
  });

  it.each([undefined, null, '', 'x'])('lists no media when numMedia is %j', async (numMedia) => {
    const fake = makeFakeClient();
    fake.fetch.mockResolvedValue({ from: '+16195550199', body: 'b', numMedia });
    await expect(fetchSentContent(fake.client, SENT, budget())).resolves.toStrictEqual({ ok: true, from: '+16195550199', content: { body: 'b', mediaUrl: [] } });
    expect(fake.listMedia).not.toHaveBeenCalled();
  });

  it('builds public media URLs when the message had media', async () => {
    const fake = makeFakeClient();
    fake.fetch.mockResolvedValue({ from: '+16195550199', body: 'From +18585550123: (media only)', numMedia: '2' });
    const mediaPath = (n: string) => `/2010-04-01/Accounts/${ACCOUNT}/Messages/${SENT}/Media/ME${n.repeat(32)}`;
    fake.listMedia.mockResolvedValue([{ uri: `${mediaPath('1')}.json` }, { uri: `${mediaPath('2')}.json` }]);
    await expect(fetchSentContent(fake.client, SENT, budget())).resolves.toStrictEqual({
      ok: true,
      from: '+16195550199',
      content: {
        body: 'From +18585550123: (media only)',
        mediaUrl: [`https://api.twilio.com${mediaPath('1')}`, `https://api.twilio.com${mediaPath('2')}`],
      },
    });
    expect(fake.listMedia).toHaveBeenCalledTimes(1);
    expect(fake.listMedia).toHaveBeenCalledWith(SENT, { limit: 10 });
  });

  it('returns a failed fetch as a value, naming the message, without retrying a 404', async () => {
    const fake = makeFakeClient();
    fake.fetch.mockRejectedValue(twilioError(404, 20404, 'not found'));
    await expect(fetchSentContent(fake.client, SENT, budget())).resolves.toStrictEqual({ ok: false, reason: `cannot read the primary message ${SENT}: not found` });
    expect(fake.fetch).toHaveBeenCalledTimes(1);
  });

  it('retries a fetch that failed with a 5xx', async () => {
    instantRetries();
    const fake = makeFakeClient();
    fake.fetch.mockRejectedValueOnce(twilioError(502, 20500, 'Bad Gateway')).mockResolvedValueOnce({ from: '+16195550199', body: 'b', numMedia: '0' });
    await expect(fetchSentContent(fake.client, SENT, budget())).resolves.toStrictEqual({ ok: true, from: '+16195550199', content: { body: 'b', mediaUrl: [] } });
    expect(fake.fetch).toHaveBeenCalledTimes(2);
  });

  it('retries a failed media list, and returns the failure when it keeps failing', async () => {
    instantRetries();
    const fake = makeFakeClient();
    fake.fetch.mockResolvedValue({ from: '+16195550199', body: 'b', numMedia: '1' });
    fake.listMedia.mockRejectedValue(networkError('ETIMEDOUT', 'timeout'));
    await expect(fetchSentContent(fake.client, SENT, budget())).resolves.toStrictEqual({ ok: false, reason: `cannot list the media of ${SENT}: ETIMEDOUT: timeout` });
    expect(fake.listMedia).toHaveBeenCalledTimes(3);
  });
});
