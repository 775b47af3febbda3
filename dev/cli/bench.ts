import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmulator, type Emulator } from '../emulator/server';
import { assetsWithWhitelist, FAKE_ACCOUNT, FAKE_WHITELIST } from '../fixtures';
import { PROJECT_ROOT } from '../project-root';
import { runCold } from '../bench/cold';
import { escalationMarkdown, runEscalationCost } from '../bench/escalation';
import { pagingMarkdown, runPagingLatency } from '../bench/paging';
import { createBenchFunctions } from '../bench/functions';
import { stopAllRelays, type BenchSetup } from '../bench/relay';
import { markdown, summary, type BenchResults } from '../bench/report';
import { runFreshContainers, runWarm } from '../bench/warm';

const HELP = `Usage: npm run bench [-- options]

Measures, side by side on twilio-run and the loopback Twilio API emulator: (a) a trivial protected
function (the runtime's floor), (b) the relay's /sms/incoming for an authorized sender (with its
REST call), (c) the same for a rejected sender, (d) Twilio's TwiML-only forward-message template;
warm (--no-fork-process) at 1 and 16 connections, and cold (fork mode); then escalation's cost per
dispatch (REST round trips and p50 of /sms/incoming with ACK_TIMEOUT_MINUTES on and off, two-way on
with the emulator's Sync); then paging's: when the backup is paged after the primary does not
answer, on the emulator's clock, beside the text path's deadline. Writes BENCHMARKS.md.

  --rounds <n>    interleaved warm rounds (default 3)
  --seconds <s>   length of each warm run per scenario and concurrency (default 2)
  --cold <n>      cold single requests per scenario (default 21)
  --escalation <n> dispatches per mode for escalation's cost (default 40)
  --paging <n>    dispatches whose primary does not answer, for paging (default 5)
  --no-write      print only, leave BENCHMARKS.md alone
  --help          this text`;

function positive(name: string, raw: string | undefined, integer: boolean): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    console.error(`npm run bench: --${name} must be a positive ${integer ? 'integer' : 'number'}, got "${raw}"`);
    process.exit(2);
  }
  return value;
}

/** Stops and removes everything the run started or created; also run on Ctrl-C. */
let cleanup: () => Promise<void> = async () => {};

async function main(): Promise<number> {
  const started = Date.now();
  const loadBefore = loadavg();
  const argv = process.argv.slice(2);
  const { values } = parseArgs({
    args: argv,
    options: {
      rounds: { type: 'string', default: '3' },
      seconds: { type: 'string', default: '2' },
      cold: { type: 'string', default: '21' },
      escalation: { type: 'string', default: '40' },
      paging: { type: 'string', default: '5' },
      'no-write': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const warmPlan = { rounds: positive('rounds', values.rounds, true), seconds: positive('seconds', values.seconds, false), warmupSeconds: 1, concurrencies: [1, 16] };
  const coldSamples = positive('cold', values.cold, true);
  const escalationSamples = positive('escalation', values.escalation, true);
  const pagingSamples = positive('paging', values.paging, true);
  const freshSeconds = 1.5;
  const log = (line: string) => console.log(line);

  const scratch = mkdtempSync(join(tmpdir(), 'sms-relay-bench-'));
  const assets = assetsWithWhitelist(FAKE_WHITELIST);
  let emulator: Emulator | undefined;
  let functions: ReturnType<typeof createBenchFunctions> | undefined;
  cleanup = async () => {
    cleanup = async () => {};
    await stopAllRelays();
    await emulator?.close();
    functions?.remove();
    assets.remove();
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    functions = createBenchFunctions();
    emulator = await startEmulator({
      ...FAKE_ACCOUNT,
      // No status callbacks: they would add load that has nothing to do with the webhook.
      defaultDelivery: { outcome: 'silent' },
    });
    const setup: BenchSetup = { emulator, functionsFolder: functions.folder, assetsFolder: assets.folder, scratch };

    log(`warm: one twilio-run --no-fork-process, ${warmPlan.rounds} interleaved rounds of ${warmPlan.seconds} s per scenario and concurrency`);
    const warm = await runWarm(setup, warmPlan, log);
    log(`peak RSS: a fresh warm twilio-run per scenario (${freshSeconds} s at 16 connections)`);
    const fresh = await runFreshContainers(setup, freshSeconds, log);
    log(`cold: twilio-run in fork mode, ${coldSamples} single requests per scenario`);
    const cold = await runCold(setup, coldSamples, log);
    log(`escalation: ${escalationSamples} dispatches per mode, ACK_TIMEOUT_MINUTES on and off, alternating`);
    const escalation = await runEscalationCost(setup, escalationSamples, log);
    log(`paging: ${pagingSamples} dispatches, the primary not answering, PAGE_BY_CALL=true`);
    const paging = await runPagingLatency(setup, pagingSamples, log);

    const results: BenchResults = {
      command: ['npm run bench', ...(argv.length ? ['--', ...argv] : [])].join(' '),
      startedAt: new Date(started),
      wallSeconds: (Date.now() - started) / 1000,
      loadBefore,
      loadAfter: loadavg(),
      warmPlan,
      freshSeconds,
      coldSamples,
      warm,
      fresh,
      cold,
    };
    console.log(`\n${summary(results)}`);
    if (!values['no-write']) {
      writeFileSync(join(PROJECT_ROOT, 'BENCHMARKS.md'), markdown(results) + escalationMarkdown(escalation) + pagingMarkdown(paging));
      console.log('wrote BENCHMARKS.md');
    }
    console.log(`bench took ${results.wallSeconds.toFixed(0)} s`);
    // Targets are goals, not assertions: a FAIL is reported, the command still succeeds.
    return 0;
  } finally {
    await cleanup();
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping every process the bench started.`);
    void cleanup().finally(() => process.exit(130));
  });
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`npm run bench: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);
