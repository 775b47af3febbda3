import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { postSigned } from '../signed-post';
import { deliveryFor, statusSequence, type Delivery, type DeliveryScript } from './delivery-script';
import { twilioError } from './errors';
import { basicAuth, errorReply, readBody, send } from './http-io';
import { takeFault, type FaultRule } from './faults';
import { parseForm } from '../form';
import { messageRoutes } from './message-routes';
import { setStatus, type StoredMessage } from './messages';
import type { RecordedRequest, Reply, Route } from './routes';
import { statusCallbackParams, type CallbackRecord } from './status-callbacks';
import { syncRoutes } from './sync-routes';
import { syncStore, type SyncStore } from './sync-store';
import { REAL_TIME, type EmulatorClock, type ManualClock } from './clock';
import { releaseDue, releaseSequence } from './scheduling';
import type { RateLimit } from './rate-limit';
import type { Callee, CalleeScript } from './callees';
import type { OutboundCall } from './outbound-call';
import { outboundCalls } from './outbound-call-routes';

export type { RecordedRequest } from './routes';

export interface EmulatorOptions {
  accountSid: string;
  /** The account's Auth Token: HMAC key of the status callbacks, and accepted as account-level credentials. */
  authToken: string;
  /** Credentials the relay's REST calls must carry (Basic auth): its API key. */
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
  /** More resource families (e.g. IncomingPhoneNumbers), tried after Messages and Sync. */
  extraRoutes?: Route[];
  /** Sync's time (item TTLs, rate-limit refills) and SendAt's: real time unless a test passes manualClock(). */
  clock?: EmulatorClock;
  /** Sync's per-Map rate limit; Twilio's documented 20/s with a 10 s burst unless given. */
  syncLimit?: RateLimit;
  /** Who answers the calls the relay places, per number (callees.ts); others get `defaultCallee` (a person, pressing nothing). */
  callees?: CalleeScript;
  defaultCallee?: Callee;
}

export interface Emulator {
  url: string;
  messages: Map<string, StoredMessage>;
  sync: SyncStore;
  requests: RecordedRequest[];
  callbacks: CallbackRecord[];
  /** Contract violations seen so far, one line each: "POST /2010-04-01/…: <what is wrong>". */
  violations: string[];
  script: DeliveryScript;
  /** The calls the relay placed (Calls create), each with its log: callbacks, webhooks, what was said, pressed, dialed. */
  calls: Map<string, OutboundCall>;
  /** Who answers a call to each number; may be changed while the emulator runs. */
  callees: CalleeScript;
  /** Failures to inject into matching requests (see faults.ts); rules are consumed as they apply. */
  faults: FaultRule[];
  /** How many copies of each scripted status callback (messages' and calls') to POST at once (2 = every callback duplicated). */
  callbackCopies: number;
  /** The messages created so far for one recipient, oldest first. */
  sentTo(to: string): StoredMessage[];
  /** Sends one status callback now, e.g. a duplicate or out-of-order one. */
  sendStatus(sid: string, status: string, errorCode?: number): Promise<number | string>;
  /**
   * Moves the manual clock on, has Twilio send every scheduled message now due (queued, then the
   * script's callbacks for its recipient), answers or times out the calls ringing that long, and
   * resolves once all callbacks and calls so released are over.
   */
  advance(ms: number): Promise<void>;
  /** Resolves once every scheduled callback has been answered, and every request processed late (processLate) took effect. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A small stateful stand-in for the parts of Twilio's REST API the relay uses (Messages, Sync Map
 * Items, and whatever `extraRoutes` add), plus the carrier: it POSTs signed status callbacks per
 * the script. It listens on 127.0.0.1 only.
 */
export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const messages = new Map<string, StoredMessage>();
  const sync = syncStore(options.clock ?? REAL_TIME, options.syncLimit);
  const requests: RecordedRequest[] = [];
  const callbacks: CallbackRecord[] = [];
  const violations: string[] = [];
  const faults: FaultRule[] = [];
  const script: DeliveryScript = { ...options.script };
  const pending = new Set<Promise<unknown>>();
  const sockets = new Set<Socket>();

  const track = <T>(promise: Promise<T>): Promise<T> => {
    pending.add(promise);
    void promise.finally(() => pending.delete(promise));
    return promise;
  };

  async function sendStatus(sid: string, status: string, errorCode?: number): Promise<number | string> {
    const message = messages.get(sid);
    if (!message?.statusCallback) throw new Error(`emulator: no message ${sid} with a StatusCallback`);
    setStatus(message, status, errorCode);
    const { status: answer } = await postSigned(message.statusCallback, statusCallbackParams(message, status, errorCode), options.authToken);
    callbacks.push({ url: message.statusCallback, messageSid: sid, status, answer });
    return answer;
  }

  function playCallbacks(message: StoredMessage, steps: Array<{ status: string; errorCode?: number }>, queuedMs = 0): void {
    if (!message.statusCallback) return;
    // Queued (or accepted) until then: no date_sent, as at Twilio while the carrier has not taken it.
    const queued = new Promise((r) => (queuedMs ? setTimeout(r, queuedMs) : setImmediate(r)));
    const copies = emulator.callbackCopies;
    const sendCopies = (status: string, errorCode?: number) => Promise.all(Array.from({ length: copies }, () => sendStatus(message.sid, status, errorCode)));
    // One chain per message: Twilio's callbacks for a message arrive in order here.
    track(
      steps.reduce<Promise<unknown>>(
        (chain, step) => chain.then(() => sendCopies(step.status, step.errorCode)),
        queued,
      ),
    );
  }

  const clock = options.clock ?? REAL_TIME;
  const outbound = outboundCalls({ authToken: options.authToken, clock, violations, callees: options.callees, defaultCallee: options.defaultCallee, track, copies: () => emulator.callbackCopies });
  const defaultDelivery: Delivery = options.defaultDelivery ?? { outcome: 'delivered' };
  const routes: Route[] = [
    messageRoutes({
      messages,
      script,
      defaultDelivery,
      now: () => clock.now(),
      created: (message, delivery) => playCallbacks(message, statusSequence(delivery), delivery.queuedMs),
      changed: (message) => playCallbacks(message, [{ status: message.status }]),
    }),
    syncRoutes(sync),
    outbound.route,
    ...(options.extraRoutes ?? []),
  ];

  const authorized = (auth: ReturnType<typeof basicAuth>) =>
    !!auth &&
    ((auth.user === options.apiKey && auth.password === options.apiSecret) || (auth.user === options.accountSid && auth.password === options.authToken));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const body = await readBody(req);
    const auth = basicAuth(req);
    const params = parseForm(req.method === 'GET' ? url.search.slice(1) : body);
    const request: RecordedRequest = { method: req.method ?? '', path: url.pathname, host: req.headers['x-forwarded-host'] as string | undefined, authUser: auth?.user, params, ifMatch: req.headers['if-match'] as string | undefined };
    requests.push(request);
    const broken = options.contract?.(request) ?? [];
    if (broken.length > 0) {
      violations.push(...broken.map((problem) => `${request.method} ${request.path}: ${problem}`));
      return send(res, { status: 400, body: twilioError(400, 21000, `contract violation: ${broken.join('; ')}`) });
    }
    if (!authorized(auth)) return send(res, errorReply(401, 20003));

    const fault = takeFault(faults, request);
    const hang = (ms: number) => new Promise((r) => setTimeout(r, ms).unref());
    if (fault?.kind === 'reset' && !fault.afterProcessing) return void req.socket.destroy();
    if (fault?.kind === 'hang' && !fault.afterProcessing) {
      // A request that will still take effect is work in progress: idle() waits for it.
      await (fault.processLate ? track(hang(fault.ms)) : hang(fault.ms));
      if (res.destroyed && !fault.processLate) return;
    }
    if (fault?.kind === 'status') return send(res, errorReply(fault.status, fault.code ?? (fault.status === 429 ? 20429 : 20500)));

    const reply = routes.reduce<Reply | undefined>((found, route) => found ?? route(request, options.accountSid), undefined) ?? errorReply(404, 20404);
    // The request took effect; now its answer is lost (reset) or late (hang), or nobody waits for it.
    if (res.destroyed) return;
    if (fault?.kind === 'reset') return void req.socket.destroy();
    if (fault?.kind === 'hang' && fault.afterProcessing) {
      await hang(fault.ms);
      if (res.destroyed) return;
    }
    return send(res, reply);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      if (!res.headersSent) send(res, { status: 500, body: twilioError(500, 20500, error.message) });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const emulator: Emulator = {
    url: `http://127.0.0.1:${port}`,
    messages,
    sync,
    requests,
    callbacks,
    violations,
    script,
    calls: outbound.calls,
    callees: outbound.callees,
    faults,
    callbackCopies: 1,
    sentTo: (to) => [...messages.values()].filter((m) => m.to === to),
    sendStatus: (sid, status, errorCode) => track(sendStatus(sid, status, errorCode)),
    async advance(ms) {
      if (!('advance' in clock)) throw new Error('emulator: advance() needs startEmulator({ clock: manualClock() })');
      (clock as ManualClock).advance(ms);
      releaseDue(messages.values(), clock.now(), (message) => playCallbacks(message, releaseSequence(deliveryFor(script, message.to, defaultDelivery))));
      outbound.releaseDue(clock.now());
      await emulator.idle();
    },
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return emulator;
}
