/**
 * What the voice handler tests share on top of mock-runtime: call SIDs, the service's base URL,
 * and the per-test setup (runtime, whitelist cache, audit capture, fake REST client).
 */
import type { ServerlessCallback } from '@twilio-labs/serverless-runtime-types/types';
import { DOMAIN, invoke, makeContext, useHandlerTestBed, type FakeClient } from './mock-runtime';

/** The caller's call. */
export const CALL_SID = `CA${'0'.repeat(31)}a`;
/** A dialed phone's call, a child of CALL_SID. */
export const CHILD_CALL_SID = `CA${'0'.repeat(31)}b`;
export const XML = '<?xml version="1.0" encoding="UTF-8"?>';
export const BASE = `https://${DOMAIN}`;
export const HANGUP = `${XML}<Response><Hangup/></Response>`;

export interface VoiceTestBed {
  /** The audit lines of the running test, without timestamps. */
  audit: () => Record<string, unknown>[];
  /** The REST client createRestClient returns in the running test. */
  fake: () => FakeClient;
}

/** Registers the shared per-test setup (useHandlerTestBed); a test may still install another whitelist with installRuntime(). */
export function useVoiceTestBed(): VoiceTestBed {
  const bed = useHandlerTestBed();
  return { audit: () => bed().audit.records(), fake: () => bed().fake };
}

type VoiceHandler = (context: never, event: never, callback: ServerlessCallback) => unknown;
type Env = Record<string, string>;

/**
 * Calls one voice webhook as Twilio would at `path`, with the relay's environment plus `env`:
 * `answer` resolves with what the handler passed to the callback, `twiml` with that as a string.
 */
export function voiceWebhook(handler: VoiceHandler, path: string) {
  const answer = async (event: Record<string, unknown>, env: Env = {}) =>
    (await invoke(handler as never, makeContext({ PATH: path, ...env }), event)).payload;
  const twiml = async (event: Record<string, unknown>, env: Env = {}) => String(await answer(event, env));
  return { answer, twiml };
}
