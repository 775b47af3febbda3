import type { IncomingMessage, ServerResponse } from 'node:http';
import { KNOWN_ERRORS, twilioError } from './errors';
import type { Reply } from './routes';

/** The emulator's side of HTTP: the request body, its Basic credentials, and Twilio-shaped JSON answers. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function basicAuth(req: IncomingMessage): { user: string; password: string } | undefined {
  const header = req.headers.authorization;
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(reply.body));
}

export const errorReply = (status: number, code: number): Reply => ({ status, body: twilioError(status, code, KNOWN_ERRORS[code] ?? `Error ${code}`) });
