import { createAudit, type Audit } from './audit';
import { deadlineIn, FUNCTION_BUDGET_MS, type Deadline } from './deadline';
import { checkLocalSignature, type CallContext } from './local-signature';
import { textResponse, type ResponseLike } from './text-response';

const REFUSAL_TEXT = { 400: 'malformed request', 401: 'invalid or missing X-Twilio-Signature', 500: 'relay misconfigured: see the audit log' } as const;

/**
 * The answer a handler gives, and audits, when a local run gets a request it must not serve (no
 * valid signature, a Host no URL can be built from, DOMAIN_NAME set by the env file); undefined
 * when the request may proceed (always, once deployed).
 */
function refuseIfUnsigned<R extends ResponseLike>(context: CallContext, event: Record<string, unknown>, path: string, audit: Audit, Response: new () => R): R | undefined {
  const check = checkLocalSignature(context, event, path);
  if (check.ok) return undefined;
  audit({ event: 'rejected', level: check.status === 500 ? 'error' : 'warn', reason: `${check.status === 401 ? 'unsigned ' : ''}request refused: ${check.reason}` });
  return textResponse(Response, check.status, REFUSAL_TEXT[check.status]);
}

/**
 * What every handler does first, synchronously (the local-runtime check looks at who called it):
 * its audit trail (to AUDIT_LOG_FILE too when set), its time budget from now, and, off Twilio,
 * the refusal of a request without a valid signature. `path` is the handler's own route.
 */
export function openRequest<R extends ResponseLike>(
  context: CallContext & { AUDIT_LOG_FILE?: unknown },
  event: Record<string, unknown>,
  path: string,
  Response: new () => R,
): { audit: Audit; deadline: Deadline; refusal?: R } {
  const deadline = deadlineIn(FUNCTION_BUDGET_MS);
  const audit = createAudit(console, typeof context.AUDIT_LOG_FILE === 'string' ? context.AUDIT_LOG_FILE : undefined);
  return { audit, deadline, refusal: refuseIfUnsigned(context, event, path, audit, Response) };
}
