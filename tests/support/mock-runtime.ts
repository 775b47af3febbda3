/**
 * A stand-in for the Twilio Functions runtime, in the style of twilio-labs/function-templates:
 * the handlers read `Runtime` and `Twilio` as globals, so the tests install both.
 *
 * Also home of the fake REST client the unit and function tests share.
 */
import path from 'node:path';
import type { Context, GlobalTwilio, RuntimeInstance, ServerlessCallback } from '@twilio-labs/serverless-runtime-types/types';
import * as twilioClient from '../../src/core/twilio/client';
import type { RestClient } from '../../src/core/twilio/client';
import { forgetCachedWhitelist } from '../../src/core/whitelist-asset';

/** What the handlers require through Runtime.getFunctions()['relay/core'].path. */
export const CORE_PATH = path.resolve(__dirname, '../../src/core/index.ts');

// Fake credentials and numbers (619-555-01xx is a valid but fictional San Diego range).
export const ACCOUNT_SID = `AC${'0'.repeat(31)}1`;
export const OTHER_ACCOUNT_SID = `AC${'0'.repeat(31)}9`;
export const API_KEY = `SK${'0'.repeat(31)}2`;
export const API_SECRET = 'fake-api-secret-0123456789abcdef';
export const AUTH_TOKEN = 'fake-auth-token-fedcba9876543210';
export const PRIMARY = '+16195550101';
export const BACKUP = '+16195550102';
export const RELAY = '+16195550199';
export const DISPATCH = '+16195550100';
export const SECOND_SENDER = '+18585550123';
export const STRANGER = '+16195550150';
export const DOMAIN = 'relay-1234-dev.twil.io';

export const INBOUND_SID = `SM${'0'.repeat(31)}a`;
export const PRIMARY_OUT_SID = `SM${'0'.repeat(31)}b`;
export const BACKUP_OUT_SID = `SM${'0'.repeat(31)}c`;

export const WHITELIST_JSON = JSON.stringify({
  senders: [{ number: DISPATCH, name: 'Dispatch' }, SECOND_SENDER, PRIMARY],
});

/** The environment variables of a correctly configured relay. */
export function relayEnv(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {
    ACCOUNT_SID,
    AUTH_TOKEN,
    TWILIO_API_KEY: API_KEY,
    TWILIO_API_SECRET: API_SECRET,
    PRIMARY_NUMBER: PRIMARY,
    BACKUP_NUMBER: BACKUP,
    ...overrides,
  };
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

export function makeContext(overrides: Record<string, string | undefined> = {}): Context<Record<string, unknown>> {
  return {
    DOMAIN_NAME: DOMAIN,
    PATH: '/sms/incoming',
    SERVICE_SID: undefined,
    ENVIRONMENT_SID: undefined,
    getTwilioClient: () => {
      throw new Error('the relay must not use the Auth Token client');
    },
    ...relayEnv(overrides),
  } as unknown as Context<Record<string, unknown>>;
}

/** The runtime's Twilio.Response, which the twilio npm package does not export. */
export class MockResponse {
  statusCode = 200;
  body: unknown = null;
  headers: Record<string, string | string[]> = {};

  setStatusCode(code: number): this {
    this.statusCode = code;
    return this;
  }

  setBody(body: unknown): this {
    this.body = body;
    return this;
  }

  appendHeader(name: string, value: string): this {
    const existing = this.headers[name];
    this.headers[name] = existing === undefined ? value : [existing, value].flat();
    return this;
  }

  setHeaders(headers: Record<string, string>): this {
    this.headers = { ...headers };
    return this;
  }

  setCookie(): this {
    return this;
  }

  removeCookie(): this {
    return this;
  }
}

export interface AssetOptions {
  /** The asset's text, a function producing it (may throw), or null for "no such asset". */
  whitelist?: string | (() => string) | null;
}

/** Installs global Runtime and Twilio as the Functions runtime provides them. */
export function installRuntime(options: AssetOptions = {}): { open: jest.Mock<string, []> } {
  const source = options.whitelist === undefined ? WHITELIST_JSON : options.whitelist;
  const open = jest.fn<string, []>(() => (typeof source === 'function' ? source() : (source as string)));
  const runtime = {
    getFunctions: () => ({ 'relay/core': { path: CORE_PATH } }),
    getAssets: () => (source === null ? {} : { '/whitelist.json': { path: '/var/task/assets/whitelist.json', open } }),
  };
  globalThis.Runtime = runtime as unknown as RuntimeInstance;
  const twilio = require('twilio') as typeof import('twilio');
  globalThis.Twilio = { ...twilio, Response: MockResponse } as unknown as GlobalTwilio;
  return { open };
}

export function uninstallRuntime(): void {
  delete (globalThis as { Runtime?: unknown }).Runtime;
  delete (globalThis as { Twilio?: unknown }).Twilio;
}

type Handler<E> = (context: Context<Record<string, unknown>>, event: E, callback: ServerlessCallback) => unknown;

/** Runs a handler and resolves with what it passed to the callback. */
export async function invoke<E>(handler: Handler<E>, context: Context<Record<string, unknown>>, event: E): Promise<{ error: unknown; payload: unknown }> {
  let result: { error: unknown; payload: unknown } | undefined;
  const callback: ServerlessCallback = (error, payload) => {
    if (result) throw new Error('callback called twice');
    result = { error, payload };
  };
  await handler(context, event, callback);
  if (!result) throw new Error('handler returned without calling the callback');
  return result;
}

export interface AuditLine {
  /** The console method the line went to. */
  method: 'info' | 'warn' | 'error';
  raw: string;
  record: Record<string, unknown>;
}

/** Captures what the handlers write to console.info/warn/error and parses each line as JSON. */
export function captureConsole(): { lines: () => AuditLine[]; records: () => Record<string, unknown>[] } {
  const captured: AuditLine[] = [];
  for (const method of ['info', 'warn', 'error'] as const) {
    jest.spyOn(console, method).mockImplementation((line?: unknown, ..._rest: unknown[]) => {
      const raw = String(line);
      captured.push({ method, raw, record: JSON.parse(raw) as Record<string, unknown> });
    });
  }
  jest.spyOn(console, 'log').mockImplementation(() => {
    throw new Error('the relay must log audit lines at a level, not with console.log');
  });
  return {
    lines: () => captured,
    // Without the timestamp, so whole records can be compared literally.
    records: () => captured.map(({ record }) => {
      const { ts, ...rest } = record;
      expect(ts).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      return rest;
    }),
  };
}

export interface FakeSync {
  /** The Map Items the fake holds, by "<serviceSid>/<map>" then key: what create/update stored. */
  store: Map<string, Map<string, unknown>>;
  /** client.sync.v1.services(sid).syncMaps(map).syncMapItems.create(opts), called with (serviceSid, map, opts) */
  create: jest.Mock;
  /** ...syncMapItems(key).fetch(), called with (serviceSid, map, key) */
  fetch: jest.Mock;
  /** ...syncMapItems(key).update(opts), called with (serviceSid, map, key, opts); honours opts.ifMatch */
  update: jest.Mock;
  /** client.sync.v1.services(sid).syncMaps.create(opts), called with (serviceSid, opts) */
  createMap: jest.Mock;
  /** The items of one map (created on first use). */
  items(serviceSid: string, map: string): Map<string, unknown>;
  /** An item's revision: "0" when created, one more on each update. */
  revision(serviceSid: string, map: string, key: string): string | undefined;
  /** ...syncMapItems.page(opts), called with (serviceSid, map, opts): keys ascending, pageSize per page, nextPage() for the rest. */
  page: jest.Mock;
}
export interface FakeClient {
  client: RestClient;
  /** client.messages.create */
  create: jest.Mock;
  /** client.messages.list(opts): the lookup after an ambiguous create failure; [] by default */
  list: jest.Mock;
  /** client.messages(sid): records which message was addressed */
  messages: jest.Mock;
  /** client.messages(sid).fetch(), called with sid */
  fetch: jest.Mock;
  /** client.messages(sid).media.list(opts), called with (sid, opts) */
  listMedia: jest.Mock;
  /** client.messages(sid).update(opts), called with (sid, opts): the cancel of a scheduled copy */
  update: jest.Mock;
  /** client.sync.v1: Sync Map Items, backed by an in-memory store that behaves like Sync by default. */
  sync: FakeSync;
  /** client.calls.create (paging's page calls): a fresh CA SID per call by default. */
  createCall: jest.Mock;
}

/**
 * Sync Map Items as the SDK exposes them, behaving like Sync by default: create fails with 54208
 * (HTTP 409) when the key exists, fetch with 54201 (HTTP 404) when it does not, an update whose
 * ifMatch is not the item's revision with 54205 (HTTP 412). Maps exist on first use here (a test
 * of 54200 rejects a create once). Override a call with mockRejectedValueOnce / mockImplementationOnce.
 * An itemTtl sets the item's dateExpires by `now`; the item stays readable past it, as Sync deletes
 * expired items only approximately (https://www.twilio.com/docs/sync/objects-ttl).
 */
export function makeFakeSync(now: () => number = Date.now): { v1: unknown } & FakeSync {
  const store = new Map<string, Map<string, unknown>>();
  const revisions = new Map<string, number>();
  const expiries = new Map<string, Date>();
  const expire = (id: string, ttl: number | undefined) => {
    if (ttl !== undefined) expiries.set(id, new Date(now() + ttl * 1000));
  };
  const itemOf = (serviceSid: string, map: string, key: string) => ({
    key,
    data: items(serviceSid, map).get(key),
    revision: revisionOf(serviceSid, map, key),
    dateExpires: expiries.get(`${serviceSid}/${map}/${key}`) ?? null,
  });
  const items = (serviceSid: string, map: string) => {
    const id = `${serviceSid}/${map}`;
    if (!store.has(id)) store.set(id, new Map());
    return store.get(id)!;
  };
  const revisionOf = (serviceSid: string, map: string, key: string) => (items(serviceSid, map).has(key) ? String(revisions.get(`${serviceSid}/${map}/${key}`) ?? 0) : undefined);
  const create = jest.fn(async (serviceSid: string, map: string, opts: { key: string; data: unknown; itemTtl?: number }) => {
    const held = items(serviceSid, map);
    if (held.has(opts.key)) throw twilioError(409, 54208, 'Map Item already exists');
    held.set(opts.key, opts.data);
    revisions.set(`${serviceSid}/${map}/${opts.key}`, 0);
    expire(`${serviceSid}/${map}/${opts.key}`, opts.itemTtl);
    return itemOf(serviceSid, map, opts.key);
  });
  const fetch = jest.fn(async (serviceSid: string, map: string, key: string) => {
    const held = items(serviceSid, map);
    if (!held.has(key)) throw twilioError(404, 54201, 'Map Item not found');
    return itemOf(serviceSid, map, key);
  });
  const update = jest.fn(async (serviceSid: string, map: string, key: string, opts: { data: unknown; ifMatch?: string; itemTtl?: number }) => {
    const held = items(serviceSid, map);
    if (!held.has(key)) throw twilioError(404, 54201, 'Map Item not found');
    if (opts.ifMatch !== undefined && opts.ifMatch !== revisionOf(serviceSid, map, key)) throw twilioError(412, 54205, 'Map Item revision mismatch');
    held.set(key, opts.data);
    revisions.set(`${serviceSid}/${map}/${key}`, Number(revisionOf(serviceSid, map, key)) + 1);
    expire(`${serviceSid}/${map}/${key}`, opts.itemTtl);
    return itemOf(serviceSid, map, key);
  });
  type FakePage = { instances: unknown[]; nextPageUrl?: string; nextPage(): Promise<FakePage> | undefined };
  const pageFrom = (serviceSid: string, map: string, pageSize: number, start: number): FakePage => {
    const keys = [...items(serviceSid, map).keys()].sort();
    const rest = start + pageSize < keys.length;
    return {
      instances: keys.slice(start, start + pageSize).map((key) => itemOf(serviceSid, map, key)),
      ...(rest && { nextPageUrl: `https://sync.twilio.com/v1/Services/${serviceSid}/Maps/${map}/Items?Page=${start / pageSize + 1}` }),
      nextPage: () => (rest ? page(serviceSid, map, { pageSize, start: start + pageSize }) : undefined),
    };
  };
  const page = jest.fn(async (serviceSid: string, map: string, opts: { pageSize?: number; start?: number }) => pageFrom(serviceSid, map, opts.pageSize ?? 50, opts.start ?? 0));
  const createMap = jest.fn(async (serviceSid: string, opts: { uniqueName: string }) => {
    items(serviceSid, opts.uniqueName);
    return { uniqueName: opts.uniqueName, serviceSid };
  });
  const v1 = {
    services: (serviceSid: string) => ({
      syncMaps: Object.assign(
        (map: string) => {
          const syncMapItems = (key: string) => ({
            fetch: () => fetch(serviceSid, map, key),
            update: (opts: { data: unknown; ifMatch?: string }) => update(serviceSid, map, key, opts),
          });
          const list = { create: (opts: { key: string; data: unknown }) => create(serviceSid, map, opts), page: (opts: { pageSize?: number }) => page(serviceSid, map, opts) };
          return { syncMapItems: Object.assign(syncMapItems, list) };
        },
        { create: (opts: { uniqueName: string }) => createMap(serviceSid, opts) },
      ),
    }),
  };
  return { v1, store, create, fetch, update, createMap, items, revision: revisionOf, page };
}

/**
 * The slice of the twilio REST client the relay uses: messages.create, messages.list (a lookup
 * finds nothing unless told), messages(sid).fetch / .media.list, and Sync Map Items.
 */
export function makeFakeClient(): FakeClient {
  const create = jest.fn();
  const list = jest.fn(async (_opts: unknown): Promise<unknown[]> => []);
  const fetch = jest.fn();
  const listMedia = jest.fn();
  const update = jest.fn();
  const messages = jest.fn((sid: string) => ({
    fetch: () => fetch(sid),
    update: (opts: unknown) => update(sid, opts),
    media: { list: (opts: unknown) => listMedia(sid, opts) },
  }));
  Object.assign(messages, { create, list });
  const sync = makeFakeSync();
  let calls = 0;
  const createCall = jest.fn(async () => ({ sid: `CA${(0xca11 + ++calls).toString(16).padStart(32, '0')}`, status: 'queued' }));
  return { client: { messages, calls: { create: createCall }, sync: { v1: sync.v1 } } as unknown as RestClient, create, list, messages, fetch, listMedia, update, sync, createCall };
}

/**
 * Back-offs of zero: retry.ts draws its full-jitter delay from Math.random, so with 0 every retry
 * waits setTimeout(0) instead of up to 250/500 ms. Restored by jest.restoreAllMocks().
 */
export function instantRetries(): jest.SpyInstance {
  return jest.spyOn(Math, 'random').mockReturnValue(0);
}

/** A clock for deadlineIn(ms, clock.now) that moves only when told to. */
export function fakeClock(start = 1_000_000): { now: () => number; advance(ms: number): void } {
  let time = start;
  return {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
  };
}

/** An error shaped like twilio's RestException. */
export function twilioError(status: number, code: number, message: string): Error {
  return Object.assign(new Error(message), { status, code, moreInfo: `https://www.twilio.com/docs/errors/${code}` });
}

/** An error shaped like a network failure from axios (string code, no HTTP status). */
export function networkError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** What a handler test works with: the fake REST client, the spy that hands it out, the captured audit. */
export interface HandlerTestBed {
  fake: FakeClient;
  createRestClient: jest.SpyInstance;
  audit: ReturnType<typeof captureConsole>;
}

/**
 * Registers the per-test setup every handler test shares: runtime globals, an empty whitelist
 * cache, a fresh fake REST client behind createRestClient, captured audit lines; all undone
 * afterwards. Returns the running test's bed; a test may still install another whitelist.
 */
export function useHandlerTestBed(): () => HandlerTestBed {
  let bed: HandlerTestBed;
  beforeEach(() => {
    forgetCachedWhitelist();
    installRuntime();
    const fake = makeFakeClient();
    bed = { fake, createRestClient: jest.spyOn(twilioClient, 'createRestClient').mockReturnValue(fake.client), audit: captureConsole() };
  });
  afterEach(() => {
    jest.restoreAllMocks();
    uninstallRuntime();
  });
  return () => bed;
}

/** The audit line of a send skipped because its claim ("in" or "fo") was already taken by an earlier sent message. */
export function duplicateLine(kind: 'in' | 'fo', leg: 'primary' | 'backup', outbound: string) {
  return {
    audit: 'duplicate',
    level: 'info',
    inbound: INBOUND_SID,
    leg,
    outbound,
    reason: `${kind} already claimed (sent as ${outbound}): not sent again`,
  };
}
