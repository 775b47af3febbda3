import { readInboundMessage, readStatusReport } from '../../../src/core/sms/events';

const ACCOUNT = `AC${'0'.repeat(31)}1`;

describe('readInboundMessage', () => {
  it('reads the webhook parameters the relay uses', () => {
    expect(
      readInboundMessage({
        MessageSid: `MM${'0'.repeat(31)}a`,
        AccountSid: ACCOUNT,
        From: '+16195550100',
        To: '+16195550199',
        Body: ' Hi <there> & ',
        NumMedia: '1',
        MediaUrl0: 'https://api.twilio.com/media/1',
        SmsStatus: 'received',
      }),
    ).toStrictEqual({
      sid: `MM${'0'.repeat(31)}a`,
      accountSid: ACCOUNT,
      from: '+16195550100',
      to: '+16195550199',
      text: ' Hi <there> & ',
      mediaUrls: ['https://api.twilio.com/media/1'],
      mediaDropped: 0,
    });
  });

  it('turns missing or non-string parameters into empty strings', () => {
    expect(readInboundMessage({ From: 16195550100 as unknown as string, Body: undefined })).toStrictEqual({
      sid: '',
      accountSid: '',
      from: '',
      to: '',
      text: '',
      mediaUrls: [],
      mediaDropped: 0,
    });
  });
});

describe('readStatusReport', () => {
  it('reads a status callback', () => {
    expect(
      readStatusReport({
        MessageSid: `SM${'0'.repeat(31)}b`,
        MessageStatus: 'undelivered',
        AccountSid: ACCOUNT,
        ErrorCode: '30003',
        To: '+16195550101',
        From: '+16195550199',
      }),
    ).toStrictEqual({ messageSid: `SM${'0'.repeat(31)}b`, status: 'undelivered', accountSid: ACCOUNT, errorCode: '30003', to: '+16195550101', from: '+16195550199' });
  });

  it('leaves errorCode out when it is absent or empty', () => {
    const report = readStatusReport({ MessageSid: 'x', MessageStatus: 'delivered', ErrorCode: '' });
    expect(report).toStrictEqual({ messageSid: 'x', status: 'delivered', accountSid: '', to: '', from: '' });
    expect('errorCode' in report).toBe(false);
    expect('errorCode' in readStatusReport({})).toBe(false);
  });
});
