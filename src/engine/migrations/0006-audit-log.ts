import type { Migration } from './migration';

/** The audit log of acts on personal data: unmasking with its reason, later exports (issue 12, 14). */
export const auditLogMigration: Migration = {
  version: 6,
  name: 'audit log',
  async up(session) {
    await session.run(`CREATE TABLE IF NOT EXISTS _sw_audit (
      id VARCHAR PRIMARY KEY, recorded_at VARCHAR NOT NULL, os_user VARCHAR NOT NULL, action VARCHAR NOT NULL,
      reason VARCHAR, details VARCHAR NOT NULL DEFAULT '{}')`);
  },
};
