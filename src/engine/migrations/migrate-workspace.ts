import fs from 'node:fs';
import { AppError, isAppError } from '../../shared/errors';
import { ENGINE_VERSION } from '../version';
import { takeBackup } from '../workspace-backup';
import type { Session } from '../workspace';
import { initialMigration } from './0001-initial';
import { rejectCodesMigration } from './0002-reject-codes';
import { funnelsMigration } from './0003-funnels';
import { modelsMigration } from './0004-models';
import { churnDefinitionsMigration } from './0005-churn-definitions';
import { auditLogMigration } from './0006-audit-log';
import { campaignsMigration } from './0007-campaigns';
import type { Migration } from './migration';

/** Every migration, in order. A new one is the next number, in a new file of this folder. */
export const MIGRATIONS: readonly Migration[] = [initialMigration, rejectCodesMigration, funnelsMigration, modelsMigration, churnDefinitionsMigration, auditLogMigration, campaignsMigration];

/** The schema version this build writes: the workspace format it reads and migrates up to. */
export const SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;

/** One row per applied migration. A workspace without this table is version 0 (main before e2f9abc's successor). */
export const SCHEMA_TABLE = '_sw_schema';

export interface MigrationResult {
  from: number;
  to: number;
}

/**
 * The backup taken before a migration (workspace-backup.ts, the one backup mechanism): a failed
 * migration is undone by putting it back; a successful one keeps it in the backup folder, where the
 * last few backups stay and are offered when the file cannot be opened.
 */
export interface MigrationBackup {
  path: string;
  restore(): void;
}

export async function schemaVersion(session: Session): Promise<{ version: number; writtenBy: string | null }> {
  const [exists] = await session.rows(`SELECT 1 FROM duckdb_tables() WHERE database_name = $db AND schema_name = 'main' AND table_name = $t`, {
    db: session.catalog,
    t: SCHEMA_TABLE,
  });
  if (!exists) return { version: 0, writtenBy: null };
  const [row] = await session.rows<{ version: number | null; app: string | null }>(
    `SELECT max(version) AS version, arg_max(app_version, version) AS app FROM ${SCHEMA_TABLE}`,
  );
  return { version: Number(row?.version ?? 0), writtenBy: row?.app ?? null };
}

/**
 * Brings an opened workspace to this build's schema: refuses one written by a newer build, and
 * applies the pending migrations of an older one in one transaction. Before it writes, a file
 * workspace is backed up (`backup`, kept in the backup folder); the caller restores that copy if
 * this throws (after closing DuckDB), so a failed migration leaves the file exactly as it was.
 */
export async function migrateWorkspace(
  session: Session,
  options: { file: string | null; migrations?: readonly Migration[] },
): Promise<MigrationResult & { backup: MigrationBackup | null }> {
  const migrations = options.migrations ?? MIGRATIONS;
  const target = migrations.at(-1)?.version ?? 0;
  const { version: from, writtenBy } = await schemaVersion(session);
  if (from > target) {
    throw new AppError(
      'WORKSPACE_TOO_NEW',
      `the workspace ${options.file ?? ''} has schema version ${from} (written by ${writtenBy ?? 'a newer version'}); this version (${ENGINE_VERSION}) reads up to ${target}`,
      { file: options.file ?? '', workspaceVersion: from, supportedVersion: target, writtenBy: writtenBy ?? '', appVersion: ENGINE_VERSION },
      'error.WORKSPACE_TOO_NEW',
    );
  }
  const pending = migrations.filter((m) => m.version > from);
  if (pending.length === 0) return { from, to: from, backup: null };
  // A new, empty workspace has nothing to lose: no backup of it.
  const backup = options.file && (from > 0 || (await holdsTables(session))) ? await backUp(session, options.file, from) : null;
  let current: Migration | null = null;
  try {
    await session.transaction(async () => {
      await session.run(`CREATE TABLE IF NOT EXISTS ${SCHEMA_TABLE} (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, app_version VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)`);
      for (const migration of pending) {
        current = migration;
        await migration.up(session);
        await session.run(`INSERT INTO ${SCHEMA_TABLE} VALUES ($v, $name, $app, current_timestamp)`, { v: migration.version, name: migration.name, app: ENGINE_VERSION });
      }
    });
  } catch (error) {
    const failed = current as Migration | null;
    const cause = isAppError(error) ? error : null;
    const wrapped = new AppError(
      'WORKSPACE_MIGRATION_FAILED',
      `could not upgrade the workspace from schema version ${from} to ${target} (migration ${failed?.version ?? '?'} ${failed?.name ?? ''}): ${error instanceof Error ? error.message : String(error)}`,
      { file: options.file ?? '', fromVersion: from, toVersion: target, migration: failed?.version ?? 0, cause: cause?.message ?? String(error) },
      'error.WORKSPACE_MIGRATION_FAILED',
    );
    throw Object.assign(wrapped, { backup });
  }
  return { from, to: target, backup };
}

/** The backup that a failed migration error carries, for the caller to restore once DuckDB is closed. */
export function backupOf(error: unknown): MigrationBackup | null {
  const backup = (error as { backup?: unknown } | null)?.backup;
  return backup && typeof backup === 'object' ? (backup as MigrationBackup) : null;
}

async function holdsTables(session: Session): Promise<boolean> {
  const [row] = await session.rows<{ n: bigint }>(`SELECT count(*) AS n FROM duckdb_tables() WHERE database_name = $catalog`, { catalog: session.catalog });
  return Number(row?.n ?? 0) > 0;
}

/** A checkpointed copy in the workspace's backup folder, proven readable before the migration writes. */
async function backUp(session: Session, file: string, version: number): Promise<MigrationBackup> {
  const copy = await takeBackup(file, `before-v${version + 1}-migration`, () => session.run('CHECKPOINT'));
  return {
    path: copy,
    restore: () => {
      fs.rmSync(`${file}.wal`, { force: true });
      fs.copyFileSync(copy, file);
    },
  };
}
