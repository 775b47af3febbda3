import { isLeg, type Leg } from './legs';

/**
 * Query parameters our status callback URLs carry. Lower-case with a prefix, so they can never
 * collide with Twilio's own PascalCase parameters (MessageSid, MessageStatus, …), which the
 * runtime merges into the same event object.
 */
export const PARAM_LEG = 'relay_leg';
export const PARAM_INBOUND = 'relay_in';
/** "1" when no further leg follows this one (the backup, or a primary whose backup is the sender). */
export const PARAM_LAST = 'relay_last';
/** On a backup leg: the error code the primary leg failed with, for the "exhausted" audit line. */
export const PARAM_PRIMARY_ERROR = 'relay_perr';

/** The order statusCallbackUrl() writes them in: a local signature check rebuilds the URL from it. */
export const CORRELATION_PARAMS = [PARAM_LEG, PARAM_INBOUND, PARAM_LAST, PARAM_PRIMARY_ERROR] as const;

export interface Correlation {
  leg: Leg;
  inboundSid: string;
  lastLeg: boolean;
  primaryError?: string;
}

const MESSAGE_SID = /^(SM|MM)[0-9a-f]{32}$/i;

export function isLocalDomain(domainName: string): boolean {
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

export function statusCallbackUrl(base: string, path: string, correlation: Correlation): string {
  const query = new URLSearchParams({
    [PARAM_LEG]: correlation.leg,
    [PARAM_INBOUND]: correlation.inboundSid,
    [PARAM_LAST]: correlation.lastLeg ? '1' : '0',
    ...(correlation.primaryError && { [PARAM_PRIMARY_ERROR]: correlation.primaryError }),
  });
  return `${base}${path}?${query.toString()}`;
}

/** The correlation our own callback URL carried, or undefined when the request is not one of ours. */
export function readCorrelation(event: Record<string, unknown>): Correlation | undefined {
  const leg = event[PARAM_LEG];
  const inboundSid = event[PARAM_INBOUND];
  const last = event[PARAM_LAST];
  const primaryError = event[PARAM_PRIMARY_ERROR];
  if (!isLeg(leg) || !isMessageSid(inboundSid) || (last !== '0' && last !== '1')) return undefined;
  return {
    leg,
    inboundSid,
    // A backup leg is always the last: nothing may ever loop back to the primary.
    lastLeg: last === '1' || leg === 'backup',
    ...(typeof primaryError === 'string' && /^\w{1,16}$/.test(primaryError) && { primaryError }),
  };
}
