import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The project folder: found by walking up to package.json, so it holds for dev/*.ts and the bundled build/cli/*.js alike. */
function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, '.twilioserverlessrc'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no sms-relay project above ${start}`);
  }
}

export const PROJECT_ROOT = findProjectRoot(__dirname);
