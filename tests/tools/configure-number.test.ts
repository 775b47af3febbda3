/**
 * `npm run configure-number` against the emulator, every request checked against Twilio's OpenAPI
 * description: what it shows, what it changes, what it refuses.
 */
import { loadTwilioSpecs } from '../../dev/contract/spec';
import { createContractCheck } from '../../dev/contract/validator';
import { addNumber, DEMO_SMS_URL, phoneNumberRoutes, type NumberStore, type StoredNumber } from '../../dev/emulator/phone-number-routes';
import { startEmulator, type Emulator } from '../../dev/emulator/server';
import { FAKE } from '../../dev/fixtures';
import { emulatorCredentials, runTool } from '../support/run-tool';

const BASE = 'https://sms-relay-1234-dev.twil.io';
const numbers: NumberStore = new Map();
let emulator: Emulator;
let relayNumber: StoredNumber;

beforeAll(async () => {
  emulator = await startEmulator({ ...emulatorCredentials, extraRoutes: [phoneNumberRoutes(numbers)], contract: createContractCheck(loadTwilioSpecs()) });
});
afterAll(() => emulator?.close());
beforeEach(() => {
  numbers.clear();
  relayNumber = addNumber(numbers, FAKE.relayNumber);
  emulator.requests.length = 0;
});
afterEach(() => expect(emulator.violations).toEqual([]));

const account = () => ({ TWILIO_API_BASE_URL: emulator.url, TWILIO_ACCOUNT_SID: emulatorCredentials.accountSid, TWILIO_AUTH_TOKEN: emulatorCredentials.authToken });
const configure = (args: string[], env: Record<string, string> = account()) => runTool('configure-number', ['--number', FAKE.relayNumber, '--base-url', BASE, ...args], { env });
const writes = () => emulator.requests.filter((r) => r.method === 'POST');

test('sets SmsUrl, SmsFallbackUrl and their methods with --yes, with account credentials, and shows before and after', async () => {
  const { code, stdout, stderr } = await configure(['--yes']);
  expect([code, stderr]).toEqual([0, '']);
  expect(relayNumber).toMatchObject({ smsUrl: `${BASE}/sms/incoming`, smsMethod: 'POST', smsFallbackUrl: `${BASE}/sms/fallback`, smsFallbackMethod: 'POST' });
  expect(stdout).toContain(`Using account AC…${FAKE.accountSid.slice(-4)} (from TWILIO_ACCOUNT_SID) and its Auth Token (32 characters ending`);
  expect(stdout).toContain("The relay's API key (TWILIO_API_KEY) is never used here");
  expect(stdout).toContain(`  SmsUrl             ${DEMO_SMS_URL}  ->  ${BASE}/sms/incoming\n`);
  expect(stdout).toContain(`  SmsFallbackUrl     (none)  ->  ${BASE}/sms/fallback\n`);
  expect(emulator.requests.map((r) => `${r.method} ${r.path.replace(FAKE.accountSid, '{AC}').replace(relayNumber.sid, '{PN}')} ${r.authUser}`)).toEqual([
    `GET /2010-04-01/Accounts/{AC}/IncomingPhoneNumbers.json ${FAKE.accountSid}`,
    `POST /2010-04-01/Accounts/{AC}/IncomingPhoneNumbers/{PN}.json ${FAKE.accountSid}`,
  ]);
  expect(writes()[0].params).toEqual({ SmsUrl: `${BASE}/sms/incoming`, SmsFallbackUrl: `${BASE}/sms/fallback` });
});

test('--no-fallback leaves SmsFallbackUrl alone, and a second run has nothing to change', async () => {
  relayNumber.smsFallbackUrl = 'https://backup-desk.example.com/sms';
  expect((await configure(['--yes', '--no-fallback'])).code).toBe(0);
  expect(relayNumber).toMatchObject({ smsUrl: `${BASE}/sms/incoming`, smsFallbackUrl: 'https://backup-desk.example.com/sms' });
  const again = await configure(['--no-fallback']);
  expect(again.code).toBe(0);
  expect(again.stdout).toContain('Nothing to change: the number already points at the relay.');
  expect(writes()).toHaveLength(1);
});

test('refuses to replace a webhook pointing elsewhere unless --force', async () => {
  relayNumber.smsUrl = 'https://old-5678-dev.twil.io/sms/incoming';
  const refused = await configure(['--yes']);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toBe(
    'configure-number: SmsUrl points elsewhere (https://old-5678-dev.twil.io/sms/incoming)\n' +
      'configure-number: refusing to replace webhooks that point elsewhere: check nothing else needs them, then pass --force\n',
  );
  expect(writes()).toEqual([]);
  expect((await configure(['--yes', '--force'])).code).toBe(0);
  expect(relayNumber.smsUrl).toBe(`${BASE}/sms/incoming`);
});

test('without a terminal and without --yes, asks nobody and changes nothing', async () => {
  const { code, stdout, stderr } = await configure([]);
  expect(code).toBe(1);
  expect(stdout).toContain('Changes:');
  expect(stderr).toBe('configure-number: no terminal to confirm on: nothing changed. Pass --yes to apply without asking\n');
  expect(writes()).toEqual([]);
});

test('an Auth Token from --auth-token works but is warned about on stderr (ps, shell history); from TWILIO_AUTH_TOKEN it is not', async () => {
  const { TWILIO_AUTH_TOKEN: token, ...withoutToken } = account();
  const fromArgv = await configure(['--yes', '--auth-token', token], withoutToken);
  expect(fromArgv.code).toBe(0);
  expect(fromArgv.stderr).toBe('configure-number: warning: --auth-token puts the Auth Token in the process list (ps) and your shell history. Set TWILIO_AUTH_TOKEN in the environment instead, or leave both out on a terminal and type it when asked\n');
  expect(fromArgv.stdout).toContain('from --auth-token');
  expect((await configure(['--yes'])).stderr).toBe('');
});

test('without a token and without a terminal to ask on, it says where the token goes', async () => {
  const { TWILIO_AUTH_TOKEN: _, ...withoutToken } = account();
  const { code, stderr } = await configure(['--yes'], withoutToken);
  expect(code).toBe(1);
  expect(stderr).toContain('TWILIO_AUTH_TOKEN (Console > Account Info), or run it on a terminal to type the Auth Token when asked');
  expect(emulator.requests).toEqual([]);
});

test('says when Twilio refuses the credentials: an API key secret is not an Auth Token', async () => {
  const { code, stderr } = await configure(['--yes', '--auth-token', FAKE.apiSecret]);
  expect(code).toBe(1);
  expect(stderr).toMatch(/^configure-number: warning: --auth-token puts the Auth Token in the process list \(ps\) and your shell history.*\nconfigure-number: Twilio refused account AC….* \(HTTP 401, Twilio error 20003: Authenticate\): --auth-token must be the account's Auth Token \(Console > Account Info\), not an API key secret\n$/);
});

test('refuses the relay\'s API key as account credentials, before any request', async () => {
  const { code, stderr } = await configure(['--yes', '--account-sid', FAKE.apiKey, '--auth-token', FAKE.apiSecret]);
  expect(code).toBe(1);
  expect(stderr.split('\n').slice(1)).toEqual(['configure-number: --account-sid holds an API Key SID (SK…): this admin task takes the Account SID (AC…) and its Auth Token, never an API key', '']);
  expect(emulator.requests).toEqual([]);
});

test('says when the number is not on the account', async () => {
  const { code, stderr } = await runTool('configure-number', ['--number', '+16195550999', '--base-url', BASE, '--yes'], { env: account() });
  expect(code).toBe(1);
  expect(stderr).toBe(`configure-number: +16195550999 is not a phone number of account AC…${FAKE.accountSid.slice(-4)}: check the number, or the account\n`);
});

test('warns when a Messaging Service takes the number\'s messages instead of SmsUrl', async () => {
  relayNumber.smsApplicationSid = 'MG' + 'd4'.repeat(16);
  const { code, stderr } = await configure(['--yes']);
  expect(code).toBe(0);
  expect(stderr).toContain(`! SmsApplicationSid is MG${'d4'.repeat(16)}: a Messaging Service or TwiML App takes this number's messages`);
});

test('usage mistakes get one line each', async () => {
  const run = (args: string[]) => runTool('configure-number', args, { env: account() });
  expect((await run([])).stderr).toBe('configure-number: --number and --base-url are both needed (--help shows an example)\n');
  expect((await run(['--number', '6195550000', '--base-url', BASE])).stderr).toBe(
    'configure-number: --number must be a phone number in E.164 (+ and country code), e.g. +16195550000, got "6195550000"\n',
  );
  expect((await run(['--number', FAKE.relayNumber, '--base-url', 'http://example.com'])).stderr).toContain("--base-url must be the service's https origin");
  expect((await runTool('configure-number', ['--number', FAKE.relayNumber, '--base-url', BASE], { env: {} })).stderr).toContain('account credentials needed');
  expect((await run(['--help'])).stdout).toContain('Usage: npm run configure-number');
});
