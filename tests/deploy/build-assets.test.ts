/**
 * What `npm run build` puts in dist/assets, which Twilio uploads and serves: only real assets, and
 * the whitelist the operator chose. Each test builds a copy of the project in a temporary folder,
 * so the worktree's own src/assets and dist/ are never touched.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../dev/project-root';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'sms-relay-build-'));
  for (const part of ['scripts', 'src', 'dev']) cpSync(join(PROJECT_ROOT, part), join(root, part), { recursive: true });
  symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(root, 'node_modules'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const build = (env: Record<string, string> = {}) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, env: { PATH: process.env.PATH ?? '', ...env } }, (_error, stdout, stderr) =>
      resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
const assetsIn = (folder: string) => readdirSync(join(root, folder, 'assets')).sort();
const COMMITTED = readFileSync(join(PROJECT_ROOT, 'src', 'assets', 'whitelist.private.json'), 'utf8');

test('a leftover temporary file, a dotfile or an editor backup never reaches dist/assets', async () => {
  const assets = join(root, 'src', 'assets');
  const leftovers = ['.whitelist.private.json.4242.1764600000000.tmp', '.DS_Store', 'whitelist.private.json~', '.#whitelist.private.json', '.whitelist.private.json.swp', '#whitelist.private.json#', 'notes.tmp', 'old.bak'];
  for (const name of leftovers) writeFileSync(join(assets, name), '{"senders": ["+16195550100"]}');
  mkdirSync(join(assets, '.git'));
  writeFileSync(join(assets, '.git', 'config'), '');
  writeFileSync(join(assets, 'logo.png'), 'png');

  expect((await build()).code).toBe(0);
  expect(assetsIn('dist')).toEqual(['logo.png', 'whitelist.private.json']);
});

test('with WHITELIST_FILE, the external whitelist is the one deployed, in place of the committed demo file', async () => {
  const outside = mkdtempSync(join(tmpdir(), 'sms-relay-real-whitelist-'));
  try {
    const real = join(outside, 'whitelist.json');
    writeFileSync(real, '{"senders": [{"number": "+16195550177", "name": "Night desk"}]}\n');
    const { code, stdout } = await build({ WHITELIST_FILE: real });
    expect(code).toBe(0);
    expect(stdout).toContain(`(whitelist from ${real})`);
    expect(assetsIn('dist')).toEqual(['whitelist.private.json']);
    expect(readFileSync(join(root, 'dist', 'assets', 'whitelist.private.json'), 'utf8')).toBe(readFileSync(real, 'utf8'));
    // The committed file is left as it is: demo numbers only.
    expect(readFileSync(join(root, 'src', 'assets', 'whitelist.private.json'), 'utf8')).toBe(COMMITTED);
  } finally {
    rmSync(outside, { recursive: true, force: true });
  }
});

test('a WHITELIST_FILE that does not exist stops the build', async () => {
  const { code, stderr } = await build({ WHITELIST_FILE: join(root, 'nowhere.json') });
  expect(code).toBe(1);
  expect(stderr).toBe(`build: WHITELIST_FILE=${join(root, 'nowhere.json')}: no such file; nothing was built\n`);
});
