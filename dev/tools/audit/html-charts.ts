import type { Chain, Outcome } from './chains';
import type { AuditLine } from './read-lines';
import { formatSeconds } from './two-way-facts';

/** Outcome colours: green reached, amber not yet, red nobody, grey by design. */
export const OUTCOME_COLOR: Record<Outcome, string> = {
  delivered: '#2e7d32', connected: '#2e7d32', voicemail: '#558b2f',
  'failed-over-pending': '#ef8f00', pending: '#f9a825', 'in-progress': '#f9a825', unknown: '#8e24aa', 'notice-only': '#e65100',
  exhausted: '#c62828', 'not-forwarded': '#b71c1c', 'nobody-answered': '#c62828', 'voicemail-not-texted': '#d84315', 'relay-error': '#b71c1c',
  rejected: '#757575', keyword: '#757575',
};

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** A timeline step: which events are drawn, and how each is named (received → primary → failed over → backup → acknowledged). */
function stepName(line: AuditLine, chain: Chain): string | undefined {
  const inbound = chain.inbound;
  switch (line.audit) {
    // A call's only texts are its voicemail's.
    case 'forwarded': return chain.kind === 'call' ? `texted ${line.leg ?? '?'}` : line.leg ?? 'sent';
    case 'dialing': return `rang ${line.leg ?? '?'}`;
    // A reply's own `received` line joins its dispatch's chain (two-way-facts.ts replyOwners).
    case 'received': return line.inbound === inbound ? 'received' : 'reply received';
    case 'send-failed': return `${line.leg ?? 'send'} refused${line.errorCode ? ` (${line.errorCode})` : ''}`;
    case 'failover': case 'fallback': return 'failed over';
    case 'delivered': case 'connected': return `${line.audit} (${line.leg ?? '?'})`;
    case 'exhausted': return `exhausted${line.errorCode ? ` (${line.errorCode})` : ''}`;
    case 'acknowledged': return `acknowledged by ${line.leg ?? '?'}`;
    case 'notice': return `${line.notice ?? ''} notice`.trim();
    case 'voicemail': case 'rejected': case 'keyword': return line.audit;
    default: return undefined;
  }
}

const STEP_COLOR = (name: string) =>
  name.startsWith('acknowledged') ? '#1565c0' : /exhausted|refused/.test(name) ? '#c62828' : name === 'failed over' ? '#ef8f00' : /^delivered|^connected/.test(name) ? '#2e7d32' : '#546e7a';

export interface Step {
  name: string;
  /** Seconds after the chain's first line. */
  at: number;
}

export function stepsOf(chain: Chain): Step[] {
  const start = Date.parse(chain.start);
  return chain.lines.flatMap((line) => {
    const name = stepName(line, chain);
    return name ? [{ name, at: Math.round((Date.parse(line.ts) - start) / 1000) }] : [];
  });
}

/** One dispatch's steps on a line, its own time scale, each dot titled (hover) with what and when. */
export function timelineSvg(chain: Chain, steps: Step[]): string {
  const width = 420;
  const span = Math.max(1, ...steps.map((s) => s.at));
  const x = (at: number) => 12 + (at / span) * (width - 24);
  const dots = steps
    .map((s) => `<circle cx="${x(s.at).toFixed(1)}" cy="12" r="5" fill="${STEP_COLOR(s.name)}"><title>${escapeHtml(`${s.name} +${formatSeconds(s.at)}`)}</title></circle>`)
    .join('');
  const end = x(Math.max(...steps.map((s) => s.at), 0));
  return `<svg class="tl" viewBox="0 0 ${width} 24" width="100%" height="24" role="img" aria-label="timeline"><line x1="12" y1="12" x2="${end.toFixed(1)}" y2="12" stroke="${OUTCOME_COLOR[chain.outcome]}" stroke-width="3"/>${dots}</svg>`;
}

const BUCKETS: Array<[string, number]> = [['< 30 s', 30], ['30 s–1 min', 60], ['1–2 min', 120], ['2–5 min', 300], ['5–15 min', 900], ['15–60 min', 3600], ['≥ 1 h', Infinity]];

/** Bars: how many dispatches were acknowledged within each span of time after their forward. */
export function ackHistogramSvg(seconds: number[]): string {
  const counts = BUCKETS.map(([, limit], i) => seconds.filter((s) => s < limit && (i === 0 || s >= BUCKETS[i - 1][1])).length);
  const top = Math.max(1, ...counts);
  const bar = 64;
  const bars = counts
    .map((count, i) => {
      const h = Math.round((count / top) * 120);
      const x = 10 + i * (bar + 8);
      return `<g><rect x="${x}" y="${140 - h}" width="${bar}" height="${h}" fill="#1565c0"><title>${count} acknowledged ${BUCKETS[i][0]}</title></rect>` +
        `<text x="${x + bar / 2}" y="${134 - h}" text-anchor="middle">${count}</text><text x="${x + bar / 2}" y="158" text-anchor="middle">${escapeHtml(BUCKETS[i][0])}</text></g>`;
    })
    .join('');
  return `<svg class="hist" viewBox="0 0 ${20 + BUCKETS.length * (bar + 8)} 166" width="${20 + BUCKETS.length * (bar + 8)}" height="166" role="img" aria-label="time to acknowledgement">${bars}</svg>`;
}
