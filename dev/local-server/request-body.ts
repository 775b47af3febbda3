import type { IncomingMessage } from 'node:http';
import { parseForm, type FormParams } from '../form';

/** A request body as the runtime will see it: what the gate checks is exactly what the function gets. */
export type RequestBody = { kind: 'form'; params: FormParams } | { kind: 'json'; raw: string } | { kind: 'none' };

/**
 * The body by its media type, compared case-insensitively and without parameters (RFC 9110
 * §8.3.1: "type and subtype tokens are case-insensitive"), as body-parser's type-is does: a
 * correctly signed `Application/x-www-form-urlencoded` webhook is a form. Any method may carry
 * one (body-parser parses GET bodies too). Anything else reaches the function as no body at all.
 */
export function readRequestBody(contentType: string | undefined, raw: string): RequestBody {
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (mediaType === 'application/x-www-form-urlencoded') return { kind: 'form', params: parseForm(raw) };
  if (mediaType === 'application/json' && raw) return { kind: 'json', raw };
  return { kind: 'none' };
}

/**
 * Hands the runtime's express app the body the gate already read and checked: body-parser skips
 * a request whose `_body` flag is set and uses `req.body` as it is. Set for every request, so the
 * runtime never tries to parse anything the gate did not check. Throws on invalid JSON.
 */
export function attachBody(req: IncomingMessage, body: RequestBody): void {
  const target = req as IncomingMessage & { body?: unknown; _body?: boolean };
  target.body = body.kind === 'form' ? { ...body.params } : body.kind === 'json' ? JSON.parse(body.raw) : {};
  target._body = true;
}
