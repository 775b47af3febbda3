/** One result of a check: fine, worth a look, or a reason not to deploy. */
export interface Finding {
  level: 'ok' | 'warn' | 'error';
  text: string;
}

export const ok = (text: string): Finding => ({ level: 'ok', text });
export const warn = (text: string): Finding => ({ level: 'warn', text });
export const error = (text: string): Finding => ({ level: 'error', text });

const LABEL: Record<Finding['level'], string> = { ok: 'ok     ', warn: 'warning', error: 'ERROR  ' };

/** One line per finding, its level first so `grep ERROR` finds every problem. */
export const formatFinding = (finding: Finding) => `  ${LABEL[finding.level]} ${finding.text}`;

export function summary(findings: Finding[]): { errors: number; warnings: number; line: string } {
  const errors = findings.filter((f) => f.level === 'error').length;
  const warnings = findings.filter((f) => f.level === 'warn').length;
  const counts = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  return { errors, warnings, line: errors > 0 ? `${counts}: fix every ERROR before deploying.` : `${counts}: ready to deploy.` };
}

/** Prints each finding and the summary line; returns how many errors there were. */
export function printFindings(findings: Finding[], print: (line: string) => void = console.log): number {
  for (const finding of findings) print(formatFinding(finding));
  const { errors, line } = summary(findings);
  print(`doctor: ${line}`);
  return errors;
}
