/**
 * The bench's paging measurement (dev/bench/paging.ts) run small: the backup is paged once the
 * primary's ring time has passed on the emulator's clock, long before the text path's deadline.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBenchFunctions } from '../../dev/bench/functions';
import { pagingMarkdown, runPagingLatency } from '../../dev/bench/paging';
import { stopAllRelays } from '../../dev/bench/relay';
import { startEmulator } from '../../dev/emulator/server';
import { assetsWithWhitelist, FAKE_ACCOUNT, FAKE_WHITELIST } from '../../dev/fixtures';

test('the backup is paged when the primary\'s ring time has passed, beside the text path\'s 15 min', async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-paging-'));
  const assets = assetsWithWhitelist(FAKE_WHITELIST);
  const functions = createBenchFunctions();
  // The shared emulator the bench passes in; the paging run starts its own with a manual clock.
  const emulator = await startEmulator({ ...FAKE_ACCOUNT });
  try {
    const lines: string[] = [];
    const latency = await runPagingLatency({ emulator, functionsFolder: functions.folder, assetsFolder: assets.folder, scratch }, 2, (line) => lines.push(line));
    expect(latency.backupPagedSeconds).toBeGreaterThanOrEqual(latency.ringSeconds);
    expect(latency.backupPagedSeconds).toBeLessThanOrEqual(latency.ringSeconds + 2);
    expect(pagingMarkdown(latency)).toContain(`| text only (ACK_TIMEOUT_MINUTES=15) | 900 s |`);
    console.log(lines.join('\n'));
  } finally {
    await stopAllRelays();
    await emulator.close();
    functions.remove();
    assets.remove();
    rmSync(scratch, { recursive: true, force: true });
  }
}, 120_000);
