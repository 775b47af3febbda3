import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { withoutErrorDetails } from '../../../dev/local-server/error-pages';

const STACK = 'Error: boom\n    at handler (/home/ops/sms-relay/dist/functions/sms/incoming.protected.js:12:3)';
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    withoutErrorDetails(res, `${req.method} ${req.url}`);
    const status = Number(req.url!.slice(1));
    res.statusCode = status;
    if (req.headers.accept === 'plain') {
      res.setHeader('Content-Type', 'text/plain');
      res.end('MessageSid missing or malformed');
      return;
    }
    res.setHeader('Content-Type', status === 500 ? 'application/json' : 'text/html');
    res.end(status === 200 ? 'fine' : `<pre>${STACK}</pre>`, 'utf8');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('withoutErrorDetails', () => {
  it.each([
    [500, '500 Internal Server Error\n'],
    [400, '400 Bad Request\n'],
    [404, '404 Not Found\n'],
  ])('answers %i with its bare status line, no stack trace, no path', async (status, text) => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const response = await fetch(`${base}/${status}`);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).toBe(text);
    expect(error).toHaveBeenCalledWith(expect.stringContaining(STACK));
    error.mockRestore();
  });

  it('leaves successes and the relay\'s own plain-text refusals alone', async () => {
    expect(await (await fetch(`${base}/200`)).text()).toBe('fine');
    expect(await (await fetch(`${base}/400`, { headers: { accept: 'plain' } })).text()).toBe('MessageSid missing or malformed');
  });
});
