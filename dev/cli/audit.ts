import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_REPLY_WINDOW_HOURS, readTwoWayConfig } from '../../src/core/dispatch/two-way-config';
import { toE164 } from '../../src/core/phone';
import { readEnvFile } from '../env-file';
import { buildChains, isFailure, isUnacknowledged } from '../tools/audit/chains';
import { auditLinesFromTwilio, TWILIO_CANNOT_KNOW } from '../tools/audit/from-twilio';
import { renderHtml } from '../tools/audit/html-report';
import { parseAuditText, type AuditLine } from '../tools/audit/read-lines';
import { formatReport } from '../tools/audit/report';
import { parseSince } from '../tools/audit/since';
import { failWith, parseCli } from '../tools/cli';

const HELP = `Usage: npm run audit -- [--file <jsonl> | --env <file>] [--since <time>] [--failures] [--html <file>]
       npm run audit -- --from-twilio --env <file> --number <relay number> [--since 60d] [--until <time>] …

Answers "did the dispatch reach anyone?" from the relay's audit trail: counts per outcome, then
every inbound message that did not end in "delivered" (exhausted, failed over and not yet
confirmed, pending, not forwarded) and every call nobody took (nobody answered, a voicemail not
texted, a relay error), each with its timeline. Calls have outcomes of their own: connected (by
the primary or the backup), voicemail (texted), in progress, rejected. With two-way dispatch: each
dispatch's code, who acknowledged it after how long, the open dispatches nobody acknowledged, and
every phone that opted out (21610: its owner texts START to the relay number).

  --file <jsonl>   the audit lines: AUDIT_LOG_FILE of a self-hosted run, or Twilio's function logs
                   saved with  twilio serverless:logs --output-format=json > logs.jsonl  (or the
                   JSON array of  twilio api:serverless:v1:services:environments:logs:list -o json)
                   ("-" reads standard input). Default: $AUDIT_LOG_FILE.
  --env <file>     take the file from AUDIT_LOG_FILE in this env file, and the reply window
                   (REPLY_WINDOW_HOURS, default ${DEFAULT_REPLY_WINDOW_HOURS}) that decides which dispatches are still open
  --from-twilio    rebuild the dispatches and calls from Twilio's own Message and Call records
                   instead of the logs (older than the logs' 30 days), read with the env file's API
                   key (TWILIO_API_KEY), never the Auth Token; needs --env and --number
  --number <E.164> the relay number (the one the dispatchers text), with --from-twilio
  --since <time>   only messages and calls first seen at or after an ISO time (2026-11-28T13:00:00Z) or
                   within a duration (30m, 2h, 7d); with --from-twilio, default 30d
  --until <time>   and first seen at or before this time (same forms)
  --failures       print only the messages not delivered, the calls nobody took and the open
                   dispatches nobody acknowledged, and exit 2 if there is any (for a cron job or a
                   monitor); a call in progress is none
  --html <file>    also write the report as one self-contained HTML page (a timeline per
                   dispatch, coloured by outcome, and the time to acknowledgement); open it in any
                   browser, offline
  --help           this text

Exits 1 when the audit trail (or Twilio) cannot be read.`;

const fail: (message: string) => never = failWith('audit');

function logFile(file: string | undefined, envFile: string | undefined): string {
  if (file) return file;
  if (envFile) {
    const fromEnv = readEnvFile(envFile).AUDIT_LOG_FILE;
    return fromEnv ?? fail(`${envFile} sets no AUDIT_LOG_FILE: pass --file <jsonl>`);
  }
  return process.env.AUDIT_LOG_FILE || fail('which audit trail? pass --file <jsonl> (or - for standard input), --env <file>, or set AUDIT_LOG_FILE');
}

function fromLogs(file: string | undefined, envFile: string | undefined): { lines: AuditLine[]; name: string; note: string } {
  const path = logFile(file, envFile);
  let text: string;
  try {
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (caught) {
    return fail(`cannot read ${path}: ${(caught as NodeJS.ErrnoException).code ?? (caught as Error).message}`);
  }
  const { lines, unreadable, foreign } = parseAuditText(text);
  const name = path === '-' ? 'standard input' : path;
  if (lines.length === 0) fail(`no audit line in ${name}: expected the relay's JSON lines (AUDIT_LOG_FILE) or twilio serverless:logs --output-format=json output`);
  if (unreadable.length > 0) console.error(`audit: skipped ${unreadable.length} line${unreadable.length === 1 ? ' that is' : 's that are'} not JSON (first: line ${unreadable[0]})`);
  return { lines, name, note: foreign > 0 ? `, ${foreign} other log line${foreign === 1 ? '' : 's'} ignored` : '' };
}

const time = (text: string | undefined, flag: string) => (text === undefined ? undefined : parseSince(text, new Date(), flag));

async function main() {
  const { values } = parseCli(
    {
      options: {
        file: { type: 'string' },
        env: { type: 'string' },
        'from-twilio': { type: 'boolean', default: false },
        number: { type: 'string' },
        since: { type: 'string' },
        until: { type: 'string' },
        failures: { type: 'boolean', default: false },
        html: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    },
    fail,
  );
  if (values.help) return console.log(HELP);
  let since: Date | undefined;
  let until: Date | undefined;
  let windowHours = DEFAULT_REPLY_WINDOW_HOURS;
  let env: Record<string, string> = {};
  try {
    since = time(values.since, '--since');
    until = time(values.until, '--until');
    if (values.env) env = readEnvFile(values.env);
    if (values.env) windowHours = readTwoWayConfig(env).replyWindowHours;
  } catch (caught) {
    return fail((caught as Error).message);
  }
  let source: { lines: AuditLine[]; name: string; note: string };
  if (values['from-twilio']) {
    if (!values.env) fail('--from-twilio reads with the relay\'s API key: pass --env <file> (the relay\'s env file)');
    const relayNumber = values.number && toE164(values.number, 'US');
    if (!relayNumber) fail('--from-twilio needs the relay number: pass --number <E.164>');
    since ??= parseSince('30d');
    // A terminal gets one line, rewritten every 250 records: a long range is hundreds of pages.
    let total = 0;
    const progress = process.stderr.isTTY
      ? (read: number) => void ((total = read) % 250 === 0 && process.stderr.write(`\raudit: read ${read} records from Twilio…`))
      : undefined;
    try {
      const read = await auditLinesFromTwilio({ env, relayNumber, since, replyWindowMs: windowHours * 3_600_000, progress });
      if (progress) process.stderr.write(`\raudit: read ${total} records from Twilio.\n`);
      source = { ...read, note: '' };
    } catch (caught) {
      return fail((caught as Error).message);
    }
  } else source = fromLogs(values.file, values.env);

  // A message is in when it was first seen in the range: its whole chain, older or later lines included.
  const { chains, loose } = buildChains(source.lines);
  const inRange = (ts: string) => (!since || Date.parse(ts) >= since.getTime()) && (!until || Date.parse(ts) <= until.getTime());
  const kept = chains.filter((chain) => inRange(chain.start));
  const keptLoose = loose.filter((line) => inRange(line.ts));
  const open = new Date(Date.now() - windowHours * 3_600_000);
  if (!values.failures) {
    const range = `${since ? `; messages since ${since.toISOString()}` : ''}${until ? ` until ${until.toISOString()}` : ''}`;
    console.log(`audit: ${source.lines.length} audit lines from ${source.name}${source.note}${range}\n`);
    if (values['from-twilio']) console.log(`${TWILIO_CANNOT_KNOW}\n`);
  }
  for (const line of formatReport(kept, keptLoose, values.failures, open)) console.log(line);
  if (values.html) {
    const page = renderHtml(kept, { source: source.name, generatedAt: new Date(), openSince: open });
    try {
      writeFileSync(values.html, page);
    } catch (caught) {
      fail(`cannot write ${values.html}: ${(caught as NodeJS.ErrnoException).code ?? (caught as Error).message}`);
    }
    console.error(`audit: wrote ${values.html} (${kept.filter((chain) => chain.kind !== 'reply').length} dispatches and calls): open ${pathToFileURL(resolve(values.html)).href} in a browser`);
  }
  if (values.failures && kept.some((chain) => isFailure(chain) || isUnacknowledged(chain, open))) process.exitCode = 2;
}

void main();
