import { createAudit, type Audit } from './audit';
import { deadlineIn, FUNCTION_BUDGET_MS, type Deadline } from './deadline';
import { checkLocalSignature, type CallContext } from './local-signature';
import { textResponse, type ResponseLike } from './text-response';

/**
 * The 401 a handler answers, and audits, when a local run gets a request without a valid
 * signature; undefined when the request may proceed (always, once deployed).
 */
function refuseIfUnsigned<R extends ResponseLike>(
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

/**
 * What every handler does first: its audit trail (to AUDIT_LOG_FILE too when set), its time
 * budget from now, and, off *.twil.io, the 401 for a request without a valid signature.
 */
export function openRequest<R extends ResponseLike>(
  context: CallContext & { AUDIT_LOG_FILE?: unknown },
  event: Record<string, unknown>,
  queryKeys: readonly string[],
  Response: new () => R,
): { audit: Audit; deadline: Deadline; refusal?: R } {
  const deadline = deadlineIn(FUNCTION_BUDGET_MS);
  const audit = createAudit(console, typeof context.AUDIT_LOG_FILE === 'string' ? context.AUDIT_LOG_FILE : undefined);
  return { audit, deadline, refusal: refuseIfUnsigned(context, event, queryKeys, audit, Response) };
}
