import { maskNumbersIn } from '../phone';

export interface SendFailure {
  /** Twilio error code (21610, 21211, …) when Twilio answered with one. */
  code?: number;
  /** HTTP status of Twilio's answer, absent for network errors and time-outs. */
  httpStatus?: number;
  /** Safe to log: phone numbers masked. */
  message: string;
  /** Worth another attempt: 429, a 5xx, or no answer at all (reset, refused, time-out). Not a bug. */
  retryable: boolean;
  /** The network error code (ECONNRESET, ECONNREFUSED, ECONNABORTED…), when there was no answer. */
  network?: string;
}

/**
 * Errors raised before a request was written: the connection was refused or the host not found, so
 * Twilio never saw the request. A time-out or reset may come after Twilio acted on it.
 */
const NOT_WRITTEN = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Twilio certainly did not act on the request: a 429 is never processed
 * (https://www.twilio.com/docs/api/errors/20429), and a request that was never written was never
 * seen. Only these may be repeated blindly where a repeat is not idempotent (creating a message).
 */
export function certainlyNotProcessed(failure: SendFailure): boolean {
  return failure.httpStatus === 429 || (failure.network !== undefined && NOT_WRITTEN.has(failure.network));
}

/** What a failed REST call tells us, from a RestException, an axios/network error or anything else thrown. */
export function describeSendError(error: unknown): SendFailure {
  const e = (error ?? {}) as { code?: unknown; status?: unknown; message?: unknown };
  const code = typeof e.code === 'number' ? e.code : undefined;
  const httpStatus = typeof e.status === 'number' ? e.status : undefined;
  const network = typeof e.code === 'string' ? e.code : undefined;
  const networkCode = network ? `${network}: ` : '';
  const message = typeof e.message === 'string' ? e.message : String(error);
  // No HTTP status: a network error carries a string code (ECONNRESET, ECONNABORTED…); anything
  // else thrown is a programming or validation error, which another attempt would only repeat.
  const retryable = httpStatus === undefined ? networkCode !== '' : httpStatus === 429 || httpStatus >= 500;
  return { code, httpStatus, message: maskNumbersIn(`${networkCode}${message}`), retryable, ...(network && { network }) };
}

/** The errorCode of an audit line: Twilio's code, else the HTTP status, else what kind of failure it was. */
export function failureCode(failure: SendFailure): string {
  return String(failure.code ?? failure.httpStatus ?? (failure.retryable ? 'network' : 'error'));
}
