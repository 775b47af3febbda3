import { deadlineIn } from '../../../src/core/twilio/deadline';
import { failoverContent, unreadableNotice } from '../../../src/core/sms/failover-content';
import { makeFakeClient, twilioError } from '../../support/mock-runtime';

const INBOUND = `SM${'0'.repeat(31)}a`;
const PRIMARY_OUT = `SM${'0'.repeat(31)}b`;
const RELAY = '+16195550199';
const primary = { inboundSid: INBOUND, messageSid: PRIMARY_OUT, from: RELAY };

describe('failoverContent', () => {
  it('uses stored content without reading anything', async () => {
    const fake = makeFakeClient();
    const stored = { from: RELAY, content: { body: 'From Dispatch (+16195550100): hi', mediaUrl: [] } };
    await expect(failoverContent(fake.client, primary, deadlineIn(8000), stored)).resolves.toBe(stored);
    expect(fake.fetch).not.toHaveBeenCalled();
  });

  it('re-reads the primary message', async () => {
    const fake = makeFakeClient();
    fake.fetch.mockResolvedValue({ from: RELAY, body: 'b', numMedia: '0' });
    await expect(failoverContent(fake.client, primary, deadlineIn(8000))).resolves.toStrictEqual({ from: RELAY, content: { body: 'b', mediaUrl: [] } });
  });

  it('falls back to a notice naming both messages, sent from the callback\'s sender, when the read fails', async () => {
    const fake = makeFakeClient();
    fake.fetch.mockRejectedValue(twilioError(404, 20404, 'not found'));
    await expect(failoverContent(fake.client, primary, deadlineIn(8000))).resolves.toStrictEqual({
      from: RELAY,
      content: { body: unreadableNotice(INBOUND, PRIMARY_OUT), mediaUrl: [] },
      notice: { reason: `cannot read the primary message ${PRIMARY_OUT}: not found` },
    });
    expect(unreadableNotice(INBOUND, PRIMARY_OUT)).toMatch(new RegExp(`^\\[relay notice\\] .*${INBOUND}`));
  });
});
