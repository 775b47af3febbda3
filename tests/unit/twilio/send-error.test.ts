import RestException from 'twilio/lib/base/RestException';
import { certainlyNotProcessed, describeSendError, failureCode } from '../../../src/core/twilio/send-error';

describe('describeSendError', () => {
  it('reads code, HTTP status and message from a Twilio-like error, numbers masked', () => {
    const error = Object.assign(new Error('Attempt to send to unsubscribed recipient +16195550101'), { status: 400, code: 21610 });
    expect(describeSendError(error)).toStrictEqual({ code: 21610, httpStatus: 400, message: 'Attempt to send to unsubscribed recipient ***0101', retryable: false });
  });

  it('reads the twilio package\'s own RestException', () => {
    const error = new RestException({
      statusCode: 400,
      body: JSON.stringify({ code: 21211, message: "The 'To' number +16195550102 is not a valid phone number.", status: 400 }),
    });
    expect(describeSendError(error)).toStrictEqual({ code: 21211, httpStatus: 400, message: "The 'To' number ***0102 is not a valid phone number.", retryable: false });
  });

  it('reads a server error without a Twilio code', () => {
    const error = new RestException({ statusCode: 503, body: 'Service Unavailable' });
    expect(describeSendError(error)).toStrictEqual({ code: undefined, httpStatus: 503, message: '[HTTP 503] Failed to execute request', retryable: true });
  });

  it('prefixes the message with a network error code', () => {
    const error = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(describeSendError(error)).toStrictEqual({ code: undefined, httpStatus: undefined, message: 'ECONNRESET: socket hang up', retryable: true, network: 'ECONNRESET' });
    const timeout = Object.assign(new Error('timeout of 4000ms exceeded'), { code: 'ECONNABORTED' });
    expect(describeSendError(timeout).message).toBe('ECONNABORTED: timeout of 4000ms exceeded');
    expect(describeSendError(timeout).retryable).toBe(true);
  });

  it('describes anything else that was thrown', () => {
    // Without an HTTP status nothing tells it apart from a network failure: it counts as retryable.
    expect(describeSendError('boom')).toStrictEqual({ code: undefined, httpStatus: undefined, message: 'boom', retryable: false });
    expect(describeSendError(null).message).toBe('null');
    expect(describeSendError(undefined).message).toBe('undefined');
    expect(describeSendError({ status: '400', code: 21610 })).toStrictEqual({ code: 21610, httpStatus: undefined, message: '[object Object]', retryable: false });
  });

  it.each([
    [400, false],
    [401, false],
    [404, false],
    [409, false],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
  ])('classes HTTP %i as retryable: %s', (status, retryable) => {
    expect(describeSendError(Object.assign(new Error('x'), { status, code: 20000 + status })).retryable).toBe(retryable);
  });

  it('classes every network failure as retryable', () => {
    for (const code of ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ECONNABORTED', 'ENOTFOUND', 'EAI_AGAIN']) {
      expect(describeSendError(Object.assign(new Error('x'), { code })).retryable).toBe(true);
    }
  });
});

describe('certainlyNotProcessed', () => {
  it.each([
    ['a 429', Object.assign(new Error('Too Many Requests'), { status: 429, code: 20429 }), true],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), true],
    ['an unknown host', Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }), true],
    ['a time-out', Object.assign(new Error('timeout of 4000ms exceeded'), { code: 'ECONNABORTED' }), false],
    ['a reset', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), false],
    ['a 500', Object.assign(new Error('Internal'), { status: 500, code: 20500 }), false],
    ['a 503', Object.assign(new Error('Unavailable'), { status: 503 }), false],
  ])('%s: %s', (_name, error, expected) => {
    expect(certainlyNotProcessed(describeSendError(error))).toBe(expected);
  });
});

describe('failureCode', () => {
  it('names a failure by Twilio code, else HTTP status, else its kind', () => {
    expect(failureCode({ code: 21610, httpStatus: 400, message: '', retryable: false })).toBe('21610');
    expect(failureCode({ httpStatus: 503, message: '', retryable: true })).toBe('503');
    expect(failureCode(describeSendError(Object.assign(new Error('reset'), { code: 'ECONNRESET' })))).toBe('network');
    expect(failureCode(describeSendError(new TypeError('bad')))).toBe('error');
  });
});
