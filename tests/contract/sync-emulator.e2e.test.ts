/**
 * The emulator's Sync is as strict as Twilio documents it, through the relay's own SDK client:
 * Maps exist only once created, If-Match is honoured, the Items list pages by key and leaves out
 * expired items, and each Map's writes and reads are rate limited (20/s, 10 s burst); and the
 * relay's claims hold against it. Time is the emulator's
 * manual clock, moved by the tests.
 */
import { loadTwilioSpecs } from '../../dev/contract/spec';
import { createContractCheck } from '../../dev/contract/validator';
import { manualClock } from '../../dev/emulator/clock';
import { startEmulator, type Emulator } from '../../dev/emulator/server';
import { FAKE, FAKE_ACCOUNT, fakeEnv } from '../../dev/fixtures';
import { readConfig } from '../../src/core/config';
import { createRestClient, type RestClient } from '../../src/core/twilio/client';
import { syncClaims, type ClaimRecord } from '../../src/core/twilio/claims';
import { deadlineIn } from '../../src/core/twilio/deadline';

const clock = manualClock();
let emulator: Emulator;
let client: RestClient;
const sync = () => client.sync.v1.services(FAKE.syncServiceSid);
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: { status: number; code: number; message: string; moreInfo: string }) => ({ status: error.status, code: error.code, message: error.message, moreInfo: error.moreInfo }));

beforeAll(async () => {
  emulator = await startEmulator({ ...FAKE_ACCOUNT, clock, contract: createContractCheck(loadTwilioSpecs()) });
  client = createRestClient(readConfig(fakeEnv(emulator.url)), deadlineIn(120_000));
});
afterAll(() => emulator?.close());
afterEach(() => expect(emulator.violations).toEqual([]));

describe('Maps', () => {
  it('answers 54200 for items of a Map that was never created', async () => {
    await expect(failure(sync().syncMaps('never-made').syncMapItems.create({ key: 'k', data: {} }))).resolves.toEqual({
      status: 404,
      code: 54200,
      message: 'Map not found',
      moreInfo: 'https://www.twilio.com/docs/errors/54200',
    });
  });

  it('creates a Map by unique name, once: a second create answers 54301', async () => {
    const map = await sync().syncMaps.create({ uniqueName: 'made-once' });
    expect(map).toMatchObject({ uniqueName: 'made-once', sid: expect.stringMatching(/^MP[0-9a-f]{32}$/), serviceSid: FAKE.syncServiceSid });
    await expect(failure(sync().syncMaps.create({ uniqueName: 'made-once' }))).resolves.toMatchObject({ status: 409, code: 54301 });
    await expect(sync().syncMaps('made-once').syncMapItems.create({ key: 'k', data: { a: 1 } })).resolves.toMatchObject({ key: 'k', mapSid: map.sid });
    await expect(sync().syncMaps(map.sid).syncMapItems('k').fetch()).resolves.toMatchObject({ data: { a: 1 }, revision: '0' });
  });
});

describe('If-Match', () => {
  it('updates only when the revision matches; a stale one answers 412 with 54205', async () => {
    await sync().syncMaps.create({ uniqueName: 'revisions' });
    const items = sync().syncMaps('revisions').syncMapItems;
    await items.create({ key: 'k', data: { n: 0 } });
    await expect(items('k').update({ data: { n: 1 }, ifMatch: '0' })).resolves.toMatchObject({ revision: '1', data: { n: 1 } });
    await expect(failure(items('k').update({ data: { n: 2 }, ifMatch: '0' }))).resolves.toMatchObject({ status: 412, code: 54205 });
    await expect(items('k').fetch()).resolves.toMatchObject({ revision: '1', data: { n: 1 } });
    await expect(items('k').update({ data: { n: 3 } })).resolves.toMatchObject({ revision: '2' });
  });
});

describe('rate limit: 20 writes/s per Map, items included, with a 10 s burst', () => {
  const writes = (map: string, from: number, count: number) =>
    Promise.all(Array.from({ length: count }, (_, i) => failure(sync().syncMaps(map).syncMapItems.create({ key: `k${from + i}`, data: {} }))));

  it('passes a burst of 200 writes, refuses the next with 429 and 54009, and refills at 20 per second', async () => {
    await sync().syncMaps.create({ uniqueName: 'busy' });
    await sync().syncMaps.create({ uniqueName: 'quiet' });
    const refusedBefore = emulator.sync.limits.refused;

    expect((await writes('busy', 0, 200)).filter(Boolean)).toEqual([]);
    await expect(failure(sync().syncMaps('busy').syncMapItems.create({ key: 'over', data: {} }))).resolves.toEqual({
      status: 429,
      code: 54009,
      message: 'Rate limit exceeded',
      moreInfo: 'https://www.twilio.com/docs/errors/54009',
    });
    // An update of an item counts towards its Map too; another Map has its own allowance.
    await expect(failure(sync().syncMaps('busy').syncMapItems('k0').update({ data: { x: 1 } }))).resolves.toMatchObject({ status: 429 });
    await expect(sync().syncMaps('quiet').syncMapItems.create({ key: 'k', data: {} })).resolves.toMatchObject({ key: 'k' });
    // Reads have their own limit: the busy Map can still be read.
    await expect(sync().syncMaps('busy').syncMapItems('k0').fetch()).resolves.toMatchObject({ key: 'k0' });
    expect(emulator.sync.limits.refused - refusedBefore).toBe(2);

    clock.advance(1000);
    const refill = await writes('busy', 200, 21);
    expect(refill.filter(Boolean)).toEqual([expect.objectContaining({ status: 429, code: 54009 })]);
  });
});

describe('Items list: by key, paged, expired items gone', () => {
  const keysOf = (items: Array<{ key: string }>) => items.map((item) => item.key);

  beforeAll(async () => {
    await sync().syncMaps.create({ uniqueName: 'listed' });
    const items = sync().syncMaps('listed').syncMapItems;
    for (const key of ['b', 'd', 'a', 'c', 'e']) await items.create({ key, data: { key } });
    await items.create({ key: 'short-lived', data: {}, itemTtl: 60 });
  });

  it('orders by key, asc by default or desc, from a key inclusive or exclusive, a key that does not exist starting at the next', async () => {
    const items = sync().syncMaps('listed').syncMapItems;
    expect(keysOf(await items.list())).toEqual(['a', 'b', 'c', 'd', 'e', 'short-lived']);
    expect(keysOf(await items.list({ order: 'desc', from: 'd' }))).toEqual(['d', 'c', 'b', 'a']);
    expect(keysOf(await items.list({ from: 'b', bounds: 'exclusive' }))).toEqual(['c', 'd', 'e', 'short-lived']);
    expect(keysOf(await items.list({ from: 'bb' }))).toEqual(['c', 'd', 'e', 'short-lived']);
  });

  it("pages as Twilio does: 'items' and 'meta', next_page_url followed by the SDK", async () => {
    const items = sync().syncMaps('listed').syncMapItems;
    const first = await items.page({ pageSize: 2 });
    expect(keysOf(first.instances)).toEqual(['a', 'b']);
    const second = await first.nextPage()!;
    expect(keysOf(second.instances)).toEqual(['c', 'd']);
    expect(keysOf((await items.list({ pageSize: 4 })))).toHaveLength(6);
    const raw = emulator.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/Items')).pop();
    expect(raw?.params).toMatchObject({ From: 'd', Bounds: 'exclusive', PageSize: '4' });
  });

  it('leaves out an item past its TTL', async () => {
    clock.advance(61_000);
    expect(keysOf(await sync().syncMaps('listed').syncMapItems.list())).toEqual(['a', 'b', 'c', 'd', 'e']);
    await expect(failure(sync().syncMaps('listed').syncMapItems('short-lived').fetch())).resolves.toMatchObject({ status: 404, code: 54201 });
  });
});

describe('the relay\'s claims against it', () => {
  const claims = () => syncClaims(client, FAKE.syncServiceSid, 'race-claims', deadlineIn(8000));
  const INBOUND = `SM${'7e'.repeat(16)}`;

  it('creates their Map on first use, once', async () => {
    const before = emulator.sync.maps.size;
    await expect(claims().claim('in', `SM${'1a'.repeat(16)}`, { state: 'sending', leg: 'primary', at: new Date().toISOString() })).resolves.toEqual({ kind: 'claimed' });
    expect(emulator.sync.maps.size).toBe(before + 1);
  });

  it('two takeovers of one stale claim: exactly one wins (If-Match on the same revision)', async () => {
    // The first delivery claimed 20 s ago and died before sending.
    const died: ClaimRecord = { state: 'sending', leg: 'primary', at: new Date(Date.now() - 20_000).toISOString() };
    await expect(claims().claim('in', INBOUND, died)).resolves.toEqual({ kind: 'claimed' });

    const late: ClaimRecord = { state: 'sending', leg: 'primary', at: new Date().toISOString() };
    const [a, b] = await Promise.all([claims().claim('in', INBOUND, late), claims().claim('in', INBOUND, late)]);
    if (a.kind !== 'stale' || b.kind !== 'stale') throw new Error(`expected two stale claims, got ${a.kind} and ${b.kind}`);
    const won = await Promise.all([a.takeOver(), b.takeOver()]);
    expect(won.sort()).toEqual(['lost', 'won']);
    const conditional = emulator.requests.filter((r) => r.ifMatch !== undefined && r.path.includes(INBOUND));
    expect(conditional.map((r) => r.ifMatch)).toEqual(['0', '0']);
  });
});
