import { quoteIdent } from '../sql/identifiers';
import type { Session } from '../workspace';
import { PROFILE_TABLE } from '../../shared/customer-types';

/** When and as of which date the profile was built (one row). */
export const PROFILE_META_TABLE = '_sw_profile_meta';

export interface ProfileMeta {
  asOf: string;
  /** true when the analyst chose the date; false when it was the latest date in the data. */
  asOfPinned: boolean;
  builtAt: string;
  customers: number;
}

/** Whether a workspace table has the column (a profile field a request names, a score column). */
export async function columnExists(session: Session, table: string, column: string): Promise<boolean> {
  const rows = await session.rows(
    `SELECT 1 FROM duckdb_columns() WHERE database_name = $catalog AND schema_name = 'main' AND table_name = $t AND column_name = $c`,
    { catalog: session.catalog, t: table, c: column },
  );
  return rows.length > 0;
}

export async function tableExists(session: Session, name: string): Promise<boolean> {
  const rows = await session.rows(`SELECT 1 FROM duckdb_tables() WHERE database_name = $catalog AND schema_name = 'main' AND table_name = $t`, {
    catalog: session.catalog,
    t: name,
  });
  return rows.length > 0;
}

/**
 * Imports since the last build into a table the profile reads: the profile is stale until the
 * next build (profile.build clears this). Written inside the import's transaction.
 */
export const PROFILE_STALE_TABLE = '_sw_profile_stale';

export interface ProfileStale {
  /** ISO timestamp of the first import since the build. */
  since: string;
  /** Tables imported into since the build. */
  tables: string[];
}

/** Marks the profile stale after an import into `table` (nothing when no profile was built). */
export async function markProfileStale(session: Session, table: string, importId: string): Promise<boolean> {
  const [built] = await session.rows(`SELECT 1 FROM ${quoteIdent(PROFILE_META_TABLE)} LIMIT 1`);
  if (!built) return false;
  await session.run(`INSERT INTO ${quoteIdent(PROFILE_STALE_TABLE)} VALUES ($t, $id, current_timestamp)`, { t: table, id: importId });
  return true;
}

export async function readProfileStale(session: Session): Promise<ProfileStale | null> {
  if (!(await tableExists(session, PROFILE_STALE_TABLE))) return null;
  const [row] = await session.rows<{ since: string | null; tables: string[] | null }>(
    `SELECT strftime(min(imported_at), '%Y-%m-%dT%H:%M:%S') AS since, list(DISTINCT table_name ORDER BY table_name) AS tables FROM ${quoteIdent(PROFILE_STALE_TABLE)}`,
  );
  return row?.since ? { since: row.since, tables: [...(row.tables ?? [])] } : null;
}

export async function writeProfileMeta(session: Session, meta: ProfileMeta): Promise<void> {
  await session.run(`DELETE FROM ${quoteIdent(PROFILE_STALE_TABLE)}`);
  await session.run(`DELETE FROM ${quoteIdent(PROFILE_META_TABLE)}`);
  await session.run(`INSERT INTO ${quoteIdent(PROFILE_META_TABLE)} (as_of, built_at, customers, as_of_pinned) VALUES (CAST($as_of AS DATE), $built_at, $customers, $pinned)`, {
    as_of: meta.asOf,
    pinned: meta.asOfPinned,
    built_at: meta.builtAt,
    customers: meta.customers,
  });
}

/** The built profile's metadata, or null when there is no profile. */
export async function readProfileMeta(session: Session): Promise<ProfileMeta | null> {
  if (!(await tableExists(session, PROFILE_META_TABLE)) || !(await tableExists(session, PROFILE_TABLE))) return null;
  // SELECT *: a profile built before as_of_pinned existed has no such column (read as not pinned).
  const [row] = await session.rows<{ as_of: string; built_at: string; customers: bigint; as_of_pinned?: boolean | null }>(
    `SELECT * REPLACE (strftime(as_of, '%Y-%m-%d') AS as_of) FROM ${quoteIdent(PROFILE_META_TABLE)} LIMIT 1`,
  );
  return row ? { asOf: row.as_of, asOfPinned: row.as_of_pinned === true, builtAt: row.built_at, customers: Number(row.customers) } : null;
}
