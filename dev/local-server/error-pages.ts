import { STATUS_CODES, type ServerResponse } from 'node:http';

/**
 * Keeps the runtime's error pages off the wire. Express's finalhandler prints the stack trace,
 * absolute paths included, outside NODE_ENV=production (`GET /sms/%` is a 400 URIError page), the
 * runtime's own 500s carry it too (runtime-handler dev-runtime/route.js handleError,
 * utils/error-html.js) and its 404s name the function file. Every error answer that is not the
 * relay's own plain text (its functions answer text/plain, text-response.ts) becomes the bare
 * status line, as Twilio's gateway would give; the page itself goes to this console, for whoever
 * runs the relay.
 */
export function withoutErrorDetails(res: ServerResponse, request: string): void {
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    const type = String(res.getHeader('content-type') ?? '');
    if (res.headersSent || res.statusCode < 400 || type.startsWith('text/plain')) return end(...args);
    const text = `${res.statusCode} ${STATUS_CODES[res.statusCode] ?? 'Error'}\n`;
    if (typeof args[0] !== 'function') console.error(`gate: ${request}: the runtime's ${res.statusCode} page, withheld from the client:\n${String(args[0] ?? '')}`);
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(text));
    return end(text, ...args.filter((arg) => typeof arg === 'function'));
  }) as ServerResponse['end'];
}
