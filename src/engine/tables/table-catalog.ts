import { AppError } from '../../shared/errors';
import type { ColumnInfo, TableInfo, TableRef } from '../../shared/table-types';
import { qualifiedName } from '../sql/identifiers';
import type { Session } from '../workspace';

function catalogOf(session: Session, ref: TableRef): string {
  return ref.schema === 'scratch' ? 'scratch' : session.catalog;
}

/** Tables the UI may browse: the workspace's own (internal `_sw_` bookkeeping tables hidden). */
export async function listTables(session: Session): Promise<TableInfo[]> {
  const tables = await session.rows<{ database_name: string; table_name: string; estimated_size: bigint | number }>(
    `SELECT database_name, table_name, estimated_size FROM duckdb_tables()
     WHERE database_name IN ($catalog, 'scratch') AND schema_name = 'main' AND NOT internal
       AND table_name NOT LIKE '\\_sw\\_%' ESCAPE '\\'
     ORDER BY database_name = 'scratch', table_name`,
    { catalog: session.catalog },
  );
  const out: TableInfo[] = [];
  for (const table of tables) {
    const ref: TableRef = { schema: table.database_name === 'scratch' ? 'scratch' : 'main', name: table.table_name };
    const [columns, count] = await Promise.all([describeColumns(session, ref), exactRowCount(session, ref)]);
    out.push({ ...ref, rowCount: count, columns });
  }
  return out;
}

export async function describeColumns(session: Session, ref: TableRef): Promise<ColumnInfo[]> {
  const rows = await session.rows<{ column_name: string; data_type: string }>(
    `SELECT column_name, data_type FROM duckdb_columns()
     WHERE database_name = $db AND schema_name = 'main' AND table_name = $table ORDER BY column_index`,
    { db: catalogOf(session, ref), table: ref.name },
  );
  if (rows.length === 0) throw new AppError('NOT_FOUND', `no table named ${ref.name}`, { table: ref.name }, 'error.TABLE_NOT_FOUND');
  return rows.map((row) => ({ name: row.column_name, type: row.data_type }));
}

export async function exactRowCount(session: Session, ref: TableRef): Promise<number> {
  const [row] = await session.rows<{ n: bigint }>(`SELECT count(*) AS n FROM ${tableSql(session, ref)}`);
  return Number(row?.n ?? 0);
}

/** The quoted, fully qualified name of a table the caller has already looked up. */
export function tableSql(session: Session, ref: TableRef): string {
  return qualifiedName(catalogOf(session, ref), 'main', ref.name);
}
