/** `npm run whitelist` as an operator meets it: edits, refusals, exit codes. */
import { copyFileSync, lstatSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../dev/project-root';
import { runTool } from '../support/run-tool';

const COMMITTED = join(PROJECT_ROOT, 'src', 'assets', 'whitelist.private.json');
let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sms-relay-whitelist-'));
  file = join(dir, 'whitelist.private.json');
  copyFileSync(COMMITTED, file);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const whitelist = (...args: string[]) => runTool('whitelist', [...args, '--file', file]);
const content = () => readFileSync(file, 'utf8');

test('list shows each sender the relay lets through, and each entry it skips', async () => {
  writeFileSync(file, '{"senders": [{"number": "+16195550100", "name": "Dispatch"}, "858 555 0123", "12345"]}');
  const { code, stdout } = await whitelist('list');
  expect(code).toBe(0);
  expect(stdout).toBe(
    `2 senders in ${file}:\n  +16195550100     Dispatch  [US]\n  +18585550123  [US, assumed from region US: written without +country]\n` +
      '  skipped entry #2: ***2345 is not a valid phone number for region US\n',
  );
});

test('add normalizes to E.164, keeps the layout, and check then finds it', async () => {
  const added = await whitelist('add', '(619) 555-0177', '--name', 'Night desk');
  expect(added).toMatchObject({
    code: 0,
    stdout: `added +16195550177 (Night desk) [US, assumed from region US: written without +country] in ${file}. Deploy again for the relay to use it.\n`,
  });
  expect(content()).toBe(readFileSync(COMMITTED, 'utf8').trimEnd().replace('"+18585550123"', '"+18585550123",\n    { "number": "+16195550177", "name": "Night desk" }') + '\n');
  expect(await whitelist('check', '+1 619 555 0177')).toMatchObject({ code: 0, stdout: '+16195550177 is on the whitelist as Night desk: its messages are relayed.\n' });
});

test('list and add say which country each number was read as (DEFAULT_REGION=DE makes 1 (858) 555-0123 German)', async () => {
  const env = { DEFAULT_REGION: 'DE' };
  const added = await runTool('whitelist', ['add', '1 (858) 555-0199', '--file', file], { env });
  expect(added.stdout).toBe(`added +4918585550199 [DE, assumed from region DE: written without +country] in ${file}. Deploy again for the relay to use it.\n`);
  expect((await whitelist('add', '+442079460958')).stdout).toContain('added +442079460958 [GB] in');
  // add writes E.164, so the file no longer depends on the region; one written by hand does.
  expect((await runTool('whitelist', ['list', '--file', file], { env })).stdout).toContain('  +4918585550199  [DE]\n');
  writeFileSync(file, '{"senders": ["1 (858) 555-0123"]}');
  expect((await runTool('whitelist', ['list', '--file', file], { env })).stdout).toBe(
    `1 sender in ${file}:\n  +4918585550123  [DE, assumed from region DE: written without +country]\n`,
  );
});

test('a name longer than 40 characters is refused, and list flags one already in the file', async () => {
  const before = content();
  expect(await whitelist('add', '+16195550177', '--name', 'N'.repeat(41))).toMatchObject({
    code: 1,
    stderr: 'whitelist: --name name is 41 characters long; at most 40 (it heads every relayed text): nothing changed\n',
  });
  expect(content()).toBe(before);
  writeFileSync(file, JSON.stringify({ senders: [{ number: '+16195550100', name: 'N'.repeat(1600) }] }));
  expect((await whitelist('list')).stdout).toContain('  entry #0: name is 1600 characters long; at most 40: the relay cuts it\n');
});

test('a duplicate add is refused and changes nothing', async () => {
  const before = content();
  const { code, stderr } = await whitelist('add', '619.555.0100');
  expect(code).toBe(1);
  expect(stderr).toBe('whitelist: +16195550100 is already on the whitelist (entry #0, Dispatch): nothing changed\n');
  expect(content()).toBe(before);
});

test('an unparseable number is refused', async () => {
  const { code, stderr } = await whitelist('add', '555-CALL-NOW');
  expect(code).toBe(1);
  expect(stderr).toBe('whitelist: "555-CALL-NOW" is not a valid phone number (region US): write it in E.164, e.g. +16195550100\n');
});

test('a malformed file is never edited', async () => {
  writeFileSync(file, '{"senders": ["+16195550100",]}');
  const { code, stderr } = await whitelist('add', '+16195550177');
  expect(code).toBe(1);
  expect(stderr).toMatch(new RegExp(`^whitelist: ${file} is not valid JSON \\(.*\\): fix it by hand first; nothing changed\\n$`));
  expect(content()).toBe('{"senders": ["+16195550100",]}');
  expect(readdirSync(dir)).toEqual(['whitelist.private.json']);
});

test('remove takes a sender off; the last one only with --force', async () => {
  expect(await whitelist('remove', '858-555-0123')).toMatchObject({ code: 0, stdout: `removed 1 entry for +18585550123 in ${file}. Deploy again for the relay to use it.\n` });
  expect(await whitelist('check', '+18585550123')).toMatchObject({ code: 1, stderr: 'whitelist: +18585550123 is NOT on the whitelist: messages from it are not relayed\n' });
  const last = await whitelist('remove', '+16195550100');
  expect(last.code).toBe(1);
  expect(last.stderr).toContain('the relay forwards nothing with an empty whitelist: pass --force');
  expect(await whitelist('remove', '+16195550100', '--force')).toMatchObject({ code: 0 });
  expect(content()).toBe('{\n  "senders": []\n}\n');
});

test('usage mistakes get one line each', async () => {
  expect((await whitelist()).stderr).toBe('whitelist: which command? list, add, remove or check (--help explains them)\n');
  expect((await whitelist('add')).stderr).toBe('whitelist: add needs a phone number, e.g. npm run whitelist -- add +16195550100\n');
  expect((await whitelist('add', '+16195550177', 'Night', 'desk')).stderr).toBe('whitelist: unexpected argument "Night" (a name goes in --name "…")\n');
  expect((await whitelist('list', '--region', 'XX')).stderr).toBe('whitelist: --region must be a two-letter country code such as US, got "XX"\n');
  expect((await runTool('whitelist', ['list', '--file', join(dir, 'none.json')])).stderr).toBe(`whitelist: cannot read ${join(dir, 'none.json')} (ENOENT)\n`);
  expect((await runTool('whitelist', ['--help'])).stdout).toContain('Usage: npm run whitelist -- <command> [options]');
});

test('an edit of a symlinked whitelist updates the file it points to and keeps the link', async () => {
  const real = join(dir, 'real.json');
  renameSync(file, real);
  symlinkSync(real, file);
  expect((await whitelist('add', '+16195550177')).code).toBe(0);
  expect(lstatSync(file).isSymbolicLink()).toBe(true);
  expect(readFileSync(real, 'utf8')).toContain('"+16195550177"');
  expect(readdirSync(dir).sort()).toEqual(['real.json', 'whitelist.private.json']);
});

// Read-only: were WHITELIST_FILE ignored, an edit would change the committed file.
test('WHITELIST_FILE is the whitelist it works on when no --file is given', async () => {
  writeFileSync(file, '{"senders": ["+16195550177"]}');
  const env = { WHITELIST_FILE: file };
  expect((await runTool('whitelist', ['list'], { env })).stdout).toBe(`1 sender in ${file}:\n  +16195550177  [US]\n`);
  expect(await runTool('whitelist', ['check', '+16195550177'], { env })).toMatchObject({ code: 0 });
});
