import { listValue } from '@duckdb/node-api';
import type { DetectResult, ImportHistory, ImportHistoryEntry, ImportReject } from '../../shared/import-types';
import type { RawLineLayout } from '../privacy/mask-reports';
import { rejectCodeSchema, rejectParamsSchema } from '../../shared/reject-codes';
import { quoteIdent } from '../sql/identifiers';
import type { Session } from '../workspace';

/**
 * The workspace's record of imports: `_sw_imports` (one row per file loaded, with its content
 * hash) and `_sw_import_rejects` (every row not loaded, with file, line, column, its code and
 * params, and the reason text). Their schema is the workspace's (migrations/).
 */
export const IMPORTS_TABLE = '_sw_imports';
export const REJECTS_TABLE = '_sw_import_rejects';

/** A row of _sw_import_rejects as read (params as JSON text). */
export type StoredReject = {
  file: string;
  line: bigint | null;
  column: string | null;
  reason: string;
  raw: string | null;
  code: string | null;
  params: string | null;
};

export function toReject(r: StoredReject): ImportReject {
  const code = rejectCodeSchema.safeParse(r.code);
  const params = rejectParamsSchema.safeParse(JSON.parse(r.params ?? '{}'));
  return {
    file: r.file,
    line: r.line === null ? null : Number(r.line),
    column: r.column,
    code: code.success ? code.data : 'other',
    // Parameters without a value (a pattern that did not match) are left out, so the UI shows a gap, not "".
    params: params.success ? Object.fromEntries(Object.entries(params.data).filter(([, v]) => v !== '')) : {},
    reason: r.reason,
    raw: r.raw,
  };
}

async function hasTable(session: Session, table: string): Promise<boolean> {
  const exists = await session.rows(`SELECT 1 FROM duckdb_tables() WHERE database_name = $db AND schema_name = 'main' AND table_name = $t`, {
    db: session.catalog,
    t: table,
  });
  return exists.length > 0;
}

/** The earlier import of a file with this content, if any. */
export async function findImportByHash(session: Session, sha256: string): Promise<DetectResult['alreadyImported']> {
  if (!(await hasTable(session, IMPORTS_TABLE))) return null;
  const [row] = await session.rows<{ import_id: string; table_name: string; at: string }>(
    `SELECT import_id, table_name, CAST(imported_at AS VARCHAR) AS at FROM ${IMPORTS_TABLE} WHERE sha256 = $h ORDER BY imported_at DESC LIMIT 1`,
    { h: sha256 },
  );
  return row ? { importId: row.import_id, table: row.table_name, at: row.at } : null;
}

/**
 * The past imports, newest first: one entry per import (its files in the order they were loaded,
 * the counts summed over them) and, when asked, its first `rejects` rejected rows (in file order,
 * then by line). Values come back as stored: the caller masks personal data.
 */
export async function listImports(session: Session, options: { importId?: string | undefined; limit: number; rejects: number }): Promise<Omit<ImportHistory, 'masked'>> {
  if (!(await hasTable(session, IMPORTS_TABLE))) return { total: 0, imports: [] };
  const imports = quoteIdent(IMPORTS_TABLE);
  const only = options.importId === undefined ? '' : 'WHERE import_id = $id';
  const idParam: Record<string, string> = options.importId === undefined ? {} : { id: options.importId };
  const [total] = await session.rows<{ n: bigint }>(`SELECT count(DISTINCT import_id) AS n FROM ${imports}`);
  // The imports listed: newest first (the files of one import share its transaction's timestamp).
  const picked = `SELECT import_id, min(imported_at) AS first_at FROM ${imports} ${only} GROUP BY import_id ORDER BY first_at DESC, import_id DESC LIMIT $n`;
  const files = await session.rows<{
    import_id: string; at: string; file: string; sha256: string; size_bytes: bigint | null; table_name: string; mode: string; encoding: string;
    rows_read: bigint | null; rows_loaded: bigint | null; rows_rejected: bigint | null; rows_duplicate: bigint | null;
  }>(
    `WITH picked AS (${picked})
     SELECT i.import_id, strftime(p.first_at, '%Y-%m-%d %H:%M:%S') AS at, i.file, i.sha256, i.size_bytes, i.table_name, i.mode, i.encoding,
            i.rows_read, i.rows_loaded, i.rows_rejected, i.rows_duplicate
     FROM ${imports} i JOIN picked p USING (import_id)
     ORDER BY p.first_at DESC, i.import_id DESC, i.rowid`,
    { ...idParam, n: options.limit },
  );
  const num = (v: bigint | null) => Number(v ?? 0);
  const byId = new Map<string, ImportHistoryEntry>();
  for (const f of files) {
    let entry = byId.get(f.import_id);
    if (!entry) {
      entry = { importId: f.import_id, at: f.at, table: f.table_name, mode: f.mode, rowsRead: 0, rowsLoaded: 0, rowsRejected: 0, rowsDuplicate: 0, files: [], rejects: [] };
      byId.set(f.import_id, entry);
    }
    const file = {
      file: f.file, sha256: f.sha256, encoding: f.encoding, sizeBytes: num(f.size_bytes),
      rowsRead: num(f.rows_read), rowsLoaded: num(f.rows_loaded), rowsRejected: num(f.rows_rejected), rowsDuplicate: num(f.rows_duplicate),
    };
    entry.files.push(file);
    entry.rowsRead += file.rowsRead;
    entry.rowsLoaded += file.rowsLoaded;
    entry.rowsRejected += file.rowsRejected;
    entry.rowsDuplicate += file.rowsDuplicate;
  }
  if (options.rejects > 0 && byId.size > 0 && (await hasTable(session, REJECTS_TABLE))) {
    const rejects = await session.rows<StoredReject & { import_id: string }>(
      `WITH picked AS (${picked}),
            files AS (SELECT import_id, file, min(rowid) AS ord FROM ${imports} WHERE import_id IN (SELECT import_id FROM picked) GROUP BY ALL)
       SELECT r.import_id, r.file, r.line, r."column" AS column, r.reason, r.raw, r.code, CAST(r.params AS VARCHAR) AS params
       FROM ${quoteIdent(REJECTS_TABLE)} r LEFT JOIN files f ON f.import_id = r.import_id AND f.file = r.file
       WHERE r.import_id IN (SELECT import_id FROM picked)
       QUALIFY row_number() OVER (PARTITION BY r.import_id ORDER BY f.ord NULLS LAST, r.file, r.line NULLS LAST, r.rowid) <= $r
       ORDER BY r.import_id, f.ord NULLS LAST, r.file, r.line NULLS LAST, r.rowid`,
      { ...idParam, n: options.limit, r: options.rejects },
    );
    for (const r of rejects) {
      byId.get(r.import_id)?.rejects.push(toReject(r));
    }
  }
  return { total: num(total?.n ?? null), imports: [...byId.values()] };
}

/**
 * How the rejected rows' raw lines of these imports split into columns, per `importId\u0000file`,
 * from the settings each file's import recorded (imports from before it recorded `columns` have none).
 */
export async function rawLineLayouts(session: Session, importIds: readonly string[]): Promise<Map<string, RawLineLayout>> {
  const layouts = new Map<string, RawLineLayout>();
  if (importIds.length === 0 || !(await hasTable(session, IMPORTS_TABLE))) return layouts;
  const rows = await session.rows<{ import_id: string; file: string; settings: string | null }>(
    `SELECT import_id, file, CAST(settings AS VARCHAR) AS settings FROM ${IMPORTS_TABLE} WHERE list_contains($ids, import_id)`,
    { ids: listValue([...importIds]) },
  );
  for (const r of rows) {
    const layout = parseRawLineLayout(r.settings);
    if (layout) layouts.set(rawLineKey(r.import_id, r.file), layout);
  }
  return layouts;
}

export const rawLineKey = (importId: string, file: string) => `${importId}\u0000${file}`;

function parseRawLineLayout(settings: string | null): RawLineLayout | null {
  try {
    const s = JSON.parse(settings ?? 'null') as { delimiter?: unknown; quote?: unknown; columns?: unknown } | null;
    if (typeof s?.delimiter !== 'string' || typeof s.quote !== 'string' || !Array.isArray(s.columns) || !s.columns.every((c) => typeof c === 'string')) return null;
    return { delimiter: s.delimiter, quote: s.quote, columns: s.columns as string[] };
  } catch {
    return null;
  }
}
