import { cpus, platform, release, arch, totalmem, type as osType } from 'node:os';
import type { ColdResult } from './cold';
import { median, percentile, type Merged } from './measure';
import { SCENARIOS, type ScenarioId } from './scenarios';
import type { FreshContainer, WarmPlan, WarmResult } from './warm';

export interface BenchResults {
  command: string;
  startedAt: Date;
  wallSeconds: number;
  /** os.loadavg() (1, 5, 15 min) when the bench started and ended: other work on the machine skews every number. */
  loadBefore: number[];
  loadAfter: number[];
  warmPlan: WarmPlan;
  freshSeconds: number;
  coldSamples: number;
  warm: WarmResult;
  fresh: Record<ScenarioId, FreshContainer>;
  cold: ColdResult;
}

export interface Target {
  name: string;
  pass: boolean;
  measured: string;
}

export const LIMITS = { rejectedP50Ms: 1, authorizedP50Ms: 3, coldExtraMs: 50 } as const;

export function machine() {
  const cpu = cpus();
  return {
    os: `${osType()} ${release()} (${platform()}/${arch()})`,
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    node: process.version,
    memoryGiB: (totalmem() / 1024 ** 3).toFixed(1),
  };
}

const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');

const ms = (value: number) => (Number.isFinite(value) ? `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms` : 'n/a');
const signedMs = (value: number) => `${value >= 0 ? '+' : '−'}${ms(Math.abs(value))}`;
const mib = (kb: number | undefined) => (kb === undefined ? 'n/a' : `${(kb / 1024).toFixed(1)} MiB`);
const ratio = (value: number | undefined, floor: number | undefined) =>
  value === undefined || floor === undefined || !Number.isFinite(value) || !floor ? '' : ` (${(value / floor).toFixed(2)}×)`;

function p50(m: Merged) {
  return percentile(m.latencies, 50);
}
function p99(m: Merged) {
  return percentile(m.latencies, 99);
}
function rps(m: Merged) {
  return m.elapsedMs > 0 ? m.requests / (m.elapsedMs / 1000) : Number.NaN;
}

/** A markdown table; numeric columns (all but the first, unless `textColumns`) are right-aligned. */
function table(headers: string[], rows: string[][], textColumns = 1): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map((_, i) => (i < textColumns ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

export function targets(r: BenchResults): Target[] {
  const warm1 = (id: ScenarioId) => p50(r.warm.runs[id][1]);
  const floor = warm1('floor');
  const coldFloor = median(r.cold.latencies.floor);
  const coldExtra = (id: ScenarioId) => median(r.cold.latencies[id]) - coldFloor;
  const rejected = warm1('rejected') - floor;
  const authorized = warm1('authorized') - floor;
  return [
    {
      name: `rejected sender adds < ${LIMITS.rejectedP50Ms} ms p50 over the floor (warm, 1 connection)`,
      pass: rejected < LIMITS.rejectedP50Ms,
      measured: `${signedMs(rejected)} (${ms(warm1('rejected'))} vs ${ms(floor)})`,
    },
    {
      name: `authorized sender adds < ${LIMITS.authorizedP50Ms} ms p50 over the floor, emulator round trip included (warm, 1 connection)`,
      pass: authorized < LIMITS.authorizedP50Ms,
      measured: `${signedMs(authorized)} (${ms(warm1('authorized'))} vs ${ms(floor)})`,
    },
    {
      name: 'whitelist read from disk once per container (`whitelist` audit lines over the warm run = 1)',
      pass: r.warm.whitelistLines === 1,
      measured: `${r.warm.whitelistLines} line(s) for ${r.warm.relayRequests} relay requests`,
    },
    {
      name: `cold first request, authorized sender: < ${LIMITS.coldExtraMs} ms more than the floor's (fork mode, medians)`,
      pass: coldExtra('authorized') < LIMITS.coldExtraMs,
      measured: `${signedMs(coldExtra('authorized'))} (${ms(median(r.cold.latencies.authorized))} vs ${ms(coldFloor)})`,
    },
    {
      name: `cold first request, rejected sender: < ${LIMITS.coldExtraMs} ms more than the floor's (fork mode, medians)`,
      pass: coldExtra('rejected') < LIMITS.coldExtraMs,
      measured: `${signedMs(coldExtra('rejected'))} (${ms(median(r.cold.latencies.rejected))} vs ${ms(coldFloor)})`,
    },
  ];
}

export function targetsTable(list: Target[]): string {
  return table(['target', 'result', 'measured'], list.map((t) => [t.name, t.pass ? '**PASS**' : '**FAIL**', t.measured]), 3);
}

export function warmTable(r: BenchResults): string {
  const conc = r.warmPlan.concurrencies;
  const floor = r.warm.runs.floor;
  const headers = ['scenario', ...conc.flatMap((c) => [`p50 @${c}`, `p99 @${c}`, `req/s @${c}`]), 'Δ p50 @1', 'peak RSS'];
  const rows = SCENARIOS.map((s) => {
    const run = r.warm.runs[s.id];
    return [
      `(${s.letter}) ${s.label}`,
      ...conc.flatMap((c) => [
        `${ms(p50(run[c]))}${ratio(p50(run[c]), p50(floor[c]))}`,
        `${ms(p99(run[c]))}${ratio(p99(run[c]), p99(floor[c]))}`,
        `${Math.round(rps(run[c]))}${ratio(rps(run[c]), rps(floor[c]))}`,
      ]),
      s.id === 'floor' ? '—' : signedMs(p50(run[1]) - p50(floor[1])),
      `${mib(r.fresh[s.id].peakKb)}${ratio(r.fresh[s.id].peakKb, r.fresh.floor.peakKb)}`,
    ];
  });
  return table(headers, rows);
}

export function coldTable(r: BenchResults): string {
  const floorMedian = median(r.cold.latencies.floor);
  const headers = ['scenario', 'median', 'min', 'max', 'Δ median', 'worker peak RSS', 'fresh warm container: 1st request', 'its peak RSS'];
  const rows = SCENARIOS.map((s) => {
    const l = r.cold.latencies[s.id];
    const peaks = r.cold.workerPeaksKb[s.id];
    const peak = peaks.length ? Math.max(...peaks) : undefined;
    const floorPeaks = r.cold.workerPeaksKb.floor;
    const floorPeak = floorPeaks.length ? Math.max(...floorPeaks) : undefined;
    return [
      `(${s.letter}) ${s.label}`,
      `${ms(median(l))}${ratio(median(l), floorMedian)}`,
      ms(Math.min(...l)),
      ms(Math.max(...l)),
      s.id === 'floor' ? '—' : signedMs(median(l) - floorMedian),
      `${mib(peak)}${ratio(peak, floorPeak)}`,
      `${ms(r.fresh[s.id].firstRequestMs)}${ratio(r.fresh[s.id].firstRequestMs, r.fresh.floor.firstRequestMs)}`,
      `${mib(r.fresh[s.id].firstPeakKb)}${ratio(r.fresh[s.id].firstPeakKb, r.fresh.floor.firstPeakKb)}`,
    ];
  });
  return table(headers, rows);
}

export function markdown(r: BenchResults): string {
  const m = machine();
  const list = targets(r);
  const plan = r.warmPlan;
  const measured = (id: ScenarioId, c: number) => r.warm.runs[id][c].latencies.length;
  return `# Benchmarks

Produced by \`${r.command}\` on ${r.startedAt.toISOString()} (the bench itself took ${r.wallSeconds.toFixed(0)} s; the build before it is not counted).
Regenerate with the same command; the file is overwritten.

## Machine

- OS: ${m.os}
- CPU: ${m.cpu}, ${m.cores} core(s), ${m.memoryGiB} GiB RAM
- Node.js: ${m.node}; load generator: autocannon (in the bench process, with the emulator), twilio-run 5 with @twilio/runtime-handler
- Load average (1 / 5 / 15 min): ${load(r.loadBefore)} at the start, ${load(r.loadAfter)} at the end${Math.max(r.loadBefore[0], r.loadAfter[0]) > m.cores ? ` — **more than ${m.cores}: other work shared the CPUs, so these numbers are noisier and slower than on an idle machine**` : ''}

## Targets

${targetsTable(list)}

These are goals for the code, not test assertions: a FAIL here does not fail \`npm test\`.

## Warm containers: \`twilio-run --no-fork-process\` (like production)

${warmTable(r)}

All four scenarios are served by one twilio-run process and measured interleaved: ${plan.rounds} rounds, each running every
scenario for ${plan.seconds} s at each concurrency (\`@1\`, \`@16\` = keep-alive connections), in a rotated order, after
${plan.warmupSeconds} s of warm-up per scenario. Requests measured @1: ${SCENARIOS.map((s) => `(${s.letter}) ${measured(s.id, 1)}`).join(', ')};
@16: ${SCENARIOS.map((s) => `(${s.letter}) ${measured(s.id, 16)}`).join(', ')}.
The authorized sender's ${r.warm.authorizedAnswered} measured answers made ${r.warm.authorizedRestCalls} Messages.create calls on the emulator
(a few more than answers is normal: autocannon drops requests still in flight when a run ends, the relay still serves them).
The shared process's peak RSS over the whole warm run was ${mib(r.warm.processPeakKb)}. The peak RSS column comes from a
separate short-lived warm process per scenario (first request, then ${r.freshSeconds} s at 16 connections), because VmHWM only grows and the
relay's modules load lazily, so one shared process cannot tell the scenarios apart.

## Cold path: \`twilio-run\` default fork mode (a fresh worker process per request)

${coldTable(r)}

${r.coldSamples} sequential single requests per scenario, interleaved, each after the previous worker exited (plus one
unmeasured, fully checked request per scenario first). "Worker peak RSS" is the highest VmHWM of the per-request worker
processes, read from /proc every 3 ms while they live, so it is a lower bound; the twilio-run parent itself peaked at
${mib(r.cold.parentPeakKb)}. Each worker is a new container: the relay logged ${r.cold.whitelistLines} \`whitelist\` lines for ${r.cold.relayRequests}
relay requests. "Fresh warm container" is the first request a newly started \`--no-fork-process\` server answered (one
sample per scenario, from the peak-RSS processes above) and its VmHWM right after it: the runtime plus the modules that
request loaded, which is closer to a Twilio cold start than fork mode is.

## How to read this

- **(a) is the floor**: what the runtime (express, body parsing, the Twilio globals, TwiML serialization) costs before any
  code of ours runs. Every ratio is *scenario ÷ floor*: for latency and RSS higher is worse, for req/s lower is worse.
  The Δ columns are the absolute extra milliseconds the targets are about.
- **(b) and (c) are the relay as deployed** (\`dist/functions\`, copied with the two comparison functions into
  \`.cache/bench/functions\`). Locally they also verify X-Twilio-Signature (HMAC-SHA1, \`src/core/twilio/local-signature.ts\`)
  and append every audit line to AUDIT_LOG_FILE; deployed, Twilio's gateway checks signatures and there is no audit file,
  so these numbers are an upper bound for that part. (b) includes its REST call to the emulator on 127.0.0.1, which runs
  in the bench process next to autocannon; the latency of the real api.twilio.com (tens to hundreds of ms) is not in it.
- **(d) is Twilio's forward-message template**: no whitelist, no REST call, no audit, so it is the cheapest way to
  forward and the reference for what the relay's guarantees (whitelist, failover, audit trail) cost.
- **@1 vs @16**: @1 is pure per-request latency; @16 shows throughput on one warm container (a single Node.js thread),
  where p99 mostly measures queueing. Everything ran on the same ${m.cores}-core machine as the load generator, so
  absolute req/s are low and only the ratios carry over to other machines.
- **Cold**: twilio-run's fork mode loads the runtime and the function in a new process per request, which is far more
  than a Twilio cold start does, so compare the Δ to the floor, not the absolute times. (d) does almost exactly what (a) does,
  so the (d) − (a) gap in that table is a direct reading of the noise in a median of ${r.coldSamples}.
- **Peak RSS**: the runtime alone is most of it. Under load the peak mostly shows how much garbage V8 let pile up before
  collecting (it grows with throughput), so differences of ~10–20 MiB in the warm table are not retained memory; the
  fork workers' peaks and the fresh containers' "its peak RSS" show what loading the function itself adds.
- **Not measured**: the run has no SYNC_SERVICE_SID, so the relay's exactly-once claims are off (no Sync round trips per
  forward), and the emulator answers at once and sends no status callbacks.
- p99 @1 over a few thousand requests and anything measured while the load average exceeds the core count move between
  runs by more than the sub-millisecond differences the warm targets are about; rerun before concluding from one file.
`;
}

/** The terminal version: the same tables, no prose. */
export function summary(r: BenchResults): string {
  const m = machine();
  return [
    `machine: ${m.os}, ${m.cpu} × ${m.cores}, Node.js ${m.node}; load average ${load(r.loadBefore)} → ${load(r.loadAfter)}`,
    '',
    'Warm containers (twilio-run --no-fork-process):',
    warmTable(r),
    '',
    'Cold path (fork mode: a fresh worker per request):',
    coldTable(r),
    '',
    'Targets:',
    ...targets(r).map((t) => `  ${t.pass ? 'PASS' : 'FAIL'}  ${t.name}: ${t.measured}`),
    '',
  ].join('\n');
}
