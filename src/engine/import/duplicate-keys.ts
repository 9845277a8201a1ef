import type { DuplicatePolicy, RunResult } from '../../shared/import-types';
import { quoteIdent } from '../sql/identifiers';
import type { Session } from '../workspace';

/**
 * Keys that occur more than once in one file of a canonical table (a customer_id twice in the
 * customers file would give that customer several profile rows): counted, reported with every line
 * they occur on, and resolved by the analyst's policy — keep the first occurrence (the default),
 * keep the last, or reject every row of the key. Rows keep the file's order in the table they were
 * loaded into, so a row's rowid is its record's ordinal (the line comes from it, as for rejects).
 * The check is one GROUP BY over the key; the rest runs only when a key is duplicated.
 */
export interface DuplicateOutcome {
  removed: number;
  examples: Array<Omit<RunResult['duplicates'][number], 'file'>>;
}

const EXAMPLE_KEYS = 20;

export async function resolveDuplicateKeys(
  session: Session,
  table: string,
  key: string[],
  policy: DuplicatePolicy,
  lineOf: (rowExpr: string) => string,
  temp: string,
): Promise<DuplicateOutcome> {
  const t = quoteIdent(table);
  const cols = key.map(quoteIdent);
  const notNull = cols.map((c) => `${c} IS NOT NULL`).join(' AND ');
  const [found] = await session.rows<{ n: bigint }>(`SELECT count(*) AS n FROM (SELECT 1 FROM ${t} WHERE ${notNull} GROUP BY ${cols.join(', ')} HAVING count(*) > 1)`);
  if (Number(found!.n) === 0) return { removed: 0, examples: [] };
  const d = quoteIdent(temp);
  const keyText = `concat_ws('|', ${cols.map((c) => `CAST(${c} AS VARCHAR)`).join(', ')})`;
  await session.run(
    `CREATE TEMP TABLE ${d} AS SELECT rowid AS r, ${keyText} AS k,
       row_number() OVER (PARTITION BY ${cols.join(', ')} ORDER BY rowid) AS i, count(*) OVER (PARTITION BY ${cols.join(', ')}) AS n
     FROM ${t} WHERE ${notNull} QUALIFY count(*) OVER (PARTITION BY ${cols.join(', ')}) > 1`,
  );
  const loser = policy === 'keep-first' ? 'i > 1' : policy === 'keep-last' ? 'i < n' : 'true';
  const keptLine = policy === 'keep-first' ? 'i = 1' : policy === 'keep-last' ? 'i = n' : 'false';
  const examples = await session.rows<{ k: string; lines: Array<bigint | number>; kept: bigint | number | null }>(
    `SELECT k, list(line ORDER BY line) AS lines, min(line) FILTER (WHERE kept) AS kept
     FROM (SELECT k, ${lineOf('r')} AS line, ${keptLine} AS kept FROM ${d}) GROUP BY k ORDER BY min(line) LIMIT ${EXAMPLE_KEYS}`,
  );
  const [removed] = await session.rows<{ n: bigint }>(`SELECT count(*) AS n FROM ${d} WHERE ${loser}`);
  await session.run(`DELETE FROM ${t} WHERE rowid IN (SELECT r FROM ${d} WHERE ${loser})`);
  await session.run(`DROP TABLE ${d}`);
  return {
    removed: Number(removed!.n),
    examples: examples.map((e) => ({ key: e.k, lines: e.lines.map(Number), kept: e.kept === null ? null : Number(e.kept) })),
  };
}
