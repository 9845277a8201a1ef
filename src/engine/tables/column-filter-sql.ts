import { AppError } from '../../shared/errors';
import type { ColumnFilter, ColumnInfo } from '../../shared/table-types';
import { quoteIdent } from '../sql/identifiers';
import type { Session } from '../workspace';

export interface WhereClause {
  sql: string;
  params: Record<string, string>;
}

/**
 * Builds a WHERE clause from grid filters. Column names are checked against the table and quoted;
 * values are always bound parameters, cast to the column's type by DuckDB (the type name comes
 * from DuckDB's own catalog, never from the user).
 */
export async function buildWhereClause(session: Session, columns: ColumnInfo[], filters: ColumnFilter[]): Promise<WhereClause> {
  const params: Record<string, string> = {};
  const conditions: string[] = [];
  for (const [index, filter] of filters.entries()) {
    const column = columns.find((c) => c.name === filter.column);
    if (!column) {
      throw new AppError('INVALID_ARGUMENT', `no column named ${filter.column}`, { column: filter.column }, 'error.COLUMN_NOT_FOUND');
    }
    const name = `f${index}`;
    const ident = quoteIdent(column.name);
    if (filter.op === 'is_null' || filter.op === 'not_null') {
      conditions.push(`${ident} IS ${filter.op === 'is_null' ? '' : 'NOT '}NULL`);
      continue;
    }
    if (filter.value === null) {
      throw new AppError('INVALID_ARGUMENT', `filter ${filter.op} on ${column.name} needs a value`, { column: column.name, op: filter.op }, 'error.FILTER_VALUE_MISSING');
    }
    params[name] = filter.value;
    if (filter.op === 'contains') conditions.push(`contains(lower(CAST(${ident} AS VARCHAR)), lower($${name}))`);
    else if (filter.op === 'starts_with') conditions.push(`starts_with(CAST(${ident} AS VARCHAR), $${name})`);
    else {
      await assertCastable(session, filter.value, column);
      conditions.push(`${ident} ${filter.op} CAST($${name} AS ${column.type})`);
    }
  }
  return { sql: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

async function assertCastable(session: Session, value: string, column: ColumnInfo): Promise<void> {
  const [row] = await session.rows<{ ok: boolean }>(`SELECT TRY_CAST($v AS ${column.type}) IS NOT NULL AS ok`, { v: value });
  if (!row?.ok) {
    throw new AppError(
      'INVALID_ARGUMENT',
      `"${value}" is not a valid ${column.type} for column ${column.name}`,
      { column: column.name, expected: column.type, value },
      'error.FILTER_VALUE_TYPE',
    );
  }
}
