import { AppError } from '../../shared/errors';
import type { Lookup } from '../../shared/import-types';
import { quoteIdent } from '../sql/identifiers';
import type { Session } from '../workspace';

/**
 * A lookup fills a column of the rows just loaded from a table already in the workspace: an
 * accounts file without customer_id gets it through the disposition (link) table by account id,
 * as a bank whose extracts carry only account numbers needs. Only empty values are filled; with
 * several matching rows the smallest value wins (deterministic); rows without a match stay empty
 * and are counted. The filter values are bound parameters.
 */
export interface LookupOutcome {
  column: string;
  table: string;
  filled: number;
  missing: number;
}

async function columnsOf(session: Session, table: string): Promise<Set<string>> {
  const rows = await session.rows<{ column_name: string }>(
    `SELECT column_name FROM duckdb_columns() WHERE database_name = $db AND schema_name = 'main' AND table_name = $t`,
    { db: session.catalog, t: table },
  );
  return new Set(rows.map((r) => r.column_name));
}

export async function applyLookup(session: Session, target: string, targetColumns: ReadonlySet<string>, lookup: Lookup): Promise<LookupOutcome> {
  const available = await columnsOf(session, lookup.table);
  if (available.size === 0) {
    throw new AppError('INVALID_ARGUMENT', `the lookup table ${lookup.table} is not loaded: import it first`, { table: lookup.table }, 'error.IMPORT_LOOKUP_TABLE');
  }
  const wanted = [lookup.key, lookup.value, ...Object.keys(lookup.where ?? {})];
  const absent = wanted.filter((c) => !available.has(c));
  const ownAbsent = [lookup.on, lookup.column].filter((c) => !targetColumns.has(c));
  if (absent.length > 0 || ownAbsent.length > 0) {
    const columns = [...absent.map((c) => `${lookup.table}.${c}`), ...ownAbsent].join(', ');
    throw new AppError('INVALID_ARGUMENT', `the lookup for ${lookup.column} names columns that do not exist: ${columns}`, { table: lookup.table, columns }, 'error.IMPORT_LOOKUP_COLUMN');
  }
  const where = Object.keys(lookup.where ?? {});
  const params: Record<string, string> = {};
  const filter = where.map((c, i) => {
    params[`w${i}`] = lookup.where![c]!;
    return `CAST(${quoteIdent(c)} AS VARCHAR) = $w${i}`;
  });
  const t = quoteIdent(target);
  const col = quoteIdent(lookup.column);
  const countEmpty = async () => Number((await session.rows<{ n: bigint }>(`SELECT count(*) AS n FROM ${t} WHERE ${col} IS NULL`))[0]!.n);
  const before = await countEmpty();
  await session.run(
    `UPDATE ${t} SET ${col} = m.v
     FROM (SELECT CAST(${quoteIdent(lookup.key)} AS VARCHAR) AS k, min(CAST(${quoteIdent(lookup.value)} AS VARCHAR)) AS v
           FROM ${quoteIdent(lookup.table)} ${filter.length ? `WHERE ${filter.join(' AND ')}` : ''} GROUP BY 1) m
     WHERE CAST(${t}.${quoteIdent(lookup.on)} AS VARCHAR) = m.k AND ${t}.${col} IS NULL`,
    params,
  );
  const after = await countEmpty();
  return { column: lookup.column, table: lookup.table, filled: before - after, missing: after };
}
