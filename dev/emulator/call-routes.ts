import { single, type FormParams } from '../form';
import { KNOWN_ERRORS, twilioError } from './errors';
import { listPageJson } from './list-page';
import type { Route } from './routes';

/** A call as a test's scripted history holds it: an inbound call, or a <Dial>'s child call (parentCallSid). */
export interface StoredCall {
  sid: string;
  accountSid: string;
  from: string;
  to: string;
  status: string;
  direction: 'inbound' | 'outbound-dial' | 'outbound-api';
  parentCallSid: string | null;
  startTime: Date;
  endTime: Date | null;
  /** Seconds, as Twilio renders it: a string, once the call ended. */
  duration: number | null;
}

const CALLS_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Calls\.json$/;
const FILTERS = ['To', 'From', 'ParentCallSid', 'Status', 'StartTime', 'StartTime<', 'StartTime>'];
const day = (at: Date) => at.toISOString().slice(0, 10);
const dayOf = (value: string) => (/^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : undefined);

/** Twilio's StartTime filters compare dates, as DateSent does for Messages (twilio-oai, Calls list). */
function matches(call: StoredCall, params: FormParams): boolean {
  for (const [name, field] of [['To', call.to], ['From', call.from], ['ParentCallSid', call.parentCallSid], ['Status', call.status]] as const) {
    const wanted = single(params[name]);
    if (wanted !== undefined && field !== wanted) return false;
  }
  const started = day(call.startTime);
  const checks: Array<[string, (d: string) => boolean]> = [['StartTime', (d) => started === d], ['StartTime<', (d) => started <= d], ['StartTime>', (d) => started >= d]];
  return checks.every(([name, holds]) => {
    const value = single(params[name]);
    const d = value === undefined ? undefined : dayOf(value);
    return value === undefined || (d !== undefined && holds(d));
  });
}

/** The Call resource as the 2010-04-01 API renders it (snake_case JSON). */
export function callJson(call: StoredCall) {
  const uri = `/2010-04-01/Accounts/${call.accountSid}/Calls/${call.sid}`;
  return {
    sid: call.sid, date_created: call.startTime.toUTCString(), date_updated: (call.endTime ?? call.startTime).toUTCString(),
    parent_call_sid: call.parentCallSid, account_sid: call.accountSid, to: call.to, to_formatted: call.to, from: call.from, from_formatted: call.from,
    phone_number_sid: null, status: call.status, start_time: call.startTime.toUTCString(), end_time: call.endTime?.toUTCString() ?? null,
    duration: call.duration === null ? null : String(call.duration), price: null, price_unit: 'USD', direction: call.direction, answered_by: null,
    api_version: '2010-04-01', forwarded_from: null, group_sid: null, caller_name: null, queue_time: '0', trunk_sid: null,
    uri: `${uri}.json`, subresource_uris: { recordings: `${uri}/Recordings.json` },
  };
}

/** Calls list (To, From, ParentCallSid, Status, StartTime filters; newest first; Twilio's paging JSON), for --from-twilio. */
export function callRoutes(calls: Map<string, StoredCall>): Route {
  return (request, accountSid) => {
    const match = CALLS_PATH.exec(request.path);
    if (!match || request.method !== 'GET') return undefined;
    if (match[1] !== accountSid) return { status: 404, body: twilioError(404, 20404, KNOWN_ERRORS[20404]) };
    const all = [...calls.values()].filter((c) => c.accountSid === accountSid && matches(c, request.params)).sort((a, b) => b.startTime.getTime() - a.startTime.getTime());
    return { status: 200, body: listPageJson('calls', `/2010-04-01/Accounts/${accountSid}/Calls.json`, all, request.params, FILTERS, callJson) };
  };
}
