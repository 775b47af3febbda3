import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '../project-root';

/** Where the bench-only functions live: git-ignored, rebuilt on every run. */
export const BENCH_DIR = join(PROJECT_ROOT, '.cache', 'bench');

/** (a) The runtime's floor: a protected function that answers an empty MessagingResponse. */
const FLOOR = `// Bench only (npm run bench): the runtime's floor.
exports.handler = function (context, event, callback) {
  callback(null, new Twilio.twiml.MessagingResponse());
};
`;

/**
 * (d) In the style of Twilio's "forward message" template: TwiML only, no whitelist, no REST call.
 * The message goes to PRIMARY_NUMBER (the template's MY_PHONE_NUMBER).
 */
const FORWARD_TEMPLATE = `// Bench only (npm run bench): Twilio's forward-message template, TwiML only.
exports.handler = function (context, event, callback) {
  const twiml = new Twilio.twiml.MessagingResponse();
  twiml.message({ to: context.PRIMARY_NUMBER }, \`From \${event.From}: \${event.Body}\`);
  callback(null, twiml);
};
`;

export interface BenchFunctions {
  /** Relative to the project, as twilio-run's --functions-folder takes it. */
  folder: string;
  remove(): void;
}

/**
 * .cache/bench/functions = the built dist/functions (the relay exactly as deployed) plus the two
 * comparison functions. Run after `npm run build`.
 */
export function createBenchFunctions(): BenchFunctions {
  const dist = join(PROJECT_ROOT, 'dist', 'functions');
  if (!existsSync(join(dist, 'sms', 'incoming.protected.js'))) {
    throw new Error('dist/functions/sms/incoming.protected.js is missing: run `npm run build` first (npm run bench does)');
  }
  const dir = join(BENCH_DIR, 'functions');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(dist, dir, { recursive: true });
  writeFileSync(join(dir, 'floor.protected.js'), FLOOR);
  writeFileSync(join(dir, 'forward-template.protected.js'), FORWARD_TEMPLATE);
  return { folder: relative(PROJECT_ROOT, dir), remove: () => rmSync(BENCH_DIR, { recursive: true, force: true }) };
}
