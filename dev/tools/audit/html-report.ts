import { isFailure, isUnacknowledged, type Chain } from './chains';
import { ackHistogramSvg, escapeHtml, OUTCOME_COLOR, stepsOf, timelineSvg } from './html-charts';
import { formatSeconds } from './two-way-facts';
import { ackText, escalationText } from './two-way-report';

export interface HtmlOptions {
  /** Where the chains came from: the audit trail's file, or Twilio's records. */
  source: string;
  generatedAt: Date;
  openSince: Date;
}

// Everything inline: the page must open from a file, offline, with no request to anywhere.
const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;background:#fafafa}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px}.meta{color:#666}
.counts span{display:inline-block;margin:0 6px 6px 0;padding:2px 8px;border-radius:10px;color:#fff}
table{border-collapse:collapse;background:#fff}td,th{padding:4px 8px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
td.outcome{font-weight:600}td.ack{min-width:10em}td.tl-cell{width:45%}svg.tl{display:block;max-width:420px}.steps{color:#555;font-size:12px}.sid{font-family:ui-monospace,monospace;font-size:12px}
svg text{font-size:11px;fill:#333}label{user-select:none}body.only-failures tr.ok{display:none}`;

const SCRIPT = `document.getElementById('only-failures').addEventListener('change',function(e){document.body.classList.toggle('only-failures',e.target.checked);});`;

function row(chain: Chain, openSince: Date): string {
  const steps = stepsOf(chain);
  const attention = isFailure(chain) || isUnacknowledged(chain, openSince);
  const trail = steps.map((s, i) => `${escapeHtml(s.name)}${i === 0 ? ` ${escapeHtml(chain.start)}` : ` +${formatSeconds(s.at)}`}`).join(' → ');
  const ack = chain.code === undefined ? '' : escapeHtml(`${ackText(chain)}${escalationText(chain)}`);
  return `<tr class="dispatch ${attention ? 'attention' : 'ok'}" data-inbound="${escapeHtml(chain.inbound)}" data-outcome="${chain.outcome}">` +
    `<td class="sid">${escapeHtml(chain.inbound)}</td><td>${chain.code === undefined ? '' : `#${chain.code}`}</td>` +
    `<td class="outcome" style="color:${OUTCOME_COLOR[chain.outcome]}">${chain.outcome}</td><td class="ack">${ack}</td>` +
    `<td class="tl-cell">${timelineSvg(chain, steps)}<div class="steps">${trail}</div></td></tr>`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const title = (chains: Chain[]) => {
  const calls = chains.filter((chain) => chain.kind === 'call').length;
  const messages = plural(chains.length - calls, 'dispatch', 'dispatches');
  return calls === 0 ? messages : `${messages} and ${plural(calls, 'call', 'calls')}`;
};

/**
 * `npm run audit -- --html report.html`: one self-contained page (inline CSS, SVG and a few lines
 * of script; no URL to fetch) with a timeline per dispatch, coloured by outcome, and the
 * distribution of time to acknowledgement.
 */
export function renderHtml(chains: Chain[], options: HtmlOptions): string {
  const shown = chains.filter((chain) => chain.kind !== 'reply');
  const counts = new Map<string, number>();
  for (const chain of shown) counts.set(chain.outcome, (counts.get(chain.outcome) ?? 0) + 1);
  const badges = [...counts]
    .map(([outcome, n]) => `<span style="background:${OUTCOME_COLOR[outcome as Chain['outcome']]}" data-count="${outcome}">${outcome} ${n}</span>`)
    .join('');
  const seconds = shown.flatMap((chain) => (chain.acknowledged?.seconds === undefined ? [] : [chain.acknowledged.seconds]));
  const attention = shown.filter((chain) => isFailure(chain) || isUnacknowledged(chain, options.openSince)).length;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>sms-relay audit</title><style>${STYLE}</style></head>
<body>
<h1>sms-relay audit: ${title(shown)}</h1>
<p class="meta">From ${escapeHtml(options.source)}; written ${escapeHtml(options.generatedAt.toISOString())}. Numbers are masked; no message text.</p>
<div class="counts">${badges}</div>
<h2>Time to acknowledgement (${seconds.length} acknowledged)</h2>
${seconds.length === 0 ? '<p>No dispatch was acknowledged.</p>' : ackHistogramSvg(seconds)}
<h2>Dispatches (${attention} need attention)</h2>
<p><label><input type="checkbox" id="only-failures"> only those not delivered, or open and not acknowledged</label></p>
<table><thead><tr><th>inbound</th><th>code</th><th>outcome</th><th>acknowledged</th><th>timeline</th></tr></thead>
<tbody>
${shown.map((chain) => row(chain, options.openSince)).join('\n')}
</tbody></table>
<script>${SCRIPT}</script>
</body></html>
`;
}
