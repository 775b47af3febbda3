/** `npm run doctor` as an operator meets it: exit codes and one line per problem. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTwilioSpecs } from '../../dev/contract/spec';
import { createContractCheck } from '../../dev/contract/validator';
import { addNumber, phoneNumberRoutes, type NumberStore } from '../../dev/emulator/phone-number-routes';
import { startEmulator, type Emulator } from '../../dev/emulator/server';
import { FAKE } from '../../dev/fixtures';
import { deployableEnv, emulatorCredentials, runTool, withEnvFile } from '../support/run-tool';
import { startAlertReceiver, type AlertReceiver } from '../support/alert-receiver';

const doctor = (args: string[], env?: Record<string, string>) => runTool('doctor', args, { env });
const errorLines = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('  ERROR'));

describe('offline', () => {
  it('passes a deployable configuration, outside any repository, mode 600', () =>
    withEnvFile(deployableEnv(), async (path) => {
      const { code, stdout } = await doctor(['--env', path]);
      expect(code).toBe(0);
      expect(stdout).toContain('every variable is set and well-formed');
      expect(stdout).toContain('2 valid senders');
      expect(stdout).toContain('(mode 600)');
      expect(stdout).toContain('is outside any git repository');
      expect(stdout).toContain('doctor: 0 errors, 0 warnings: ready to deploy.');
    }));

  it('is not "ready to deploy" with DOMAIN_NAME, PATH or ALLOW_UNSIGNED_LOCAL in the file', () =>
    withEnvFile(deployableEnv({ DOMAIN_NAME: 'relay-1234-dev.twil.io', PATH: '/usr/bin:/bin', ALLOW_UNSIGNED_LOCAL: 'true' }), async (path) => {
      const { code, stdout } = await doctor(['--env', path]);
      expect(code).toBe(1);
      expect(errorLines(stdout)).toEqual([
        expect.stringMatching(/^  ERROR   DOMAIN_NAME is set: the runtime sets DOMAIN_NAME itself/),
        expect.stringMatching(/^  ERROR   PATH is set: the runtime sets PATH/),
        expect.stringMatching(/^  ERROR   ALLOW_UNSIGNED_LOCAL is set/),
      ]);
      expect(stdout).not.toContain('ready to deploy');
    }));

  it('refuses the committed .env: its placeholders are not a configuration', async () => {
    const { code, stdout } = await doctor(['--env', '.env']);
    expect(code).toBe(1);
    expect(errorLines(stdout)).toEqual([
      expect.stringContaining('ACCOUNT_SID still holds the placeholder'),
      expect.stringContaining('TWILIO_API_KEY still holds the placeholder'),
      expect.stringContaining('PRIMARY_NUMBER still holds the placeholder'),
      expect.stringContaining('BACKUP_NUMBER still holds the placeholder'),
      '  ERROR   TWILIO_API_SECRET is not set',
    ]);
  });

  it('refuses bad SIDs and swapped credentials, one line each', () =>
    withEnvFile(deployableEnv({ ACCOUNT_SID: FAKE.apiKey, TWILIO_API_KEY: FAKE.accountSid, TWILIO_API_SECRET: 'SK' + 'c3'.repeat(16) }), async (path) => {
      const { code, stdout } = await doctor(['--env', path]);
      expect(code).toBe(1);
      expect(errorLines(stdout)).toEqual([
        '  ERROR   ACCOUNT_SID holds an API Key SID (SK…) and TWILIO_API_KEY an Account SID: the two are swapped',
        expect.stringContaining('TWILIO_API_SECRET holds a SID (SK…), not a secret'),
        '  ERROR   TWILIO_API_KEY holds an Account SID (AC…); it must be an API Key SID (SK…)',
      ]);
    }));

  it('refuses a world-readable env file, and says how to fix it', () =>
    withEnvFile(
      deployableEnv(),
      async (path) => {
        const { code, stdout } = await doctor(['--env', path]);
        expect(code).toBe(1);
        expect(errorLines(stdout)).toEqual([`  ERROR   ${path} holds secrets and is open to its group and other users (mode 644): run chmod 600 ${path}`]);
      },
      0o644,
    ));

  it('refuses local-only variables and a too large environment', () =>
    withEnvFile(deployableEnv({ TWILIO_API_BASE_URL: 'http://127.0.0.1:4010', NOTES: 'n'.repeat(3000) }), async (path) => {
      const { code, stdout } = await doctor(['--env', path]);
      expect(code).toBe(1);
      expect(errorLines(stdout)).toEqual([expect.stringContaining('TWILIO_API_BASE_URL is set'), expect.stringContaining('deployed environment too large')]);
    }));

  it('checks the whitelist WHITELIST_FILE names when no --whitelist is given', () =>
    withEnvFile(deployableEnv(), async (path) => {
      const dir = mkdtempSync(join(tmpdir(), 'sms-relay-wl-'));
      try {
        writeFileSync(join(dir, 'real.json'), '{"senders": ["+16195550177"]}');
        const { code, stdout } = await doctor(['--env', path], { WHITELIST_FILE: join(dir, 'real.json') });
        expect(code).toBe(0);
        expect(stdout).toContain(`whitelist ${join(dir, 'real.json')}: 1 valid sender`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }));

  it('refuses a malformed whitelist', () =>
    withEnvFile(deployableEnv(), async (path) => {
      const dir = mkdtempSync(join(tmpdir(), 'sms-relay-wl-'));
      try {
        writeFileSync(join(dir, 'w.json'), '{"senders": ["+16195550100",]}');
        const { code, stdout } = await doctor(['--env', path, '--whitelist', join(dir, 'w.json')]);
        expect(code).toBe(1);
        expect(errorLines(stdout)).toEqual([expect.stringMatching(/w\.json: whitelist is not valid JSON: .*; the relay would forward nothing$/)]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }));

  it('says in one line when the env file cannot be read, or an option is wrong', async () => {
    const missing = await doctor(['--env', '/nonexistent/relay.env']);
    expect(missing).toMatchObject({ code: 1, stderr: 'doctor: cannot read env file /nonexistent/relay.env: ENOENT\n' });
    const number = await doctor(['--online', '--number', 'call me']);
    expect(number).toMatchObject({ code: 1, stderr: 'doctor: --number must be a phone number in E.164, e.g. +16195550100, got "call me"\n' });
  });
});

describe('--online, against the emulator with the contract check on', () => {
  let emulator: Emulator;
  const numbers: NumberStore = new Map();
  beforeAll(async () => {
    emulator = await startEmulator({ ...emulatorCredentials, extraRoutes: [phoneNumberRoutes(numbers)], contract: createContractCheck(loadTwilioSpecs()) });
    addNumber(numbers, FAKE.relayNumber);
  });
  afterAll(() => emulator?.close());
  afterEach(() => expect(emulator.violations).toEqual([]));

  const online = (path: string, number = FAKE.relayNumber) => doctor(['--env', path, '--online', '--number', number], { TWILIO_API_BASE_URL: emulator.url });

  it('confirms that the API key authenticates and the relay number is on the account', () =>
    withEnvFile(deployableEnv(), async (path) => {
      const { code, stdout } = await online(path);
      expect(code).toBe(0);
      expect(stdout).toContain(`talking to ${emulator.url} (a local emulator), not to Twilio`);
      expect(stdout).toContain(`Twilio accepts the API key SK…${FAKE.apiKey.slice(-4)} for account AC…${FAKE.accountSid.slice(-4)}`);
      expect(stdout).toContain(`relay number ${FAKE.relayNumber} belongs to the account (PN`);
      const request = emulator.requests.at(-1)!;
      expect(request).toMatchObject({ method: 'GET', host: 'api.twilio.com', authUser: FAKE.apiKey, params: { PhoneNumber: FAKE.relayNumber } });
    }));

  it('says when Twilio refuses the key', () =>
    withEnvFile(deployableEnv({ TWILIO_API_SECRET: 'wrong-secret-0123456789abcdefXYZ' }), async (path) => {
      const { code, stdout } = await online(path);
      expect(code).toBe(1);
      expect(errorLines(stdout)).toEqual([expect.stringMatching(/Twilio refused the API key SK….* \(HTTP 401, Twilio error 20003: Authenticate\): check that the key exists/)]);
    }));

  it('says when the relay number is not on the account', () =>
    withEnvFile(deployableEnv(), async (path) => {
      const { code, stdout } = await online(path, '+16195550999');
      expect(code).toBe(1);
      expect(errorLines(stdout)).toEqual([expect.stringContaining('relay number +16195550999 is not a number of account AC…')]);
    }));

  it('refuses a TWILIO_API_BASE_URL that is not on this machine', async () => {
    const { code, stderr } = await doctor(['--online'], { TWILIO_API_BASE_URL: 'https://api.example.com' });
    expect(code).toBe(1);
    expect(stderr).toBe('doctor: TWILIO_API_BASE_URL may only point at this machine (127.0.0.1, localhost or [::1]), got host "api.example.com"\n');
  });
});

describe('--test-alert, against a loopback receiver', () => {
  let receiver: AlertReceiver;
  beforeAll(async () => {
    receiver = await startAlertReceiver();
  });
  afterAll(() => receiver?.close());

  it('posts a test alert and shows the secret URL masked, in the offline line too', () =>
    withEnvFile(deployableEnv({ ALERT_WEBHOOK_URL: receiver.url }), async (path) => {
      const emulator = await startEmulator({ ...emulatorCredentials, extraRoutes: [phoneNumberRoutes(new Map())] });
      try {
        const { code, stdout } = await doctor(['--env', path, '--online', '--test-alert'], { TWILIO_API_BASE_URL: emulator.url });
        expect(stdout).toContain(`ok      alerts go to ${new URL(receiver.url).origin}/… (`);
        expect(stdout).toContain('test alert accepted by http://127.0.0.1:');
        expect(stdout).toContain('warning ALERT_WEBHOOK_URL is a plain http URL on this machine: for tests only');
        expect(stdout).not.toContain(receiver.token);
        expect(errorLines(stdout)).toEqual([]);
        expect(code).toBe(0);
        expect(receiver.alerts.map((alert) => alert.body.text)).toEqual([
          "sms-relay: test alert (npm run doctor -- --online --test-alert): if you read this, the relay's alerts reach you",
        ]);
      } finally {
        await emulator.close();
      }
    }));

  it('is refused without --online', async () => {
    expect(await doctor(['--test-alert'])).toMatchObject({ code: 1, stderr: 'doctor: --test-alert is only used with --online\n' });
  });
});
