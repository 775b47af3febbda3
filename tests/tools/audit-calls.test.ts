/** `npm run audit` on the lines the real voice handlers write: calls have outcomes of their own. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trailJsonl } from '../support/audit-trail';
import { CALL, playCalls } from '../support/call-trail';
import { useHandlerTestBed } from '../support/mock-runtime';
import { runTool } from '../support/run-tool';

const bed = useHandlerTestBed();
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sms-relay-audit-calls-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function trailFile(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

test('gives each call its outcome: connected by primary or backup, voicemail, rejected, nobody answered', async () => {
  const file = await trailFile('calls.jsonl', await playCalls(bed()));
  const { code, stdout, stderr } = await runTool('audit', ['--file', file]);
  expect([code, stderr]).toEqual([0, '']);
  expect(stdout).toContain(
    [
      'Calls: 6',
      '  connected               2   (1 by the backup phone, after a failover)',
      '  voicemail               1',
      '  voicemail-not-texted    1',
      '  nobody-answered         1',
      '  in-progress             0',
      '  relay-error             0',
      '  rejected                1',
    ].join('\n'),
  );
  expect(stdout).toContain('Calls nobody took (2):\n');
  expect(stdout).toContain(`${CALL.unanswered}  nobody-answered: NOBODY answered, and no voicemail was left\n`);
  expect(stdout).toContain(`${CALL.voicemailUntexted}  voicemail-not-texted: a voicemail was left; no phone was texted it (yet)\n`);
  for (const fine of [CALL.byPrimary, CALL.byBackup, CALL.voicemail, CALL.rejected]) expect(stdout).not.toContain(`${fine}  `);
  // The messages' outcomes are never given to a call (the timeline may still show an `exhausted` line).
  for (const messageOutcome of ['not-forwarded:', 'failed-over-pending:', 'exhausted:', 'Messages:']) expect(stdout).not.toContain(messageOutcome);
});

test('--failures exits 0 for calls that reached someone, 2 for a call nobody took', async () => {
  const lines = (await playCalls(bed())).split('\n').filter(Boolean);
  const fine = lines.filter((line) => ![CALL.unanswered, CALL.voicemailUntexted].some((sid) => line.includes(sid)));
  expect(await runTool('audit', ['--file', await trailFile('fine.jsonl', fine.join('\n')), '--failures'])).toMatchObject({
    code: 0,
    stdout: 'Every message and call reached a phone, or was rejected by design.\n',
  });
  const failing = await runTool('audit', ['--file', await trailFile('all.jsonl', lines.join('\n')), '--failures']);
  expect(failing.code).toBe(2);
  expect(failing.stdout.startsWith('Calls nobody took (2):\n')).toBe(true);
});

test('messages and calls in one trail are counted apart', async () => {
  const file = await trailFile('mixed.jsonl', trailJsonl() + (await playCalls(bed())));
  const { stdout } = await runTool('audit', ['--file', file]);
  expect(stdout).toContain('Messages: 7\n');
  expect(stdout).toContain('Calls: 6\n');
  expect(stdout).toContain('Not delivered (4):\n');
  expect(stdout).toContain('Calls nobody took (2):\n');
});
