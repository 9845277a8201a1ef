import type { ColumnInfo } from '../../shared/table-types';
import type { MaskedScope } from '../console-guard';
import { readsPastMaskedViews } from '../console-guard';
import { qualifiedName, quoteIdent } from '../sql/identifiers';
import type { Session } from '../workspace';
import { personalRule, type PersonalRule } from './personal-columns';

/**
 * While personal data is masked, every path that returns rows reads the personal columns
 * (personal-columns.ts: the customers' name, id_number, phone and what is derived from them) in
 * their masked form (张*, 110***********1234, 138****1234), written once here as SQL (maskedSql):
 * the value leaves DuckDB masked, and whatever a query does with it — a filter, a sort, a search,
 * a distinct value, a count — sees only the masked value. Filtering the grid by `name = '张三'` or
 * `id_number LIKE '110105%'` while masked matches nothing, so a row count cannot reveal who is in
 * the workspace. Clear values are read only when the engine is unmasked (privacy-control.ts, with
 * the reason in the audit log) and the request asks for them (`unmasked`).
 *
 * - The SQL console reads the workspace through masked views: for each table with personal
 *   columns, a temporary view of the same name on the console's connection, in which each personal
 *   column is replaced by its masked form. DuckDB resolves a plain table name to a temporary view
 *   before the workspace's table, so `upper(name)`, `' ' || phone`, a cast, a window, a CTE or a
 *   join all read the masked value: no expression can un-mask what it never receives. What would
 *   name the base table instead (a catalog or schema qualifier, query_table(), a view defined with
 *   one) is refused by the console guard. The views are dropped when the statement ends.
 * - The grid (table.page, the sorted or filtered views it pages, a segment's or a campaign's
 *   members), the customer drill-down and table exports read their table as the same masked
 *   relation, `SELECT * REPLACE (<masked form> AS name, …) FROM table` (maskedStar), with the
 *   filters, the sort and the export's split applied on top of it (tables/view-rows-sql.ts).
 *   Which columns a path masks so is its mask policy's personal rules (mask-policy.ts).
 *
 * The values' shape net (mask-values.ts: an 18-character ID or an 11-digit mobile inside any text)
 * still runs where the rows leave the engine: it catches free text no column rule knows of.
 */

/** The masked form of a column, in SQL, equal to mask-values.ts's maskText (code points, as JS's [...text]). */
export function maskedSql(rule: PersonalRule, column: string): string {
  const v = `CAST(${quoteIdent(column)} AS VARCHAR)`;
  const keepEnds = (stars: string) => `CASE WHEN length(${v}) > 7 THEN left(${v}, 3) || '${stars}' || right(${v}, 4) ELSE repeat('*', length(${v})) END`;
  switch (rule) {
    case 'name':
      return `CASE WHEN length(${v}) = 0 THEN ${v} ELSE left(${v}, 1) || '*' END`;
    case 'id_number':
      return keepEnds('***********');
    case 'phone':
      return keepEnds('****');
    case 'loose':
      // Free text (a rejected line): IDs, mobiles and every run of Chinese characters, as mask-reports.ts does.
      return `regexp_replace(regexp_replace(regexp_replace(${v}, '([0-9]{3})[0-9]{11}([0-9]{3}[0-9Xx])', '\\1***********\\2', 'g'), '(1[3-9][0-9])[0-9]{4}([0-9]{4})', '\\1****\\2', 'g'), '(\\p{Han})\\p{Han}+', '\\1*', 'g')`;
  }
}

/** A column read through its masked form. */
export interface MaskedColumn {
  name: string;
  rule: PersonalRule;
}

export interface MaskedTable {
  table: string;
  columns: MaskedColumn[];
}

/** The SELECT list of a relation read through its masked form: `*` with each masked column replaced, under its own name. */
export function maskedStar(columns: readonly MaskedColumn[]): string {
  if (columns.length === 0) return '*';
  return `* REPLACE (${columns.map((c) => `${maskedSql(c.rule, c.name)} AS ${quoteIdent(c.name)}`).join(', ')})`;
}

/** A table's columns as a query over its masked form sees them: a masked column is text (a filter's value is compared as text). */
export function maskedColumnTypes(columns: readonly ColumnInfo[], masked: readonly MaskedColumn[]): ColumnInfo[] {
  const names = new Set(masked.map((c) => c.name));
  return columns.map((c) => (names.has(c.name) ? { name: c.name, type: 'VARCHAR' } : c));
}

/** The workspace tables with personal columns, and those columns' rules. */
export async function maskedTables(session: Session): Promise<MaskedTable[]> {
  const rows = await session.rows<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT c.table_name, c.column_name, c.data_type FROM duckdb_columns() c
       JOIN duckdb_tables() t ON t.database_name = c.database_name AND t.schema_name = c.schema_name AND t.table_name = c.table_name
     WHERE c.database_name = $catalog AND c.schema_name = 'main' ORDER BY c.table_name, c.column_index`,
    { catalog: session.catalog },
  );
  const byTable = new Map<string, MaskedTable>();
  for (const row of rows) {
    const rule = personalRule(row.table_name, { name: row.column_name, type: row.data_type });
    if (rule === null) continue;
    const entry = byTable.get(row.table_name) ?? { table: row.table_name, columns: [] };
    entry.columns.push({ name: row.column_name, rule });
    byTable.set(row.table_name, entry);
  }
  return [...byTable.values()];
}

/** What the console guard needs to know while masked. */
export async function maskedScope(session: Session, tables: MaskedTable[]): Promise<MaskedScope> {
  const databases = await session.rows<{ database_name: string }>(`SELECT database_name FROM duckdb_databases()`);
  const catalogs = new Set([...databases.map((d) => d.database_name.toLowerCase()), 'temp', 'system', 'memory']);
  const definitions = await session.rows<{ name: string; sql: string | null }>(
    `SELECT view_name AS name, sql FROM duckdb_views() WHERE database_name = $catalog AND NOT internal
     UNION ALL
     SELECT function_name, CAST(macro_definition AS VARCHAR) FROM duckdb_functions() WHERE database_name = $catalog AND function_type IN ('macro', 'table_macro') AND NOT internal`,
    { catalog: session.catalog },
  );
  const unsafeObjects = new Set(definitions.filter((d) => d.sql === null || readsPastMaskedViews(d.sql, { catalogs })).map((d) => d.name.toLowerCase()));
  return { catalogs, personalTables: new Set(tables.map((t) => t.table.toLowerCase())), unsafeObjects };
}

/** Runs fn with the masked views of `tables` in place on the session's connection (see above). */
export async function withMaskedViews<T>(session: Session, tables: MaskedTable[], fn: () => Promise<T>): Promise<T> {
  const created: string[] = [];
  try {
    for (const t of tables) {
      await session.run(`CREATE OR REPLACE TEMP VIEW ${quoteIdent(t.table)} AS SELECT ${maskedStar(t.columns)} FROM ${qualifiedName(session.catalog, 'main', t.table)}`);
      created.push(t.table);
    }
    return await fn();
  } finally {
    // The connection goes back to the pool: every other path reads the base tables again.
    for (const table of created) await session.runCleanup(`DROP VIEW IF EXISTS ${qualifiedName('temp', 'main', table)}`);
  }
}
