import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { isRegion, type CountryCode } from '../../src/core/phone';
import { parseWhitelist, WhitelistError, type Whitelist } from '../../src/core/whitelist';
import { failWith, parseCli } from '../tools/cli';
import { writeFileAtomic } from '../tools/whitelist/atomic-write';
import { editTarget, whitelistFile } from '../tools/whitelist/whitelist-path';
import {
  addSender,
  countryNote,
  formatDocument,
  normalize,
  readDocument,
  removeSender,
  WhitelistEditError,
  type WhitelistDocument,
} from '../tools/whitelist/whitelist-document';

const HELP = `Usage: npm run whitelist -- <command> [options]

  list                            the senders the relay lets through, and every entry it skips
  add <number> [--name <name>]    adds a sender, written in E.164 (any common format is accepted)
  remove <number> [--force]       removes a sender (--force: even the last one)
  check <number>                  exit 0 if the number is on the whitelist, 1 if not

  --file <path>    the whitelist (default: $WHITELIST_FILE, else src/assets/whitelist.private.json,
                   which holds demo numbers: keep the real list outside the repository and set
                   WHITELIST_FILE=/path/to/whitelist.json for every npm command, the build included)
  --region <CC>    country for numbers written without +country (default: $DEFAULT_REGION or US;
                   use the relay's DEFAULT_REGION)
  --help           this text

Edits keep the file's layout (one sender per line) and are atomic: the new file is written to a
temporary file (never inside src/assets, whose files are deployed), flushed, then renamed over the
old one, so a crash never leaves half a file. A symlinked whitelist updates the file it points to. A duplicate,
an unparseable number or a malformed file is refused and nothing is written. The deployed relay
reads its own copy: deploy again (npm run deploy) for a change to take effect.`;

const fail: (message: string) => never = failWith('whitelist');

/** A path as short as it can be said: relative inside the current folder, absolute elsewhere. */
const shown = (path: string) => (relative(process.cwd(), path).startsWith('..') ? path : relative(process.cwd(), path));

function load(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (caught) {
    return fail(`cannot read ${shown(path)} (${(caught as NodeJS.ErrnoException).code})`);
  }
}

/** The whitelist exactly as the relay reads it (parseWhitelist), or a refusal when it would forward nothing. */
function parsed(path: string, region: CountryCode): Whitelist {
  try {
    return parseWhitelist(load(path), region);
  } catch (caught) {
    if (caught instanceof WhitelistError) fail(`${shown(path)}: ${caught.message}`);
    throw caught;
  }
}

function list(path: string, region: CountryCode): void {
  const whitelist = parsed(path, region);
  console.log(`${whitelist.senders.size} sender${whitelist.senders.size === 1 ? '' : 's'} in ${shown(path)}:`);
  for (const { sender, regionAssumed } of whitelist.entries) {
    console.log(`  ${sender.number.padEnd(16)} ${sender.name ?? ''}`.trimEnd() + `  [${countryNote(sender.number, regionAssumed, region)}]`);
  }
  for (const { index, reason } of whitelist.skipped) console.log(`  skipped entry #${index}: ${reason}`);
  for (const { index, reason } of whitelist.cut) console.log(`  entry #${index}: ${reason}`);
}

function check(path: string, raw: string, region: CountryCode): void {
  const number = normalize(raw, region);
  const sender = parsed(path, region).senders.get(number);
  if (!sender) fail(`${number} is NOT on the whitelist: messages from it are not relayed`);
  console.log(`${number} is on the whitelist${sender.name ? ` as ${sender.name}` : ''}: its messages are relayed.`);
}

function edit(path: string, change: (document: WhitelistDocument) => { document: WhitelistDocument; message: string }): void {
  const { document, message } = change(readDocument(load(path), path));
  const { target, tempDir } = editTarget(path);
  writeFileAtomic(target, formatDocument(document), undefined, tempDir);
  console.log(`${message} in ${shown(path)}. Deploy again for the relay to use it.`);
}

function main() {
  const { values, positionals } = parseCli(
    {
      allowPositionals: true,
      options: {
        file: { type: 'string', default: whitelistFile() },
        region: { type: 'string', default: process.env.DEFAULT_REGION || 'US' },
        name: { type: 'string' },
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    },
    fail,
  );
  if (values.help) return console.log(HELP);
  const [command, number, ...extra] = positionals;
  const region = values.region!.toUpperCase();
  if (!isRegion(region)) fail(`--region must be a two-letter country code such as US, got "${values.region}"`);
  const path = resolve(values.file!);
  const needsNumber = command === 'add' || command === 'remove' || command === 'check';
  if (needsNumber && !number) fail(`${command} needs a phone number, e.g. npm run whitelist -- ${command} +16195550100`);
  if (extra.length > 0 || (command === 'list' && number)) fail(`unexpected argument "${command === 'list' ? number : extra[0]}" (a name goes in --name "…")`);
  if (values.name !== undefined && command !== 'add') fail('--name is only used with add');

  try {
    switch (command) {
      case 'list':
        return list(path, region);
      case 'check':
        return check(path, number, region);
      case 'add':
        return edit(path, (document) => {
          const added = addSender(document, number, region, values.name);
          const country = countryNote(added.number, !number.trim().startsWith('+'), region);
          return { document: added.document, message: `added ${added.number}${values.name ? ` (${values.name.trim()})` : ''} [${country}]` };
        });
      case 'remove':
        return edit(path, (document) => {
          const { document: next, removed, label } = removeSender(document, number, region, values.force);
          return { document: next, message: `removed ${removed} entr${removed === 1 ? 'y' : 'ies'} for ${label}` };
        });
      default:
        fail(command ? `unknown command "${command}": use list, add, remove or check` : 'which command? list, add, remove or check (--help explains them)');
    }
  } catch (caught) {
    if (caught instanceof WhitelistEditError) fail(caught.message);
    fail(`${shown(path)} was not changed: ${(caught as Error).message}`);
  }
}

main();
