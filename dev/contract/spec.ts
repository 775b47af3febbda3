/**
 * Twilio's OpenAPI descriptions, as pinned in twilio-oai.pin.json: makes sure the git-ignored cache
 * holds them (running scripts/fetch-twilio-oai.mjs when not) and loads them.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT as ROOT } from '../project-root';
import type { OpenApiDocument } from './openapi';
import pin from './twilio-oai.pin.json';

const FETCH_SCRIPT = join(ROOT, 'scripts', 'fetch-twilio-oai.mjs');
export const SPEC_DIR = join(ROOT, '.cache', 'twilio-oai', pin.version);

/** The loaded specs, by file name without ".json" (a type, not an interface: it is a Record). */
export type TwilioSpecs = {
  twilio_api_v2010: OpenApiDocument;
  twilio_sync_v1: OpenApiDocument;
};

function cachedAsPinned(file: keyof typeof pin.files): boolean {
  const path = join(SPEC_DIR, file);
  return existsSync(path) && createHash('sha256').update(readFileSync(path)).digest('hex') === pin.files[file];
}

/** Fetches the pinned files unless the cache already holds them; throws with the script's output. */
export function ensureTwilioSpecs(): void {
  const files = Object.keys(pin.files) as Array<keyof typeof pin.files>;
  if (files.every(cachedAsPinned)) return;
  try {
    execFileSync(process.execPath, [FETCH_SCRIPT], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`Could not get Twilio's OpenAPI files (node scripts/fetch-twilio-oai.mjs):\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

let loaded: TwilioSpecs | undefined;

/** Both pinned specs, parsed once per process. */
export function loadTwilioSpecs(): TwilioSpecs {
  if (loaded) return loaded;
  ensureTwilioSpecs();
  const read = (file: keyof typeof pin.files) => JSON.parse(readFileSync(join(SPEC_DIR, file), 'utf8')) as OpenApiDocument;
  loaded = { twilio_api_v2010: read('twilio_api_v2010.json'), twilio_sync_v1: read('twilio_sync_v1.json') };
  return loaded;
}
