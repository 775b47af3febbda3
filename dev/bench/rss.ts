import { readdirSync, readFileSync } from 'node:fs';

/**
 * Peak resident set size ("high water mark") of a live process, in KiB, from /proc/<pid>/status;
 * undefined once the process is gone or where /proc does not exist.
 */
export function peakRssKb(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Direct children of a process (every thread's /proc/<pid>/task/<tid>/children). */
export function childPids(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) => {
      try {
        return readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number);
      } catch {
        return [];
      }
    });
  } catch {
    return [];
  }
}

/**
 * Polls the children of `parent` (twilio-run's per-request workers in fork mode) every
 * `everyMs` and keeps the highest VmHWM each one showed while alive. A worker lives only as long
 * as its request, so the last reading before it exits can miss its final growth: the values are
 * lower bounds. Each worker is attributed to the label set when it was first seen.
 */
export function sampleChildren(parent: number, everyMs = 3) {
  const peaks = new Map<number, { label: string; kb: number }>();
  let label = '';
  const poll = () => {
    for (const pid of childPids(parent)) {
      const kb = peakRssKb(pid);
      if (kb === undefined) continue;
      const seen = peaks.get(pid);
      if (!seen) peaks.set(pid, { label, kb });
      else seen.kb = Math.max(seen.kb, kb);
    }
  };
  const timer = setInterval(poll, everyMs);
  return {
    /** Workers that appear from now on belong to `next`. */
    label(next: string) {
      label = next;
    },
    poll,
    /** Peak VmHWM (KiB) of each worker seen under `of`. */
    peaks(of: string): number[] {
      return [...peaks.values()].filter((p) => p.label === of).map((p) => p.kb);
    },
    stop() {
      clearInterval(timer);
    },
  };
}

export type ChildSampler = ReturnType<typeof sampleChildren>;
