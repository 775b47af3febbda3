/** The README promises `npm run demo` works offline right after install: keep that true. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../dev/project-root';

test('npm run demo shows forward, reply, "taken" notice, failover, rejection, 401, a dispatch escalating, a page acknowledged by 1 and one escalating, and exits 0', async () => {
  const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
    const child = execFile(process.execPath, [join(PROJECT_ROOT, 'build', 'cli', 'demo.js')], { cwd: PROJECT_ROOT, timeout: 60000 }, (_error, out) =>
      resolve({ code: child.exitCode, stdout: out }),
    );
  });
  expect(stdout).toContain('✓ exactly one message to the primary, none to the backup');
  expect(stdout).toContain('✓ the reply reached the dispatcher, naming the code and who answered');
  expect(stdout).toContain('✓ the backup was told, once, that the primary took it');
  expect(stdout).toContain('✓ exactly one message to the backup after the primary failed');
  expect(stdout).toContain('✓ no message sent');
  expect(stdout).toContain('✓ unsigned request refused: HTTP 401');
  expect(stdout).toContain('✓ the dispatch escalated: one message to the backup');
  expect(stdout).toContain('✓ the backup\'s reply reached the dispatcher, and the primary was told the backup took it');
  expect(stdout).toContain('✓ pressing 1 acknowledged the dispatch, and the dispatcher was told');
  expect(stdout).toContain('✓ the page escalated: the backup was texted and paged at once, and its 1 acknowledged');
  expect(stdout).not.toMatch(/Structure fire.*"audit"|"body"/);
  expect(code).toBe(0);
}, 90000);
