import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { AuditEntry } from '../../shared/privacy-methods';
import type { Session } from '../workspace';

/**
 * The audit log (审计): one row per act on personal data — an unmasking and its reason today, an
 * export (campaign, versions, counts, files and their SHA-256, issue 14) later. General on
 * purpose: what, when, who (the OS user) and why are columns; the act's own facts are JSON text.
 * Rows are only ever inserted; the table is made by migration 6 (an older build's workspace may
 * already hold it, hence that migration's IF NOT EXISTS).
 */
export const AUDIT_TABLE = '_sw_audit';

export function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

export async function recordAudit(session: Session, entry: { action: string; reason: string | null; details?: Record<string, unknown> }): Promise<AuditEntry> {
  const row: AuditEntry = { id: randomUUID(), at: new Date().toISOString(), osUser: osUser(), action: entry.action, reason: entry.reason, details: JSON.stringify(entry.details ?? {}) };
  await session.run(`INSERT INTO ${AUDIT_TABLE} (id, recorded_at, os_user, action, reason, details) VALUES ($id, $at, $user, $action, $reason, $details)`, {
    id: row.id,
    at: row.at,
    user: row.osUser,
    action: row.action,
    reason: row.reason,
    details: row.details,
  });
  return row;
}

export async function listAudit(session: Session, options: { limit: number; action?: string | undefined }): Promise<AuditEntry[]> {
  const rows = await session.rows<{ id: string; recorded_at: string; os_user: string; action: string; reason: string | null; details: string }>(
    `SELECT id, recorded_at, os_user, action, reason, details FROM ${AUDIT_TABLE} WHERE $action IS NULL OR action = $action ORDER BY recorded_at DESC, id LIMIT $limit`,
    { action: options.action ?? null, limit: options.limit },
  );
  return rows.map((r) => ({ id: r.id, at: r.recorded_at, osUser: r.os_user, action: r.action, reason: r.reason, details: r.details }));
}
