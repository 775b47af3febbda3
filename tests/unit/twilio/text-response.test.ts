import { textResponse } from '../../../src/core/twilio/text-response';
import { MockResponse } from '../../support/mock-runtime';

describe('textResponse', () => {
  it('builds a plain-text response with the given status', () => {
    const response = textResponse(MockResponse, 400, 'MessageSid missing or malformed');
    expect(response).toBeInstanceOf(MockResponse);
    expect(response.statusCode).toBe(400);
    expect(response.headers).toEqual({ 'Content-Type': 'text/plain' });
    expect(response.body).toBe('MessageSid missing or malformed');
  });

  it('makes a new response each time', () => {
    const first = textResponse(MockResponse, 500, 'a');
    const second = textResponse(MockResponse, 500, 'b');
    expect(first).not.toBe(second);
    expect(first.body).toBe('a');
  });
});
