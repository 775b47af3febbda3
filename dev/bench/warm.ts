import { assertAllOk, load, merge, type Merged, type RunSample } from './measure';
import { checkScenario, restCreates, rotate, settle, startBenchRelay, whitelistLines, type BenchSetup } from './relay';
import { peakRssKb } from './rss';
import { SCENARIOS, type ScenarioId } from './scenarios';

export interface WarmPlan {
  rounds: number;
  /** Length of each measured run. */
  seconds: number;
  warmupSeconds: number;
  concurrencies: readonly number[];
}

export interface WarmResult {
  /** Per scenario, per concurrency: every measured run merged. */
  runs: Record<ScenarioId, Record<number, Merged>>;
  /** Authorized sender: requests answered while measuring, and the REST calls the emulator got. */
  authorizedAnswered: number;
  authorizedRestCalls: number;
  /** Relay requests served by the one warm process, and how often it parsed the whitelist. */
  relayRequests: number;
  whitelistLines: number;
  /** VmHWM of the shared warm process after everything (all scenarios together). */
  processPeakKb?: number;
}

/**
 * All four scenarios on ONE warm twilio-run (--no-fork-process), interleaved: each round runs
 * every scenario once per concurrency, in a rotated order, so they share conditions.
 */
export async function runWarm(setup: BenchSetup, plan: WarmPlan, log: (line: string) => void): Promise<WarmResult> {
  const relay = await startBenchRelay(setup, false, 'warm');
  try {
    const { emulator } = setup;
    const runs = Object.fromEntries(SCENARIOS.map((s) => [s.id, {}])) as WarmResult['runs'];
    const samples = new Map<string, RunSample[]>();
    let authorizedAnswered = 0;
    let authorizedRestCalls = 0;
    let relayRequests = 0;

    for (const scenario of SCENARIOS) await checkScenario(relay, emulator, scenario);
    relayRequests += 2;

    log(`  warm-up: ${plan.warmupSeconds} s per scenario`);
    for (const scenario of SCENARIOS) {
      for (const connections of [16, 1]) {
        const sample = await load(relay.request(scenario), { connections, seconds: plan.warmupSeconds / 2 });
        assertAllOk(`warm-up of ${scenario.label}`, sample);
        if (scenario.path === '/sms/incoming') relayRequests += sample.latencies.length;
        await settle(emulator);
      }
    }

    for (let round = 0; round < plan.rounds; round++) {
      for (const connections of plan.concurrencies) {
        for (const scenario of rotate(SCENARIOS, round)) {
          const before = restCreates(emulator);
          const sample = await load(relay.request(scenario), { connections, seconds: plan.seconds });
          assertAllOk(`${scenario.label}, ${connections} connection(s)`, sample);
          await settle(emulator);
          const creates = restCreates(emulator) - before;
          const answered = sample.latencies.length;
          if (scenario.path === '/sms/incoming') relayRequests += answered;
          if (scenario.restCall) {
            authorizedAnswered += answered;
            authorizedRestCalls += creates;
          } else if (creates !== 0) {
            throw new Error(`bench: ${scenario.label} made ${creates} REST call(s); it must make none`);
          }
          const key = `${scenario.id}@${connections}`;
          samples.set(key, [...(samples.get(key) ?? []), sample]);
        }
      }
      log(`  round ${round + 1}/${plan.rounds} done`);
    }
    for (const scenario of SCENARIOS) {
      for (const connections of plan.concurrencies) runs[scenario.id][connections] = merge(samples.get(`${scenario.id}@${connections}`) ?? []);
    }
    return {
      runs,
      authorizedAnswered,
      authorizedRestCalls,
      relayRequests,
      whitelistLines: whitelistLines(relay.auditPath),
      processPeakKb: peakRssKb(relay.run.process.pid!),
    };
  } finally {
    await relay.run.stop();
  }
}

export interface FreshContainer {
  /** Latency of the very first request a fresh warm container served (one sample). */
  firstRequestMs: number;
  /** VmHWM right after that first request: the runtime plus what the function loaded. */
  firstPeakKb?: number;
  /** VmHWM after that request and a short load at 16 connections: a container serving only this function. */
  peakKb?: number;
}

/**
 * Peak RSS per scenario needs a process of its own (VmHWM only ever grows, and the relay's
 * modules load lazily), so each scenario also gets a short-lived warm twilio-run: first request,
 * then `seconds` of load at 16 connections, then VmHWM.
 */
export async function runFreshContainers(setup: BenchSetup, seconds: number, log: (line: string) => void): Promise<Record<ScenarioId, FreshContainer>> {
  const result = {} as Record<ScenarioId, FreshContainer>;
  for (const scenario of SCENARIOS) {
    const relay = await startBenchRelay(setup, false, `fresh-${scenario.id}`);
    try {
      const first = await load(relay.request(scenario), { connections: 1, amount: 1 });
      assertAllOk(`first request of ${scenario.label}`, first);
      const firstPeakKb = peakRssKb(relay.run.process.pid!);
      const busy = await load(relay.request(scenario), { connections: 16, seconds });
      assertAllOk(`${scenario.label} in a fresh container`, busy);
      await settle(setup.emulator);
      result[scenario.id] = { firstRequestMs: first.latencies[0], firstPeakKb, peakKb: peakRssKb(relay.run.process.pid!) };
      log(`  ${scenario.id}: first request ${first.latencies[0].toFixed(1)} ms, peak RSS ${((result[scenario.id].peakKb ?? 0) / 1024).toFixed(1)} MiB`);
    } finally {
      await relay.run.stop();
    }
  }
  return result;
}
