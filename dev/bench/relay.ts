import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Emulator } from '../emulator/server';
import { fakeEnv } from '../fixtures';
import { startTwilioRun, type TwilioRun } from '../twilio-run-process';
import { signedRequest, type Scenario, type SignedRequest } from './scenarios';

/** What every twilio-run the bench starts shares. */
export interface BenchSetup {
  emulator: Emulator;
  /** Relative to the project. */
  functionsFolder: string;
  assetsFolder: string;
  /** A private scratch folder for the audit files. */
  scratch: string;
}

export interface BenchRelay {
  run: TwilioRun;
  /** http://127.0.0.1:<port>: every request stays on loopback. */
  baseUrl: string;
  auditPath: string;
  request(scenario: Scenario): SignedRequest;
}

const running = new Set<TwilioRun>();

/** Stops every twilio-run the bench started and has not stopped yet (Ctrl-C, errors). */
export async function stopAllRelays(): Promise<void> {
  await Promise.allSettled([...running].map((run) => run.stop()));
}

/** twilio-run on the bench functions, against the emulator; `fork` = a fresh process per request; `env`: more variables. */
export async function startBenchRelay(setup: BenchSetup, fork: boolean, name: string, env: Record<string, string> = {}): Promise<BenchRelay> {
  const auditPath = join(setup.scratch, `${name}.audit.jsonl`);
  const run = await startTwilioRun({
    env: fakeEnv(setup.emulator.url, { AUDIT_LOG_FILE: auditPath, ...env }),
    fork,
    functionsFolder: setup.functionsFolder,
    assetsFolder: setup.assetsFolder,
  });
  running.add(run);
  const stop = run.stop;
  run.stop = async () => {
    try {
      await stop();
    } finally {
      running.delete(run);
    }
  };
  const baseUrl = `http://127.0.0.1:${run.port}`;
  const requests = new Map<Scenario, SignedRequest>();
  return {
    run,
    baseUrl,
    auditPath,
    request(scenario) {
      if (!requests.has(scenario)) requests.set(scenario, signedRequest(baseUrl, scenario));
      return requests.get(scenario)!;
    },
  };
}

/** The Messages.create calls the emulator received so far. */
export function restCreates(emulator: Emulator): number {
  let n = 0;
  for (const r of emulator.requests) if (r.method === 'POST' && r.path.endsWith('/Messages.json')) n += 1;
  return n;
}

/** How many times a container parsed the whitelist: the relay audits one `whitelist` line each time. */
export function whitelistLines(auditPath: string): number {
  if (!existsSync(auditPath)) return 0;
  return readFileSync(auditPath, 'utf8')
    .split('\n')
    .filter((line) => line.includes('"audit":"whitelist"')).length;
}

/**
 * One request per scenario, checked in full before anything is measured: HTTP 200, the expected
 * TwiML, and exactly one REST call for the authorized sender (none otherwise).
 */
export async function checkScenario(relay: BenchRelay, emulator: Emulator, scenario: Scenario): Promise<void> {
  const request = relay.request(scenario);
  const before = restCreates(emulator);
  const response = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body, signal: AbortSignal.timeout(15000) });
  const text = await response.text();
  const creates = restCreates(emulator) - before;
  const problems = [
    ...(response.status === 200 ? [] : [`HTTP ${response.status}`]),
    ...(scenario.expectBody.test(text) ? [] : [`unexpected body ${JSON.stringify(text.slice(0, 300))}`]),
    ...(creates === (scenario.restCall ? 1 : 0) ? [] : [`${creates} Messages.create call(s), expected ${scenario.restCall ? 1 : 0}`]),
  ];
  if (problems.length > 0) {
    throw new Error(`bench: ${scenario.label} (${request.url}) does not work: ${problems.join('; ')}\n--- twilio-run output (tail) ---\n${relay.run.output().slice(-3000)}`);
  }
}

/** Waits until the relay has finished requests still in flight (the REST call count stops moving). */
export async function settle(emulator: Emulator, quietMs = 40, maxMs = 1500): Promise<void> {
  const deadline = Date.now() + maxMs;
  let last = restCreates(emulator);
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, quietMs));
    const now = restCreates(emulator);
    if (now === last) return;
    last = now;
  }
}

/** `items` rotated by `by`, so no scenario always runs first. */
export function rotate<T>(items: readonly T[], by: number): T[] {
  const k = ((by % items.length) + items.length) % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}
