/** npm run audit -- --html: one self-contained page, every dispatch of the input on it, and no console error in a real browser. */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { IN, TRAIL, trailJsonl } from '../support/audit-trail';
import { runTool } from '../support/run-tool';
import { callHistory } from '../support/call-history';
import { TW, twoWayTrail } from '../support/two-way-trail';

const CHROMIUM = '/usr/bin/chromium';

interface PageFacts {
  h1: string;
  headings: string[];
  bars: string[];
  rows: Array<{ inbound: string; outcome: string; attention: boolean; cells: string[]; steps: string; dots: number }>;
  filterToggles: boolean;
  errors: string[];
}
/** What jsdom shows of a page (tests/support/audit-page-probe.cjs), its script run. */
const probe = (file: string): PageFacts => JSON.parse(execFileSync(process.execPath, [join(__dirname, '..', 'support', 'audit-page-probe.cjs'), file], { encoding: 'utf8' }));

let dir: string;
let page: string;
let html: string;
let facts: PageFacts;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sms-relay-html-'));
  const trail = join(dir, 'audit.jsonl');
  const calls = callHistory(6, new Date(Date.now() - 7_200_000), 1).trail;
  writeFileSync(trail, trailJsonl([...TRAIL, ...twoWayTrail(new Date(Date.now() - 3_600_000)), ...calls]));
  page = join(dir, 'report.html');
  const run = await runTool('audit', ['--file', trail, '--html', page]);
  expect(run.code).toBe(0);
  expect(run.stderr).toContain(`audit: wrote ${page} (18 dispatches and calls): open ${pathToFileURL(page).href} in a browser`);
  html = readFileSync(page, 'utf8');
  facts = probe(page);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('shows every dispatch of the input with its outcome, code and acknowledgement', () => {
  const callRows = facts.rows.filter((row) => row.inbound.startsWith('CA'));
  expect(callRows.map((row) => row.outcome)).toEqual(['connected', 'connected', 'connected', 'voicemail', 'nobody-answered', 'rejected']);
  expect(callRows[3].steps).toMatch(/^rang primary \S+ → failed over \+18 s → rang backup \+20 s → voicemail \+1 min 9 s → texted primary \+1 min 29 s → texted backup \+1 min 29 s$/);
  expect(Object.fromEntries(facts.rows.filter((row) => row.inbound.startsWith('SM')).map((row) => [row.inbound, row.outcome]))).toEqual({
    [IN.delivered]: 'delivered', [IN.viaBackup]: 'delivered', [IN.exhausted]: 'exhausted', [IN.pending]: 'pending', [IN.failedOver]: 'failed-over-pending',
    [IN.rejected]: 'rejected', [IN.notForwarded]: 'not-forwarded',
    [TW.acked]: 'delivered', [TW.ackedByBackup]: 'delivered', [TW.open]: 'delivered', [TW.exhausted]: 'exhausted', [TW.optedOut]: 'delivered',
  });
  const acked = facts.rows.find((row) => row.inbound === TW.ackedByBackup)!;
  expect(acked.cells).toEqual([TW.ackedByBackup, '#8', 'delivered', 'acknowledged by backup after 3 min 20 s']);
  expect(acked.steps).toMatch(/^received \S+ → primary \+1 s → failed over \+5 s → backup \+6 s → delivered \(backup\) \+9 s → acknowledged by backup \+3 min 21 s$/);
  expect(acked.dots).toBe(6);
  expect(facts.rows.filter((row) => row.attention).map((row) => row.inbound)).toEqual([IN.exhausted, IN.pending, IN.failedOver, IN.notForwarded, callRows[4].inbound, TW.open, TW.exhausted]);
  expect(facts.h1).toBe('sms-relay audit: 12 dispatches and 6 calls');
});

test('draws the distribution of time to acknowledgement', () => {
  expect(facts.headings[0]).toBe('Time to acknowledgement (3 acknowledged)');
  expect(facts.bars).toEqual(['1 acknowledged < 30 s', '1 acknowledged 30 s–1 min', '0 acknowledged 1–2 min', '1 acknowledged 2–5 min', '0 acknowledged 5–15 min', '0 acknowledged 15–60 min', '0 acknowledged ≥ 1 h']);
});

test('is self-contained: nothing to fetch, and its script runs without error', () => {
  expect(html).not.toMatch(/\b(?:src|href)\s*=|url\(|@import|https?:\/\//i);
  expect(facts.filterToggles).toBe(true);
  expect(facts.errors).toEqual([]);
});

// Debian's package; CI may not have it: then this test is skipped, not failed.
(existsSync(CHROMIUM) ? test : test.skip)('loads in headless Chromium without any console message', async () => {
  const profile = mkdtempSync(join(tmpdir(), 'sms-relay-chromium-'));
  const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
    `--user-data-dir=${profile}`, '--enable-logging=stderr', '--v=0', '--dump-dom', pathToFileURL(page).href];
  const browser = spawn(CHROMIUM, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  browser.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  browser.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    const code = await new Promise<number | null>((resolve) => browser.on('close', resolve));
    expect(code).toBe(0);
    // Chromium logs every console message (and uncaught error) of the page as ":CONSOLE".
    expect(stderr.split('\n').filter((line) => line.includes(':CONSOLE'))).toEqual([]);
    expect(stdout.match(/<tr class="dispatch /g)).toHaveLength(18);
  } finally {
    if (browser.exitCode === null) browser.kill();
    rmSync(profile, { recursive: true, force: true });
  }
}, 60_000);
