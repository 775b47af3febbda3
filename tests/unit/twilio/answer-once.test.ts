import { answerOnce } from '../../../src/core/twilio/answer-once';
import { captureConsole } from '../../support/mock-runtime';

class FakeResponse {
  statusCode = 200;
  body = '';
  setStatusCode(code: number) {
    this.statusCode = code;
  }
  appendHeader() {}
  setBody(body: string) {
    this.body = body;
  }
}

afterEach(() => jest.restoreAllMocks());

describe('answerOnce', () => {
  it('answers a rejected body with a plain 500 and an error line, and never rejects itself', async () => {
    const console = captureConsole();
    const callback = jest.fn();
    await expect(answerOnce(callback, FakeResponse, async () => Promise.reject(new Error('boom at /home/ops/x.js')))).resolves.toBeUndefined();
    expect(callback).toHaveBeenCalledWith(null, expect.objectContaining({ statusCode: 500, body: 'relay error: see the audit log' }));
    expect(console.records()).toEqual([expect.objectContaining({ audit: 'error', level: 'error', reason: 'unexpected error: boom at /home/ops/x.js' })]);
  });

  it('only logs a rejection that comes after the body answered', async () => {
    captureConsole();
    const callback = jest.fn();
    await answerOnce(callback, FakeResponse, async (reply) => {
      reply(null, 'done');
      throw new Error('late');
    });
    expect(callback.mock.calls).toEqual([[null, 'done']]);
  });

  it('catches a body that throws before returning a promise', async () => {
    captureConsole();
    const callback = jest.fn();
    await answerOnce(callback, FakeResponse, (() => {
      throw new Error('sync');
    }) as never);
    expect(callback).toHaveBeenCalledWith(null, expect.objectContaining({ statusCode: 500 }));
  });
});
