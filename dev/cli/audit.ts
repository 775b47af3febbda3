import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readEnvFile } from '../env-file';
import { DEFAULT_REPLY_WINDOW_HOURS, readTwoWayConfig } from '../../src/core/dispatch/two-way-config';
import { buildChains, isFailure, isUnacknowledged } from '../tools/audit/chains';
import { parseAuditText } from '../tools/audit/read-lines';
import { renderHtml } from '../tools/audit/html-report';
import { formatReport } from '../tools/audit/report';
import { parseSince } from '../tools/audit/since';
import { failWith, parseCli } from '../tools/cli';

const HELP = `Usage: npm run audit -- [--file <jsonl> | --env <file>] [--since <time>] [--failures] [--html <file>]

Answers "did the dispatch reach anyone?" from the relay's audit trail: counts per outcome, then
every inbound message that did not end in "delivered" (exhausted, failed over and not yet
confirmed, pending, not forwarded) and every call nobody took (nobody answered, a voicemail not
texted, a relay error), each with its timeline. With two-way dispatch: each dispatch's code, who
acknowledged it after how long, the open dispatches nobody acknowledged, and every phone that
opted out (21610: its owner texts START to the relay number). Calls have outcomes of their own: connected (by
the primary or the backup), voicemail (texted), in progress, rejected.

  --file <jsonl>   the audit lines: AUDIT_LOG_FILE of a self-hosted run, or Twilio's function logs
                   saved with  twilio serverless:logs --output-format=json > logs.jsonl  (or the
                   JSON array of  twilio api:serverless:v1:services:environments:logs:list -o json)
                   ("-" reads standard input). Default: $AUDIT_LOG_FILE.
  --env <file>     take the file from AUDIT_LOG_FILE in this env file, and the reply window
                   (REPLY_WINDOW_HOURS, default ${DEFAULT_REPLY_WINDOW_HOURS}) that decides which dispatches are still open
  --since <time>   only messages and calls first seen at or after an ISO time (2026-11-28T13:00:00Z) or
                   within a duration (30m, 2h, 7d)
  --failures       print only the messages not delivered, the calls nobody took and the open
                   dispatches nobody acknowledged, and exit 2 if there is any (for a cron job or a
                   monitor); a call in progress is none
  --html <file>    also write the report as one self-contained HTML page (a timeline per
                   dispatch, coloured by outcome, and the time to acknowledgement); open it in any
                   browser, offline
  --help           this text

Exits 1 when the audit trail cannot be read.`;

const fail: (message: string) => never = failWith('audit');

function source(file: string | undefined, envFile: string | undefined): string {
  if (file) return file;
  if (envFile) {
    const fromEnv = readEnvFile(envFile).AUDIT_LOG_FILE;
    return fromEnv ?? fail(`${envFile} sets no AUDIT_LOG_FILE: pass --file <jsonl>`);
  }
  return process.env.AUDIT_LOG_FILE || fail('which audit trail? pass --file <jsonl> (or - for standard input), --env <file>, or set AUDIT_LOG_FILE');
}

/** Dispatches first seen since then are still inside the reply window: open. */
function openSince(envFile: string | undefined): Date {
  const hours = envFile ? readTwoWayConfig(readEnvFile(envFile)).replyWindowHours : DEFAULT_REPLY_WINDOW_HOURS;
  return new Date(Date.now() - hours * 3_600_000);
}

function main() {
  const { values } = parseCli(
    {
      options: {
        file: { type: 'string' },
        env: { type: 'string' },
        since: { type: 'string' },
        failures: { type: 'boolean', default: false },
        html: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    },
    fail,
  );
  if (values.help) return console.log(HELP);
  let since: Date | undefined;
  let path = '';
  let text: string;
  let open: Date;
  try {
    open = openSince(values.env);
    since = values.since === undefined ? undefined : parseSince(values.since);
    path = source(values.file, values.env);
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (caught) {
    const code = (caught as NodeJS.ErrnoException).code;
    return fail(code ? `cannot read ${path}: ${code}` : (caught as Error).message);
  }

  const { lines, unreadable, foreign } = parseAuditText(text);
  const name = path === '-' ? 'standard input' : path;
  if (lines.length === 0) fail(`no audit line in ${name}: expected the relay's JSON lines (AUDIT_LOG_FILE) or twilio serverless:logs --output-format=json output`);
  if (unreadable.length > 0) console.error(`audit: skipped ${unreadable.length} line${unreadable.length === 1 ? ' that is' : 's that are'} not JSON (first: line ${unreadable[0]})`);

  // A message is in when it was first seen since then: its whole chain, older lines included.
  const { chains, loose } = buildChains(lines);
  const recent = (ts: string) => !since || Date.parse(ts) >= since.getTime();
  const kept = chains.filter((chain) => recent(chain.start));
  const keptLoose = loose.filter((line) => recent(line.ts));
  if (!values.failures) {
    const other = foreign > 0 ? `, ${foreign} other log line${foreign === 1 ? '' : 's'} ignored` : '';
    console.log(`audit: ${lines.length} audit lines from ${name}${other}${since ? `; messages since ${since.toISOString()}` : ''}\n`);
  }
  for (const line of formatReport(kept, keptLoose, values.failures, open)) console.log(line);
  if (values.html) {
    const page = renderHtml(kept, { source: name, generatedAt: new Date(), openSince: open });
    try {
      writeFileSync(values.html, page);
    } catch (caught) {
      fail(`cannot write ${values.html}: ${(caught as NodeJS.ErrnoException).code ?? (caught as Error).message}`);
    }
    console.error(`audit: wrote ${values.html} (${kept.filter((chain) => chain.kind !== 'reply').length} dispatches and calls): open ${pathToFileURL(resolve(values.html)).href} in a browser`);
  }
  if (values.failures && kept.some((chain) => isFailure(chain) || isUnacknowledged(chain, open))) process.exitCode = 2;
}

main();
