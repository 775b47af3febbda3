/**
 * A stand-in for the relay's voice functions in emulator tests: an HTTP server on 127.0.0.1 that
 * checks each request's X-Twilio-Signature with the twilio package (403 when it does not hold),
 * and answers with what `answer` returns for the request's path and parameters (the URL's query
 * and the form merged, as the Functions runtime merges them into one event).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { validateRequest } from 'twilio';
import { loadTwilioSpecs } from '../../dev/contract/spec';
import { createContractCheck } from '../../dev/contract/validator';
import type { ManualClock } from '../../dev/emulator/clock';
import { startEmulator, type Emulator } from '../../dev/emulator/server';
import { FAKE, FAKE_ACCOUNT, fakeEnv } from '../../dev/fixtures';
import { parseForm, single } from '../../dev/form';
import { readConfig } from '../../src/core/config';
import { createRestClient, type RestClient } from '../../src/core/twilio/client';
import { deadlineIn } from '../../src/core/twilio/deadline';

export interface VoiceAppRequest {
  path: string;
  /** The form Twilio POSTed. */
  params: Record<string, string>;
  signed: boolean;
}

export interface VoiceApp {
  base: string;
  received: VoiceAppRequest[];
  close(): Promise<void>;
}

export async function startVoiceApp(answer: (path: string, event: Record<string, string>) => string): Promise<VoiceApp> {
  const received: VoiceAppRequest[] = [];
  let base = '';
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const url = new URL(`${base}${req.url}`);
      const params = Object.fromEntries(Object.entries(parseForm(body)).map(([k, v]) => [k, single(v) ?? '']));
      const signed = validateRequest(FAKE.authToken, String(req.headers['x-twilio-signature']), url.href, params);
      received.push({ path: url.pathname, params, signed });
      if (!signed) return void res.writeHead(403).end();
      res.writeHead(200, { 'Content-Type': 'text/xml' }).end(answer(url.pathname, { ...Object.fromEntries(url.searchParams), ...params }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export interface CallBed {
  emulator: Emulator;
  /** The relay's own REST client, pointed at the emulator. */
  client: RestClient;
  app: VoiceApp;
}

/**
 * Registers a test file's voice app and emulator (with `clock` and the contract check against
 * twilio-oai), stops both after the file, and fails each test that left a contract violation or
 * an unsigned request. Its fields are filled in beforeAll.
 */
export function useCallBed(clock: ManualClock, answer: (path: string, event: Record<string, string>) => string): CallBed {
  const bed = {} as CallBed;
  beforeAll(async () => {
    bed.app = await startVoiceApp(answer);
    bed.emulator = await startEmulator({ ...FAKE_ACCOUNT, clock, contract: createContractCheck(loadTwilioSpecs()) });
    bed.client = createRestClient(readConfig(fakeEnv(bed.emulator.url)), deadlineIn(120_000));
  });
  afterAll(async () => {
    await bed.emulator?.close();
    await bed.app?.close();
  });
  afterEach(() => {
    expect(bed.emulator.violations).toEqual([]);
    expect(bed.app.received.filter((r) => !r.signed)).toEqual([]);
  });
  return bed;
}
