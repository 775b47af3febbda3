/** The emulator's notion of now, in epoch milliseconds. */
export interface EmulatorClock {
  now(): number;
}

export const REAL_TIME: EmulatorClock = { now: () => Date.now() };

/**
 * A clock that stands still until a test moves it: time-dependent behaviour (Sync's rate
 * limit refilling, items expiring, scheduled messages falling due) is then tested by advancing
 * it, never by sleeping.
 */
export type ManualClock = EmulatorClock & { advance(ms: number): void };

export function manualClock(start = Date.now()): ManualClock {
  let time = start;
  return {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
  };
}
