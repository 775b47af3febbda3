// Builds what twilio-run serves and deploys (dist/, see .twilioserverlessrc) and the local
// command-line tools (build/cli/: npm start, demo, bench…), which are never deployed.
// Every function is bundled on its own with esbuild: Twilio uploads functions file by file, so
// dist/functions must hold no relative import. npm packages stay external (Twilio installs them).
import { build } from 'esbuild';
import { copyFileSync, cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const src = join(root, 'src');
const dist = join(root, 'dist');
const cliOut = join(root, 'build', 'cli');
const assets = join(src, 'assets');
const WHITELIST = 'whitelist.private.json';
// The real whitelist may live outside the repository (WHITELIST_FILE, as in
// dev/tools/whitelist/whitelist-path.ts): it is then deployed instead of the committed demo file.
const whitelistFile = process.env.WHITELIST_FILE ? resolve(process.env.WHITELIST_FILE) : undefined;
if (whitelistFile && !existsSync(whitelistFile)) {
  console.error(`build: WHITELIST_FILE=${process.env.WHITELIST_FILE}: no such file; nothing was built`);
  process.exit(1);
}

// Every file in dist/assets is uploaded, and one without .private./.protected. in its name is a
// public asset anyone can download (https://www.twilio.com/docs/serverless/functions-assets/visibility):
// an editor's backup, a dotfile or a temporary file left by a crash (the whitelist tool's, an
// editor's swap file) must never get there.
const NOT_AN_ASSET = [/^\./, /^#.*#$/, /~$/, /\.(tmp|temp|swp|swo|swx|bak|orig|map)$/i];
const isAsset = (path) => !NOT_AN_ASSET.some((pattern) => pattern.test(basename(path)));

function filesUnder(dir, keep) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, keep) : keep(path) ? [path] : [];
  });
}

rmSync(dist, { recursive: true, force: true });
rmSync(cliOut, { recursive: true, force: true });

const common = {
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'cjs',
  sourcemap: false,
  logLevel: 'warning',
};

await build({
  ...common,
  // Only the twilio SDK stays external (the runtime has it loaded anyway); libphonenumber-js is
  // bundled in: one file loads ~40 ms faster on a cold start than its many small modules.
  packages: undefined,
  external: ['twilio', 'twilio/*'],
  entryPoints: filesUnder(join(src, 'functions'), (path) => path.endsWith('.ts') && !path.endsWith('.d.ts')),
  outdir: join(dist, 'functions'),
  outbase: join(src, 'functions'),
  // node18: the oldest runtime the Twilio CLI plugin may still deploy to.
  target: 'node18',
});

await build({
  ...common,
  entryPoints: filesUnder(join(root, 'dev', 'cli'), (path) => path.endsWith('.ts')),
  outdir: cliOut,
  target: 'node20',
});

// Assets are copied as they are; source maps never go there (twilio-run would serve them).
cpSync(assets, join(dist, 'assets'), {
  recursive: true,
  filter: (path) => path === assets || (isAsset(path) && !(whitelistFile && path === join(assets, WHITELIST))),
});
if (whitelistFile) copyFileSync(whitelistFile, join(dist, 'assets', WHITELIST));

console.log(`built ${relative(root, dist)}/ and ${relative(root, cliOut)}/${whitelistFile ? ` (whitelist from ${whitelistFile})` : ''}`);
