/** A forwarding attempt: first to the primary phone, then, if that fails, to the backup phone. */
export type Leg = 'primary' | 'backup';

export const LEGS: readonly Leg[] = ['primary', 'backup'];

export function isLeg(value: unknown): value is Leg {
  return value === 'primary' || value === 'backup';
}
