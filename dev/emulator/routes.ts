import type { FormParams } from '../form';

/** One REST request as the emulator received it: what a test asserts on. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** Host the SDK meant to reach (sent as X-Forwarded-Host by the relay's loopback client). */
  host?: string;
  /** Basic-auth user name: the API key SID when the relay authenticates correctly. */
  authUser?: string;
  params: FormParams;
  /** The If-Match header: update only if the resource still has this revision (Sync). */
  ifMatch?: string;
}

export interface Reply {
  status: number;
  body: unknown;
}

/** Answers the requests of one resource family, or returns undefined for the next route to try. */
export type Route = (request: RecordedRequest, accountSid: string) => Reply | undefined;
