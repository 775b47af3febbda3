import { createContractCheck } from '../../dev/contract/validator';
import { loadTwilioSpecs } from '../../dev/contract/spec';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../dev/emulator/server';
import { assetsWithWhitelist, FAKE, FAKE_ACCOUNT, FAKE_WHITELIST, fakeEnv } from '../../dev/fixtures';
import { postSigned } from '../../dev/signed-post';
import { startTwilioCliServerless } from '../../dev/twilio-cli';
import { startGatedRelay, startTwilioRun, type TwilioRun } from '../../dev/twilio-run-process';
import { auditFile } from './audit-file';

export interface Harness {
  emulator: Emulator;
  relay: TwilioRun;
  audit: ReturnType<typeof auditFile>;
  /** POSTs a signed inbound SMS webhook and waits until every callback it caused was answered. */
  sendInbound(params: Record<string, string>): Promise<{ status: number | string; text: string }>;
  /** The Messages.create requests the relay made so far. */
  creates(): Emulator['requests'];
}

const LAUNCHERS = { gated: startGatedRelay, 'twilio-run': startTwilioRun, 'twilio-cli': startTwilioCliServerless };

/**
 * Registers beforeAll/afterAll that run the emulator and the relay (through `npm start`'s gate,
 * plain `twilio-run start`, or the Twilio CLI's `twilio serverless:start`) with the fake configuration and whitelist; everything started is
 * stopped again, also when a test fails. Every REST request is checked against Twilio's OpenAPI
 * description, and a test fails if any broke it.
 */
export interface RelayOptions {
  emulator?: Partial<EmulatorOptions>;
  /** More variables for the relay, e.g. SYNC_SERVICE_SID. */
  env?: Record<string, string>;
  /** The whitelist asset's content (an object, or raw text such as invalid JSON). */
  whitelist?: unknown;
  /** A process per request (twilio-run's default) instead of warm containers. */
  fork?: boolean;
}

export function useRelay(kind: keyof typeof LAUNCHERS, options: RelayOptions = {}): Harness {
  const audit = auditFile();
  const assets = assetsWithWhitelist(options.whitelist ?? FAKE_WHITELIST);
  const harness = {
    audit,
    creates: () => harness.emulator.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/Messages.json')),
    async sendInbound(params: Record<string, string>) {
      const answer = await postSigned(`${harness.relay.url}/sms/incoming`, params, FAKE.authToken);
      await harness.emulator.idle();
      return answer;
    },
  } as Harness;

  beforeAll(async () => {
    harness.emulator = await startEmulator({ ...FAKE_ACCOUNT, contract: createContractCheck(loadTwilioSpecs()), ...options.emulator });
    harness.relay = await LAUNCHERS[kind]({ env: fakeEnv(harness.emulator.url, { AUDIT_LOG_FILE: audit.path, ...options.env }), assetsFolder: assets.folder, fork: options.fork });
  }, 600000);

  afterAll(async () => {
    await harness.relay?.stop();
    await harness.emulator?.close();
    audit.remove();
    assets.remove();
  });

  afterEach(() => {
    expect(harness.emulator.violations).toEqual([]);
  });

  beforeEach(() => {
    harness.emulator.script[FAKE.primaryNumber] = { outcome: 'delivered' };
    harness.emulator.script[FAKE.backupNumber] = { outcome: 'delivered' };
  });
  return harness;
}
