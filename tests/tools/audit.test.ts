/** `npm run audit` as an operator meets it: the report, its filters and its exit codes. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IN, trailAsTwilioLogs, trailJsonl } from '../support/audit-trail';
import { runTool } from '../support/run-tool';
import { TW, twoWayJsonl } from '../support/two-way-trail';

let dir: string;
let jsonl: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sms-relay-audit-'));
  jsonl = join(dir, 'audit.jsonl');
  writeFileSync(jsonl, trailJsonl());
  writeFileSync(join(dir, 'logs.jsonl'), trailAsTwilioLogs());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('reports counts and every message not delivered, with its timeline', async () => {
  const { code, stdout, stderr } = await runTool('audit', ['--file', jsonl]);
  expect([code, stderr]).toEqual([0, '']);
  expect(stdout).toContain(`audit: 26 audit lines from ${jsonl}\n`);
  expect(stdout).toContain('  exhausted               1\n');
  expect(stdout).toContain('Not delivered (4):\n');
  expect(stdout).toContain(`${IN.failedOver}  failed-over-pending: the primary (or the main path) failed; the backup has not confirmed delivery (yet)\n`);
  expect(stdout).toContain('error 21610 (the recipient replied STOP');
  expect(stdout).not.toContain(`${IN.delivered}  `);
});

test('reads Twilio function logs saved with --output-format=json, and standard input', async () => {
  const fromLogs = await runTool('audit', ['--file', join(dir, 'logs.jsonl')]);
  const fromFile = await runTool('audit', ['--file', jsonl]);
  expect(fromLogs.stdout.split('\n').slice(1)).toEqual(fromFile.stdout.split('\n').slice(1));
  const fromStdin = await runTool('audit', ['--file', '-'], { input: trailJsonl() });
  expect(fromStdin.stdout).toContain('audit: 26 audit lines from standard input');
});

test('takes the file from AUDIT_LOG_FILE, in the environment or in an env file', async () => {
  expect((await runTool('audit', [], { env: { AUDIT_LOG_FILE: jsonl } })).stdout).toContain(`from ${jsonl}`);
  writeFileSync(join(dir, 'relay.env'), `AUDIT_LOG_FILE=${jsonl}\n`);
  expect((await runTool('audit', ['--env', join(dir, 'relay.env')])).stdout).toContain(`from ${jsonl}`);
});

test('--since keeps the messages first seen since then', async () => {
  const { stdout } = await runTool('audit', ['--file', jsonl, '--since', '2026-11-28T13:05:00Z']);
  expect(stdout).toContain('messages since 2026-11-28T13:05:00.000Z');
  expect(stdout).toContain('Messages: 4\n');
  expect(stdout).not.toContain(IN.exhausted);
});

test('--failures prints only the failures and exits 2 when there is any, 0 when there is none', async () => {
  const failing = await runTool('audit', ['--file', jsonl, '--failures']);
  expect(failing.code).toBe(2);
  expect(failing.stdout.startsWith('Not delivered (4):\n')).toBe(true);
  const quiet = await runTool('audit', ['--file', jsonl, '--failures', '--since', '2026-11-28T13:07:00Z']);
  expect(quiet.code).toBe(2);
  const onlyDelivered = join(dir, 'delivered.jsonl');
  writeFileSync(onlyDelivered, trailJsonl().split('\n').slice(1, 5).join('\n'));
  expect(await runTool('audit', ['--file', onlyDelivered, '--failures'])).toMatchObject({ code: 0, stdout: 'Every message was delivered or rejected by design.\n' });
});

test('says in one line when there is nothing to read', async () => {
  expect(await runTool('audit', [])).toMatchObject({ code: 1, stderr: 'audit: which audit trail? pass --file <jsonl> (or - for standard input), --env <file>, or set AUDIT_LOG_FILE\n' });
  expect(await runTool('audit', ['--file', join(dir, 'none.jsonl')])).toMatchObject({ code: 1, stderr: `audit: cannot read ${join(dir, 'none.jsonl')}: ENOENT\n` });
  const notAudit = join(dir, 'other.log');
  writeFileSync(notAudit, 'hello\n{"message":"Execution started"}\n');
  const other = await runTool('audit', ['--file', notAudit]);
  expect(other.code).toBe(1);
  expect(other.stderr).toContain(`audit: no audit line in ${notAudit}: expected the relay's JSON lines`);
  expect((await runTool('audit', ['--file', jsonl, '--since', 'yesterday'])).stderr).toBe(
    'audit: --since must be an ISO time such as 2026-11-28T13:00:00Z or a duration such as 30m, 2h, 7d; got "yesterday"\n',
  );
});

test('skips lines that are not JSON, and says how many', async () => {
  const mixed = join(dir, 'mixed.jsonl');
  writeFileSync(mixed, `not json\n${trailJsonl()}`);
  const { code, stderr } = await runTool('audit', ['--file', mixed]);
  expect(code).toBe(0);
  expect(stderr).toBe('audit: skipped 1 line that is not JSON (first: line 1)\n');
});

test('two-way: --failures exits 2 for a dispatch nobody acknowledged inside the reply window of the env file', async () => {
  const recent = join(dir, 'two-way.jsonl');
  writeFileSync(recent, twoWayJsonl(new Date(Date.now() - 2 * 3_600_000)));
  // Two-way's env files: with Sync, which is what makes REPLY_WINDOW_HOURS count.
  const sync = `SYNC_SERVICE_SID=IS${'c3'.repeat(16)}`;
  writeFileSync(join(dir, 'window1.env'), `AUDIT_LOG_FILE=${recent}\n${sync}\nREPLY_WINDOW_HOURS=1\n`);
  writeFileSync(join(dir, 'window24.env'), `AUDIT_LOG_FILE=${recent}\n${sync}\n`);
  const open = await runTool('audit', ['--env', join(dir, 'window24.env'), '--failures']);
  expect(open.code).toBe(2);
  expect(open.stdout).toContain(`${TW.open} #9  delivered: a phone confirmed delivery (not acknowledged)`);
  expect(open.stdout).toContain('primary ***0111: 1 send refused');
  const closed = await runTool('audit', ['--env', join(dir, 'window1.env'), '--failures']);
  expect(closed.stdout).not.toContain('Open, nobody acknowledged');
});
