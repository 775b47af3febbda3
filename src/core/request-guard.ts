import type { Audit } from './audit';
import { checkLocalSignature, type CallContext } from './local-signature';
import { textResponse, type ResponseLike } from './text-response';

/**
 * The 401 a handler answers, and audits, when a local run gets a request without a valid
 * signature; undefined when the request may proceed (always, once deployed).
 */
export function refuseIfUnsigned<R extends ResponseLike>(
  context: CallContext,
  event: Record<string, unknown>,
  queryKeys: readonly string[],
  audit: Audit,
  Response: new () => R,
): R | undefined {
  const check = checkLocalSignature(context, event, queryKeys);
  if (check.ok) return undefined;
  audit({ event: 'rejected', level: 'warn', reason: `unsigned request refused: ${check.reason}` });
  return textResponse(Response, 401, 'invalid or missing X-Twilio-Signature');
}
