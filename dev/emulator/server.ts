import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deliveryFor, statusSequence, type Delivery, type DeliveryScript } from './delivery-script';
import { KNOWN_ERRORS, twilioError } from './errors';
import { parseForm, type FormParams } from './form';
import { createMessage, mediaListJson, messageJson, type StoredMessage } from './messages';
import { postSigned } from '../signed-post';
import { statusCallbackParams, type CallbackRecord } from './status-callbacks';

export interface EmulatorOptions {
  accountSid: string;
  /** HMAC key for the status callbacks it sends (the account's Auth Token). */
  authToken: string;
  /** Credentials a REST call must carry (Basic auth): the API key the relay is configured with. */
  apiKey: string;
  apiSecret: string;
  port?: number;
  /** Per-recipient carrier behaviour; recipients not listed get `defaultDelivery`. */
  script?: DeliveryScript;
  defaultDelivery?: Delivery;
  /**
   * Checks each request against Twilio's published API contract and returns the violations.
   * A request with any is answered 400 and recorded in `violations`, so a test fails loudly.
   */
  contract?: (request: RecordedRequest) => string[];
}

/** One REST request as the emulator received it: what a test asserts on. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** Host the SDK meant to reach (sent as X-Forwarded-Host by the relay's loopback client). */
  host?: string;
  /** Basic-auth user name: the API key SID when the relay authenticates correctly. */
  authUser?: string;
  params: FormParams;
}

export interface Emulator {
  url: string;
  messages: Map<string, StoredMessage>;
  requests: RecordedRequest[];
  callbacks: CallbackRecord[];
  /** Contract violations seen so far, one line each: "POST /2010-04-01/…: <what is wrong>". */
  violations: string[];
  script: DeliveryScript;
  /** The messages created so far for one recipient, oldest first. */
  sentTo(to: string): StoredMessage[];
  /** Sends one status callback now, e.g. a duplicate or out-of-order one. */
  sendStatus(sid: string, status: string, errorCode?: number): Promise<number | string>;
  /** Resolves once every scheduled callback has been answered. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages(?:\/((?:SM|MM)[0-9a-f]{32}))?(\/Media)?\.json$/;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function basicAuth(req: IncomingMessage): { user: string; password: string } | undefined {
  const header = req.headers.authorization;
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, code: number): void {
  send(res, status, twilioError(status, code, KNOWN_ERRORS[code] ?? `Error ${code}`));
}

/**
 * A small stateful stand-in for the parts of Twilio's REST API the relay uses (create, fetch,
 * list media of a Message), plus the carrier: it POSTs signed status callbacks per the script.
 * It listens on 127.0.0.1 only.
 */
export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const messages = new Map<string, StoredMessage>();
  const requests: RecordedRequest[] = [];
  const callbacks: CallbackRecord[] = [];
  const violations: string[] = [];
  const script: DeliveryScript = { ...options.script };
  const pending = new Set<Promise<unknown>>();

  const track = <T>(promise: Promise<T>): Promise<T> => {
    pending.add(promise);
    void promise.finally(() => pending.delete(promise));
    return promise;
  };

  async function sendStatus(sid: string, status: string, errorCode?: number): Promise<number | string> {
    const message = messages.get(sid);
    if (!message?.statusCallback) throw new Error(`emulator: no message ${sid} with a StatusCallback`);
    message.status = status;
    message.errorCode = errorCode ?? null;
    const { status: answer } = await postSigned(message.statusCallback, statusCallbackParams(message, status, errorCode), options.authToken);
    callbacks.push({ url: message.statusCallback, messageSid: sid, status, answer });
    return answer;
  }

  function scheduleLifecycle(message: StoredMessage, delivery: Delivery): void {
    if (!message.statusCallback) return;
    const steps = statusSequence(delivery);
    // One chain per message: Twilio's callbacks for a message arrive in order here.
    track(
      steps.reduce<Promise<unknown>>((chain, step) => chain.then(() => sendStatus(message.sid, step.status, step.errorCode)), new Promise((r) => setImmediate(r))),
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const body = await readBody(req);
    const auth = basicAuth(req);
    const params = parseForm(req.method === 'GET' ? url.search.slice(1) : body);
    const request: RecordedRequest = { method: req.method ?? '', path: url.pathname, host: req.headers['x-forwarded-host'] as string | undefined, authUser: auth?.user, params };
    requests.push(request);
    const broken = options.contract?.(request) ?? [];
    if (broken.length > 0) {
      violations.push(...broken.map((problem) => `${request.method} ${request.path}: ${problem}`));
      return send(res, 400, twilioError(400, 21000, `contract violation: ${broken.join('; ')}`));
    }

    if (!auth || auth.user !== options.apiKey || auth.password !== options.apiSecret) return sendError(res, 401, 20003);
    const match = MESSAGES_PATH.exec(url.pathname);
    if (!match || match[1] !== options.accountSid) return sendError(res, 404, 20404);
    const [, accountSid, sid, media] = match;

    if (req.method === 'POST' && !sid) {
      const message = createMessage(accountSid, params);
      const delivery = deliveryFor(script, message.to, options.defaultDelivery ?? { outcome: 'delivered' });
      if (delivery.outcome === 'refuse') return sendError(res, delivery.status, delivery.code);
      messages.set(message.sid, message);
      send(res, 201, messageJson(message));
      return scheduleLifecycle(message, delivery);
    }
    const message = sid ? messages.get(sid) : undefined;
    if (req.method === 'GET' && message) return send(res, 200, media ? mediaListJson(message) : messageJson(message));
    return sendError(res, 404, 20404);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => send(res, 500, twilioError(500, 20500, error.message)));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    messages,
    requests,
    callbacks,
    violations,
    script,
    sentTo: (to) => [...messages.values()].filter((m) => m.to === to),
    sendStatus: (sid, status, errorCode) => track(sendStatus(sid, status, errorCode)),
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
