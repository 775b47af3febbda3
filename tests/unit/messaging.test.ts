import { createParams, fetchSentContent, sendMessage, type OutboundMessage } from '../../src/core/messaging';
import { makeFakeClient, networkError, twilioError } from '../support/mock-runtime';

const ACCOUNT = `AC${'0'.repeat(31)}1`;
const SENT = `SM${'0'.repeat(31)}b`;
const MG = `MG${'0'.repeat(31)}3`;
const CALLBACK = `https://relay-1234-dev.twil.io/sms/status?relay_leg=primary&relay_in=SM${'0'.repeat(31)}a&relay_last=0`;

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
  it('returns the SID and status of the created message', async () => {
    const fake = makeFakeClient();
    fake.create.mockResolvedValue({ sid: SENT, status: 'queued' });
    await expect(sendMessage(fake.client, message())).resolves.toStrictEqual({ ok: true, sid: SENT, status: 'queued' });
    expect(fake.create).toHaveBeenCalledTimes(1);
    expect(fake.create).toHaveBeenCalledWith(createParams(message()));
  });

  it('returns a refusal as a value', async () => {
    const fake = makeFakeClient();
    fake.create.mockRejectedValue(twilioError(400, 21610, 'Attempt to send to unsubscribed recipient'));
    await expect(sendMessage(fake.client, message())).resolves.toStrictEqual({
      ok: false,
      failure: { code: 21610, httpStatus: 400, message: 'Attempt to send to unsubscribed recipient' },
    });
  });

  it('returns a network failure as a value', async () => {
    const fake = makeFakeClient();
    fake.create.mockRejectedValue(networkError('ECONNRESET', 'socket hang up'));
    await expect(sendMessage(fake.client, message())).resolves.toStrictEqual({
      ok: false,
      failure: { code: undefined, httpStatus: undefined, message: 'ECONNRESET: socket hang up' },
    });
  });
});

describe('fetchSentContent', () => {
  it('returns the body verbatim and lists no media for a text', async () => {
    const fake = makeFakeClient();
    const body = 'From Dispatch (+16195550100):  <b>&amp;</b> 😀 ';
    fake.fetch.mockResolvedValue({ sid: SENT, from: '+16195550199', body, numMedia: '0' });
    await expect(fetchSentContent(fake.client, SENT)).resolves.toStrictEqual({ from: '+16195550199', content: { body, mediaUrl: [] } });
    expect(fake.messages).toHaveBeenCalledWith(SENT);
    expect(fake.fetch).toHaveBeenCalledWith(SENT);
    expect(fake.listMedia).not.toHaveBeenCalled();
  });

  it.each([undefined, null, '', 'x'])('lists no media when numMedia is %j', async (numMedia) => {
    const fake = makeFakeClient();
    fake.fetch.mockResolvedValue({ from: '+16195550199', body: 'b', numMedia });
    await expect(fetchSentContent(fake.client, SENT)).resolves.toStrictEqual({ from: '+16195550199', content: { body: 'b', mediaUrl: [] } });
    expect(fake.listMedia).not.toHaveBeenCalled();
  });

  it('builds public media URLs when the message had media', async () => {
    const fake = makeFakeClient();
    fake.fetch.mockResolvedValue({ from: '+16195550199', body: 'From +18585550123: (media only)', numMedia: '2' });
    const mediaPath = (n: string) => `/2010-04-01/Accounts/${ACCOUNT}/Messages/${SENT}/Media/ME${n.repeat(32)}`;
    fake.listMedia.mockResolvedValue([{ uri: `${mediaPath('1')}.json` }, { uri: `${mediaPath('2')}.json` }]);
    await expect(fetchSentContent(fake.client, SENT)).resolves.toStrictEqual({
      from: '+16195550199',
      content: {
        body: 'From +18585550123: (media only)',
        mediaUrl: [`https://api.twilio.com${mediaPath('1')}`, `https://api.twilio.com${mediaPath('2')}`],
      },
    });
    expect(fake.listMedia).toHaveBeenCalledTimes(1);
    expect(fake.listMedia).toHaveBeenCalledWith(SENT, { limit: 10 });
  });

  it('lets a failed fetch reject', async () => {
    const fake = makeFakeClient();
    fake.fetch.mockRejectedValue(twilioError(404, 20404, 'not found'));
    await expect(fetchSentContent(fake.client, SENT)).rejects.toMatchObject({ status: 404, code: 20404 });
  });
});
