import { StatementType } from '@duckdb/node-api';
import type { MethodResult } from '../shared/methods';
import { qualifiedName } from './sql/identifiers';
import { describeColumns, exactRowCount } from './tables/table-catalog';
import type { Session } from './workspace';

const RESULT_TABLE = '_sw_console_result';

/**
 * The SQL console runs the analyst's own SQL (that is its purpose; it is the only place user text
 * becomes SQL, and it runs with the analyst's own rights on her own workspace). A single query's
 * result is kept as a scratch table so the grid pages through it like any table, however large;
 * it is never pulled into the renderer whole.
 */
export async function runConsoleSql(session: Session, sql: string, onWrite: () => void): Promise<MethodResult<'sql.run'>> {
  const started = performance.now();
  const text = sql.trim().replace(/;+\s*$/, '');
  const returnsRows = await isSingleQuery(session, text);
  if (!returnsRows) {
    await session.run(text, undefined, { from: 0, to: 1, message: 'running' });
    onWrite();
    return { kind: 'statement', message: 'ok', elapsedMs: performance.now() - started };
  }
  const table = { schema: 'scratch' as const, name: RESULT_TABLE };
  // A newline before the closing of the wrapper keeps a trailing `-- comment` from eating SQL.
  await session.run(`CREATE OR REPLACE TABLE ${qualifiedName('scratch', 'main', RESULT_TABLE)} AS ${text}\n`, undefined, {
    from: 0,
    to: 1,
    message: 'running',
  });
  const [rowCount, columns] = await Promise.all([exactRowCount(session, table), describeColumns(session, table)]);
  return { kind: 'rows', table, rowCount, columns, elapsedMs: performance.now() - started };
}

async function isSingleQuery(session: Session, text: string): Promise<boolean> {
  const kinds = await session.statementTypes(text);
  return kinds.length === 1 && kinds[0] === StatementType.SELECT;
}
