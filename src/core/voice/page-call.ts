import { readCorrelation, statusCallbackUrl, type Correlation } from '../twilio/callback-urls';
import { PARAM_STEP } from './urls';

/**
 * The page's Calls create and its webhooks' URLs (not wired yet: the functions at these paths do
 * not exist). Each URL carries the dispatch's correlation (leg, inbound MessageSid, last leg) as
 * the SMS legs' status callbacks do, so a page's press or end finds its dispatch record.
 */
export const VOICE_PAGE_PATH = '/voice/page';
export const VOICE_PAGE_STATUS_PATH = '/voice/page-status';

/** The page's stages on VOICE_PAGE_PATH: absent, the prompt (the call's Url); "pressed", the Gather action. */
export type PageStep = 'prompt' | 'pressed';

export function pageUrl(base: string, correlation: Correlation, step: PageStep = 'prompt'): string {
  const url = statusCallbackUrl(base, VOICE_PAGE_PATH, correlation);
  return step === 'pressed' ? `${url}&${new URLSearchParams({ [PARAM_STEP]: 'pressed' })}` : url;
}

export function pageStatusUrl(base: string, correlation: Correlation): string {
  return statusCallbackUrl(base, VOICE_PAGE_STATUS_PATH, correlation);
}

export interface PageRequest extends Correlation {
  step: PageStep;
}

/** The correlation and stage a page webhook's URL carried, or undefined when it is not one of ours. */
export function readPageRequest(event: Record<string, unknown>): PageRequest | undefined {
  const correlation = readCorrelation(event);
  if (!correlation) return undefined;
  return { ...correlation, step: event[PARAM_STEP] === 'pressed' ? 'pressed' : 'prompt' };
}

export interface PageCall {
  correlation: Correlation;
  /** The paged phone. */
  to: string;
  relayNumber: string;
  base: string;
  /** PagingConfig.ringTimeoutSeconds (DIAL_TIMEOUT_SECONDS). */
  ringTimeoutSeconds: number;
}

/**
 * The SDK's calls.create options (https://www.twilio.com/docs/voice/api/call-resource). From the
 * relay number, so the phone shows a number it knows and the dispatcher's stays private. Only
 * "completed" is asked for: the page's outcome is decided at its end (page-policy.ts), and each
 * further event would be one more function run. No MachineDetection: a greeting that answers
 * cannot press 1 and so escalates anyway once the prompt has been said twice to it; AMD would
 * cost per call and, synchronous, hold back the prompt a person hears by seconds.
 */
export function pageCallOptions(page: PageCall) {
  return {
    to: page.to,
    from: page.relayNumber,
    url: pageUrl(page.base, page.correlation),
    statusCallback: pageStatusUrl(page.base, page.correlation),
    statusCallbackEvent: ['completed'],
    timeout: page.ringTimeoutSeconds,
  };
}
