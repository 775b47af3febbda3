/** What a failed SDK call tells an operator: HTTP status and Twilio error code, or the network error. */
export interface CallFailure {
  status?: number;
  code?: number;
  message: string;
}

export function callFailure(error: unknown): CallFailure {
  const e = error as { status?: unknown; code?: unknown; message?: unknown };
  const status = typeof e.status === 'number' ? e.status : undefined;
  const code = typeof e.code === 'number' ? e.code : undefined;
  const message = typeof e.message === 'string' ? e.message : String(error);
  // A network error has a string code (ECONNREFUSED, ETIMEDOUT): it belongs in the message.
  return { status, code, message: typeof e.code === 'string' && !message.includes(e.code) ? `${e.code}: ${message}` : message };
}

export function describeFailure(failure: CallFailure): string {
  if (failure.status === undefined) return `could not reach Twilio (${failure.message})`;
  return `HTTP ${failure.status}${failure.code ? `, Twilio error ${failure.code}` : ''}: ${failure.message}`;
}

/** Twilio answers 401 with error 20003 for unknown, revoked or mistyped credentials. */
export const isAuthFailure = (failure: CallFailure) => failure.status === 401 || failure.code === 20003;
