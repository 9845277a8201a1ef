import { AppError } from '../../shared/errors';
import type { ProfileResult } from '../../shared/import-types';
import { maskedSql } from '../privacy/masked-views';
import { personalRule } from '../privacy/personal-columns';
import { quoteIdent } from '../sql/identifiers';
import type { Session } from '../workspace';

/**
 * A profile of every column of a table: nulls, distinct, min/max, top values, and for numeric
 * and date columns an equal-width histogram over [min, max]. One aggregate pass per column.
 * Unless the caller unmasked, the values shown of a personal column (min, max, top values) are
 * those of its masked form (privacy/masked-views.ts): the top names are 张* and their counts, not
 * clear names; it has no histogram. Its null and distinct counts stay exact (is every ID number
 * unique?): a count over the whole table shows no one's value.
 */
const NUMERIC = /^(BIGINT|INTEGER|SMALLINT|TINYINT|HUGEINT|DOUBLE|FLOAT|DECIMAL.*|UBIGINT|UINTEGER)$/;
const DATED = /^(DATE|TIMESTAMP.*)$/;

export async function profileTable(session: Session, table: string, options: { topValues: number; bins: number; unmasked?: boolean }): Promise<ProfileResult> {
  const columns = await session.rows<{ column_name: string; data_type: string }>(
    `SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = $db AND schema_name = 'main' AND table_name = $t ORDER BY column_index`,
    { db: session.catalog, t: table },
  );
  if (columns.length === 0) throw new AppError('NOT_FOUND', `no table named ${table}`, { table }, 'error.TABLE_NOT_FOUND');
  const t = quoteIdent(table);
  const [total] = await session.rows<{ n: bigint }>(`SELECT count(*) AS n FROM ${t}`);
  const rows = Number(total?.n ?? 0);
  const out: ProfileResult['columns'] = [];
  for (const { column_name: name, data_type: type } of columns) {
    const c = quoteIdent(name);
    const rule = options.unmasked ? null : personalRule(table, { name, type });
    const shown = rule === null ? c : maskedSql(rule, name);
    const [stats] = await session.rows<{ nulls: bigint; distinct: bigint; min: string | null; max: string | null }>(
      `SELECT count(*) - count(${c}) AS nulls, count(DISTINCT ${c}) AS distinct, CAST(min(${shown}) AS VARCHAR) AS min, CAST(max(${shown}) AS VARCHAR) AS max FROM ${t}`,
    );
    const top = await session.rows<{ value: string | null; count: bigint }>(
      `SELECT CAST(${shown} AS VARCHAR) AS value, count(*) AS count FROM ${t} GROUP BY 1 ORDER BY count DESC, value NULLS LAST LIMIT $k`,
      { k: options.topValues },
    );
    let histogram: ProfileResult['columns'][number]['histogram'] = [];
    const numeric = NUMERIC.test(type);
    if (rule === null && (numeric || DATED.test(type)) && stats?.min != null) {
      const asNumber = numeric ? `CAST(${c} AS DOUBLE)` : `epoch(${c})`;
      const bins = await session.rows<{ bin: number; lo: number; hi: number; count: bigint }>(
        `WITH b AS (SELECT min(${asNumber}) AS lo, max(${asNumber}) AS hi FROM ${t})
         SELECT least(CAST(floor((${asNumber} - b.lo) / nullif(b.hi - b.lo, 0) * $n) AS INTEGER), $n - 1) AS bin, any_value(b.lo) AS lo, any_value(b.hi) AS hi, count(*) AS count
         FROM ${t}, b WHERE ${c} IS NOT NULL GROUP BY bin ORDER BY bin`,
        { n: options.bins },
      );
      const label = (x: number) => (numeric ? String(Number(x.toPrecision(12))) : new Date(x * 1000).toISOString().slice(0, 10));
      histogram = bins.map((b) => {
        const width = (b.hi - b.lo) / options.bins;
        const bin = b.bin ?? 0;
        return { from: label(b.lo + bin * width), to: label(b.lo + (bin + 1) * width), count: Number(b.count) };
      });
    }
    out.push({
      name,
      type,
      rows,
      nulls: Number(stats?.nulls ?? 0),
      distinct: Number(stats?.distinct ?? 0),
      min: stats?.min ?? null,
      max: stats?.max ?? null,
      top: top.map((r) => ({ value: r.value, count: Number(r.count) })),
      histogram,
    });
  }
  return { table, rows, columns: out };
}
