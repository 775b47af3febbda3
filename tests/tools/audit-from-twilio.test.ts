/** npm run audit -- --from-twilio: the dispatches rebuilt from Twilio's records agree with the logs' audit. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContractCheck } from '../../dev/contract/validator';
import { loadTwilioSpecs } from '../../dev/contract/spec';
import { callRoutes, type StoredCall } from '../../dev/emulator/call-routes';
import { isMessageListTo } from '../../dev/emulator/faults';
import { startEmulator, type Emulator, type RecordedRequest } from '../../dev/emulator/server';
import { FAKE, FAKE_ACCOUNT, fakeEnv } from '../../dev/fixtures';
import { buildChains, type Chain } from '../../dev/tools/audit/chains';
import { auditLinesFromTwilio } from '../../dev/tools/audit/from-twilio';
import { parseAuditText } from '../../dev/tools/audit/read-lines';
import { callHistory } from '../support/call-history';
import { dispatchHistory } from '../support/dispatch-history';
import { trailJsonl } from '../support/audit-trail';
import { runTool } from '../support/run-tool';

const COUNT = 300;
const END = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000);
const CALLS = 60;
const history = dispatchHistory(COUNT, END, 58);
const calls = callHistory(CALLS, END, 58);
const TRAIL = [...history.trail, ...calls.trail];
let emulator: Emulator;
let dir: string;
let envFile: string;
let trailFile: string;

beforeAll(async () => {
  const stored = new Map<string, StoredCall>(calls.calls.map((call) => [call.sid, call]));
  emulator = await startEmulator({ ...FAKE_ACCOUNT, contract: createContractCheck(loadTwilioSpecs()), extraRoutes: [callRoutes(stored)] });
  for (const message of [...history.messages, ...calls.texts]) emulator.messages.set(message.sid, message);
  dir = mkdtempSync(join(tmpdir(), 'sms-relay-from-twilio-'));
  envFile = join(dir, 'relay.env');
  writeFileSync(envFile, Object.entries(fakeEnv(emulator.url)).map(([k, v]) => `${k}=${v}`).join('\n') + '\n', { mode: 0o600 });
  trailFile = join(dir, 'audit.jsonl');
  writeFileSync(trailFile, trailJsonl(TRAIL));
});
afterAll(async () => {
  await emulator?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What both audits must say of a dispatch. */
const facts = (chain: Chain) => ({ outcome: chain.outcome, code: chain.code, deliveredBy: chain.deliveredBy, acknowledged: chain.acknowledged && { leg: chain.acknowledged.leg, seconds: chain.acknowledged.seconds } });

test('every dispatch rebuilt from Twilio (SDK paging, API key, contract check on) agrees with the log-based audit', async () => {
  const env = fakeEnv(emulator.url);
  const { lines } = await auditLinesFromTwilio({ env, relayNumber: FAKE.relayNumber, since: new Date(END.getTime() - 60 * 86_400_000), replyWindowMs: 24 * 3_600_000, pageSize: 50 });
  const fromTwilio = new Map(buildChains(lines).chains.map((c) => [c.inbound, facts(c)]));
  const fromLogs = new Map(buildChains(parseAuditText(trailJsonl(TRAIL)).lines).chains.map((c) => [c.inbound, facts(c)]));
  expect(fromLogs.size).toBe(COUNT + CALLS);
  expect([...fromTwilio.keys()].sort()).toEqual([...fromLogs.keys()].sort());
  for (const [inbound, logs] of fromLogs) expect({ inbound, ...fromTwilio.get(inbound) }).toEqual({ inbound, ...logs });
  // Every script is in there, and the paging was Twilio's: several pages of 50, all read with the API key.
  const outcomes = new Set([...fromLogs.values()].map((f) => f.outcome));
  expect([...outcomes].sort()).toEqual(['connected', 'delivered', 'exhausted', 'failed-over-pending', 'keyword', 'nobody-answered', 'pending', 'rejected', 'voicemail']);
  const reads = emulator.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/Messages.json'));
  expect(reads.length).toBeGreaterThan(6);
  expect(emulator.requests.filter((r) => r.path.endsWith('/Calls.json')).map((r) => r.params.To)).toEqual(expect.arrayContaining([FAKE.relayNumber, FAKE.primaryNumber, FAKE.backupNumber]));
  expect(reads.some((r) => r.params.Page === '2')).toBe(true);
  expect(new Set(emulator.requests.map((r) => r.authUser))).toEqual(new Set([FAKE.apiKey]));
  expect(emulator.violations).toEqual([]);
});

test('npm run audit -- --from-twilio prints the same report as the logs, and says where it came from', async () => {
  const twilio = await runTool('audit', ['--from-twilio', '--env', envFile, '--number', FAKE.relayNumber, '--since', '60d']);
  const logs = await runTool('audit', ['--file', trailFile, '--since', '60d']);
  expect([twilio.code, twilio.stderr]).toEqual([0, '']);
  expect(twilio.stdout).toMatch(/^audit: \d+ audit lines from Twilio's records of account AC…\w+ \(420 messages and 60 calls to the relay number, \d+ messages and \d+ calls to the phones; API key SK…\w+\); messages since /);
  expect(twilio.stdout).toContain("Rebuilt from Twilio's records, not the relay's logs");
  const body = (out: string) => out.slice(out.indexOf('Messages: '), out.indexOf('\nNot delivered'));
  expect(body(twilio.stdout)).toBe(body(logs.stdout));
  expect(body(logs.stdout)).toContain(`Messages: ${COUNT}\n`);
  expect(body(logs.stdout)).toContain(`Calls: ${CALLS}\n`);
  // What only the logs know: the primary's 21610 refusals.
  expect(logs.stdout).toContain('Phones that opted out');
  expect(twilio.stdout).not.toContain('Phones that opted out');
});

test('--until trims the range; --from-twilio without --number or --env is refused', async () => {
  const until = new Date(END.getTime() - 29 * 86_400_000).toISOString();
  const twilio = await runTool('audit', ['--from-twilio', '--env', envFile, '--number', FAKE.relayNumber, '--since', '60d', '--until', until]);
  const logs = await runTool('audit', ['--file', trailFile, '--since', '60d', '--until', until]);
  const count = (out: string) => Number(/Messages: (\d+)/.exec(out)?.[1]);
  expect(count(twilio.stdout)).toBe(count(logs.stdout));
  expect(count(logs.stdout)).toBeLessThan(COUNT);
  expect(await runTool('audit', ['--from-twilio', '--env', envFile])).toMatchObject({ code: 1, stderr: expect.stringContaining('--from-twilio needs the relay number') });
  expect(await runTool('audit', ['--from-twilio', '--number', FAKE.relayNumber])).toMatchObject({ code: 1, stderr: expect.stringContaining('pass --env <file>') });
});

test('a 429 or a lost answer while paging reads the list again; a refused key is said at once', async () => {
  const env = fakeEnv(emulator.url);
  const since = new Date(END.getTime() - 60 * 86_400_000);
  const read = (extra: Record<string, string> = {}) =>
    auditLinesFromTwilio({ env: { ...env, ...extra }, relayNumber: FAKE.relayNumber, since, replyWindowMs: 24 * 3_600_000, pageSize: 100, retryDelayMs: 1 });
  const clean = (await read()).lines.length;
  const second = (request: RecordedRequest) => request.method === 'GET' && request.params.Page === '2';
  emulator.faults.push({ match: second, fault: { kind: 'status', status: 429 }, times: 2 }, { match: isMessageListTo(FAKE.backupNumber), fault: { kind: 'reset' }, times: 1 });
  expect((await read()).lines.length).toBe(clean);
  expect(emulator.faults.every((rule) => rule.times === 0)).toBe(true);
  await expect(read({ TWILIO_API_SECRET: 'wrong-secret-' + '9'.repeat(20) })).rejects.toThrow("reading Twilio's records failed: HTTP 401, Twilio error 20003");
});
