import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface AuditLine {
  audit: string;
  level: string;
  inbound?: string;
  outbound?: string;
  leg?: string;
  status?: string;
  errorCode?: string | number;
  primaryErrorCode?: string | number;
  reason?: string;
  [key: string]: unknown;
}

/** A temporary AUDIT_LOG_FILE and a reader of its JSON lines. */
export function auditFile() {
  const dir = mkdtempSync(join(tmpdir(), 'sms-relay-audit-'));
  const path = join(dir, 'audit.jsonl');
  const lines = (): AuditLine[] =>
    existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as AuditLine) : [];
  return {
    path,
    lines,
    chain: (inbound: string) => lines().filter((line) => line.inbound === inbound),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
