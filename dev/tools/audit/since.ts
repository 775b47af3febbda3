const RELATIVE = /^(\d+)\s*(m|h|d|w)$/i;
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

/** `--since` (or `--until`): an ISO time (2026-11-28T13:00:00Z, 2026-11-28) or how long ago (30m, 2h, 7d, 1w). */
export function parseSince(text: string, now: Date = new Date(), flag = '--since'): Date {
  const relative = RELATIVE.exec(text.trim());
  if (relative) return new Date(now.getTime() - Number(relative[1]) * UNIT_MS[relative[2].toLowerCase()]);
  const time = Date.parse(text);
  if (ISO_DATE.test(text.trim()) && !Number.isNaN(time)) return new Date(time);
  throw new Error(`${flag} must be an ISO time such as 2026-11-28T13:00:00Z or a duration such as 30m, 2h, 7d; got "${text}"`);
}
