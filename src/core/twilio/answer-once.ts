import type { ServerlessCallback } from '@twilio-labs/serverless-runtime-types/types';
import { createAudit } from './audit';
import { auditFailure } from './failure';
import { textResponse, type ResponseLike } from './text-response';

/**
 * Runs a handler's async body so that no failure of it can escape. The runtimes call a handler
 * and ignore what it returns (runtime-handler dev-runtime/route.js, functionToRoute: a bare
 * `fn(context, event, callback)` in a try/catch that only sees synchronous throws), so a rejected
 * promise is unhandled and Node.js ends the process: one bad request would stop a warm local
 * runtime. Here a rejection is audited and, if the body had not answered yet, answered with a 500
 * (Twilio then tries the fallback URL) that shows no stack trace.
 *
 * `respond` is called synchronously, so the body's first statements still run under the
 * runtime's own call frames (see local-runtime.ts).
 */
export function answerOnce<R extends ResponseLike>(callback: ServerlessCallback, Response: new () => R, respond: (callback: ServerlessCallback) => Promise<unknown>): Promise<void> {
  let answered = false;
  const once: ServerlessCallback = (error, payload) => {
    answered = true;
    callback(error, payload);
  };
  const fail = (error: unknown) => {
    auditFailure(createAudit(console), error);
    if (!answered) once(null, textResponse(Response, 500, 'relay error: see the audit log'));
  };
  try {
    return respond(once).then(() => undefined, fail);
  } catch (error) {
    fail(error);
    return Promise.resolve();
  }
}
