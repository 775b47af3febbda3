import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAudit, formatAuditLine, type AuditRecord } from '../../../src/core/twilio/audit';

const NOW = new Date('2024-05-06T07:08:09.010Z');
const INBOUND = `SM${'0'.repeat(31)}a`;
const OUTBOUND = `SM${'0'.repeat(31)}b`;

function sink() {
  return { info: jest.fn<void, [string]>(), warn: jest.fn<void, [string]>(), error: jest.fn<void, [string]>() };
}

describe('formatAuditLine', () => {
  it('is one JSON object on one line, level info by default', () => {
    const line = formatAuditLine({ event: 'received', inbound: INBOUND, media: 2 }, NOW);
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toStrictEqual({ ts: '2024-05-06T07:08:09.010Z', audit: 'received', level: 'info', inbound: INBOUND, media: 2 });
  });

  it('masks from and to to their last four digits', () => {
    expect(JSON.parse(formatAuditLine({ event: 'received', from: '+16195550100', to: '+16195550199' }, NOW))).toStrictEqual({
      ts: '2024-05-06T07:08:09.010Z',
      audit: 'received',
      level: 'info',
      from: '***0100',
      to: '***0199',
    });
    expect(JSON.parse(formatAuditLine({ event: 'rejected', from: 'ACME' }, NOW)).from).toBe('***');
  });

  it('masks numbers quoted in the reason', () => {
    const line = formatAuditLine(
      { event: 'send-failed', level: 'warn', errorCode: '21211', reason: "The 'To' number +16195550101 is not a valid phone number." },
      NOW,
    );
    expect(JSON.parse(line).reason).toBe("The 'To' number ***0101 is not a valid phone number.");
    expect(line).not.toContain('6195550101');
  });

  it('writes every field of a full record, and no other', () => {
    const record: Required<AuditRecord> = {
      event: 'exhausted',
      level: 'error',
      inbound: INBOUND,
      outbound: OUTBOUND,
      leg: 'backup',
      status: 'undelivered',
      errorCode: '30003',
      primaryErrorCode: '21610',
      from: '+16195550100',
      to: '+16195550102',
      media: 1,
      mediaDropped: 2,
      attempts: 3,
      content: 'notice',
      duration: 42,
      reason: 'no phone received the message',
      code: 7,
      reply: OUTBOUND,
      seconds: 45,
      notice: 'exhausted',
      alert: 'exhausted',
      copy: 'backup',
      sendAt: '2024-05-06T07:23:09Z',
      why: 'acknowledged',
    };
    expect(JSON.parse(formatAuditLine(record, NOW))).toStrictEqual({
      ts: '2024-05-06T07:08:09.010Z',
      audit: 'exhausted',
      level: 'error',
      inbound: INBOUND,
      outbound: OUTBOUND,
      leg: 'backup',
      status: 'undelivered',
      errorCode: '30003',
      primaryErrorCode: '21610',
      from: '***0100',
      to: '***0102',
      media: 1,
      mediaDropped: 2,
      attempts: 3,
      content: 'notice',
      duration: 42,
      code: 7,
      reply: OUTBOUND,
      seconds: 45,
      notice: 'exhausted',
      alert: 'exhausted',
      copy: 'backup',
      sendAt: '2024-05-06T07:23:09Z',
      why: 'acknowledged',
      reason: 'no phone received the message',
    });
  });

  it('omits undefined fields', () => {
    expect(Object.keys(JSON.parse(formatAuditLine({ event: 'status', inbound: INBOUND, errorCode: undefined, from: undefined }, NOW)))).toEqual([
      'ts',
      'audit',
      'level',
      'inbound',
    ]);
  });
});

describe('createAudit', () => {
  it('routes each line to the sink method of its level', () => {
    const out = sink();
    const audit = createAudit(out);
    audit({ event: 'forwarded', inbound: INBOUND });
    audit({ event: 'failover', level: 'warn', inbound: INBOUND });
    audit({ event: 'exhausted', level: 'error', inbound: INBOUND });
    audit({ event: 'delivered', level: 'info', inbound: INBOUND });
    expect(out.info.mock.calls.map(([line]) => JSON.parse(line).audit)).toEqual(['forwarded', 'delivered']);
    expect(out.warn.mock.calls.map(([line]) => JSON.parse(line).audit)).toEqual(['failover']);
    expect(out.error.mock.calls.map(([line]) => JSON.parse(line).audit)).toEqual(['exhausted']);
  });

  it('writes to the console by default', () => {
    const info = jest.spyOn(console, 'info').mockImplementation(() => undefined);
    try {
      createAudit()({ event: 'received', inbound: INBOUND });
      expect(info).toHaveBeenCalledTimes(1);
      expect(JSON.parse(info.mock.calls[0][0] as string).audit).toBe('received');
    } finally {
      info.mockRestore();
    }
  });

  describe('with AUDIT_LOG_FILE', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'relay-audit-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('appends each line to the file as JSONL, as well as to the sink', () => {
      const file = join(dir, 'audit.jsonl');
      writeFileSync(file, '{"audit":"earlier"}\n');
      const out = sink();
      const audit = createAudit(out, file);
      audit({ event: 'received', inbound: INBOUND, from: '+16195550100' });
      audit({ event: 'exhausted', level: 'error', inbound: INBOUND });
      const lines = readFileSync(file, 'utf8').split('\n');
      expect(lines).toHaveLength(4);
      expect(lines[0]).toBe('{"audit":"earlier"}');
      expect(lines[3]).toBe('');
      expect(lines[1]).toBe(out.info.mock.calls[0][0]);
      expect(lines[2]).toBe(out.error.mock.calls[0][0]);
      expect(JSON.parse(lines[1])).toMatchObject({ audit: 'received', from: '***0100' });
      expect(JSON.parse(lines[2])).toMatchObject({ audit: 'exhausted', level: 'error' });
    });

    it('reports an unwritable file as an error line instead of throwing', () => {
      const file = join(dir, 'missing-dir', 'audit.jsonl');
      const out = sink();
      const audit = createAudit(out, file);
      expect(() => audit({ event: 'received', inbound: INBOUND })).not.toThrow();
      expect(out.info).toHaveBeenCalledTimes(1);
      expect(out.error).toHaveBeenCalledTimes(1);
      const report = JSON.parse(out.error.mock.calls[0][0]);
      expect(report.audit).toBe('error');
      expect(report.level).toBe('error');
      expect(report.reason).toMatch(/^AUDIT_LOG_FILE not writable: ENOENT: no such file or directory/);
    });

    it('reports a directory given as the file', () => {
      const out = sink();
      createAudit(out, dir)({ event: 'failover', level: 'warn', inbound: INBOUND });
      expect(out.warn).toHaveBeenCalledTimes(1);
      expect(JSON.parse(out.error.mock.calls[0][0]).reason).toMatch(/^AUDIT_LOG_FILE not writable: EISDIR/);
    });
  });
});
