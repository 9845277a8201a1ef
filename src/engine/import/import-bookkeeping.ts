import type { DetectResult } from '../../shared/import-types';
import type { Session } from '../workspace';

/**
 * The workspace's record of imports: `_sw_imports` (one row per file loaded, with its content
 * hash) and `_sw_import_rejects` (every row not loaded, with file, line, column and reason).
 * Created inside the import's transaction, so a failed first import leaves no trace either.
 */
export const IMPORTS_TABLE = '_sw_imports';
export const REJECTS_TABLE = '_sw_import_rejects';

export async function ensureBookkeeping(session: Session): Promise<void> {
  await session.run(`CREATE TABLE IF NOT EXISTS ${IMPORTS_TABLE} (
    import_id VARCHAR, imported_at TIMESTAMP, file VARCHAR, sha256 VARCHAR, size_bytes BIGINT, table_name VARCHAR,
    mode VARCHAR, encoding VARCHAR, rows_read BIGINT, rows_loaded BIGINT, rows_rejected BIGINT, rows_duplicate BIGINT,
    settings JSON)`);
  await session.run(`CREATE TABLE IF NOT EXISTS ${REJECTS_TABLE} (
    import_id VARCHAR, file VARCHAR, line BIGINT, "column" VARCHAR, reason VARCHAR, raw VARCHAR)`);
}

/** The earlier import of a file with this content, if any. */
export async function findImportByHash(session: Session, sha256: string): Promise<DetectResult['alreadyImported']> {
  const exists = await session.rows(`SELECT 1 FROM duckdb_tables() WHERE database_name = $db AND schema_name = 'main' AND table_name = $t`, {
    db: session.catalog,
    t: IMPORTS_TABLE,
  });
  if (exists.length === 0) return null;
  const [row] = await session.rows<{ import_id: string; table_name: string; at: string }>(
    `SELECT import_id, table_name, CAST(imported_at AS VARCHAR) AS at FROM ${IMPORTS_TABLE} WHERE sha256 = $h ORDER BY imported_at DESC LIMIT 1`,
    { h: sha256 },
  );
  return row ? { importId: row.import_id, table: row.table_name, at: row.at } : null;
}
