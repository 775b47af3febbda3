import { createDispatch, type DispatchRecord } from '../../src/core/dispatch/record';
import type { Leg } from '../../src/core/legs';

export const DISPATCH = { number: '+16195550100', name: 'Dispatch' };
export const T0 = new Date('2026-12-01T12:00:00.000Z');
export const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

/** A dispatch forwarded at T0 (or `at`) with a 24-hour window. */
export function dispatch(overrides: { inboundSid?: string; code?: number; chain?: Leg[]; at?: Date; text?: string; mediaUrl?: string[] } = {}): DispatchRecord {
  return createDispatch({
    inboundSid: overrides.inboundSid ?? 'SM00000000000000000000000000000001',
    ...('code' in overrides ? { code: overrides.code } : { code: 7 }),
    sender: DISPATCH,
    text: overrides.text ?? 'Gate code changed',
    mediaUrl: overrides.mediaUrl ?? [],
    chain: overrides.chain ?? ['primary', 'backup'],
    at: overrides.at ?? T0,
    windowHours: 24,
  });
}
