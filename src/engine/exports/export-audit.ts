import fs from 'node:fs';
import type { ExportedFile } from '../../shared/campaign-types';
import type { AuditEntry } from '../../shared/privacy-methods';
import { AUDIT_TABLE, recordAudit } from '../privacy/audit-log';
import type { Session } from '../workspace';
import { sha256OfFile } from './export-destination';

/**
 * Exports in the audit log (审计): what left the workspace, when, by whom (the OS user), of which
 * campaign version and segment versions, how many customers, masked or — with the reason — in
 * clear, with which columns, and every file's path, rows, size and SHA-256, so `audit verify` can
 * later say which files were changed or are gone.
 */
export const EXPORT_ACTION = 'export';

export interface ExportAuditFacts {
  /** What was exported: a campaign list, a table or result, the data dictionary. */
  subject: { kind: 'campaign'; id: string | null; name: string; version: number | null } | { kind: 'table'; name: string } | { kind: 'dictionary' };
  segmentVersions?: Array<{ segmentId: string; version: number }>;
  counts?: Record<string, unknown>;
  format: string;
  splitBy: string | null;
  masked: boolean;
  columns: string[];
  files: ExportedFile[];
  rows: number;
  warnings?: string[];
}

export async function recordExport(session: Session, facts: ExportAuditFacts, reason: string | null): Promise<AuditEntry> {
  return recordAudit(session, { action: EXPORT_ACTION, reason, details: { ...facts } });
}

export type VerifiedFile = ExportedFile & { status: 'ok' | 'changed' | 'missing'; actualSha256: string | null };

export async function verifyFile(file: ExportedFile): Promise<VerifiedFile> {
  if (!fs.existsSync(file.path) || !fs.statSync(file.path).isFile()) return { ...file, status: 'missing', actualSha256: null };
  const actual = await sha256OfFile(file.path);
  return { ...file, status: actual === file.sha256 ? 'ok' : 'changed', actualSha256: actual };
}

type AuditRow = {
  id: string;
  recorded_at: string;
  details: string;
};

/** Re-hashes the files of every export in the log (or of one entry). */
export async function verifyExports(session: Session, auditId: string | undefined): Promise<{ entries: Array<{ auditId: string; at: string; files: VerifiedFile[] }>; ok: boolean }> {
  const rows = await session.rows<AuditRow>(
    `SELECT id, recorded_at, details FROM ${AUDIT_TABLE} WHERE action = $action AND ($id IS NULL OR id = $id) ORDER BY recorded_at DESC, id`,
    { action: EXPORT_ACTION, id: auditId ?? null },
  );
  const entries = [];
  for (const row of rows) {
    const files = filesOf(row.details);
    const verified: VerifiedFile[] = [];
    for (const file of files) verified.push(await verifyFile(file));
    entries.push({ auditId: row.id, at: row.recorded_at, files: verified });
  }
  return { entries, ok: entries.every((e) => e.files.every((f) => f.status === 'ok')) };
}

function filesOf(details: string): ExportedFile[] {
  try {
    const parsed = JSON.parse(details) as { files?: unknown };
    if (!Array.isArray(parsed.files)) return [];
    return parsed.files.filter((f): f is ExportedFile => typeof f === 'object' && f !== null && typeof (f as ExportedFile).path === 'string' && typeof (f as ExportedFile).sha256 === 'string');
  } catch {
    return [];
  }
}
