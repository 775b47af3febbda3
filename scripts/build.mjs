// Builds what twilio-run serves and deploys (dist/), see .twilioserverlessrc.
// Every function is bundled on its own with esbuild: Twilio uploads functions file by file, so
// dist/functions must hold no relative import. npm packages stay external (Twilio installs them).
import { build } from 'esbuild';
import { cpSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const src = join(root, 'src');
const dist = join(root, 'dist');

function filesUnder(dir, keep) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, keep) : keep(path) ? [path] : [];
  });
}

rmSync(dist, { recursive: true, force: true });

await build({
  entryPoints: filesUnder(join(src, 'functions'), (path) => path.endsWith('.ts') && !path.endsWith('.d.ts')),
  outdir: join(dist, 'functions'),
  outbase: join(src, 'functions'),
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'cjs',
  // node18: the oldest runtime the Twilio CLI plugin may still deploy to.
  target: 'node18',
  sourcemap: false,
  logLevel: 'warning',
});

// Assets are copied as they are; source maps never go there (twilio-run would serve them).
cpSync(join(src, 'assets'), join(dist, 'assets'), {
  recursive: true,
  filter: (path) => !path.endsWith('.map'),
});

console.log(`built ${relative(root, dist)}/`);
