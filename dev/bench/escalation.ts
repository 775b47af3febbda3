import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { FAKE, inboundSms } from '../fixtures';
import { median } from './measure';
import { startBenchRelay, type BenchRelay, type BenchSetup } from './relay';

/**
 * Issue 11's cost per dispatch: the same dispatch webhook on two warm relays with two-way on
 * (the emulator's Sync), one with ACK_TIMEOUT_MINUTES and a Messaging Service, one without,
 * requests alternating between them. Each request's REST round trips are counted from the
 * emulator's log (the bench sends no status callbacks, so every request the emulator gets while a
 * webhook runs is that webhook's), and its latency is the client's. Everything on 127.0.0.1.
 */
export interface EscalationMode {
  p50Ms: number;
  /** REST round trips per dispatch webhook (median): Messages creates, and Sync calls. */
  messages: number;
  sync: number;
}

export interface EscalationCost {
  samples: number;
  off: EscalationMode;
  on: EscalationMode;
}

const MG = 'MG' + 'e5'.repeat(16);
const TEXT = 'Structure fire, 4th and Elm';
/** Requests per relay before measuring: the first ones load the function and create the Sync Maps. */
const WARMUP = 3;

/** One dispatch, with its own MessageSid (a repeated one would be a duplicate, which schedules nothing). */
async function dispatchOnce(relay: BenchRelay, setup: BenchSetup): Promise<{ ms: number; messages: number; sync: number }> {
  const url = `${relay.baseUrl}/sms/incoming`;
  const params = inboundSms(FAKE.dispatcher.number, TEXT);
  const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': getExpectedTwilioSignature(FAKE.authToken, url, params) };
  const before = setup.emulator.requests.length;
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(params).toString(), signal: AbortSignal.timeout(15000) });
  await response.text();
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`bench: escalation dispatch answered HTTP ${response.status}\n${relay.run.output().slice(-3000)}`);
  const during = setup.emulator.requests.slice(before);
  const messages = during.filter((r) => r.path.includes('/Messages')).length;
  return { ms, messages, sync: during.length - messages };
}

export async function runEscalationCost(setup: BenchSetup, samples: number, log: (line: string) => void): Promise<EscalationCost> {
  const twoWay = { SYNC_SERVICE_SID: FAKE.syncServiceSid };
  const relays = {
    off: await startBenchRelay(setup, false, 'escalation-off', twoWay),
    on: await startBenchRelay(setup, false, 'escalation-on', { ...twoWay, MESSAGING_SERVICE_SID: MG, ACK_TIMEOUT_MINUTES: '15' }),
  };
  try {
    const seen = { off: [] as Array<Awaited<ReturnType<typeof dispatchOnce>>>, on: [] as Array<Awaited<ReturnType<typeof dispatchOnce>>> };
    for (let i = 0; i < WARMUP + samples; i += 1) {
      // Alternating, and in turn first: neither relay always runs on a machine the other just warmed.
      for (const mode of i % 2 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
        const sample = await dispatchOnce(relays[mode], setup);
        if (i >= WARMUP) seen[mode].push(sample);
      }
    }
    const summary = (mode: 'off' | 'on'): EscalationMode => ({
      p50Ms: median(seen[mode].map((s) => s.ms)),
      messages: median(seen[mode].map((s) => s.messages)),
      sync: median(seen[mode].map((s) => s.sync)),
    });
    const cost = { samples, off: summary('off'), on: summary('on') };
    log(`escalation: off p50 ${cost.off.p50Ms.toFixed(1)} ms, ${cost.off.messages}+${cost.off.sync} REST; on p50 ${cost.on.p50Ms.toFixed(1)} ms, ${cost.on.messages}+${cost.on.sync} REST`);
    return cost;
  } finally {
    await Promise.allSettled([relays.off.run.stop(), relays.on.run.stop()]);
  }
}

/** The BENCHMARKS.md section: both modes side by side, from one run. */
export function escalationMarkdown(cost: EscalationCost): string {
  const row = (name: string, mode: EscalationMode) => `| ${name} | ${mode.messages} | ${mode.sync} | ${mode.messages + mode.sync} | ${mode.p50Ms.toFixed(1)} |`;
  return [
    '',
    '## Escalation: the cost per dispatch',
    '',
    `The dispatch webhook (/sms/incoming, authorized sender) on two warm twilio-runs with two-way on (the emulator's Sync), one with`,
    '`ACK_TIMEOUT_MINUTES=15` and a Messaging Service, one without, alternating; ' + `${cost.samples} dispatches each after ${WARMUP} to warm up.`,
    "REST round trips are counted from the emulator's log (medians per webhook); the latency is the client's.",
    '',
    '| escalation | Messages calls | Sync calls | REST round trips | p50 ms |',
    '|---|---:|---:|---:|---:|',
    row('off', cost.off),
    row('on', cost.on),
    '',
    `With escalation on, each dispatch's webhook makes ${cost.on.messages - cost.off.messages} more Messages calls (the two scheduled creates) and`,
    `${cost.on.sync - cost.off.sync} more Sync calls (the "es" claim, and the record's read and write with the copies' SIDs), after the forward:`,
    'the forward itself is not delayed, but the webhook answers later. The cancels come on other paths (the acknowledging reply, the failover, the exhausted',
    'notice): one update per copy still scheduled, and one more record write. Scheduling is free; a copy Twilio sends is a normal message.',
    '',
  ].join('\n');
}
