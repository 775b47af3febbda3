import { parseApiBaseUrl } from '../../../src/core/twilio/api-base-url';

describe('parseApiBaseUrl', () => {
  it.each([
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010/'],
    ['http://localhost:4010', 'http://localhost:4010/'],
    ['https://localhost', 'https://localhost/'],
    ['http://[::1]:8080/', 'http://[::1]:8080/'],
    ['http://LOCALHOST:4010/prefix', 'http://localhost:4010/prefix'],
  ])('accepts the loopback URL %s', (raw, href) => {
    expect(parseApiBaseUrl(raw).href).toBe(href);
  });

  const hostError = (host: string) =>
    `TWILIO_API_BASE_URL may only point at this machine (127.0.0.1, localhost or [::1]), got host "${host}"`;

  it.each([
    ['http://10.0.0.1:4010', '10.0.0.1'],
    ['https://example.com', 'example.com'],
    ['https://api.twilio.com', 'api.twilio.com'],
    ['http://127.0.0.1.nip.io', '127.0.0.1.nip.io'],
    ['http://localhost.example.com', 'localhost.example.com'],
    ['http://localhost.', 'localhost.'],
    ['http://0.0.0.0:4010', '0.0.0.0'],
  ])('refuses the non-loopback URL %s', (raw, host) => {
    expect(() => parseApiBaseUrl(raw)).toThrow(hostError(host));
  });

  it('refuses credentials in the URL', () => {
    expect(() => parseApiBaseUrl('http://user:pw@localhost:4010')).toThrow('TWILIO_API_BASE_URL must not carry credentials');
    expect(() => parseApiBaseUrl('http://user@127.0.0.1')).toThrow('TWILIO_API_BASE_URL must not carry credentials');
  });

  it('refuses credentials on a foreign host without naming them', () => {
    let message = '';
    try {
      parseApiBaseUrl('http://user:pw-secret@example.com');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(hostError('example.com'));
  });

  it('refuses schemes other than http and https', () => {
    expect(() => parseApiBaseUrl('ftp://localhost')).toThrow('TWILIO_API_BASE_URL must use http or https, got "ftp:"');
    expect(() => parseApiBaseUrl('file:///etc/passwd')).toThrow('TWILIO_API_BASE_URL must use http or https, got "file:"');
    // Without a scheme, "localhost" itself is read as the scheme.
    expect(() => parseApiBaseUrl('localhost:4010')).toThrow('TWILIO_API_BASE_URL must use http or https, got "localhost:"');
  });

  it('refuses text that is not a URL', () => {
    expect(() => parseApiBaseUrl('not a url')).toThrow('TWILIO_API_BASE_URL is not a valid URL');
  });

  it('refuses a query or fragment', () => {
    expect(() => parseApiBaseUrl('http://localhost:4010/?x=1')).toThrow('TWILIO_API_BASE_URL must not carry a query or fragment');
    expect(() => parseApiBaseUrl('http://localhost:4010/#top')).toThrow('TWILIO_API_BASE_URL must not carry a query or fragment');
  });
});
