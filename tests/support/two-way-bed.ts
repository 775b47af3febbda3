/**
 * The handler-test bed for two-way dispatch: the mock Runtime and fake REST client of
 * mock-runtime.ts, Sync claims on the fake Sync, and the in-memory DispatchStore behind
 * dispatchStoreFor. Phones and dispatchers are driven by webhooks; every Messages.create gets a
 * fresh SID and its status callback can be posted back.
 */
import * as syncStoreModule from '../../src/core/dispatch/sync-store';
import { handler as incomingHandler } from '../../src/functions/sms/incoming.protected';
import { handler as statusHandler } from '../../src/functions/sms/status.protected';
import { memoryDispatchStore, type MemoryDispatchStore } from './memory-dispatch-store';
import { ACCOUNT_SID, invoke, makeContext, RELAY, twilioError, useHandlerTestBed, type HandlerTestBed } from './mock-runtime';

export const SYNC = `IS${'0'.repeat(31)}5`;
const sid = (prefix: string, n: number) => `${prefix}${n.toString(16).padStart(32, '0')}`;

export interface Sent {
  sid: string;
  to: string;
  body: string;
  mediaUrl?: string[];
  statusCallback?: string;
}

export interface TwoWayBed extends HandlerTestBed {
  store: MemoryDispatchStore;
  /** Twilio refuses every later create to this number with this error code (21610, 21211, …). */
  refuse(number: string, code: number): void;
  /** Every message Twilio accepted from the relay, in order. */
  sent(): Sent[];
  sentTo(number: string): Sent[];
  /** POSTs an inbound SMS webhook (From, Body; a fresh MessageSid unless given); resolves with its MessageSid. */
  inbound(from: string, body: string, extra?: Record<string, string>): Promise<string>;
  /** POSTs the status callback of a message the relay sent. */
  status(message: Sent, status: string, errorCode?: string): Promise<unknown>;
  /** The audit lines (without ts) of one event. */
  lines(event: string): Record<string, unknown>[];
}

export function useTwoWayBed(env: Record<string, string | undefined> = {}): () => TwoWayBed {
  const handlerBed = useHandlerTestBed();
  let bed: TwoWayBed;
  let inboundCount = 0;
  beforeEach(() => {
    const base = handlerBed();
    const store = memoryDispatchStore();
    jest.spyOn(syncStoreModule, 'dispatchStoreFor').mockReturnValue(store);
    const accepted: Sent[] = [];
    const refused = new Map<string, number>();
    base.fake.create.mockImplementation(async (params: Omit<Sent, 'sid'>) => {
      const code = refused.get(params.to);
      if (code) throw twilioError(400, code, 'refused by the test');
      const message = { ...params, sid: sid('SM', 0x100000 + accepted.length + 1) };
      accepted.push(message);
      return { sid: message.sid, status: 'queued' };
    });
    const context = () => makeContext({ SYNC_SERVICE_SID: SYNC, ...env });
    const sent = () => [...accepted];
    bed = {
      ...base,
      store,
      refuse: (number, code) => refused.set(number, code),
      sent,
      sentTo: (number) => sent().filter((message) => message.to === number),
      async inbound(from, body, extra = {}) {
        const messageSid = extra.MessageSid ?? sid('SM', (inboundCount += 1));
        await invoke(incomingHandler, context(), { MessageSid: messageSid, AccountSid: ACCOUNT_SID, From: from, To: RELAY, Body: body, NumMedia: '0', ...extra });
        return messageSid;
      },
      async status(message, status, errorCode) {
        const query = Object.fromEntries(new URL(message.statusCallback!).searchParams);
        const event = { MessageSid: message.sid, MessageStatus: status, AccountSid: ACCOUNT_SID, From: RELAY, To: message.to, ...(errorCode && { ErrorCode: errorCode }), ...query };
        return invoke(statusHandler, { ...context(), PATH: '/sms/status' } as ReturnType<typeof makeContext>, event);
      },
      lines: (event) => base.audit.records().filter((record) => record.audit === event),
    };
  });
  return () => bed;
}
