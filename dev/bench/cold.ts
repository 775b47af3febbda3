import { assertAllOk, load } from './measure';
import { checkScenario, rotate, startBenchRelay, whitelistLines, type BenchSetup } from './relay';
import { childPids, peakRssKb, sampleChildren } from './rss';
import { SCENARIOS, type ScenarioId } from './scenarios';

export interface ColdResult {
  /** Per scenario: latency of each single request, every one served by a freshly forked worker. */
  latencies: Record<ScenarioId, number[]>;
  /** Per scenario: the highest VmHWM seen of each worker (sampled, so lower bounds). */
  workerPeaksKb: Record<ScenarioId, number[]>;
  /** VmHWM of the twilio-run parent process itself. */
  parentPeakKb?: number;
  relayRequests: number;
  whitelistLines: number;
}

async function workersGone(pid: number, maxMs = 2000): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (childPids(pid).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
}

/**
 * The cold path: twilio-run in its default fork mode starts a fresh worker process for every
 * request, which loads the runtime and the function from scratch. `samples` sequential single
 * requests per scenario, interleaved; each waits until the previous worker has exited.
 */
export async function runCold(setup: BenchSetup, samples: number, log: (line: string) => void): Promise<ColdResult> {
  const relay = await startBenchRelay(setup, true, 'cold');
  const pid = relay.run.process.pid!;
  const sampler = sampleChildren(pid);
  try {
    const latencies = Object.fromEntries(SCENARIOS.map((s) => [s.id, [] as number[]])) as Record<ScenarioId, number[]>;
    let relayRequests = 0;
    // One unmeasured, fully checked request per scenario first (the parent's own first-request work).
    for (const scenario of SCENARIOS) {
      sampler.label('check');
      await checkScenario(relay, setup.emulator, scenario);
      await workersGone(pid);
    }
    relayRequests += 2;
    for (let i = 0; i < samples; i++) {
      for (const scenario of rotate(SCENARIOS, i)) {
        sampler.label(scenario.id);
        const sample = await load(relay.request(scenario), { connections: 1, amount: 1 });
        assertAllOk(`cold ${scenario.label}`, sample);
        latencies[scenario.id].push(sample.latencies[0]);
        if (scenario.path === '/sms/incoming') relayRequests += 1;
        await workersGone(pid);
      }
      if ((i + 1) % 5 === 0 || i + 1 === samples) log(`  ${i + 1}/${samples} requests per scenario`);
    }
    return {
      latencies,
      workerPeaksKb: Object.fromEntries(SCENARIOS.map((s) => [s.id, sampler.peaks(s.id)])) as Record<ScenarioId, number[]>,
      parentPeakKb: peakRssKb(pid),
      relayRequests,
      whitelistLines: whitelistLines(relay.auditPath),
    };
  } finally {
    sampler.stop();
    await relay.run.stop();
  }
}
