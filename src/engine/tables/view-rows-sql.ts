import { AppError } from '../../shared/errors';
import type { ColumnFilter, ColumnInfo, ColumnSort, TableRef } from '../../shared/table-types';
import { maskedColumnTypes, maskedStar, type MaskedColumn } from '../privacy/masked-views';
import { quoteIdent } from '../sql/identifiers';
import type { Session } from '../workspace';
import { buildWhereClause, type WhereClause } from './column-filter-sql';
import { tableSql } from './table-catalog';

/** The table's row id under a name no user column has: the tie-break of every view's order. */
const ROW_ID = quoteIdent('__sw_rowid');

/**
 * The rows of a grid view (a table with the grid's filters and sort), as table.page materialises
 * them and export.table writes them. While masked, the table is read through its masked form
 * (`masked`: privacy/masked-views.ts), and the filters and the sort apply to that: a filter by a
 * clear name or ID number matches nothing, a sort orders the masked values.
 * `ordered`: rows in table order when there is no sort (the grid's snapshot); else as DuckDB reads them.
 */
export async function viewRowsSql(
  session: Session,
  table: TableRef,
  columns: readonly ColumnInfo[],
  masked: readonly MaskedColumn[],
  view: { sort: ColumnSort | null; filters: readonly ColumnFilter[] },
  options: { ordered: boolean },
): Promise<WhereClause> {
  const seen = maskedColumnTypes(columns, masked);
  const where = await buildWhereClause(session, seen, [...view.filters]);
  const source = `SELECT ${maskedStar(masked)}`;
  const from = tableSql(session, table);
  if (view.sort === null && !options.ordered) return { sql: `SELECT * FROM (${source} FROM ${from}) AS view_source ${where.sql}`, params: where.params };
  const order = view.sort ? `ORDER BY ${sortSql(seen, view.sort)}, ${ROW_ID}` : `ORDER BY ${ROW_ID}`;
  return { sql: `SELECT * EXCLUDE (${ROW_ID}) FROM (${source}, rowid AS ${ROW_ID} FROM ${from}) AS view_source ${where.sql} ${order}`, params: where.params };
}

/** ORDER BY of a grid view's sort. */
export function sortSql(columns: readonly ColumnInfo[], sort: ColumnSort): string {
  const column = columns.find((c) => c.name === sort.column);
  if (!column) throw new AppError('INVALID_ARGUMENT', `no column named ${sort.column}`, { column: sort.column }, 'error.COLUMN_NOT_FOUND');
  return `${quoteIdent(column.name)} ${sort.descending ? 'DESC' : 'ASC'} NULLS LAST`;
}
