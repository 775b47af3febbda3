import { claimMapName } from '../../../src/core/twilio/claim-maps';
import { NO_CLAIMS } from '../../../src/core/twilio/claims';
import { readConfig } from '../../../src/core/config';
import { deadlineIn } from '../../../src/core/twilio/deadline';
import { relayServices, stateless } from '../../../src/core/twilio/relay-services';
import * as twilioClient from '../../../src/core/twilio/client';
import { makeFakeClient, relayEnv } from '../../support/mock-runtime';

const SYNC = `IS${'0'.repeat(31)}5`;
const INBOUND = `SM${'0'.repeat(31)}a`;

let createRestClient: jest.SpyInstance;
afterEach(() => jest.restoreAllMocks());

describe('relayServices', () => {
  it('is stateless without SYNC_SERVICE_SID: NO_CLAIMS and one client', () => {
    const main = makeFakeClient();
    createRestClient = jest.spyOn(twilioClient, 'createRestClient').mockReturnValue(main.client);
    const config = readConfig(relayEnv());
    const deadline = deadlineIn(8000);
    const services = relayServices(config, deadline);
    expect(services.claims).toBe(NO_CLAIMS);
    expect(services.client).toBe(main.client);
    expect(services.deadline).toBe(deadline);
    expect(createRestClient.mock.calls).toEqual([[config, deadline]]);
  });

  it('claims through Sync with SYNC_SERVICE_SID, on the same client and deadline as the sends', async () => {
    const main = makeFakeClient();
    createRestClient = jest.spyOn(twilioClient, 'createRestClient').mockReturnValueOnce(main.client);
    const config = readConfig(relayEnv({ SYNC_SERVICE_SID: SYNC, SYNC_MAP: 'claims-test' }));
    const deadline = deadlineIn(8000);
    const services = relayServices(config, deadline);

    expect(services.claims).not.toBe(NO_CLAIMS);
    expect(services.claims.enabled).toBe(true);
    expect(services.client).toBe(main.client);
    expect(services.deadline).toBe(deadline);
    expect(createRestClient.mock.calls).toEqual([[config, deadline]]);

    await expect(services.claims.claim('in', INBOUND, { state: 'sending', leg: 'primary', at: 'now' })).resolves.toEqual({ kind: 'claimed' });
    expect(main.sync.create.mock.calls).toEqual([[SYNC, claimMapName('claims-test', INBOUND), expect.objectContaining({ key: `in:${INBOUND}` })]]);
  });
});

describe('stateless (the fallback\'s services)', () => {
  it('never uses Sync, even with SYNC_SERVICE_SID', () => {
    const main = makeFakeClient();
    createRestClient = jest.spyOn(twilioClient, 'createRestClient').mockReturnValue(main.client);
    const config = readConfig(relayEnv({ SYNC_SERVICE_SID: SYNC }));
    const deadline = deadlineIn(8000);
    const services = stateless(config, deadline);
    expect(services).toEqual({ client: main.client, claims: NO_CLAIMS, deadline });
    expect(services.claims).toBe(NO_CLAIMS);
    expect(createRestClient.mock.calls).toEqual([[config, deadline]]);
  });
});
