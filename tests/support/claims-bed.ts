/** A fake Sync for syncClaims tests: the records, the Map and the counters both claims test files use. */
import { claimMapName } from '../../src/core/twilio/claim-maps';
import { syncClaims, type ClaimRecord } from '../../src/core/twilio/claims';
import { deadlineIn } from '../../src/core/twilio/deadline';
import { makeFakeClient, type FakeClient } from './mock-runtime';

export const SYNC = `IS${'0'.repeat(31)}5`;
export const PREFIX = 'relay-claims';
export const INBOUND = `SM${'0'.repeat(31)}a`;
export const OUT = `SM${'0'.repeat(31)}b`;
// Recent: a claim "sending" for longer than STALE_CLAIM_MS would be stale.
export const AT = new Date().toISOString();
/** The Map that holds INBOUND's claims. */
export const MAP = claimMapName(PREFIX, INBOUND);

export const sending: ClaimRecord = { state: 'sending', leg: 'primary', at: AT };
export const sent: ClaimRecord = { state: 'sent', leg: 'primary', sid: OUT, at: AT };

/** A fresh fake client per test; `fake` is read after beforeEach. */
export function useClaimsBed() {
  const bed = { fake: undefined as unknown as FakeClient };
  beforeEach(() => {
    bed.fake = makeFakeClient();
  });
  afterEach(() => jest.restoreAllMocks());
  return {
    bed,
    claimsOf: (deadline = deadlineIn(8000)) => syncClaims(bed.fake.client, SYNC, PREFIX, deadline),
    held: () => bed.fake.sync.items(SYNC, MAP),
    syncCalls: () => bed.fake.sync.create.mock.calls.length + bed.fake.sync.fetch.mock.calls.length + bed.fake.sync.update.mock.calls.length,
  };
}
