import { quoteIdent } from '../sql/identifiers';
import type { Session } from '../workspace';
import { PROFILE_TABLE } from '../../shared/customer-types';

/** When and as of which date the profile was built (one row). */
export const PROFILE_META_TABLE = '_sw_profile_meta';

export interface ProfileMeta {
  asOf: string;
  builtAt: string;
  customers: number;
}

export async function tableExists(session: Session, name: string): Promise<boolean> {
  const rows = await session.rows(`SELECT 1 FROM duckdb_tables() WHERE database_name = $catalog AND schema_name = 'main' AND table_name = $t`, {
    catalog: session.catalog,
    t: name,
  });
  return rows.length > 0;
}

export async function writeProfileMeta(session: Session, meta: ProfileMeta): Promise<void> {
  await session.run(`CREATE OR REPLACE TABLE ${quoteIdent(PROFILE_META_TABLE)} (as_of DATE, built_at VARCHAR, customers BIGINT)`);
  await session.run(`INSERT INTO ${quoteIdent(PROFILE_META_TABLE)} VALUES (CAST($as_of AS DATE), $built_at, $customers)`, {
    as_of: meta.asOf,
    built_at: meta.builtAt,
    customers: meta.customers,
  });
}

/** The built profile's metadata, or null when there is no profile. */
export async function readProfileMeta(session: Session): Promise<ProfileMeta | null> {
  if (!(await tableExists(session, PROFILE_META_TABLE)) || !(await tableExists(session, PROFILE_TABLE))) return null;
  const [row] = await session.rows<{ as_of: string; built_at: string; customers: bigint }>(
    `SELECT strftime(as_of, '%Y-%m-%d') AS as_of, built_at, customers FROM ${quoteIdent(PROFILE_META_TABLE)} LIMIT 1`,
  );
  return row ? { asOf: row.as_of, builtAt: row.built_at, customers: Number(row.customers) } : null;
}
