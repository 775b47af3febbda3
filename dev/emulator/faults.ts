import type { RecordedRequest } from './routes';

/** A failure the emulator injects into the next request(s) that match. */
export type Fault =
  /** Answer with this HTTP status and a Twilio error body (429 → 20429, 5xx → 20500, …). */
  | { kind: 'status'; status: number; code?: number }
  /**
   * Drop the connection without an answer (ECONNRESET at the client). `afterProcessing`: only once
   * the request took effect (a message created, an item written): the answer is what gets lost.
   */
  | { kind: 'reset'; afterProcessing?: boolean }
  /**
   * Answer only after this long (the client should have given up by then); `afterProcessing` as for
   * reset. `processLate`: the request takes effect when the hang ends, even if the client has gone,
   * as Twilio finishes a create whose caller timed out (a lookup before then finds nothing).
   */
  | { kind: 'hang'; ms: number; afterProcessing?: boolean; processLate?: boolean };

export interface FaultRule {
  /** Which requests: e.g. creates to one number, or every Sync call. */
  match: (request: RecordedRequest) => boolean;
  fault: Fault;
  /** How many matching requests it applies to; Infinity for all. */
  times: number;
}

/** The fault for this request, if any rule still applies; consumes one use of that rule. */
export function takeFault(rules: FaultRule[], request: RecordedRequest): Fault | undefined {
  const rule = rules.find((r) => r.times > 0 && r.match(request));
  if (!rule) return undefined;
  rule.times -= 1;
  return rule.fault;
}

export const isCreateTo = (to: string) => (request: RecordedRequest) =>
  request.method === 'POST' && request.path.endsWith('/Messages.json') && request.params.To === to;

export const isSync = (request: RecordedRequest) => request.path.startsWith('/v1/Services/');

export const isMessageListTo = (to: string) => (request: RecordedRequest) =>
  request.method === 'GET' && request.path.endsWith('/Messages.json') && request.params.To === to;
