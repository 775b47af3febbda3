import { manualClock } from '../emulator/clock';
import { startEmulator } from '../emulator/server';
import { FAKE, FAKE_ACCOUNT, inboundSms } from '../fixtures';
import { postSigned } from '../signed-post';
import { median } from './measure';
import { startBenchRelay, type BenchSetup } from './relay';

/**
 * Issue 12's speed: how long after a dispatch's webhook the backup is paged when the primary does
 * not answer, on the emulator's clock (ring time is the emulator's: advance() moves it one second
 * at a time until the backup's page call exists), beside the text path's deadline
 * (ACK_TIMEOUT_MINUTES, here 15). Its own emulator (a manual clock, scripted callees) and relay,
 * everything on 127.0.0.1. The relay's own time does not move the manual clock: this is the
 * escalation's schedule, not the relay's speed (the webhook bench measures that).
 */
export interface PagingLatency {
  samples: number;
  /** DIAL_TIMEOUT_SECONDS of the run: how long the primary rings. */
  ringSeconds: number;
  /** Median, on the emulator's clock, from the dispatch's webhook to the backup's page call. */
  backupPagedSeconds: number;
  /** When the text path would escalate: ACK_TIMEOUT_MINUTES of the run, in seconds. */
  textDeadlineSeconds: number;
}

const MG = 'MG' + 'f6'.repeat(16);
const RING_SECONDS = 20;
const ACK_TIMEOUT_MINUTES = 15;
/** Clock steps before giving up on a backup page: far more than the ring time. */
const MAX_STEPS = 120;

export async function runPagingLatency(setup: BenchSetup, samples: number, log: (line: string) => void): Promise<PagingLatency> {
  const clock = manualClock();
  const callees = { [FAKE.primaryNumber]: { outcome: 'no-answer' as const }, [FAKE.backupNumber]: { outcome: 'human' as const, presses: ['1'] } };
  const emulator = await startEmulator({ ...FAKE_ACCOUNT, clock, callees });
  try {
    const env = { SYNC_SERVICE_SID: FAKE.syncServiceSid, MESSAGING_SERVICE_SID: MG, ACK_TIMEOUT_MINUTES: String(ACK_TIMEOUT_MINUTES), PAGE_BY_CALL: 'true', DIAL_TIMEOUT_SECONDS: String(RING_SECONDS) };
    const relay = await startBenchRelay({ ...setup, emulator }, false, 'paging', env);
    try {
      const seen: number[] = [];
      for (let i = 0; i < samples; i += 1) {
        const params = inboundSms(FAKE.dispatcher.number, 'Structure fire, 4th and Elm');
        const backupPage = () => [...emulator.calls.values()].find((call) => call.to === FAKE.backupNumber && call.url.includes(params.MessageSid));
        const started = clock.now();
        const answer = await postSigned(`${relay.baseUrl}/sms/incoming`, params, FAKE.authToken);
        if (answer.status !== 200) throw new Error(`bench: paging dispatch answered HTTP ${answer.status}\n${relay.run.output().slice(-3000)}`);
        await emulator.idle();
        for (let step = 0; !backupPage() && step < MAX_STEPS; step += 1) await emulator.advance(1000);
        const call = backupPage();
        if (!call) throw new Error(`bench: the backup was not paged within ${MAX_STEPS} s of the emulator's clock\n${relay.run.output().slice(-3000)}`);
        seen.push((call.startTime.getTime() - started) / 1000);
      }
      const latency = { samples, ringSeconds: RING_SECONDS, backupPagedSeconds: median(seen), textDeadlineSeconds: ACK_TIMEOUT_MINUTES * 60 };
      log(`paging: backup paged ${latency.backupPagedSeconds} s after the webhook (emulator's clock, ${RING_SECONDS} s ring), the text path at ${latency.textDeadlineSeconds} s`);
      return latency;
    } finally {
      await relay.run.stop();
    }
  } finally {
    await emulator.close();
  }
}

/** The BENCHMARKS.md section. */
export function pagingMarkdown(latency: PagingLatency): string {
  return [
    '',
    '## Paging: how soon the backup has the dispatch',
    '',
    `The primary does not answer (DIAL_TIMEOUT_SECONDS=${latency.ringSeconds}); ${latency.samples} dispatches, median, on the emulator's clock (\`dev/bench/paging.ts\`).`,
    '',
    '| path | the backup gets the dispatch after |',
    '|---|---|',
    `| paging (PAGE_BY_CALL=true): texted and paged when the primary's page ends | ${latency.backupPagedSeconds} s |`,
    `| text only (ACK_TIMEOUT_MINUTES=${latency.textDeadlineSeconds / 60}) | ${latency.textDeadlineSeconds} s |`,
    '',
  ].join('\n');
}
