import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic, type AtomicFs } from '../../../dev/tools/whitelist/atomic-write';
import { editTarget } from '../../../dev/tools/whitelist/whitelist-path';

const ORIGINAL = '{\n  "senders": ["+16195550100"]\n}\n';
const NEXT = '{\n  "senders": ["+16195550100", "+16195550177"]\n}\n';

let dir: string;
let path: string;
beforeEach(() => {
  dir = fs.mkdtempSync(join(tmpdir(), 'sms-relay-atomic-'));
  path = join(dir, 'whitelist.private.json');
  fs.writeFileSync(path, ORIGINAL, { mode: 0o640 });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The real file system, except that one call fails as a full disk or a crash would. */
function failing(call: keyof AtomicFs, error = Object.assign(new Error(`${call}: ENOSPC: no space left on device`), { code: 'ENOSPC' })): AtomicFs {
  return { ...fs, [call]: () => { throw error; } } as AtomicFs;
}

const leftovers = () => fs.readdirSync(dir).filter((name) => name !== 'whitelist.private.json');

describe('writeFileAtomic', () => {
  it('replaces the file and keeps its permissions, leaving nothing else behind', () => {
    writeFileAtomic(path, NEXT);
    expect(fs.readFileSync(path, 'utf8')).toBe(NEXT);
    expect(fs.statSync(path).mode & 0o777).toBe(0o640);
    expect(leftovers()).toEqual([]);
  });

  it.each(['writeSync', 'fsyncSync', 'closeSync', 'renameSync'] as const)('leaves the original intact and no temporary file when %s fails', (call) => {
    expect(() => writeFileAtomic(path, NEXT, failing(call))).toThrow('ENOSPC');
    expect(fs.readFileSync(path, 'utf8')).toBe(ORIGINAL);
    expect(leftovers()).toEqual([]);
  });

  it('leaves the original intact when the process dies between writing and renaming (no clean-up runs)', () => {
    const killed = new Error('SIGKILL');
    const crashing: AtomicFs = { ...fs, renameSync: () => { throw killed; }, unlinkSync: () => { throw killed; } } as AtomicFs;
    expect(() => writeFileAtomic(path, NEXT, crashing)).toThrow('SIGKILL');
    expect(fs.readFileSync(path, 'utf8')).toBe(ORIGINAL);
    // What a crash leaves is a complete new text beside the original, never a torn original.
    expect(leftovers().map((name) => fs.readFileSync(join(dir, name), 'utf8'))).toEqual([NEXT]);
  });

  it('flushes the text to disk before the rename makes it visible', () => {
    const calls: string[] = [];
    const spy = (name: keyof AtomicFs) => (...args: unknown[]) => {
      calls.push(name);
      return (fs[name] as (...a: unknown[]) => unknown)(...args);
    };
    const io = Object.fromEntries((['openSync', 'writeSync', 'fsyncSync', 'closeSync', 'renameSync', 'unlinkSync', 'statSync'] as const).map((name) => [name, spy(name)])) as unknown as AtomicFs;
    writeFileAtomic(path, NEXT, io);
    expect(calls).toEqual(['statSync', 'openSync', 'writeSync', 'fsyncSync', 'closeSync', 'renameSync']);
  });
});

describe('editTarget: where an edit of the whitelist writes', () => {
  it('keeps the temporary file out of the assets folder, so a crash never leaves one for the build to deploy', () => {
    const assets = join(dir, 'src', 'assets');
    fs.mkdirSync(assets, { recursive: true });
    const inAssets = join(assets, 'whitelist.private.json');
    fs.writeFileSync(inAssets, ORIGINAL);
    const { target, tempDir } = editTarget(inAssets, assets);
    expect(tempDir).toBe(fs.realpathSync(join(dir, 'src')));
    const killed = new Error('SIGKILL');
    const crashing: AtomicFs = { ...fs, renameSync: () => { throw killed; }, unlinkSync: () => { throw killed; } } as AtomicFs;
    expect(() => writeFileAtomic(target, NEXT, crashing, tempDir)).toThrow('SIGKILL');
    expect(fs.readdirSync(assets)).toEqual(['whitelist.private.json']);
    expect(fs.readdirSync(join(dir, 'src')).filter((name) => name.endsWith('.tmp'))).toHaveLength(1);
  });

  it('writes beside a whitelist kept outside the assets folder', () => {
    expect(editTarget(path, join(dir, 'src', 'assets'))).toEqual({ target: fs.realpathSync(path), tempDir: fs.realpathSync(dir) });
  });

  it('follows a symlink to the real file', () => {
    const link = join(dir, 'link.json');
    fs.symlinkSync(path, link);
    expect(editTarget(link, join(dir, 'src', 'assets')).target).toBe(fs.realpathSync(path));
  });
});
