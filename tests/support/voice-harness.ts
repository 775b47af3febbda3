/**
 * Runs a handler the way the Functions runtime does, without it: a mock Runtime whose
 * getFunctions() points relay/core at src/core/index.ts, the whitelist asset, and a global Twilio
 * made of the twilio package's twiml plus a minimal Response (twilio 6 has none).
 */
import path from 'node:path';
import type { ServerlessCallback } from '@twilio-labs/serverless-runtime-types/types';
import { forgetCachedWhitelist } from '../../src/core/whitelist-asset';

export const ACCOUNT_SID = `AC${'1'.repeat(32)}`;
export const CALL_SID = `CA${'a'.repeat(32)}`;
export const CHILD_CALL_SID = `CA${'b'.repeat(32)}`;
export const PRIMARY = '+16195550100';
export const BACKUP = '+16195550101';
export const RELAY = '+16195550199';
/** On the default whitelist as "Dispatch". */
export const DISPATCH = '+18585550123';
export const STRANGER = '+14155550999';
export const XML = '<?xml version="1.0" encoding="UTF-8"?>';
export const BASE = 'https://relay-1234.twil.io';

export const WHITELIST = JSON.stringify({ senders: [{ number: DISPATCH, name: 'Dispatch' }, PRIMARY, BACKUP] });

export function contextWith(env: Record<string, string> = {}) {
  return {
    ACCOUNT_SID,
    TWILIO_API_KEY: `SK${'2'.repeat(32)}`,
    TWILIO_API_SECRET: 'api-secret',
    PRIMARY_NUMBER: PRIMARY,
    BACKUP_NUMBER: BACKUP,
    DOMAIN_NAME: 'relay-1234.twil.io',
    ...env,
  } as never;
}

export class MockResponse {
  statusCode = 200;
  headers: Record<string, string> = {};
  body = '';
  setStatusCode(code: number) {
    this.statusCode = code;
    return this;
  }
  appendHeader(name: string, value: string) {
    this.headers[name] = value;
    return this;
  }
  setBody(body: string) {
    this.body = body;
    return this;
  }
}

/** Installs the globals; `whitelist` is the asset's text, or null for a missing asset. */
export function installRuntime(whitelist: string | null = WHITELIST): void {
  forgetCachedWhitelist();
  const assets = whitelist === null ? {} : { '/whitelist.json': { path: '/assets/whitelist.json', open: () => whitelist } };
  Object.assign(globalThis, {
    Runtime: {
      getFunctions: () => ({ 'relay/core': { path: path.resolve(__dirname, '../../src/core/index.ts') } }),
      getAssets: () => assets,
    },
    Twilio: { twiml: require('twilio').twiml, Response: MockResponse },
  });
}

type Handler = (context: never, event: never, callback: ServerlessCallback) => unknown;

/** Calls the handler and resolves with what it passed to callback. */
export function run(handler: Handler, context: never, event: Record<string, unknown>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    void Promise.resolve(handler(context, event as never, (error, payload) => (error ? reject(error) : resolve(payload)))).catch(reject);
  });
}

/** Collects the audit lines the handlers write into `lines`, parsed, without their timestamp. */
function captureAudit(lines: Array<Record<string, unknown>>): void {
  for (const level of ['info', 'warn', 'error'] as const) {
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      const { ts: _ts, ...rest } = JSON.parse(String(args[0])) as Record<string, unknown>;
      lines.push(rest);
    });
  }
}

/**
 * Every handler test's setup: a fresh runtime with the default whitelist before each test (a test
 * may install another), audit capture, and the console restored afterwards. Returns the audit
 * lines of the running test.
 */
export function useVoiceRuntime(): Array<Record<string, unknown>> {
  const lines: Array<Record<string, unknown>> = [];
  beforeEach(() => {
    lines.length = 0;
    installRuntime();
    captureAudit(lines);
  });
  afterEach(() => jest.restoreAllMocks());
  return lines;
}
