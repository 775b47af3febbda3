// Puts Twilio's OpenAPI descriptions (twilio-oai), which the contract tests check every emulated
// REST request against, into the git-ignored cache .cache/twilio-oai/<version>/.
// They come from the npm package @twilio/cli-core, which ships them; its exact version and the
// sha256 of each file are pinned in dev/contract/twilio-oai.pin.json (read by dev/contract/spec.ts
// too). Nothing is downloaded when the cached files already match. Plain Node, no dependencies;
// needs `npm` and `tar` on the PATH. Exit status 1, with one message saying why, on failure.
//
//   node scripts/fetch-twilio-oai.mjs
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pin = JSON.parse(readFileSync(join(root, 'dev', 'contract', 'twilio-oai.pin.json'), 'utf8'));
const spec = `${pin.package}@${pin.version}`;
const names = Object.keys(pin.files);
const cacheRoot = join(root, '.cache', 'twilio-oai');
const cacheDir = join(cacheRoot, pin.version);
const show = (path) => relative(root, path);
const log = (line) => console.log(`fetch-twilio-oai: ${line}`);

/** A problem the user must act on: reported as one clear message, exit status 1. */
class FetchError extends Error {}

const sha256 = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** The pinned files whose cached copy is missing or differs from its pinned sha256. */
function stale() {
  return names.filter((name) => {
    const path = join(cacheDir, name);
    if (!existsSync(path)) return true;
    const actual = sha256(path);
    if (actual === pin.files[name]) return false;
    log(`cached ${show(path)} has sha256 ${actual}, pinned ${pin.files[name]}: fetching it again`);
    return true;
  });
}

function run(command, args) {
  try {
    return execFileSync(command, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const output = (error.stderr?.trim() || error.stdout?.trim() || '').split('\n').slice(-10).join('\n');
    throw new FetchError(
      `\`${command} ${args.join(' ')}\` failed (${error.code ?? `exit status ${error.status}`}).\n${output}\n` +
        `The contract tests need ${names.join(', ')} from ${spec}: check access to the npm registry, ` +
        `or put the pinned files into ${show(cacheDir)}/ yourself.`,
    );
  }
}

function download(wanted) {
  mkdirSync(cacheDir, { recursive: true });
  // Work inside the cache, so the final rename is atomic: parallel test workers may race here.
  const work = mkdtempSync(join(cacheRoot, '.download-'));
  try {
    log(`npm pack ${spec} (for ${wanted.join(', ')})`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const [packed] = JSON.parse(run(npm, ['pack', spec, '--json', '--pack-destination', work]));
    log(`got ${packed.filename} (${packed.integrity}); extracting ${wanted.join(', ')}`);
    run('tar', ['-xzf', join(work, packed.filename), '-C', work, ...wanted.map((name) => `${pin.directory}/${name}`)]);

    for (const name of wanted) {
      const extracted = join(work, pin.directory, name);
      const actual = sha256(extracted);
      if (actual !== pin.files[name]) {
        throw new FetchError(
          `checksum mismatch for ${name} in ${spec}: sha256 ${actual}, pinned ${pin.files[name]}. ` +
            'The package as published now differs from the one pinned: review the change before trusting it; ' +
            'to move to it on purpose, update dev/contract/twilio-oai.pin.json.',
        );
      }
      renameSync(extracted, join(cacheDir, name));
      log(`${name}: sha256 ${actual} as pinned, saved as ${show(join(cacheDir, name))}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

try {
  const wanted = stale();
  if (wanted.length === 0) log(`${show(cacheDir)}/ holds ${names.join(', ')} of ${spec} with the pinned sha256: nothing to download`);
  else download(wanted);
} catch (error) {
  if (!(error instanceof FetchError)) throw error;
  console.error(`fetch-twilio-oai: ERROR: ${error.message}`);
  process.exitCode = 1;
}
