import { realpathSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { PROJECT_ROOT } from '../../project-root';

/** The folder `npm run build` copies into dist/assets: everything in it is deployed and served. */
export const ASSETS_DIR = join(PROJECT_ROOT, 'src', 'assets');

/** The committed whitelist: demo numbers only. */
export const COMMITTED_WHITELIST = join(ASSETS_DIR, 'whitelist.private.json');

/** What the build deploys as the whitelist asset. */
export const BUILT_WHITELIST = join(PROJECT_ROOT, 'dist', 'assets', 'whitelist.private.json');

/**
 * The whitelist the tools read and the build deploys: $WHITELIST_FILE, so the real numbers can
 * live outside the repository, or the committed demo file. scripts/build.mjs reads the same variable.
 */
export function whitelistFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.WHITELIST_FILE ? resolve(env.WHITELIST_FILE) : COMMITTED_WHITELIST;
}

const isInside = (path: string, folder: string) => {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith('/'));
};

/**
 * The file an edit must replace, and where its temporary file goes. A symlinked whitelist is
 * followed (renaming over the link would replace it with a plain file), and the temporary file
 * never goes in a folder the build copies: one left by a crash would be deployed. Its folder's
 * parent is on the same file system in every ordinary checkout, so the rename stays atomic.
 */
export function editTarget(path: string, assetsDir: string = ASSETS_DIR): { target: string; tempDir: string } {
  const target = realpathSync(path);
  const assets = (() => {
    try {
      return realpathSync(assetsDir);
    } catch {
      return resolve(assetsDir);
    }
  })();
  return { target, tempDir: isInside(target, assets) ? dirname(assets) : dirname(target) };
}
