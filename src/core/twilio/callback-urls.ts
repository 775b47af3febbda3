import { isLeg, type Leg } from '../legs';

/**
 * Query parameters our callback URLs carry. Lower-case with a prefix, so they can never
 * collide with Twilio's own PascalCase parameters (MessageSid, DialCallStatus, …), which the
 * runtime merges into the same event object.
 */
export const PARAM_LEG = 'relay_leg';
export const PARAM_INBOUND = 'relay_in';
/** "1" when no further leg follows this one (the backup, or a primary whose backup is the sender). */
export const PARAM_LAST = 'relay_last';
/** On a backup leg: the error code the primary leg failed with, for the "exhausted" audit line. */
export const PARAM_PRIMARY_ERROR = 'relay_perr';

export interface Correlation {
  leg: Leg;
  inboundSid: string;
  lastLeg: boolean;
  primaryError?: string;
}

const MESSAGE_SID = /^(SM|MM)[0-9a-f]{32}$/i;

function isLocalDomain(domainName: string): boolean {
  return /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(domainName);
}

/**
 * Twilio serves deployed Functions only on *.twil.io. Anything else is a local runtime, even with a
 * public name: `twilio-run --ngrok` sets DOMAIN_NAME to the tunnel's host.
 */
export function isDeployedDomain(domainName: string): boolean {
  return /\.twil\.io$/i.test(domainName);
}

export function isMessageSid(value: unknown): value is string {
  return typeof value === 'string' && MESSAGE_SID.test(value);
}

/**
 * The absolute URL Twilio calls back. Locally (DOMAIN_NAME "localhost:3000") that is http,
 * deployed ("relay-1234.twil.io") it is https; a tunnel's public URL wins over both.
 */
export function baseUrlFor(domainName: string, publicBaseUrl?: string): string {
  if (publicBaseUrl) return publicBaseUrl.replace(/\/+$/, '');
  return `${isLocalDomain(domainName) ? 'http' : 'https'}://${domainName}`;
}

/** One of our webhook URLs: base + path + our own lower-case query parameters. */
export function callbackUrl(base: string, path: string, query: Record<string, string>): string {
  return `${base}${path}?${new URLSearchParams(query).toString()}`;
}

/** The leg parameters every callback URL of a relay chain (message or call) carries. */
export function legQuery(leg: Leg, lastLeg: boolean): Record<string, string> {
  return { [PARAM_LEG]: leg, [PARAM_LAST]: lastLeg ? '1' : '0' };
}

export function statusCallbackUrl(base: string, path: string, correlation: Correlation): string {
  return callbackUrl(base, path, {
    // Key order (leg, in, last, perr) is the URL's parameter order: kept as SMS has always sent it.
    [PARAM_LEG]: correlation.leg,
    [PARAM_INBOUND]: correlation.inboundSid,
    ...legQuery(correlation.leg, correlation.lastLeg),
    ...(correlation.primaryError && { [PARAM_PRIMARY_ERROR]: correlation.primaryError }),
  });
}

export interface LegParams {
  leg: Leg;
  lastLeg: boolean;
}

/** The leg our own callback URL named, or undefined when the request does not carry one. */
export function readLegParams(event: Record<string, unknown>): LegParams | undefined {
  const leg = event[PARAM_LEG];
  const last = event[PARAM_LAST];
  if (!isLeg(leg) || (last !== '0' && last !== '1')) return undefined;
  // A backup leg is always the last: nothing may ever loop back to the primary.
  return { leg, lastLeg: last === '1' || leg === 'backup' };
}

/** The correlation our own callback URL carried, or undefined when the request is not one of ours. */
export function readCorrelation(event: Record<string, unknown>): Correlation | undefined {
  const legParams = readLegParams(event);
  const inboundSid = event[PARAM_INBOUND];
  const primaryError = event[PARAM_PRIMARY_ERROR];
  if (!legParams || !isMessageSid(inboundSid)) return undefined;
  return {
    ...legParams,
    inboundSid,
    ...(typeof primaryError === 'string' && /^\w{1,16}$/.test(primaryError) && { primaryError }),
  };
}
