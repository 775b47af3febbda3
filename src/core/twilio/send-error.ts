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
}

/** What a failed REST call tells us, from a RestException, an axios/network error or anything else thrown. */
export function describeSendError(error: unknown): SendFailure {
  const e = (error ?? {}) as { code?: unknown; status?: unknown; message?: unknown };
  const code = typeof e.code === 'number' ? e.code : undefined;
  const httpStatus = typeof e.status === 'number' ? e.status : undefined;
  const networkCode = typeof e.code === 'string' ? `${e.code}: ` : '';
  const message = typeof e.message === 'string' ? e.message : String(error);
  // No HTTP status: a network error carries a string code (ECONNRESET, ECONNABORTED…); anything
  // else thrown is a programming or validation error, which another attempt would only repeat.
  const retryable = httpStatus === undefined ? networkCode !== '' : httpStatus === 429 || httpStatus >= 500;
  return { code, httpStatus, message: maskNumbersIn(`${networkCode}${message}`), retryable };
}

/** The errorCode of an audit line: Twilio's code, else the HTTP status, else what kind of failure it was. */
export function failureCode(failure: SendFailure): string {
  return String(failure.code ?? failure.httpStatus ?? (failure.retryable ? 'network' : 'error'));
}
